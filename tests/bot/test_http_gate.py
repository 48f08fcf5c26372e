"""The signature gate in front of Bolt: refusals come before the body is read or parsed, and
signed payloads Slack would never send get 400, never a 500."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterable
from typing import Any

import pytest

from bot.http_gate import SlackGate
from tests.slack import signing

SECRET = "gate-signing-secret"


class Unreadable(io.BytesIO):
    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")


class Recorder:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.bodies.append(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
        start_response("200 OK", [])
        return [b""]


def call(gate: SlackGate, body: str | bytes, headers: dict[str, str], *,
         path: str = "/slack/events", readable: bool = True) -> str:
    raw = body.encode() if isinstance(body, str) else body
    environ: dict[str, Any] = {
        "PATH_INFO": path, "REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": headers.get("Content-Type", signing.FORM),
        "wsgi.input": io.BytesIO(raw) if readable else Unreadable(raw),
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen: list[str] = []
    gate(environ, lambda status, headers, exc_info=None: seen.append(status))
    return seen[0]


@pytest.fixture
def bolt() -> Recorder:
    return Recorder()


@pytest.fixture
def gate(bolt: Recorder) -> SlackGate:
    return SlackGate(bolt, signing_secret=SECRET, max_body_bytes=64 * 1024)


def test_a_signed_request_reaches_bolt_with_its_body_intact(gate: SlackGate,
                                                           bolt: Recorder) -> None:
    body, headers = signing.slash_command(SECRET, text="vad betalar Krokom 2026?")
    assert call(gate, body, headers) == "200 OK"
    assert bolt.bodies == [body.encode()]


@pytest.mark.parametrize("headers", [
    {},
    {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "sha1=abc"},
    {"X-Slack-Request-Timestamp": "1700000000\r\nX-Forged: 1", "X-Slack-Signature": "v0="},
], ids=["unsigned", "timestamp-not-a-number", "signature-malformed", "header-injection"])
def test_missing_or_malformed_signature_is_401_before_the_body_is_read(
        gate: SlackGate, bolt: Recorder, headers: dict[str, str]) -> None:
    assert call(gate, "payload=x", headers, readable=False) == "401 Unauthorized"
    assert bolt.bodies == []


@pytest.mark.parametrize("body", ["payload=x", "{broken json", '{"type": "block_actions"'])
def test_a_wrong_signature_is_401_before_the_body_is_parsed(gate: SlackGate, bolt: Recorder,
                                                            body: str) -> None:
    headers = signing.signed_headers("not-the-secret", body, content_type=signing.FORM)
    assert call(gate, body, headers) == "401 Unauthorized"
    assert bolt.bodies == []


def test_an_old_timestamp_is_401(gate: SlackGate) -> None:
    old = int(time.time()) - 600  # Slack's replay window is five minutes
    body, headers = signing.slash_command(SECRET, text="hjälp", timestamp=old)
    assert call(gate, body, headers) == "401 Unauthorized"


def test_a_body_that_is_not_utf8_is_401(gate: SlackGate) -> None:
    raw = b"payload=\xff\xfe"
    headers = signing.signed_headers(SECRET, "payload=", content_type=signing.FORM)
    assert call(gate, raw, headers) == "401 Unauthorized"


def test_a_body_over_the_limit_is_413_unread(gate: SlackGate, bolt: Recorder) -> None:
    body = "text=" + "x" * (64 * 1024)
    headers = signing.signed_headers(SECRET, body, content_type=signing.FORM)
    assert call(gate, body, headers, readable=False) == "413 Content Too Large"
    assert bolt.bodies == []


def _signed_json(payload: Any) -> tuple[str, dict[str, str]]:
    body = json.dumps(payload)
    return body, signing.signed_headers(SECRET, body, content_type=signing.JSON)


def _signed_interactive(payload: Any) -> tuple[str, dict[str, str]]:
    from urllib.parse import urlencode

    body = urlencode({"payload": json.dumps(payload)})
    return body, signing.signed_headers(SECRET, body, content_type=signing.FORM)


def _without_user(fields: dict[str, str]) -> tuple[str, dict[str, str]]:
    fields = dict(fields)
    del fields["user_id"]
    return signing.form_request(SECRET, fields)


@pytest.mark.parametrize("request_", [
    pytest.param(lambda: _signed_json([1, 2, 3]), id="json-list"),
    pytest.param(lambda: _signed_interactive(["block_actions"]), id="payload-list"),
    pytest.param(lambda: _signed_interactive(
        {**signing.block_actions_payload(action_id="refl_vote"), "actions": []}),
        id="empty-actions"),
    pytest.param(lambda: _signed_interactive(
        {**signing.block_actions_payload(action_id="refl_vote"), "user": None}),
        id="click-without-user"),
    pytest.param(lambda: _without_user(signing.slash_command_fields(text="hjälp")),
                 id="slash-without-user-id"),
    pytest.param(lambda: _signed_json({"type": "event_callback", "event": "x"}),
                 id="event-not-an-object"),
    pytest.param(lambda: _signed_json({"hello": 1}), id="no-type"),
    pytest.param(lambda: (lambda b: (b, signing.signed_headers(
        SECRET, b, content_type=signing.JSON)))("{broken"), id="signed-broken-json"),
    pytest.param(lambda: (lambda b: (b, signing.signed_headers(
        SECRET, b, content_type=signing.FORM)))("payload=%7Bbroken"), id="signed-broken-payload"),
])
def test_signed_payloads_slack_would_not_send_are_400(gate: SlackGate, bolt: Recorder,
                                                      request_: Any) -> None:
    body, headers = request_()
    assert call(gate, body, headers) == "400 Bad Request"
    assert bolt.bodies == []


def test_health_and_unknown_paths(gate: SlackGate) -> None:
    assert call(gate, "", {}, path="/healthz") == "200 OK"
    assert call(gate, "", {}, path="/admin") == "404 Not Found"


def test_bolt_dispatches_the_request_the_gate_parsed_without_parsing_it_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_bolt import App
    from slack_bolt.request import request as bolt_request
    from slack_sdk import WebClient

    from bot.http_gate import BoltHandler
    from tests.slack.emulator import SlackEmulator

    parsed: list[str] = []
    parse = bolt_request.parse_body
    monkeypatch.setattr(bolt_request, "parse_body",
                        lambda body, content_type: parsed.append(body) or parse(body, content_type))
    with SlackEmulator(token="xoxb-gate") as emulator:
        app = App(client=WebClient(token="xoxb-gate", base_url=emulator.base_url),
                  request_verification_enabled=False, process_before_response=True)
        app.command("/avtal")(lambda ack, command: ack(f"svar på {command['text']}"))
        gate = SlackGate(BoltHandler(app), signing_secret=SECRET, max_body_bytes=64 * 1024)
        body, headers = signing.slash_command(SECRET, text="hjälp")
        raw = body.encode()
        environ: dict[str, Any] = {
            "PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST", "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_LENGTH": str(len(raw)), "CONTENT_TYPE": signing.FORM,
            "wsgi.input": io.BytesIO(raw), "QUERY_STRING": ""}
        for name, value in headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        seen: list[str] = []
        answer = b"".join(gate(environ, lambda status, h, exc_info=None: seen.append(status)))
    assert seen == ["200 OK"]
    assert answer.decode() == "svar på hjälp"
    assert parsed == [body]  # once, by the gate
