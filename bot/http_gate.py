"""The door of HTTP mode: a WSGI layer in front of Bolt that lets only Slack's own requests in.

In this order, each step before anything of the next is read:

1. ``/healthz`` answers load balancers (``bot.health``: 503 when the database does not answer);
   any other path than ``/slack/events`` is 404.
2. A missing or malformed signature or timestamp header: 401, body unread.
3. A body over ``max_body_bytes``: 413, body unread (waitress enforces the same limit while
   receiving, so a huge body is never buffered either).
4. The signature checked with slack_sdk's ``SignatureVerifier`` (HMAC over timestamp and
   body, five minutes' tolerance): 401 when wrong.
5. Only then the body is parsed — into the ``BoltRequest`` that Bolt will dispatch, handed on
   in the WSGI environ (``BoltHandler``) so it is parsed once — and its shape checked: a
   payload Slack would never send (a JSON list, a click without actions, a slash command
   without a user) gets 400 — never a 500 or a traceback.

A refusal gets the request's one log line (``bot.request_log``) with the reason only: never a
header value, never the body, not even its kind (an unsigned body is anyone's text).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier

from bot.health import Health, plain
from bot.request_log import UNKNOWN, log_request

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

EVENTS_PATH = "/slack/events"
PARSED = "avtalsbot.bolt_request"  # the environ key of the request the gate parsed and checked
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class SlackGate:
    def __init__(self, bolt: WsgiApp, *, signing_secret: str, max_body_bytes: int,
                 health: Health | None = None) -> None:
        self.bolt = bolt
        self.verifier = SignatureVerifier(signing_secret)
        self.max_body_bytes = max_body_bytes
        self.health = health  # None: /healthz says ok without asking anything

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            if self.health is None:
                return plain(start_response, "200 OK", "ok")
            return self.health.answer(start_response)
        if path != EVENTS_PATH:
            return plain(start_response, "404 Not Found", "not found")
        if environ.get("REQUEST_METHOD") != "POST":
            return plain(start_response, "405 Method Not Allowed", "POST only")
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return _refuse(start_response, "401 Unauthorized", "signature missing or malformed",
                           started)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(start_response, "400 Bad Request", "unreadable Content-Length", started)
        if length > self.max_body_bytes:
            return _refuse(start_response, "413 Content Too Large", "body over the size limit",
                           started)
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            body = raw.decode("utf-8")  # Slack signs UTF-8; anything else is not from Slack
        except UnicodeDecodeError:
            return _refuse(start_response, "401 Unauthorized", "signature wrong", started)
        if not self.verifier.is_valid(body, timestamp, signature):
            return _refuse(start_response, "401 Unauthorized", "signature wrong or too old",
                           started)
        try:
            request = BoltRequest(body=body, query=environ.get("QUERY_STRING") or "",
                                  headers=WsgiHttpRequest(environ).get_headers())
        except Exception:  # not JSON or form data, or fields of the wrong type: not from Slack
            return _refuse(start_response, "400 Bad Request", "body is not a Slack payload",
                           started)
        problem = shape_problem(request.body)
        if problem is not None:
            return _refuse(start_response, "400 Bad Request", problem, started)
        environ[PARSED] = request
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        return self.bolt(environ, start_response)


class BoltHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, dispatching the request the gate has already parsed and checked
    (parsing every body twice was a tenth of a slash command's CPU)."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        parsed = request.environ.get(PARSED)
        if isinstance(parsed, BoltRequest):
            return self.app.dispatch(parsed)
        return super().dispatch(request)


def shape_problem(payload: object) -> str | None:
    """What makes a signed, parsed payload one Slack would not send, or None when it has the
    shape."""
    if not isinstance(payload, dict):
        return "payload is not an object"
    if "ssl_check" in payload:
        return None
    if "command" in payload:
        if not _text(payload.get("command")) or not _text(payload.get("user_id")):
            return "slash command without command or user_id"
        return None
    kind = payload.get("type")
    if kind == "url_verification":
        return None if _text(payload.get("challenge")) else "url_verification without challenge"
    if kind == "event_callback":
        event = payload.get("event")
        return None if isinstance(event, dict) and _text(event.get("type")) else \
            "event_callback without event"
    if kind == "block_actions":
        actions = payload.get("actions")
        if not _user(payload) or not isinstance(actions, list) or not actions or not all(
                isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
            return "block_actions without user or actions"
        return None
    if kind in ("view_submission", "view_closed"):
        if not _user(payload) or not isinstance(payload.get("view"), dict):
            return f"{kind} without user or view"
        return None
    if _text(kind):
        return None if _user(payload) else f"{kind} without user"
    return "payload without type"


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _user(payload: dict[str, Any]) -> bool:
    user = payload.get("user")
    return isinstance(user, dict) and _text(user.get("id"))


def _refuse(start_response: StartResponse, status: str, reason: str, started: float
            ) -> list[bytes]:
    log_request(UNKNOWN, UNKNOWN, started, int(status[:3]), http=True, reason=reason)
    return plain(start_response, status, status.split(" ", 1)[1])
