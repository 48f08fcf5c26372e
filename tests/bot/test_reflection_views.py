"""The reflection modals are valid Slack views: slack_sdk's View model checks Slack's limits
(a title of at most 24 characters, at most 100 blocks, input labels …)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.listeners import views
from bot.listeners.views import _field, comment_modal, joint_modal, start_errors, start_modal
from commands.core.answers import Message, Problem
from commands.reflection.flows import JointForm
from commands.reflection.rules import items
from storage import files
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

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


class _Brain:
    """Stands in for the brain: every save answers ``answer``; records what was saved."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.saved: list[str] = []

    def act(self, action_id: str, value: str, *, user: str, channel: str | None) -> Any:
        self.saved.append(f"{action_id} {value}")
        return self.answer


class _Deliverer:
    def __init__(self) -> None:
        self.later_calls = 0

    def later(self, work: Any) -> None:
        self.later_calls += 1


def _submit(answer: Any, callback_id: str, values: dict[str, Any],
            metadata: dict[str, Any]) -> tuple[dict[str, Any] | None, _Brain, _Deliverer]:
    brain, deliverer = _Brain(answer), _Deliverer()
    with SlackEmulator(token="xoxb-views") as emulator:
        app = App(client=WebClient(token="xoxb-views", base_url=emulator.base_url),
                  request_verification_enabled=False, process_before_response=True)
        views.register(app, brain, deliverer)  # type: ignore[arg-type]
        payload = signing.view_submission_payload(callback_id=callback_id, values=values,
                                                  private_metadata=json.dumps(metadata))
        response = app.dispatch(BoltRequest(body=payload, mode="socket_mode"))
    assert response.status == 200
    return (json.loads(response.body) if response.body else None), brain, deliverer


TRY_AGAIN = ("Tillfälligt fel: databasen svarar inte just nu, så det du valde har inte "
             "sparats. Försök igen om en stund.")


def test_a_comment_that_was_not_saved_keeps_the_modal_open_with_the_reason() -> None:
    values = {"comment": {"comment": {"type": "plain_text_input", "value": "Bra samverkan"}}}
    meta = {"value": "7|bekraftelse-av-personal", "response_url": "https://hooks.slack.com/x"}
    body, brain, deliverer = _submit(Problem(lang="sv", message=TRY_AGAIN), "refl_comment",
                                     values, meta)
    assert body == {"response_action": "errors", "errors": {"comment": TRY_AGAIN}}
    assert brain.saved == ["refl_comment_save 7|bekraftelse-av-personal|Bra samverkan"]
    assert deliverer.later_calls == 0  # the card behind keeps showing what was saved


def test_a_joint_view_that_was_not_saved_keeps_the_modal_open_and_a_saved_one_closes() -> None:
    chosen = {"type": "static_select", "selected_option": {"value": "develop"}}
    values = {"halsoframjande-arena": {"view": chosen}, "samverkan": {"view": chosen}}
    body, _, deliverer = _submit(Problem(lang="sv", message=TRY_AGAIN), "refl_joint", values,
                                 {"round": 7, "response_url": None})
    assert body == {"response_action": "errors", "errors": {"halsoframjande-arena": TRY_AGAIN}}
    assert deliverer.later_calls == 0
    body, _, deliverer = _submit(Message(lang="sv", text="Sparat."), "refl_joint", values,
                                 {"round": 7, "response_url": None})
    assert body is None  # an empty acknowledgement closes the modal
    assert deliverer.later_calls == 1  # then the card is replaced by the reply


class _Replies:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def respond(self, url: str, payload: dict[str, Any]) -> None:
        self.sent.append(payload)


def test_the_joint_form_button_with_the_database_away_says_so_instead_of_nothing(
        tmp_path: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy.exc import OperationalError

    from bot.service import Brain
    from storage.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'joint.db'}")

    def away(round_id: int) -> None:
        raise OperationalError("SELECT …", {}, Exception("database is locked"))

    store.reflection_round = away  # type: ignore[method-assign]
    replies, executor = _Replies(), ThreadPoolExecutor(max_workers=1)
    with SlackEmulator(token="xoxb-views") as emulator:
        app = App(client=WebClient(token="xoxb-views", base_url=emulator.base_url),
                  request_verification_enabled=False, process_before_response=True,
                  listener_executor=executor)
        views.register(app, Brain(store), replies)  # type: ignore[arg-type]
        payload = signing.block_actions_payload(action_id=views.JOINT_CALLBACK, value="7",
                                                trigger_id="T.1")
        assert app.dispatch(BoltRequest(body=payload, mode="socket_mode")).status == 200
        executor.shutdown(wait=True)  # the lazy listener that opens the form has run
        assert not emulator.calls("views.open")
    assert [r["text"] for r in replies.sent] == [
        "Tillfälligt fel: databasen svarar inte just nu, så inget har ändrats. "
        "Försök igen om en stund."]
    store.engine.dispose()
