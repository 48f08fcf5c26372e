"""Tests that the request builders sign like Slack and send payloads in the shape Slack does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.conftest import SHARED

from . import signing
from .emulator import SlackEmulator

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = SHARED / "slack" / "fixtures"

# Slack's published signing example (api.slack.com/authentication/verifying-requests-from-slack),
# kept here so the check never depends on the shared folder being present.
PUBLISHED_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PUBLISHED_TIMESTAMP = "1531420618"
PUBLISHED_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
PUBLISHED_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

SECRET = signing.SIGNING_SECRET


def _fixture(name: str) -> Any:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return json.loads(path.read_text(encoding="utf-8"))


def _payload(body: str) -> dict[str, Any]:
    """The JSON payload of an interactivity body (``payload=<urlencoded json>``)."""
    fields = dict(parse_qsl(body))
    assert list(fields) == ["payload"]
    result: dict[str, Any] = json.loads(fields["payload"])
    return result


def test_sign_matches_slacks_published_example() -> None:
    assert (
        signing.sign(PUBLISHED_SECRET, PUBLISHED_TIMESTAMP, PUBLISHED_BODY) == PUBLISHED_SIGNATURE
    )


def test_published_example_matches_shared_fixture() -> None:
    vector = _fixture("signature_test_vector.json")
    assert vector["raw_body"] == PUBLISHED_BODY
    assert vector["expected_x_slack_signature"] == PUBLISHED_SIGNATURE
    assert signing.form_request(
        vector["signing_secret"],
        vector["form_fields"],
        timestamp=vector["x_slack_request_timestamp"],
    ) == (
        PUBLISHED_BODY,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": PUBLISHED_TIMESTAMP,
            "X-Slack-Signature": PUBLISHED_SIGNATURE,
        },
    )


BUILDERS: dict[str, Callable[[str], signing.Request]] = {
    "slash_command": lambda s: signing.slash_command(s, text="kostnad Krokom 2026"),
    "app_mention": lambda s: signing.app_mention(s, "vad betalar Krokom 2026?"),
    "dm_message": lambda s: signing.dm_message(s, "deadlines"),
    "app_home_opened": lambda s: signing.app_home_opened(s),
    "block_actions": lambda s: signing.block_actions(s, action_id="vote", value="fungerar"),
    "view_submission": lambda s: signing.view_submission(
        s, callback_id="comment", values={"b": {"a": {"type": "plain_text_input", "value": "å"}}}
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_slack_sdk_accepts_what_the_builders_sign(name: str) -> None:
    body, headers = BUILDERS[name](SECRET)
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
    assert not SignatureVerifier(SECRET).is_valid_request(body + " ", headers)


def test_old_timestamps_are_rejected_like_slack_sdk_does() -> None:
    body, headers = signing.slash_command(SECRET, timestamp=1_000_000_000)
    assert not SignatureVerifier(SECRET).is_valid_request(body, headers)


def test_content_types_follow_slacks_delivery() -> None:
    assert BUILDERS["slash_command"](SECRET)[1]["Content-Type"] == signing.FORM
    assert BUILDERS["block_actions"](SECRET)[1]["Content-Type"] == signing.FORM
    assert BUILDERS["app_mention"](SECRET)[1]["Content-Type"] == signing.JSON


def test_retry_headers_only_on_redelivery() -> None:
    _, first = signing.app_mention(SECRET, "hjälp", event_id="Ev1")
    body, retry = signing.app_mention(SECRET, "hjälp", event_id="Ev1", retry_num=1)
    assert "X-Slack-Retry-Num" not in first
    assert retry["X-Slack-Retry-Num"] == "1"
    assert retry["X-Slack-Retry-Reason"] == "http_timeout"
    assert json.loads(body)["event_id"] == "Ev1"


def test_slash_command_has_slacks_fields() -> None:
    body, _ = signing.slash_command(
        SECRET, text="kostnad Krokom 2026", user_id="U9", channel_id="C9", response_url="http://x/r"
    )
    fields = dict(parse_qsl(body, keep_blank_values=True))
    assert fields["command"] == "/avtal"
    assert fields["text"] == "kostnad Krokom 2026"
    assert (fields["user_id"], fields["channel_id"], fields["response_url"]) == (
        "U9",
        "C9",
        "http://x/r",
    )
    assert fields["trigger_id"]


def test_slash_command_fields_cover_the_documented_example() -> None:
    documented = set(_fixture("slash_command_form_fields.json"))
    # enterprise_* are sent only from Enterprise Grid workspaces.
    assert documented - {"enterprise_id", "enterprise_name"} <= set(signing.slash_command_fields())


def test_app_mention_is_an_event_callback_with_a_leading_mention() -> None:
    body, _ = signing.app_mention(SECRET, "deadlines", channel="C7")
    envelope = json.loads(body)
    event = envelope["event"]
    assert envelope["type"] == "event_callback"
    assert envelope["authorizations"][0]["user_id"] == signing.BOT_USER_ID
    assert event["type"] == "app_mention"
    assert event["text"] == "<@UBOT> deadlines"
    assert event["channel"] == "C7"
    section = event["blocks"][0]["elements"][0]["elements"]
    assert section == [{"type": "user", "user_id": "UBOT"}, {"type": "text", "text": " deadlines"}]
    again = json.loads(signing.app_mention(SECRET, "deadlines")[0])
    assert again["event_id"] != envelope["event_id"]


def test_app_mention_matches_the_documented_shape() -> None:
    documented = _fixture("app_mention_event_callback.json")
    built = json.loads(signing.app_mention(SECRET, "hey")[0])
    assert set(documented) <= set(built)
    assert set(documented["event"]) <= set(built["event"])


def test_dm_message_and_app_home_opened() -> None:
    event = json.loads(signing.dm_message(SECRET, "hjälp", user="U5", channel="D5")[0])["event"]
    assert (event["type"], event["channel_type"], event["user"], event["channel"]) == (
        "message",
        "im",
        "U5",
        "D5",
    )
    assert "subtype" not in event and "bot_id" not in event
    home = json.loads(signing.app_home_opened(SECRET, user="U5")[0])["event"]
    assert (home["type"], home["tab"], home["user"]) == ("app_home_opened", "home", "U5")
    assert "view" not in home
    home = json.loads(signing.app_home_opened(SECRET, view_id="V5")[0])["event"]
    assert home["view"]["id"] == "V5"


def test_block_actions_payload() -> None:
    body, _ = signing.block_actions(
        SECRET, action_id="vote", block_id="s1", value="fungerar", response_url="http://r/1"
    )
    payload = _payload(body)
    assert payload["type"] == "block_actions"
    action = payload["actions"][0]
    assert (action["action_id"], action["block_id"], action["value"]) == ("vote", "s1", "fungerar")
    assert payload["response_url"] == "http://r/1"
    assert payload["container"]["type"] == "message"
    assert payload["trigger_id"]


def test_block_actions_in_the_home_tab_have_no_channel() -> None:
    payload = _payload(
        signing.block_actions(SECRET, action_id="a", view={"id": "V9", "type": "home"})[0]
    )
    assert payload["container"] == {"type": "view", "view_id": "V9"}
    assert "channel" not in payload and "response_url" not in payload


def test_view_submission_payload() -> None:
    values = {"comment": {"text": {"type": "plain_text_input", "value": "Bra möte"}}}
    body, _ = signing.view_submission(
        SECRET, callback_id="cb", values=values, private_metadata="r1"
    )
    payload = _payload(body)
    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "cb"
    assert payload["view"]["state"]["values"] == values
    assert payload["view"]["private_metadata"] == "r1"


def test_interactive_payloads_have_the_documented_keys() -> None:
    # Only the fixtures are optional; the builders' own behaviour is tested above.
    clicked = _fixture("block_actions_button_click.json")
    built = _payload(BUILDERS["block_actions"](SECRET)[0])
    assert set(clicked) <= set(built)
    assert set(clicked["actions"][0]) <= set(built["actions"][0])
    assert set(clicked["message"]) <= set(built["message"])
    submitted = _fixture("view_submission.json")
    built = _payload(BUILDERS["view_submission"](SECRET)[0])
    assert set(submitted) <= set(built)
    assert set(submitted["view"]) <= set(built["view"])


def test_post_returns_status_and_body_also_on_errors() -> None:
    with SlackEmulator() as emu:
        assert signing.post(
            emu.response_url("r"), '{"text": "hej"}', {"Content-Type": "application/json"}
        ) == (
            200,
            "ok",
        )
        status, text = signing.post(emu.root_url + "nowhere", "", {})
        assert status == 404 and "not_found" in text
    assert emu.calls("response_url") != []
