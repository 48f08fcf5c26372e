"""Tests that the Slack emulator answers slack_sdk and Bolt the way the real Web API does."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from slack_bolt import App, BoltRequest, Say
from slack_bolt.context.ack import Ack
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from . import signing
from .emulator import DEFAULT_SCOPES, SlackEmulator

TOKEN = "xoxb-test-token"


def _bolt_request(body: str, headers: dict[str, str]) -> BoltRequest:
    # BoltRequest wants dict[str, str | Sequence[str]]; dict is invariant, so copy.
    typed: dict[str, str | Sequence[str]] = dict(headers)
    return BoltRequest(body=body, headers=typed)


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
def client(emu: SlackEmulator) -> WebClient:
    return WebClient(token=TOKEN, base_url=emu.base_url, timeout=5)


def test_auth_test_identifies_the_bot(client: WebClient, emu: SlackEmulator) -> None:
    answer = client.auth_test()
    assert answer["ok"] is True
    assert answer["user_id"] == emu.bot_user_id == signing.BOT_USER_ID
    assert answer["bot_id"] == emu.bot_id
    assert answer["team_id"] == signing.TEAM_ID
    assert answer["is_enterprise_install"] is False
    assert answer["url"].startswith("https://")
    assert answer.headers["x-oauth-scopes"] == DEFAULT_SCOPES
    (call,) = emu.calls("auth.test")
    assert call.token == TOKEN
    assert call.headers["authorization"] == f"Bearer {TOKEN}"


def test_tokens_are_checked(emu: SlackEmulator) -> None:
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=emu.base_url).auth_test()
    assert missing.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as wrong:
        WebClient(token="xoxb-other", base_url=emu.base_url).auth_test()
    assert wrong.value.response["error"] == "invalid_auth"


def test_unknown_methods_are_refused(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("chat.frobnicate")
    assert error.value.response["error"] == "unknown_method"


def test_post_message_echoes_the_message_with_increasing_ts(
    client: WebClient, emu: SlackEmulator
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*575 702 kr*"}}]
    first = client.chat_postMessage(channel="C1", text="575 702 kr", blocks=blocks)
    second = client.chat_postMessage(channel="C1", text="igen", thread_ts=first["ts"])
    assert first["channel"] == "C1"
    assert first["message"]["text"] == "575 702 kr"
    assert first["message"]["blocks"] == blocks
    assert first["message"]["bot_id"] == emu.bot_id
    assert float(second["ts"]) > float(first["ts"])
    assert second["message"]["thread_ts"] == first["ts"]
    calls = emu.calls("chat.postMessage")
    assert [c.params["channel"] for c in calls] == ["C1", "C1"]
    assert calls[0].json is not None and calls[0].param_json("blocks") == blocks


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_refuses_what_slack_refuses(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as empty:
        client.chat_postMessage(channel="C1", text="")
    assert empty.value.response["error"] == "no_text"
    too_many = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError) as blocks:
        client.chat_postMessage(channel="C1", text="x", blocks=too_many)
    assert blocks.value.response["error"] == "invalid_blocks"


def test_posting_to_a_user_id_lands_in_their_dm(client: WebClient, emu: SlackEmulator) -> None:
    opened = client.conversations_open(users="U7")
    assert opened["channel"]["id"] == emu.dm_channel("U7")
    assert opened["channel"]["id"].startswith("D")
    again = client.conversations_open(users=["U7"])
    assert again["channel"]["id"] == opened["channel"]["id"]
    assert again["already_open"] is True
    assert client.chat_postMessage(channel="U7", text="hej")["channel"] == opened["channel"]["id"]
    assert client.conversations_open(users="U8")["channel"]["id"] != opened["channel"]["id"]


def test_ephemeral_and_update(client: WebClient, emu: SlackEmulator) -> None:
    emu.set_members("C2", ["U1"])
    assert client.chat_postEphemeral(channel="C2", user="U1", text="bara du")["message_ts"]
    with pytest.raises(SlackApiError) as outsider:
        client.chat_postEphemeral(channel="C2", user="U9", text="bara du")
    assert outsider.value.response["error"] == "user_not_in_channel"
    posted = client.chat_postMessage(channel="C2", text="18 av 30")
    updated = client.chat_update(channel="C2", ts=posted["ts"], text="19 av 30")
    assert (updated["ts"], updated["text"], updated["message"]["text"]) == (
        posted["ts"],
        "19 av 30",
        "19 av 30",
    )


def test_conversations_members_pages_with_cursors(client: WebClient, emu: SlackEmulator) -> None:
    emu.set_members("C3", ["U1", "U2", "U3"])
    seen: list[str] = []
    cursors: list[str] = []
    cursor = None
    while True:
        page = client.conversations_members(channel="C3", limit=2, cursor=cursor)
        seen += page["members"]
        cursor = page["response_metadata"]["next_cursor"]
        cursors.append(cursor)
        if not cursor:
            break
    assert seen == ["U1", "U2", "U3", emu.bot_user_id]
    assert cursors[-1] == "" and len(cursors) == 2
    assert client.conversations_members(channel="C3")["members"] == seen
    with pytest.raises(SlackApiError) as unknown:
        client.conversations_members(channel="C404")
    assert unknown.value.response["error"] == "channel_not_found"


def test_users_info_is_human_unless_told(client: WebClient, emu: SlackEmulator) -> None:
    assert client.users_info(user="U1")["user"]["is_bot"] is False
    assert client.users_info(user=emu.bot_user_id)["user"]["is_bot"] is True
    emu.set_user("U2", is_bot=True, real_name="Påminnelsebot")
    user = client.users_info(user="U2")["user"]
    assert (user["id"], user["is_bot"], user["real_name"]) == ("U2", True, "Påminnelsebot")


def test_views_get_ids(client: WebClient, emu: SlackEmulator) -> None:
    modal = {
        "type": "modal",
        "callback_id": "cb",
        "title": {"type": "plain_text", "text": "T"},
        "blocks": [],
    }
    opened = client.views_open(trigger_id="1.2.x", view=modal)["view"]
    assert opened["id"].startswith("V") and opened["callback_id"] == "cb"
    updated = client.views_update(view_id=opened["id"], view=modal)["view"]
    assert updated["id"] == opened["id"]
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    first = client.views_publish(user_id="U1", view=home)["view"]
    assert first["type"] == "home" and first["blocks"] == home["blocks"]
    assert client.views_publish(user_id="U1", view=home)["view"]["id"] == first["id"]
    assert client.views_publish(user_id="U2", view=home)["view"]["id"] != first["id"]
    with pytest.raises(SlackApiError):
        client.views_open(view=modal, trigger_id="")


def test_rate_limited_call_is_retried_after_retry_after(emu: SlackEmulator) -> None:
    client = WebClient(
        token=TOKEN,
        base_url=emu.base_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    emu.rate_limit("chat.postMessage", times=1, retry_after=1)
    started = time.monotonic()
    answer = client.chat_postMessage(channel="C1", text="hej")
    assert answer["ok"] is True
    assert time.monotonic() - started >= 1.0
    assert len(emu.calls("chat.postMessage")) == 2


def test_rate_limit_without_retry_surfaces_429(client: WebClient, emu: SlackEmulator) -> None:
    emu.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="hej")
    assert error.value.response.status_code == 429
    assert error.value.response["error"] == "ratelimited"
    assert error.value.response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="C1", text="hej")["ok"] is True


def test_fail_injects_errors_a_given_number_of_times(client: WebClient, emu: SlackEmulator) -> None:
    emu.fail("chat.postMessage", error="not_in_channel", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as error:
            client.chat_postMessage(channel="C1", text="hej")
        assert error.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C1", text="hej")["ok"] is True


def test_fail_can_refuse_one_channel_only(client: WebClient, emu: SlackEmulator) -> None:
    emu.fail("chat.postMessage", error="not_in_channel", channel="C2")
    assert client.chat_postMessage(channel="C1", text="hej")["ok"] is True
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C2", text="hej")
    assert error.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C2", text="hej")["ok"] is True


def test_files_upload_v2_round_trip_stores_the_bytes(client: WebClient, emu: SlackEmulator) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    answer = client.files_upload_v2(channel="C5", content=png, filename="x.png", title="Kostnader")
    file_id = answer["file"]["id"]
    assert emu.uploaded_files[file_id] == png
    (get_url,) = emu.calls("files.getUploadURLExternal")
    assert (get_url.params["filename"], get_url.params["length"]) == ("x.png", str(len(png)))
    (complete,) = emu.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C5"
    assert complete.param_json("files") == [{"id": file_id, "title": "Kostnader"}]
    assert answer["files"] == [{"id": file_id, "title": "Kostnader"}]


def test_completing_an_upload_that_never_arrived_fails(client: WebClient) -> None:
    file_id = client.files_getUploadURLExternal(filename="x.png", length=3)["file_id"]
    with pytest.raises(SlackApiError) as error:
        client.files_completeUploadExternal(files=[{"id": file_id}], channel_id="C1")
    assert error.value.response["error"] == "file_not_found"


def test_multipart_bodies_are_tolerated(client: WebClient, emu: SlackEmulator) -> None:
    emu.stub("files.upload", {"ok": True, "file": {"id": "F1"}})
    client.api_call("files.upload", files={"file": io.BytesIO(b"abc")}, data={"channels": "C1"})
    (call,) = emu.calls("files.upload")
    assert call.params == {"channels": "C1", "file": b"abc"}


def test_response_url_posts_are_recorded(emu: SlackEmulator) -> None:
    url = emu.response_url("cmd-1")
    assert url.startswith("http://127.0.0.1:") and url.endswith("/response/cmd-1")
    answer = WebhookClient(url).send(text="Krokom betalar 575 702 kr", response_type="in_channel")
    assert answer.status_code == 200
    (call,) = emu.response_url_calls("cmd-1")
    assert call.json == {"text": "Krokom betalar 575 702 kr", "response_type": "in_channel"}
    assert emu.response_url_calls("other") == []


def test_wait_for_sees_calls_from_other_threads(client: WebClient, emu: SlackEmulator) -> None:
    timer = threading.Timer(0.2, lambda: client.chat_postMessage(channel="C9", text="sen"))
    timer.start()
    try:
        (call,) = emu.wait_for(
            "chat.postMessage", timeout=5, where=lambda c: c.params["channel"] == "C9"
        )
    finally:
        timer.join()
    assert call.params["text"] == "sen"


def test_wait_for_says_what_it_saw(client: WebClient, emu: SlackEmulator) -> None:
    client.chat_postMessage(channel="C1", text="hej")
    with pytest.raises(AssertionError, match=r"got 0; seen: chat.postMessage\(channel='C1'"):
        emu.wait_for("views.publish", timeout=0.2)
    emu.clear()
    assert emu.calls() == []


def test_bolt_app_authorizes_and_replies_through_the_emulator(emu: SlackEmulator) -> None:
    secret = signing.SIGNING_SECRET
    app = App(signing_secret=secret, client=WebClient(token=TOKEN, base_url=emu.base_url))
    seen: dict[str, Any] = {}

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Say, context: Any) -> None:
        seen["bot_user_id"] = context.bot_user_id
        say(f"svar på: {event['text']}")

    @app.command("/avtal")
    def command(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack()
        respond(f"du skrev {command['text']}")

    @app.action("vote")
    def vote(ack: Ack, respond: Respond, body: dict[str, Any]) -> None:
        ack()
        respond(text=f"röst: {body['actions'][0]['value']}", replace_original=True)

    assert emu.calls("auth.test"), "Bolt verifies the token with auth.test at start"

    body, headers = signing.app_mention(secret, "deadlines", channel="C4")
    assert app.dispatch(_bolt_request(body, headers)).status == 200
    (post,) = emu.wait_for("chat.postMessage")
    assert (post.params["channel"], post.params["text"]) == ("C4", "svar på: <@UBOT> deadlines")
    assert seen["bot_user_id"] == signing.BOT_USER_ID

    body, headers = signing.slash_command(
        secret, text="hjälp", response_url=emu.response_url("cmd")
    )
    assert app.dispatch(_bolt_request(body, headers)).status == 200
    (reply,) = emu.wait_for("response_url")
    assert reply.json is not None and reply.json["text"] == "du skrev hjälp"

    body, headers = signing.block_actions(
        secret, action_id="vote", value="fungerar", response_url=emu.response_url("act")
    )
    assert app.dispatch(_bolt_request(body, headers)).status == 200
    # the listener runs after the ack, on Bolt's thread pool: wait for its reply
    (clicked,) = emu.wait_for("response_url", where=lambda c: c.path == "/response/act")
    assert clicked.json is not None and clicked.json["text"] == "röst: fungerar"

    body, headers = signing.slash_command("wrong-secret", text="hjälp")
    assert app.dispatch(_bolt_request(body, headers)).status == 401
