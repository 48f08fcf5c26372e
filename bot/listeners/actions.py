"""Buttons: every button the bot posts names a handler in the command table. The answer
goes to the person who clicked, or replaces the clicked message where the answer says so."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.slack import message
from bot.service import Brain
from commands.core.answers import Delivery, Message


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def run(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        answer = brain.act(action["action_id"], action.get("value", ""),
                           user=body["user"]["id"], channel=channel)
        # A personal answer (a voting card) replaces the clicked message only where no one
        # else sees it: replacing a channel post would show one person's vote to everyone.
        # A shared one (a nudge marked done) replaces the post for the whole channel.
        private = (body.get("container") or {}).get("is_ephemeral") or str(channel).startswith("D")
        replace = isinstance(answer, Message) and answer.replaces_clicked and (
            not answer.personal or bool(private))
        if body.get("response_url"):
            respond(replace_original=replace, response_type="ephemeral", **message(answer))
        else:  # a button in the App Home tab has nowhere to reply: answer in the user's DM
            deliverer.submit((Delivery(answer=answer, user=body["user"]["id"]),))
        deliverer.submit(deliveries_of(answer))

    app.action(re.compile(r".+"))(ack=ack_now, lazy=[run])
