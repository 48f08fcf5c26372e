"""Modals: the comment box behind a voting card's *Kommentera* button, and the step III
form where the coordinator records the group's joint view per statement.

Registered before the generic button listener, so ``refl_comment`` and ``refl_joint``
open a modal here instead (in the console the same buttons explain the text commands).
A modal carries the clicked message's ``response_url`` in its private metadata; on
submit the answer is saved through the brain and that message is replaced by the reply.
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
from commands import reflection
from commands.answers import Problem

log = logging.getLogger(__name__)

COMMENT_CALLBACK = "refl_comment"
JOINT_CALLBACK = "refl_joint"


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


def joint_modal(form: reflection.JointForm, response_url: str | None) -> dict[str, Any]:
    options = {value: {"text": {"type": "plain_text", "text": label}, "value": value}
               for value, label in reflection.VOTE_LABEL.items()}
    blocks: list[dict[str, Any]] = [{"type": "context", "elements": [{"type": "mrkdwn", "text":
        f"*{form.centre}* – steg III: er gemensamma uppfattning efter dialogen. Fyll i de "
        "påståenden ni har enats om; resten kan vänta."}]}]
    for key, label, current in form.choices:
        element: dict[str, Any] = {"type": "static_select", "action_id": "view",
                                   "placeholder": {"type": "plain_text", "text": "Välj"},
                                   "options": list(options.values())}
        if current is not None:
            element["initial_option"] = options[current]
        blocks.append({"type": "input", "block_id": key, "optional": True,
                       "label": {"type": "plain_text", "text": label[:2000]},
                       "element": element})
    return {
        "type": "modal",
        "callback_id": JOINT_CALLBACK,
        "private_metadata": json.dumps({"round": form.round_id, "response_url": response_url}),
        "title": {"type": "plain_text", "text": "Gemensam uppfattning"},
        "submit": {"type": "plain_text", "text": "Spara"},
        "close": {"type": "plain_text", "text": "Avbryt"},
        "blocks": blocks,
    }


def _reply(response_url: str | None, answer: Any) -> None:
    if response_url:
        WebhookClient(response_url).send(replace_original=True, response_type="ephemeral",
                                         **message(answer))


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
        _reply(meta.get("response_url"), answer)

    def open_joint(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        request = brain.request("", user=body["user"]["id"], channel=None)
        try:
            form = reflection.joint_form(request, brain.store, int(action.get("value", "")))
        except ValueError:
            form = Problem(lang="sv", message="Den knappen känner jag inte igen.")
        if isinstance(form, Problem):
            _reply(body.get("response_url"), form)
            return
        client.views_open(trigger_id=body["trigger_id"],
                          view=joint_modal(form, body.get("response_url")))

    def save_joint(body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        values = ((view.get("state") or {}).get("values") or {})
        chosen = ",".join(
            f"{key}={((fields.get('view') or {}).get('selected_option') or {}).get('value')}"
            for key, fields in values.items()
            if ((fields.get("view") or {}).get("selected_option") or {}).get("value"))
        answer = brain.act("refl_joint_save", f"{meta.get('round', '')}|{chosen}",
                           user=body["user"]["id"], channel=None)
        _reply(meta.get("response_url"), answer)

    app.action(COMMENT_CALLBACK)(ack=ack_now, lazy=[open_comment])
    app.view(COMMENT_CALLBACK)(ack=ack_now, lazy=[save_comment])
    app.action(JOINT_CALLBACK)(ack=ack_now, lazy=[open_joint])
    app.view(JOINT_CALLBACK)(ack=ack_now, lazy=[save_joint])
