"""The reflection modals are valid Slack views: slack_sdk's View model checks Slack's limits
(a title of at most 24 characters, at most 100 blocks, input labels …)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.models.views import View

from bot.listeners.views import _field, comment_modal, joint_modal, start_errors, start_modal
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


def test_the_minimum_is_a_number_input_from_three_and_errors_are_shown_in_the_form() -> None:
    view = valid(start_modal())
    minimum = next(b for b in view["blocks"] if b.get("block_id") == "minimum")["element"]
    assert minimum == {"type": "number_input", "action_id": "minimum",
                       "is_decimal_allowed": False, "min_value": "3", "max_value": "200"}
    today = dt.date(2026, 11, 25)

    def form(minimum: str | None, closes: str = "2026-12-15") -> dict[str, Any]:
        return {"centre": {"centre": {"type": "plain_text_input", "value": "FC Råslätt"}},
                "closes": {"closes": {"type": "datepicker", "selected_date": closes}},
                "minimum": {"minimum": {"type": "number_input", "value": minimum}}}

    assert start_errors(form("2"), today) == {"minimum": (
        "Av integritetsskäl visas ett resultat aldrig för färre än 3 svarande; ange 3 eller "
        "fler.")}
    assert start_errors(form("3,5"), today) == {"minimum": (
        "Av integritetsskäl visas ett resultat aldrig för färre än 3 svarande; ange 3 eller "
        "fler.")}
    assert start_errors(form("4", closes="2026-11-01"), today) == {
        "closes": "Sista svarsdagen har redan varit; välj en dag från 2026-11-25."}
    assert start_errors(form(None), today) == {}
    assert start_errors({}, today) == {"centre": "Ange familjecentralens namn."}
