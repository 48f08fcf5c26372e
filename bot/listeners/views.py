"""Modals: the comment box behind a voting card's *Kommentera* button.

Registered before the generic button listener, so ``refl_comment`` opens a modal here
instead (in the console the same button explains the text command). The modal carries the
card's ``response_url`` in its private metadata; on submit the comment is saved through
the brain and the card in the DM is replaced by the updated one.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.delivery import SlackDeliverer
from bot.render.slack import message
from bot.service import Brain

log = logging.getLogger(__name__)

COMMENT_CALLBACK = "refl_comment"


def comment_modal(value: str, response_url: str | None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": COMMENT_CALLBACK,
        "private_metadata": json.dumps({"value": value, "response_url": response_url}),
        "title": {"type": "plain_text", "text": "Kommentar"},
        "submit": {"type": "plain_text", "text": "Spara"},
        "close": {"type": "plain_text", "text": "Avbryt"},
        "blocks": [
            {"type": "input", "block_id": "comment",
             "label": {"type": "plain_text", "text": "Din kommentar"},
             "element": {"type": "plain_text_input", "action_id": "comment", "multiline": True,
                         "max_length": 1000}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                "Kommentaren sparas utan ditt namn och visas bara om minst 5 har svarat, "
                "i blandad ordning. Skriv inget som avslöjar vem du är."}]},
        ],
    }


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def open_comment(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        client.views_open(trigger_id=body["trigger_id"],
                          view=comment_modal(action.get("value", ""), body.get("response_url")))

    def save_comment(body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        text = (((view.get("state") or {}).get("values") or {}).get("comment") or {}).get(
            "comment", {}).get("value") or ""
        answer = brain.act("refl_comment_save", f"{meta.get('value', '')}|{text}",
                           user=body["user"]["id"], channel=None)
        if meta.get("response_url"):
            WebhookClient(meta["response_url"]).send(replace_original=True,
                                                     response_type="ephemeral",
                                                     **message(answer))

    app.action(COMMENT_CALLBACK)(ack=ack_now, lazy=[open_comment])
    app.view(COMMENT_CALLBACK)(ack=ack_now, lazy=[save_comment])
