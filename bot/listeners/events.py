"""Events: @-mentions and direct messages, answered in place; the App Home tab.

Slack re-delivers an event it thinks was not acknowledged in time, and with several bot
processes the retry may reach another one; the event id is claimed in the database, so a
retry never produces a second answer.

``app_uninstalled`` and ``tokens_revoked`` stop all posting (a flag in the database that
every poster checks); the data left is erased on the retention schedule like any other.

A message is handled before it is acknowledged (what it asks to change is stored when Slack
gets its 200); the reply is posted afterwards from the delivery queue. The Home tab only
reads, so it is drawn after the acknowledgement.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Say
from slack_sdk import WebClient

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.blocks import home_view
from bot.render.slack import message
from bot.service import Brain
from commands.core.answers import Refusal

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    client = app.client

    def answer(ack: Ack, body: dict[str, Any], event: dict[str, Any], say: Say) -> None:
        event_id = body.get("event_id")
        if event_id and not brain.store.first_time_event(str(event_id)):
            ack()
            return  # a re-delivery this or another process already answered
        text = _MENTION.sub("", str(event.get("text") or "")).strip()
        user = str(event.get("user") or "")
        reply = brain.ask(text, user=user, channel=event.get("channel"))
        ack()
        thread = event.get("thread_ts")

        def post() -> None:
            if isinstance(reply, Refusal) and event.get("channel_type") != "im":
                # a refusal is for the asker only, never for the channel to read
                client.chat_postEphemeral(channel=str(event.get("channel")), user=user,
                                          **message(reply),
                                          **({"thread_ts": thread} if thread else {}))
                return
            say(**message(reply), **({"thread_ts": thread} if thread else {}))
            deliverer.submit(deliveries_of(reply))

        deliverer.later(post)

    def ack_now(ack: Ack) -> None:
        ack()

    def on_mention(ack: Ack, body: dict[str, Any], event: dict[str, Any], say: Say) -> None:
        answer(ack, body, event, say)

    def on_direct_message(ack: Ack, body: dict[str, Any], event: dict[str, Any],
                          say: Say) -> None:
        # Ignore edits, joins and the bot's own messages: only people's new words count.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            ack()
            return
        answer(ack, body, event, say)

    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home" or not isinstance(event.get("user"), str):
            return
        client.views_publish(user_id=event["user"], view=home_view(brain.home(user=event["user"])))

    def on_uninstalled(ack: Ack, event: dict[str, Any]) -> None:
        # Stored before the ack like any change: from now on nothing is posted, by any process
        brain.store.stop_posting(reason=str(event.get("type") or "app_uninstalled"))
        ack()

    app.event("app_mention")(on_mention)
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_uninstalled)
    app.event("app_home_opened")(ack=ack_now, lazy=[on_home_opened])
    app.event("message")(on_direct_message)
