"""A local Slack Web API emulator for tests: records every call and answers the way Slack does.

Point slack_sdk at it with ``WebClient(token="xoxb-test", base_url=emu.base_url)``, or start
``avtalsbot serve`` with ``SLACK_API_URL=emu.base_url``. It speaks the part of the Web API that
Avtalsbot uses, with response shapes taken from Slack's reference pages, plus the two non-API
URLs Slack hands out: file upload URLs (files_upload_v2, step 2) and ``response_url``s.

It is deliberately strict where Slack is strict (missing token, unknown method, unknown
channel for ``conversations.members``, no text and no blocks, more than 50 blocks) so that a bug
the real API would reject also fails here, and lenient elsewhere (any ``ts`` may be updated, any
user id is a human unless told otherwise) so tests do not have to set up a whole workspace.

Everything is stdlib so the emulator can run in the test process while the app runs elsewhere.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import parse_qsl, urlsplit

from .signing import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

JSONDict = dict[str, Any]

# What `x-oauth-scopes` says on every answer. Bolt reads it from auth.test to fill
# `context.authorize_result.bot_scopes`; keep it equal to manifest.yml's bot scopes.
DEFAULT_SCOPES = (
    "app_mentions:read,channels:read,chat:write,commands,files:write,"
    "groups:read,im:history,im:write,users:read,users:read.email"
)

# Slack rejects messages with more than 50 blocks and views with more than 100 (Block Kit limits).
_MAX_MESSAGE_BLOCKS = 50
_MAX_VIEW_BLOCKS = 100


@dataclass(frozen=True)
class Call:
    """One request the emulator received.

    ``method`` is the Web API method (``chat.postMessage``), or ``response_url`` / ``upload_url``
    for those two kinds of URL. ``params`` holds the form, JSON or multipart fields (plus any
    query string); form values are strings exactly as sent, so JSON-valued form fields such as
    ``blocks`` or ``view`` stay strings — use :meth:`param_json` to read them either way.
    ``headers`` has lower-cased names.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    json: dict[str, Any] | None
    path: str = ""

    @property
    def token(self) -> str | None:
        """The token sent, from ``Authorization: Bearer`` (slack_sdk) or a ``token`` field."""
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[len("bearer ") :].strip() or None
        token = self.params.get("token")
        return token if isinstance(token, str) and token else None

    def param_json(self, name: str) -> Any:
        """A field that may arrive as a JSON string (form body) or as a value (JSON body)."""
        return _decode_json_field(self.params.get(name))


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung request must not keep pytest alive
    emulator: SlackEmulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Keep a request's failure (most often a client killed mid-request by a durability
        test) off stderr and out of logging, where it would land in whichever test captures
        output next; it is kept on the server for a test that wants to look."""
        self.errors.append(f"{client_address}: {sys.exc_info()[1]!r}")

    @property
    def errors(self) -> list[str]:
        if not hasattr(self, "_errors"):
            self._errors: list[str] = []
        return self._errors


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as Slack's servers: under HTTP/1.0 every call and card update paid for a
    # new connection that a client of the real Slack does not (every answer has its length).
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK of the headers (40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        # slack_sdk POSTs everything, but other clients send read methods as GET.
        self._dispatch()

    def _dispatch(self) -> None:
        server = cast(_Server, self.server)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, extra_headers, payload, content_type = server.emulator._handle(
            self.path, headers, body
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in extra_headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass  # keep test output clean; every request is recorded as a Call anyway


_Answer = tuple[int, dict[str, str], bytes, str]


class SlackEmulator:
    """A Slack Web API on 127.0.0.1 with a free port, served from a daemon thread."""

    def __init__(
        self,
        *,
        token: str | None = None,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        app_id: str = APP_ID,
        scopes: str = DEFAULT_SCOPES,
    ) -> None:
        """``token``: if given, only that token is accepted (others get ``invalid_auth``)."""
        self.token = token
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.scopes = scopes
        # One RLock-backed condition guards all state; wait_for() sleeps on it.
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._rate_limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[tuple[str, str | None]]] = {}  # (error, channel)
        self._stubs: dict[str, JSONDict] = {}
        self._delays: dict[str, float] = {}
        self._gates: dict[str, threading.Event] = {}
        # Every message chat.postMessage took, with the ts it was given (threads refer to it).
        self.posted_messages: list[JSONDict] = []
        self._members: dict[str, list[str]] = {}
        self._channels: dict[str, JSONDict] = {}
        self._users: dict[str, JSONDict] = {}
        self._dm_channels: dict[str, str] = {}
        self._home_views: dict[str, str] = {}
        self._pending_uploads: dict[str, JSONDict] = {}
        self._uploaded: dict[str, bytes] = {}
        self._serial = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[JSONDict], JSONDict]] = {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "conversations.open": self._conversations_open,
            "conversations.members": self._conversations_members,
            "conversations.info": self._conversations_info,
            "users.conversations": self._users_conversations,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
        }

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _Handler)
        server.emulator = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("SlackEmulator is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def base_url(self) -> str:
        """What ``WebClient(base_url=...)`` and SLACK_API_URL expect (trailing slash matters)."""
        return f"{self.root_url}api/"

    def response_url(self, name: str) -> str:
        """A response_url to put in payloads; POSTs to it are recorded as ``response_url`` calls."""
        return f"{self.root_url}response/{name}"

    # -- configuring answers -----------------------------------------------------------------

    def set_members(self, channel: str, members: list[str]) -> None:
        """Members of a channel for conversations.members; the bot user is added as Slack does."""
        with self._cond:
            self._members[channel] = list(members)

    def set_channel(self, channel: str, name: str, *, private: bool = False,
                    member: bool = True) -> None:
        """A channel for conversations.info and users.conversations. Like Slack, a private
        channel the bot is not in answers ``channel_not_found``: the bot cannot see it."""
        with self._cond:
            self._channels[channel] = {
                "id": channel, "name": name, "is_channel": not private, "is_group": private,
                "is_private": private, "is_archived": False, "is_member": member,
            }

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override users.info fields, e.g. ``set_user("U9", is_bot=True, real_name="Ada")``."""
        with self._cond:
            self._users.setdefault(user_id, {}).update(fields)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP 429 and ``Retry-After``."""
        with self._cond:
            self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def fail(self, method: str, error: str = "channel_not_found", times: int = 1,
             *, channel: str | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": error}``;
        with ``channel``, only calls to that channel (a bot not invited there)."""
        with self._cond:
            self._failures.setdefault(method, []).extend([(error, channel)] * times)

    def slow(self, method: str, seconds: float) -> None:
        """Answer every call of ``method`` only after ``seconds`` (a slow Slack; the call is
        recorded when it arrives, so ``wait_for`` sees it at once)."""
        with self._cond:
            self._delays[method] = seconds

    def hold(self, method: str) -> threading.Event:
        """Answer no call of ``method`` until the returned event is set (the call is recorded
        when it arrives): proves what a caller does *before* that answer, with no timing."""
        gate = threading.Event()
        with self._cond:
            self._gates[method] = gate
        return gate

    def stub(self, method: str, response: JSONDict) -> None:
        """Answer every call of ``method`` (also one not emulated) with ``response``."""
        with self._cond:
            self._stubs[method] = dict(response)

    def dm_channel(self, user_id: str) -> str:
        """The stable DM channel id conversations.open returns for ``user_id``."""
        with self._cond:
            return self._dm_channel(user_id)

    # -- inspecting calls --------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def response_url_calls(self, name: str) -> list[Call]:
        suffix = f"/response/{name}"
        return [c for c in self.calls("response_url") if c.path == suffix]

    @property
    def uploaded_files(self) -> dict[str, bytes]:
        """Bytes POSTed to each upload URL, by file id (a snapshot)."""
        with self._cond:
            return dict(self._uploaded)

    def clear(self) -> None:
        """Forget recorded calls and pending rate limits/failures; keep members, users, stubs."""
        with self._cond:
            self._calls.clear()
            self._rate_limits.clear()
            self._failures.clear()

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` (matching ``where``) arrived; return them all.

        Raises AssertionError listing what was seen, so a failing end-to-end test says why.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c for c in self._calls if c.method == method and (where is None or where(c))
                ]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = ", ".join(f"{c.method}({_brief(c)})" for c in self._calls) or "nothing"
                    raise AssertionError(
                        f"expected {count} {method} call(s) within {timeout}s, "
                        f"got {len(found)}; seen: {seen}"
                    )
                self._cond.wait(remaining)

    # -- request handling (runs on server threads) -------------------------------------------

    def _handle(self, raw_path: str, headers: dict[str, str], body: bytes) -> _Answer:
        url = urlsplit(raw_path)
        kind, _, name = url.path.lstrip("/").partition("/")
        if kind == "upload" and name:
            return self._handle_upload(name, url.path, headers, body)
        params, json_body = _parse_body(headers.get("content-type", ""), body)
        params = {**dict(parse_qsl(url.query, keep_blank_values=True)), **params}
        if kind == "response" and name:
            self._record(Call("response_url", params, headers, json_body, url.path))
            return self._injected("response_url") or (200, {}, b"ok", "text/html")
        if kind == "api" and name:
            call = Call(name, params, headers, json_body, url.path)
            self._record(call)
            with self._cond:
                delay = self._delays.get(name, 0.0)
                gate = self._gates.get(name)
            if delay:
                time.sleep(delay)  # outside the lock: other calls are answered meanwhile
            if gate is not None:
                gate.wait(timeout=30)  # a held method: answered once the test opens the gate
            return self._injected(name, params) or self._api(call)
        return _json_answer({"ok": False, "error": "not_found"}, status=404)

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    def _injected(self, method: str, params: JSONDict | None = None) -> _Answer | None:
        with self._cond:
            waits = self._rate_limits.get(method)
            if waits:
                retry_after = waits.pop(0)
                return _json_answer(
                    {"ok": False, "error": "ratelimited"},
                    status=429,
                    headers={"Retry-After": str(retry_after)},
                )
            errors = self._failures.get(method, [])
            target = (params or {}).get("channel") or (params or {}).get("channel_id")
            for n, (error, channel) in enumerate(errors):
                if channel is None or channel == target:
                    del errors[n]
                    return _json_answer({"ok": False, "error": error})
        return None

    def _api(self, call: Call) -> _Answer:
        scopes = {"x-oauth-scopes": self.scopes, "x-accepted-oauth-scopes": ""}
        with self._cond:
            stub = self._stubs.get(call.method)
            if stub is not None:
                return _json_answer(stub, headers=scopes)
            handler = self._methods.get(call.method)
            if handler is None:
                return _json_answer({"ok": False, "error": "unknown_method"})
            if call.method != "api.test":  # the only method Slack answers without a token
                token = call.token
                if token is None:
                    return _json_answer({"ok": False, "error": "not_authed"})
                if self.token is not None and token != self.token:
                    return _json_answer({"ok": False, "error": "invalid_auth"})
            return _json_answer(handler(call.params), headers=scopes)

    def _handle_upload(
        self, file_id: str, path: str, headers: dict[str, str], body: bytes
    ) -> _Answer:
        # slack_sdk POSTs the raw bytes with no multipart wrapping (files_upload_v2, step 2).
        self._record(
            Call("upload_url", {"file_id": file_id, "length": len(body)}, headers, None, path)
        )
        injected = self._injected("upload_url")
        if injected is not None:
            return injected
        with self._cond:
            if file_id not in self._pending_uploads:
                return 404, {}, b"not found", "text/plain"
            self._uploaded[file_id] = body
        return 200, {}, f"OK - {len(body)}".encode(), "text/plain; charset=utf-8"

    # -- state helpers (called with the lock held) -------------------------------------------

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def _next_ts(self) -> str:
        # Increasing and unique, in Slack's "seconds.micros" form: 1700000000.000100, .000200 …
        micros = 1_700_000_000_000_000 + 100 * self._next_serial()
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{self._next_serial():010d}"

    def _dm_channel(self, user_id: str) -> str:
        if user_id not in self._dm_channels:
            # Derived from the user id so it is stable and readable: U0123 -> D0123.
            candidate = "D" + (user_id[1:] if user_id[:1] in "UW" else user_id)
            if candidate in self._dm_channels.values():
                candidate = self._new_id("D")
            self._dm_channels[user_id] = candidate
        return self._dm_channels[user_id]

    def _target_channel(self, params: JSONDict) -> str | None:
        channel = params.get("channel")
        if not isinstance(channel, str) or not channel:
            return None
        # Like Slack, posting to a user id delivers to the DM with that user.
        if channel[:1] in "UW":
            return self._dm_channel(channel)
        return channel

    def _bot_message(self, ts: str, text: Any, blocks: Any) -> JSONDict:
        message: JSONDict = {
            "user": self.bot_user_id,
            "type": "message",
            "ts": ts,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": text if isinstance(text, str) else "",
            "team": self.team_id,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": "Avtalsbot",
                "deleted": False,
                "team_id": self.team_id,
            },
        }
        if blocks:
            message["blocks"] = blocks
        return message

    def _user_profile(self, user_id: str) -> JSONDict:
        is_bot_user = user_id == self.bot_user_id
        name = "avtalsbot" if is_bot_user else f"user.{user_id.lower()}"
        real_name = "Avtalsbot" if is_bot_user else f"Användare {user_id}"
        user: JSONDict = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": "Europe/Stockholm",
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "profile": {"real_name": real_name, "display_name": name, "team": self.team_id},
            "is_admin": False,
            "is_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot_user,
            "is_app_user": False,
            "updated": 1_700_000_000,
        }
        if is_bot_user:
            user["profile"]["bot_id"] = self.bot_id
        user.update(self._users.get(user_id, {}))
        return user

    def _view(self, view: JSONDict, view_id: str) -> JSONDict:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"1700000000.{self._next_serial():08d}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    # -- Web API methods (called with the lock held) -----------------------------------------

    def _api_test(self, params: JSONDict) -> JSONDict:
        args = {k: v for k, v in params.items() if k != "token"}
        return {"ok": True, "args": args} if args else {"ok": True}

    def _auth_test(self, params: JSONDict) -> JSONDict:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Avtal Test",
            "user": "avtalsbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, params: JSONDict) -> JSONDict:
        channel = self._target_channel(params)
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        blocks = _decode_json_field(params.get("blocks"))
        text = params.get("text")
        if not text and not blocks and not params.get("attachments"):
            return {"ok": False, "error": "no_text"}
        if isinstance(blocks, list) and len(blocks) > _MAX_MESSAGE_BLOCKS:
            return {"ok": False, "error": "invalid_blocks"}
        ts = self._next_ts()
        message = self._bot_message(ts, text, blocks)
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        self.posted_messages.append({**message, "channel": channel})
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_post_ephemeral(self, params: JSONDict) -> JSONDict:
        channel = self._target_channel(params)
        user = params.get("user")
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if not user:
            return {"ok": False, "error": "user_not_found"}
        members = self._members.get(channel)
        if members is not None and user not in members:
            return {"ok": False, "error": "user_not_in_channel"}
        if not params.get("text") and not params.get("blocks"):
            return {"ok": False, "error": "no_text"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: JSONDict) -> JSONDict:
        channel = self._target_channel(params)
        ts = params.get("ts")
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if not isinstance(ts, str) or not ts:
            return {"ok": False, "error": "message_not_found"}
        blocks = _decode_json_field(params.get("blocks"))
        if isinstance(blocks, list) and len(blocks) > _MAX_MESSAGE_BLOCKS:
            return {"ok": False, "error": "invalid_blocks"}
        text = params.get("text", "")
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": text,
            "message": self._bot_message(ts, text, blocks),
        }

    def _conversations_open(self, params: JSONDict) -> JSONDict:
        if isinstance(params.get("channel"), str) and params["channel"]:
            return {"ok": True, "channel": {"id": params["channel"]}}
        raw = params.get("users")
        users = raw if isinstance(raw, list) else str(raw or "").split(",")
        users = [u.strip() for u in users if u and u.strip()]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > 1:
            return {"ok": True, "channel": {"id": self._new_id("G")}}
        already_open = users[0] in self._dm_channels
        return {
            "ok": True,
            "no_op": already_open,
            "already_open": already_open,
            "channel": {"id": self._dm_channel(users[0])},
        }

    def _conversations_members(self, params: JSONDict) -> JSONDict:
        channel = params.get("channel")
        dm_users = [u for u, d in self._dm_channels.items() if d == channel]
        if dm_users:
            members = [dm_users[0], self.bot_user_id]
        elif isinstance(channel, str) and channel in self._members:
            members = [m for m in self._members[channel] if m != self.bot_user_id]
            members.append(self.bot_user_id)
        else:
            return {"ok": False, "error": "channel_not_found"}
        limit = int(params.get("limit") or 100)  # Slack's default page size
        start = 0
        cursor = params.get("cursor")
        if isinstance(cursor, str) and cursor:
            try:
                after = base64.b64decode(cursor).decode().removeprefix("user:")
                start = members.index(after)
            except (ValueError, UnicodeDecodeError):
                return {"ok": False, "error": "invalid_cursor"}
        page = members[start : start + limit]
        rest = members[start + limit :]
        # Slack's cursors are opaque base64 of the next item ("user:U123"); mimic that.
        next_cursor = base64.b64encode(f"user:{rest[0]}".encode()).decode() if rest else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def _conversations_info(self, params: JSONDict) -> JSONDict:
        found = self._channels.get(str(params.get("channel") or ""))
        if found is None or (found["is_private"] and not found["is_member"]):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": dict(found)}

    def _users_conversations(self, params: JSONDict) -> JSONDict:
        """With ``user``: the channels that person is in (from set_members); without: the
        bot's own channels (from set_channel), as Slack answers for the calling user."""
        if "user" in params:
            return self._users_conversations_of_member(params)
        # Slack's default is public channels only; "types" widens it.
        types = str(params.get("types") or "public_channel").split(",")
        wanted = [c for c in self._channels.values() if c["is_member"] and (
            ("private_channel" if c["is_private"] else "public_channel") in types)]
        # Slack omits is_member here ("channels the bot is in" is the whole answer).
        listed = [{k: v for k, v in c.items() if k != "is_member"} for c in wanted]
        return {"ok": True, "channels": listed,
                "response_metadata": {"next_cursor": ""}}

    def _users_info(self, params: JSONDict) -> JSONDict:
        user = params.get("user")
        if not isinstance(user, str) or not user:
            return {"ok": False, "error": "user_not_found"}
        profile = self._user_profile(user)
        # Slack adds ``locale`` only when asked (include_locale=true); "sv-SE" unless set_user
        # gave another.
        locale = profile.pop("locale", "sv-SE")
        if str(params.get("include_locale")).lower() in ("true", "1"):
            profile["locale"] = locale
        return {"ok": True, "user": profile}

    def _users_conversations_of_member(self, params: JSONDict) -> JSONDict:
        """The channels a user is in (from set_members), one page, like Slack's shape."""
        user = params.get("user")
        if not isinstance(user, str) or not user:
            return {"ok": False, "error": "user_not_found"}
        channels = [{"id": channel, "is_channel": True, "is_member": True}
                    for channel, members in self._members.items() if user in members]
        return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}

    def _users_lookup_by_email(self, params: JSONDict) -> JSONDict:
        """Finds a user whose ``profile.email`` was set with ``set_user``; else Slack's
        ``users_not_found``."""
        email = str(params.get("email") or "").lower()
        for user_id, fields in self._users.items():
            if str((fields.get("profile") or {}).get("email") or "").lower() == email and email:
                return {"ok": True, "user": self._user_profile(user_id)}
        return {"ok": False, "error": "users_not_found"}

    def _view_arg(self, params: JSONDict) -> JSONDict | None:
        view = _decode_json_field(params.get("view"))
        if not isinstance(view, dict) or not isinstance(view.get("type"), str):
            return None
        if len(view.get("blocks") or []) > _MAX_VIEW_BLOCKS:
            return None
        return view

    def _views_open(self, params: JSONDict) -> JSONDict:
        view = self._view_arg(params)
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        if view is None:
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(view, self._new_id("V"))}

    def _views_update(self, params: JSONDict) -> JSONDict:
        view = self._view_arg(params)
        view_id = params.get("view_id") or params.get("external_id")
        if view is None or not isinstance(view_id, str):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(view, view_id)}

    def _views_publish(self, params: JSONDict) -> JSONDict:
        view = self._view_arg(params)
        user = params.get("user_id")
        if view is None or view.get("type") != "home" or not isinstance(user, str) or not user:
            return {"ok": False, "error": "invalid_arguments"}
        # Slack keeps one Home view per user; its id stays the same across publishes.
        view_id = self._home_views.setdefault(user, self._new_id("V"))
        return {"ok": True, "view": self._view(view, view_id)}

    def _files_get_upload_url_external(self, params: JSONDict) -> JSONDict:
        filename = params.get("filename")
        length = str(params.get("length") or "")
        if not filename or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._new_id("F")
        self._pending_uploads[file_id] = {"filename": filename, "length": int(length)}
        return {"ok": True, "upload_url": f"{self.root_url}upload/{file_id}", "file_id": file_id}

    def _files_complete_upload_external(self, params: JSONDict) -> JSONDict:
        files = _decode_json_field(params.get("files"))
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        done: list[JSONDict] = []
        for item in files:
            file_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(file_id, str) or file_id not in self._uploaded:
                return {"ok": False, "error": "file_not_found"}
            pending = self._pending_uploads[file_id]
            done.append({"id": file_id, "title": item.get("title") or pending["filename"]})
        return {"ok": True, "files": done}


def _json_answer(
    body: JSONDict, *, status: int = 200, headers: dict[str, str] | None = None
) -> _Answer:
    return status, dict(headers or {}), json.dumps(body).encode(), "application/json; charset=utf-8"


def _decode_json_field(value: Any) -> Any:
    """Form bodies carry blocks/view/files as JSON strings; JSON bodies carry them as values."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _parse_body(content_type: str, body: bytes) -> tuple[JSONDict, JSONDict | None]:
    """Fields of a form, JSON or multipart body, and the JSON object itself if it was JSON."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, None
    if mime == "application/json":
        parsed = json.loads(body)
        return (dict(parsed), parsed) if isinstance(parsed, dict) else ({}, None)
    if mime == "multipart/form-data":
        # email's parser handles multipart without the cgi module (gone in Python 3.13).
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        fields: JSONDict = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            # Files stay bytes; plain fields become strings like in a urlencoded form.
            fields[str(name)] = data if part.get_filename() else data.decode("utf-8")
        return fields, None
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), None


def _brief(call: Call) -> str:
    keys = ("channel", "user", "user_id", "text", "file_id")
    shown = {k: call.params[k] for k in keys if k in call.params}
    text = str(shown.get("text", ""))
    if len(text) > 40:
        shown["text"] = text[:40] + "…"
    return ", ".join(f"{k}={v!r}" for k, v in shown.items())
