"""`/avtal …`: the answer travels back in the acknowledgement itself (one round trip),
visible only to the person who asked."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.slack import message
from bot.service import Brain


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    @app.command("/avtal")
    def avtal(ack: Ack, command: dict[str, Any]) -> None:
        answer = brain.ask(command.get("text", ""), user=command["user_id"],
                           channel=command.get("channel_id"))
        ack(response_type="ephemeral", **message(answer))
        deliverer.submit(deliveries_of(answer))
