"""One log line per Slack request: what kind, which command or action, how long, how it went.

    request kind=action id=reflection_vote ms=41 outcome=ok status=200

``kind`` is command, action, view, event, options or shortcut; ``id`` the slash command, the
action's or view's id or the event's type — names from the code and the manifest, never a
value, a text or a user. ``outcome``: ok, refused (the signature gate or no listener),
error (a listener failed), or timeout (the answer took longer than Slack waits, 3 s: the user
saw an error). ``status`` is the HTTP status, in HTTP mode only; Socket Mode writes the same
line without it. The JSON format carries the same fields as keys.

Every request Bolt dispatches is logged by ``LoggedApp`` (both modes); one the gate turns
away before Bolt, by ``bot.http_gate`` through ``log_request``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

log = logging.getLogger(__name__)

SLACK_WAITS_MS = 3000  # Slack's acknowledgement deadline
UNKNOWN = "-"
_LONGEST_ID = 80


def what(body: dict[str, Any]) -> tuple[str, str]:
    """(kind, id) of a parsed payload; ``-`` for what it does not say."""
    if "command" in body:
        return "command", _id(body.get("command"))
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        return "event", _id(event.get("type") if isinstance(event, dict) else None)
    if kind == "block_actions":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else None
        return "action", _id(first.get("action_id") if isinstance(first, dict) else None)
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        return "view", _id(view.get("callback_id") if isinstance(view, dict) else None)
    if kind == "block_suggestion":
        return "options", _id(body.get("action_id"))
    if kind in ("shortcut", "message_action"):
        return "shortcut", _id(body.get("callback_id"))
    return _id(kind), UNKNOWN


def _id(value: object) -> str:
    # ids have no spaces; anything else is cut so the line stays key=value
    words = value.split() if isinstance(value, str) else []
    return words[0][:_LONGEST_ID] if words else UNKNOWN


def outcome(status: int, ms: int) -> str:
    if status >= 500:
        return "error"
    if status >= 400:
        return "refused"
    return "timeout" if ms > SLACK_WAITS_MS else "ok"


def log_request(kind: str, name: str, started: float, status: int, *, http: bool,
                reason: str | None = None) -> None:
    """Write the request's line; ``started`` is its ``time.perf_counter()``."""
    ms = round((time.perf_counter() - started) * 1000)
    how = outcome(status, ms)
    fields: dict[str, Any] = {"kind": kind, "id": name, "ms": ms, "outcome": how}
    if http:
        fields["status"] = status
    line = " ".join(f"{key}={value}" for key, value in fields.items())
    if reason is not None:  # the gate's, a constant: never anything the request said
        fields["reason"] = reason
        line += f" ({reason})"
    log.log(logging.INFO if how == "ok" else logging.WARNING, "request %s", line,
            extra={"request": fields})


class LoggedApp(App):
    """Bolt's App, logging each dispatched request (Bolt's global middleware cannot: it runs
    before the listener, not around it)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        response = super().dispatch(req)
        body = req.body if isinstance(req.body, dict) else {}
        kind, name = what(body)
        log_request(kind, name, started, response.status, http=req.mode == "http")
        return response
