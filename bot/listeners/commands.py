"""`/avtal …`: the answer travels back in the acknowledgement itself (one round trip),
visible only to the person who asked.

A command that reads Slack at length before it can answer (starting a reflection round reads
the channel's members and each one's locale) is acknowledged at once with a short note; the
work and the answer follow on the response URL, so a large channel never misses Slack's
three seconds."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.slack import message
from bot.service import Brain


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    @app.command("/avtal")
    def avtal(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        user = command.get("user_id")
        if not isinstance(user, str) or not user:  # Slack always sends it; a forgery may not
            ack(response_type="ephemeral",
                text="Jag kan inte se vem som frågar, så jag svarar inte på det här.")
            return
        text = str(command.get("text") or "")
        channel = command.get("channel_id")
        if brain.takes_time(text):
            ack(response_type="ephemeral", text="Ett ögonblick – jag svarar här strax.")

            def answer_later() -> None:
                answer = brain.ask(text, user=user, channel=channel)
                # The invitations first: they must not wait on (or be lost with) the reply.
                deliverer.submit(deliveries_of(answer))
                respond(response_type="ephemeral", **message(answer))

            deliverer.later(answer_later)
            return
        answer = brain.ask(text, user=user, channel=channel)
        ack(response_type="ephemeral", **message(answer))
        deliverer.submit(deliveries_of(answer))
