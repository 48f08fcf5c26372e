"""One module per Slack surface; each has ``register(app, brain)``."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events
from bot.service import Brain


def register_listeners(app: App, brain: Brain) -> None:
    commands.register(app, brain)
    events.register(app, brain)
    actions.register(app, brain)
