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
        user = command.get("user_id")
        if not isinstance(user, str) or not user:  # Slack always sends it; a forgery may not
            ack(response_type="ephemeral",
                text="Jag kan inte se vem som frågar, så jag svarar inte på det här.")
            return
        answer = brain.ask(str(command.get("text") or ""), user=user,
                           channel=command.get("channel_id"))
        ack(response_type="ephemeral", **message(answer))
        deliverer.submit(deliveries_of(answer))
