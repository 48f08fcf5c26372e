"""Modals: the comment box behind a voting card's *Kommentera* button, the step III form
where the coordinator records the group's joint view per statement, and the App Home form
that starts a round.

Registered before the generic button listener, so ``refl_comment``, ``refl_joint`` and
``refl_start_form`` open a modal here instead (in the console the same buttons explain the
text commands).
A modal carries the clicked message's ``response_url`` in its private metadata; on
submit the answer is saved through the brain *before* the acknowledgement (which closes the
modal), and that message is replaced by the reply afterwards, from the delivery queue. A save
that did not happen keeps the modal open with the reason under its first field. Opening a
modal only reads, so it runs after the acknowledgement.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.delivery import SlackDeliverer, deliveries_of
from bot.render.slack import message
from bot.service import Brain
from commands.core.answers import Delivery, Outcome, Problem
from commands.reflection import flows as reflection
from commands.reflection import opening
from commands.reflection.model import VOTE_LABEL
from commands.reflection.wording import UNKNOWN_BUTTON

log = logging.getLogger(__name__)

COMMENT_CALLBACK = "refl_comment"
JOINT_CALLBACK = "refl_joint"
START_CALLBACK = "refl_start_form"


def _modal(callback_id: str, title: str, blocks: list[dict[str, Any]], *, submit: str,
           metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(metadata or {}),
        "title": {"type": "plain_text", "text": title},  # at most 24 characters
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Avbryt"},
        "blocks": blocks,
    }


def start_modal() -> dict[str, Any]:
    def text_input(block: str, label: str, *, optional: bool = False,
                   hint: str | None = None) -> dict[str, Any]:
        item: dict[str, Any] = {
            "type": "input", "block_id": block, "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "element": {"type": "plain_text_input", "action_id": block}}
        if hint:
            item["hint"] = {"type": "plain_text", "text": hint}
        return item

    return _modal(START_CALLBACK, "Starta självreflektion", submit="Starta", blocks=[
            {"type": "input", "block_id": "channel",
             "label": {"type": "plain_text", "text": "Familjecentralens kanal"},
             "hint": {"type": "plain_text", "text": "Alla i kanalen får en inbjudan i ett DM."},
             "element": {"type": "conversations_select", "action_id": "channel",
                         "filter": {"include": ["public", "private"],
                                    "exclude_bot_users": True}}},
            text_input("centre", "Familjecentralens namn"),
            {"type": "input", "block_id": "closes", "optional": True,
             "label": {"type": "plain_text", "text": "Sista svarsdag"},
             "element": {"type": "datepicker", "action_id": "closes"}},
            {"type": "input", "block_id": "results", "optional": True,
             "label": {"type": "plain_text", "text": "Ledningsgruppens kanal för resultatet"},
             "element": {"type": "conversations_select", "action_id": "results"}},
            {"type": "input", "block_id": "minimum", "optional": True,
             "label": {"type": "plain_text", "text": "Minsta antal svarande innan resultat visas"},
             "hint": {"type": "plain_text", "text": "3 om inget anges; aldrig färre än 3."},
             "element": {"type": "number_input", "action_id": "minimum",
                         "is_decimal_allowed": False, "min_value": "3", "max_value": "200"}},
            {"type": "input", "block_id": "coordinator", "optional": True,
             "label": {"type": "plain_text", "text": "Du själv"},
             "element": {"type": "checkboxes", "action_id": "coordinator", "options": [
                 {"text": {"type": "plain_text", "text": "Jag svarar också och får "
                                                         "påminnelser"},
                  "value": "me"}]}},
    ])


def start_errors(values: dict[str, Any], today: Any) -> dict[str, str]:
    """What the start form's fields get wrong, by block id, as Slack shows it under each
    field (``response_action: errors``); empty when the form can be sent on."""
    errors: dict[str, str] = {}
    minimum = _field(values, "minimum")
    if minimum is not None and (not minimum.isdigit() or int(minimum) < 3):
        errors["minimum"] = ("Av integritetsskäl visas ett resultat aldrig för färre än 3 "
                             "svarande; ange 3 eller fler.")
    closes = _field(values, "closes")
    if closes is not None and closes < today.isoformat():
        errors["closes"] = f"Sista svarsdagen har redan varit; välj en dag från {today}."
    if not _field(values, "centre"):
        errors["centre"] = "Ange familjecentralens namn."
    return errors


def _coordinator_choice(values: dict[str, Any]) -> bool:
    field = (values.get("coordinator") or {}).get("coordinator") or {}
    return any(option.get("value") == "me" for option in field.get("selected_options") or [])


def _field(values: dict[str, Any], block: str) -> str | None:
    field = (values.get(block) or {}).get(block) or {}
    value = (field.get("value") or field.get("selected_date")
             or field.get("selected_conversation"))
    return str(value).strip() if value else None


def comment_modal(value: str, response_url: str | None) -> dict[str, Any]:
    return _modal(COMMENT_CALLBACK, "Kommentar", submit="Spara",
                  metadata={"value": value, "response_url": response_url}, blocks=[
            {"type": "input", "block_id": "comment",
             "label": {"type": "plain_text", "text": "Din kommentar"},
             "element": {"type": "plain_text_input", "action_id": "comment", "multiline": True,
                         "max_length": 1000}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                "Kommentaren sparas utan ditt namn och visas bara om minst 5 har svarat, "
                "i blandad ordning. Skriv inget som avslöjar vem du är."}]},
    ])


def joint_modal(form: reflection.JointForm, response_url: str | None) -> dict[str, Any]:
    options = {value: {"text": {"type": "plain_text", "text": label}, "value": value}
               for value, label in VOTE_LABEL.items()}
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
    return _modal(JOINT_CALLBACK, "Gemensam uppfattning", blocks, submit="Spara",
                  metadata={"round": form.round_id, "response_url": response_url})


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _submitter(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    return user["id"] if isinstance(user, dict) and isinstance(user.get("id"), str) else None


def _reply(deliverer: SlackDeliverer, response_url: str | None, answer: Any) -> None:
    if isinstance(response_url, str) and response_url:
        deliverer.respond(response_url, {**message(answer), "response_type": "ephemeral",
                                         "replace_original": True})


def _kept_open(ack: Ack, answer: Any, blocks: list[str]) -> bool:
    """A save that did not happen (the database did not answer, the round closed meanwhile)
    keeps the form open with the reason under its first field: what the person wrote is
    still there to send again, and the card behind it keeps showing what was saved."""
    if not isinstance(answer, Problem) or not blocks:
        return False
    ack(response_action="errors", errors={blocks[0]: str(answer.message)})
    return True


def register(app: App, brain: Brain, deliverer: SlackDeliverer) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def open_comment(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        client.views_open(trigger_id=body["trigger_id"],
                          view=comment_modal(action.get("value", ""), body.get("response_url")))

    def save_comment(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta, user = _metadata(view), _submitter(body)
        if user is None:
            ack()
            return
        text = (((view.get("state") or {}).get("values") or {}).get("comment") or {}).get(
            "comment", {}).get("value") or ""
        answer = brain.act("refl_comment_save", f"{meta.get('value', '')}|{text}",
                           user=user, channel=None)
        if _kept_open(ack, answer, ["comment"]):
            return
        ack()
        deliverer.later(lambda: _reply(deliverer, meta.get("response_url"), answer))

    def open_joint(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        user = _submitter(body)
        if user is None:
            return
        request = brain.request("", user=user, channel=None)
        try:
            round_id = int(action.get("value", ""))
        except ValueError:
            _reply(deliverer, body.get("response_url"), Problem(lang="sv", message=UNKNOWN_BUTTON))
            return
        form = brain.guarded(request, "joint form",
                             lambda: reflection.joint_form(request, brain.store, round_id))
        if isinstance(form, Problem):
            _reply(deliverer, body.get("response_url"), form)
            return
        client.views_open(trigger_id=body["trigger_id"],
                          view=joint_modal(form, body.get("response_url")))

    def save_joint(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta, user = _metadata(view), _submitter(body)
        values = ((view.get("state") or {}).get("values") or {})
        if user is None or not isinstance(values, dict):
            ack()
            return
        chosen = ",".join(
            f"{key}={((fields.get('view') or {}).get('selected_option') or {}).get('value')}"
            for key, fields in values.items()
            if ((fields.get("view") or {}).get("selected_option") or {}).get("value"))
        answer = brain.act("refl_joint_save", f"{meta.get('round', '')}|{chosen}",
                           user=user, channel=None)
        if _kept_open(ack, answer, list(values)):
            return
        ack()
        deliverer.later(lambda: _reply(deliverer, meta.get("response_url"), answer))

    def open_start(body: dict[str, Any], client: WebClient) -> None:
        client.views_open(trigger_id=body["trigger_id"], view=start_modal())

    def save_start(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = (view.get("state") or {}).get("values") or {}
        user = _submitter(body)
        if user is None or not isinstance(values, dict):
            ack()
            return
        errors = start_errors(values, brain.request("", user=user, channel=None).today)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        text = opening.start_command(centre=_field(values, "centre") or "",
                                     closes_on=_field(values, "closes"),
                                     minimum=_field(values, "minimum"),
                                     results_channel=_field(values, "results"),
                                     coordinator=_coordinator_choice(values))
        channel = _field(values, "channel")
        # Starting reads the channel's members and their locales: acknowledge (close the
        # form) first, then start and answer.
        ack()

        def start_later() -> None:
            answer = brain.ask(text, user=user, channel=channel)
            # A form has no message to answer in: the coordinator gets the reply as a DM.
            deliverer.submit((Delivery(answer=answer.reply if isinstance(answer, Outcome)
                                       else answer, user=user), *deliveries_of(answer)))

        deliverer.later(start_later)

    app.action(COMMENT_CALLBACK)(ack=ack_now, lazy=[open_comment])
    app.view(COMMENT_CALLBACK)(save_comment)
    app.action(START_CALLBACK)(ack=ack_now, lazy=[open_start])
    app.view(START_CALLBACK)(save_start)
    app.action(JOINT_CALLBACK)(ack=ack_now, lazy=[open_joint])
    app.view(JOINT_CALLBACK)(save_joint)
