"""Build HTTP requests exactly as Slack sends them to an app, signed with the signing secret.

Each ``*_payload`` function returns the payload as a dict (useful for Socket Mode envelopes and
``BoltRequest``); each request builder returns ``(body, headers)`` ready to POST to
``/slack/events``: the raw body string and Content-Type, X-Slack-Request-Timestamp and
X-Slack-Signature headers (plus X-Slack-Retry-Num/-Reason for redeliveries). Shapes follow the
payloads Slack documents (see ../shared/slack/fixtures/); the identifiers default to the
emulator's workspace so a request and the emulator's auth.test agree.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlencode

JSONDict = dict[str, Any]

# The test workspace, shared with the emulator so that events name the bot auth.test reports.
TEAM_ID = "T111"
TEAM_DOMAIN = "avtal-test"
APP_ID = "A111"
BOT_USER_ID = "UBOT"
BOT_ID = "B111"
USER_ID = "U222"
CHANNEL_ID = "C111"
SIGNING_SECRET = "test-signing-secret"

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

_serial = itertools.count(1)


def sign(secret: str, timestamp: str | int, body: str) -> str:
    """Slack's request signature: ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str,
    body: str,
    *,
    content_type: str,
    timestamp: str | int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> dict[str, str]:
    """The headers Slack puts on every request; a retry also says which attempt and why."""
    ts = str(int(time.time())) if timestamp is None else str(timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(secret, ts, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return headers


def _now_ts() -> str:
    # Message timestamps are "seconds.micros"; the serial keeps two built in one tick apart.
    return f"{int(time.time())}.{next(_serial) % 1_000_000:06d}"


def _trigger_id() -> str:
    return f"{next(_serial)}.{int(time.time())}.{uuid.uuid4().hex}"


def _rich_text(text: str, mention: str | None = None) -> list[JSONDict]:
    """The rich_text block Slack adds to typed messages; a leading mention is a user element."""
    elements: list[JSONDict] = []
    if mention is not None:
        elements.append({"type": "user", "user_id": mention})
    if text:
        elements.append({"type": "text", "text": text})
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


# -- payloads -----------------------------------------------------------------------------------


def slash_command_fields(
    *,
    command: str = "/avtal",
    text: str = "",
    user_id: str = USER_ID,
    user_name: str = "anna",
    channel_id: str = CHANNEL_ID,
    channel_name: str = "styrgrupp",
    response_url: str = "https://hooks.slack.com/commands/T111/1/xyz",
    trigger_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, str]:
    """The form fields of a slash command, in the order and shape Slack sends them."""
    return {
        "token": "verification-token",
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }


def event_callback_payload(event: JSONDict, *, event_id: str | None = None) -> JSONDict:
    """An Events API ``event_callback`` envelope around ``event``, with a unique event_id."""
    return {
        "token": "verification-token",  # deprecated, but HTTP deliveries still carry it
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_serial):08d}{uuid.uuid4().hex[:4].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def app_mention_event(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    bot_user_id: str = BOT_USER_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> JSONDict:
    """``@avtalsbot {text}`` in a channel: the event text starts with ``<@UBOT> ``."""
    ts = ts or _now_ts()
    event: JSONDict = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": f"<@{bot_user_id}> {text}",
        "user": user,
        "ts": ts,
        "blocks": _rich_text(f" {text}", mention=bot_user_id),
        "team": TEAM_ID,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def dm_message_event(
    text: str, *, user: str = USER_ID, channel: str = "D222", ts: str | None = None
) -> JSONDict:
    """A message a user typed in their DM with the bot (``message.im``)."""
    ts = ts or _now_ts()
    return {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": TEAM_ID,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im",
    }


def app_home_opened_event(
    *, user: str = USER_ID, channel: str = "D222", tab: str = "home", view_id: str | None = None
) -> JSONDict:
    """The user opened the app's Home (or Messages) tab; ``view`` exists once one was published."""
    event: JSONDict = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": _now_ts(),
    }
    if view_id is not None:
        event["view"] = {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "home",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "hash": f"{int(time.time())}.abc123",
            "clear_on_close": False,
            "notify_on_close": False,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
    return event


def block_actions_payload(
    *,
    action_id: str,
    value: str = "",
    block_id: str = "actions",
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    message_ts: str = "1700000000.000100",
    message_text: str = "",
    message_blocks: list[JSONDict] | None = None,
    response_url: str = "https://hooks.slack.com/actions/T111/1/xyz",
    trigger_id: str | None = None,
    view: JSONDict | None = None,
    state_values: JSONDict | None = None,
    actions: list[JSONDict] | None = None,
) -> JSONDict:
    """A button click. In a message by default; pass ``view`` for one in the Home tab or a modal.

    ``actions`` replaces the default single button action (e.g. for a static_select).
    """
    action_list = actions or [
        {
            "action_id": action_id,
            "block_id": block_id,
            "text": {"type": "plain_text", "text": value or action_id},
            "value": value,
            "type": "button",
            "action_ts": _now_ts(),
        }
    ]
    payload: JSONDict = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "anna", "name": "anna", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "verification-token",
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": state_values or {}},
        "actions": action_list,
    }
    if view is not None:
        # Clicks in a view have no channel, message or response_url.
        payload["container"] = {"type": "view", "view_id": view.get("id", "V111")}
        payload["view"] = view
        return payload
    payload["container"] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    payload["channel"] = {"id": channel_id, "name": "styrgrupp"}
    payload["message"] = {
        "bot_id": BOT_ID,
        "type": "message",
        "text": message_text,
        "user": BOT_USER_ID,
        "ts": message_ts,
        "app_id": APP_ID,
        "blocks": message_blocks or [],
        "team": TEAM_ID,
    }
    payload["response_url"] = response_url
    return payload


def view_submission_payload(
    *,
    callback_id: str,
    values: JSONDict,
    private_metadata: str = "",
    user_id: str = USER_ID,
    view_id: str = "V111",
    blocks: list[JSONDict] | None = None,
    title: str = "Avtalsbot",
    trigger_id: str | None = None,
) -> JSONDict:
    """A modal submitted; ``values`` is ``view.state.values`` ({block_id: {action_id: {...}}})."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "username": "anna", "name": "anna", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "verification-token",
        "trigger_id": trigger_id or _trigger_id(),
        "view": {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.abc123",
            "title": {"type": "plain_text", "text": title},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Avbryt"},
            "submit": {"type": "plain_text", "text": "Skicka"},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


# -- signed requests ----------------------------------------------------------------------------

Request = tuple[str, dict[str, str]]


def form_request(secret: str, fields: dict[str, str], **header_options: Any) -> Request:
    """A form-encoded request (slash commands)."""
    body = urlencode(fields)
    return body, signed_headers(secret, body, content_type=FORM, **header_options)


def json_request(secret: str, payload: JSONDict, **header_options: Any) -> Request:
    """A JSON request (Events API)."""
    body = json.dumps(payload)
    return body, signed_headers(secret, body, content_type=JSON, **header_options)


def interactive_request(secret: str, payload: JSONDict, **header_options: Any) -> Request:
    """An interactivity request: the JSON payload sent as the form field ``payload``."""
    body = urlencode({"payload": json.dumps(payload)})
    return body, signed_headers(secret, body, content_type=FORM, **header_options)


def slash_command(
    secret: str,
    *,
    command: str = "/avtal",
    text: str = "",
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    response_url: str = "https://hooks.slack.com/commands/T111/1/xyz",
    timestamp: str | int | None = None,
) -> Request:
    fields = slash_command_fields(
        command=command,
        text=text,
        user_id=user_id,
        channel_id=channel_id,
        response_url=response_url,
    )
    return form_request(secret, fields, timestamp=timestamp)


def app_mention(
    secret: str,
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    thread_ts: str | None = None,
    event_id: str | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timestamp: str | int | None = None,
) -> Request:
    """``@avtalsbot {text}``. Pass the same ``event_id`` and a ``retry_num`` for a redelivery."""
    event = app_mention_event(text, user=user, channel=channel, thread_ts=thread_ts)
    return json_request(
        secret,
        event_callback_payload(event, event_id=event_id),
        timestamp=timestamp,
        retry_num=retry_num,
        retry_reason=retry_reason,
    )


def dm_message(
    secret: str,
    text: str,
    *,
    user: str = USER_ID,
    channel: str = "D222",
    event_id: str | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    timestamp: str | int | None = None,
) -> Request:
    event = dm_message_event(text, user=user, channel=channel)
    return json_request(
        secret,
        event_callback_payload(event, event_id=event_id),
        timestamp=timestamp,
        retry_num=retry_num,
        retry_reason=retry_reason,
    )


def app_home_opened(
    secret: str,
    *,
    user: str = USER_ID,
    channel: str = "D222",
    tab: str = "home",
    view_id: str | None = None,
    timestamp: str | int | None = None,
) -> Request:
    event = app_home_opened_event(user=user, channel=channel, tab=tab, view_id=view_id)
    return json_request(secret, event_callback_payload(event), timestamp=timestamp)


def block_actions(secret: str, *, timestamp: str | int | None = None, **fields: Any) -> Request:
    """A signed button click; ``fields`` are those of :func:`block_actions_payload`."""
    return interactive_request(secret, block_actions_payload(**fields), timestamp=timestamp)


def view_submission(secret: str, *, timestamp: str | int | None = None, **fields: Any) -> Request:
    """A signed modal submission; ``fields`` are those of :func:`view_submission_payload`."""
    return interactive_request(secret, view_submission_payload(**fields), timestamp=timestamp)


def post(url: str, body: str, headers: dict[str, str], timeout: float = 10.0) -> tuple[int, str]:
    """POST like Slack does and return (status, body text), also for 4xx/5xx answers."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")
