"""One module per Slack surface; each has ``register(app, brain)``."""

from __future__ import annotations

from slack_bolt import App

from bot.delivery import SlackDeliverer
from bot.listeners import actions, commands, events, views
from bot.service import Brain


def register_listeners(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    commands.register(app, brain, deliverer)
    events.register(app, brain, deliverer)
    views.register(app, brain, deliverer)  # before actions: its buttons open modals
    actions.register(app, brain, deliverer)
