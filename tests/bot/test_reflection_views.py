"""The reflection modals are valid Slack views: slack_sdk's View model checks Slack's limits
(a title of at most 24 characters, at most 100 blocks, input labels …)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.listeners.views import _field, comment_modal, joint_modal, start_modal
from commands.reflection.flows import JointForm
from commands.reflection.rules import items
from storage import files

INSTRUMENT = next(
    a.instrument for a in map(files.read_agreement, files.bundled_paths()) if a.instrument)
assert INSTRUMENT is not None


def valid(view: dict[str, Any]) -> dict[str, Any]:
    View(**view).validate_json()  # raises SlackObjectFormationError when a limit is broken
    assert len(view["title"]["text"]) <= 24
    return view


def test_comment_modal_is_valid_and_carries_the_card() -> None:
    view = valid(comment_modal("7|bekraftelse-av-personal", "https://hooks.slack.com/x"))
    assert '"value": "7|bekraftelse-av-personal"' in view["private_metadata"]


def test_joint_view_modal_has_one_select_per_statement_with_the_current_view() -> None:
    choices = tuple((i.statement.key, f"{i.number}. {i.statement.title}",
                     "develop" if i.number == 5 else None) for i in items(INSTRUMENT))
    view = valid(joint_modal(JointForm(7, "FC Råslätt", choices), None))  # type: ignore[arg-type]
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 30
    assert inputs[4]["element"]["initial_option"]["value"] == "develop"
    assert "initial_option" not in inputs[0]["element"]


def test_start_modal_is_valid_and_its_fields_are_read_back() -> None:
    valid(start_modal())
    values = {"centre": {"centre": {"type": "plain_text_input", "value": " FC Råslätt "}},
              "closes": {"closes": {"type": "datepicker", "selected_date": "2026-12-15"}},
              "channel": {"channel": {"type": "conversations_select",
                                      "selected_conversation": "C0FC"}},
              "minimum": {"minimum": {"type": "plain_text_input", "value": None}}}
    assert _field(values, "centre") == "FC Råslätt"
    assert _field(values, "closes") == "2026-12-15"
    assert _field(values, "channel") == "C0FC"
    assert _field(values, "minimum") is None and _field(values, "results") is None
