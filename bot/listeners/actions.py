"""Buttons: every button the bot posts names a handler in the command table. The answer
goes to the person who clicked, or replaces the clicked message where the answer says so.

The click is stored before it is acknowledged: ``brain.act`` writes the vote (or the mark,
the meeting change …) and only then does Slack get its 200, so a process killed right after
the acknowledgement has already kept the click. Only the card update is sent afterwards,
from the delivery queue, which is drained on shutdown.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.slack import message
from bot.service import Brain
from commands.core.answers import Answer, Delivery, Message


def clicked(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The clicking user and the first action, or None for a payload Slack would not send."""
    user = body.get("user")
    actions = body.get("actions")
    if not isinstance(user, dict) or not isinstance(actions, list) or not actions:
        return None
    action = actions[0]
    if not isinstance(user.get("id"), str) or not isinstance(action, dict) or not isinstance(
            action.get("action_id"), str):
        return None
    return user["id"], action


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    def click(ack: Ack, body: dict[str, Any]) -> None:
        found = clicked(body)
        if found is None:
            ack()
            return
        user, action = found
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        # A button carries its value; a menu (the statement picker) its chosen option's.
        value = action.get("value") or (action.get("selected_option") or {}).get("value")
        answer = brain.act(action["action_id"], str(value or ""), user=user, channel=channel)
        ack()
        private = (body.get("container") or {}).get("is_ephemeral") or str(channel).startswith("D")
        url = body.get("response_url")
        deliverer.later(lambda: _reply(answer, deliverer, user=user, private=bool(private),
                                       response_url=url if isinstance(url, str) else None))

    app.action(re.compile(r".+"))(click)


def _reply(answer: Answer, deliverer: SlackDeliverer, *, user: str, private: bool,
           response_url: str | None) -> None:
    # A personal answer (a voting card) replaces the clicked message only where no one
    # else sees it: replacing a channel post would show one person's vote to everyone.
    # A shared one (a nudge marked done) replaces the post for the whole channel.
    replace = isinstance(answer, Message) and answer.replaces_clicked and (
        not answer.personal or private)
    if response_url:
        deliverer.respond(response_url, {**message(answer), "response_type": "ephemeral",
                                         "replace_original": replace})
    else:  # a button in the App Home tab has nowhere to reply: answer in the user's DM
        deliverer.submit((Delivery(answer=answer, user=user),))
    deliverer.submit(deliveries_of(answer))
