"""The request line names a request by its kind and id only, and says how it went. (That serve
writes exactly one per request, in both modes, is in tests/e2e/test_serve_request_log.py.)"""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Iterator

import pytest
from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot import logs
from bot.request_log import LoggedApp, log_request, outcome, what
from tests.slack import signing
from tests.slack.emulator import SlackEmulator


@pytest.mark.parametrize(("payload", "expected"), [
    (signing.slash_command_fields(command="/avtal", text="kostnad Krokom", user_id="U0ANNA",
                                  channel_id="C0STYR", response_url="https://x"),
     ("command", "/avtal")),
    (signing.block_actions_payload(action_id="refl_vote", value="r1|arena|develop"),
     ("action", "refl_vote")),
    (signing.view_submission_payload(callback_id="refl_comment", values={}),
     ("view", "refl_comment")),
    (signing.event_callback_payload(signing.app_mention_event("hej", user="U0ANNA",
                                                              channel="C0STYR")),
     ("event", "app_mention")),
    ({"type": "block_suggestion", "action_id": "channel", "value": "styr"},
     ("options", "channel")),
    ({"type": "shortcut", "callback_id": "ask", "user": {"id": "U0ANNA"}},
     ("shortcut", "ask")),
    ({"type": "url_verification", "challenge": "c"}, ("url_verification", "-")),
    ({"type": "block_actions", "actions": [{"action_id": "a b\nforged"}]}, ("action", "a")),
])
def test_kind_and_id_and_nothing_else(payload: dict[str, object],
                                      expected: tuple[str, str]) -> None:
    assert what(payload) == expected


def test_outcomes() -> None:
    assert outcome(200, 40) == "ok"
    assert outcome(200, 3001) == "timeout"  # Slack gave up waiting: the user saw an error
    assert outcome(401, 1) == outcome(404, 1) == outcome(413, 1) == "refused"
    assert outcome(500, 1) == "error"


@pytest.fixture
def captured(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    stream = io.StringIO()
    logs.setup("INFO", getattr(request, "param", "text"), stream=stream)
    yield stream
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])


def test_the_text_line(captured: io.StringIO) -> None:
    log_request("action", "refl_vote", time.perf_counter(), 200, http=True)
    log_request("command", "/avtal", time.perf_counter(), 500, http=False)
    first, second = captured.getvalue().splitlines()
    assert re.search(r" INFO bot\.request_log: request kind=action id=refl_vote ms=\d+ "
                     r"outcome=ok status=200$", first)
    assert re.search(r" WARNING bot\.request_log: request kind=command id=/avtal ms=\d+ "
                     r"outcome=error$", second)  # Socket Mode: no HTTP status


@pytest.mark.parametrize("captured", ["json"], indirect=True)
def test_the_json_line_carries_the_fields(captured: io.StringIO) -> None:
    log_request("-", "-", time.perf_counter(), 401, http=True, reason="signature wrong")
    record = json.loads(captured.getvalue())
    assert isinstance(record["request"].pop("ms"), int)
    assert record["request"] == {"kind": "-", "id": "-", "outcome": "refused",
                                 "status": 401, "reason": "signature wrong"}
    assert re.fullmatch(r"request kind=- id=- ms=\d+ outcome=refused status=401 "
                        r"\(signature wrong\)", record["message"])


def test_a_failing_listener_is_an_error_and_a_request_without_one_is_refused(
        captured: io.StringIO) -> None:
    with SlackEmulator(token="xoxb-log") as emulator:
        app = LoggedApp(client=WebClient(token="xoxb-log", base_url=emulator.base_url),
                        request_verification_enabled=False, process_before_response=True,
                        raise_error_for_unhandled_request=False)

        @app.command("/boom")
        def boom(ack: object) -> None:
            raise RuntimeError("kostnad Krokom")

        for command in ("/boom", "/okänt"):
            app.dispatch(BoltRequest(body=signing.slash_command_fields(
                command=command, text="kostnad Krokom", user_id="U0ANNA"), mode="socket_mode"))
    lines = [line for line in captured.getvalue().splitlines() if "request kind=" in line]
    assert len(lines) == 2
    assert re.search(r"request kind=command id=/boom ms=\d+ outcome=error$", lines[0])
    assert re.search(r"request kind=command id=/okänt ms=\d+ outcome=refused$", lines[1])
    assert "U0ANNA" not in captured.getvalue()
