"""Hostile and malformed requests to a real `avtalsbot serve` (HTTP mode): each is refused with
a 4xx and no traceback, and nothing anyone wrote or chose reaches the log — at DEBUG, in
text and in JSON format."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import SIGNING_SECRET, ServedBot, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

COMMENT = "Hemlig kommentar om Bertil"
VOTER = "U0PRIVAT"
FORGED = "2026-01-01 00:00:00,000 INFO bot.server: forged line"


@pytest.fixture(params=["text", "json"])
def debug_bot(request: pytest.FixtureRequest, emulator: SlackEmulator,
              tmp_path: Path) -> Iterator[tuple[ServedBot, str]]:
    bot = start_bot(emulator, f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "serve.log",
                    extra_env={"AVTALSBOT_LOG_LEVEL": "DEBUG",
                               "AVTALSBOT_LOG_FORMAT": request.param})
    yield bot, request.param
    stop_bot(bot)


def unsigned(body: str, content_type: str = signing.FORM, **extra: str) -> dict[str, str]:
    return {"Content-Type": content_type, **extra}


def test_hostile_requests_get_4xx_and_no_traceback(served_bot: ServedBot) -> None:
    now = str(int(time.time()))
    cases = [
        ("timestamp-not-a-number", "payload=x",
         {"Content-Type": signing.FORM, "X-Slack-Request-Timestamp": "abc",
          "X-Slack-Signature": "v0=" + "0" * 64}, 401),
        ("unsigned-payload", "payload=x", unsigned("payload=x"), 401),
        ("unsigned-broken-json", "{broken", unsigned("{broken", signing.JSON), 401),
        ("wrong-signature", "payload=x",
         {"Content-Type": signing.FORM, "X-Slack-Request-Timestamp": now,
          "X-Slack-Signature": signing.sign("wrong", now, "payload=x")}, 401),
    ]
    for name, body, headers, expected in cases:
        assert signing.post(served_bot.url, body, headers)[0] == expected, name
    big = "payload=" + "x" * (10 * 1024 * 1024)
    status = _post_or_reset(served_bot.url, big, unsigned(big))
    assert status in (413, None), "10 MB unsigned"
    signed_bad = [
        ("json-list", *_json([1, 2])),
        ("empty-actions", *signing.interactive_request(
            SIGNING_SECRET, {**signing.block_actions_payload(action_id="refl_vote"),
                             "actions": []})),
        ("slash-without-user", *_slash_without_user()),
    ]
    for name, body, headers in signed_bad:
        assert signing.post(served_bot.url, body, headers)[0] == 400, name
    # still serving, and nothing went wrong inside
    body, headers = signing.slash_command(SIGNING_SECRET, text="hjälp")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    log = served_bot.output()
    assert "Traceback" not in log and " 500 " not in log


def _post_or_reset(url: str, body: str, headers: dict[str, str]) -> int | None:
    """A server may answer a too-large body early and close; the client then sees a reset."""
    try:
        return signing.post(url, body, headers)[0]
    except OSError:
        return None


def _json(payload: object) -> tuple[str, dict[str, str]]:
    body = json.dumps(payload)
    return body, signing.signed_headers(SIGNING_SECRET, body, content_type=signing.JSON)


def _slash_without_user() -> tuple[str, dict[str, str]]:
    fields = signing.slash_command_fields(text="hjälp")
    del fields["user_id"]
    return signing.form_request(SIGNING_SECRET, fields)


def test_no_vote_comment_or_forged_line_reaches_the_log(debug_bot: tuple[ServedBot, str]
                                                        ) -> None:
    debug_bot, log_format = debug_bot
    emulator = debug_bot.emulator
    emulator.set_members("C0FC", ["U0SAMORD", VOTER, "U0BERTIL", "U0CECILIA"])
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    body, headers = signing.slash_command(SIGNING_SECRET, text="självreflektion starta FC Test",
                                          user_id="U0SAMORD", channel_id="C0FC")
    assert signing.post(debug_bot.url, body, headers)[0] == 200
    dm = emulator.dm_channel(VOTER)
    (invite,) = emulator.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == dm)
    round_id = next(e["value"] for b in invite.param_json("blocks") if b["type"] == "actions"
                    for e in b["elements"])
    vote = {"action_id": "refl_vote", "value": f"{round_id}|halsoframjande-arena|develop",
            "user_id": VOTER, "channel_id": dm, "response_url": emulator.response_url("vote")}
    comment = {"callback_id": "refl_comment", "user_id": VOTER,
               "values": {"comment": {"comment": {"type": "plain_text_input",
                                                  "value": COMMENT}}},
               "private_metadata": json.dumps({"value": f"{round_id}|halsoframjande-arena",
                                               "response_url": emulator.response_url("c")})}
    # signed: stored and answered
    assert signing.post(debug_bot.url, *signing.block_actions(SIGNING_SECRET, **vote))[0] == 200
    emulator.wait_for("response_url", where=lambda c: c.path == "/response/vote")
    assert signing.post(debug_bot.url,
                        *signing.view_submission(SIGNING_SECRET, **comment))[0] == 200
    emulator.wait_for("response_url", where=lambda c: c.path == "/response/c")
    # unsigned and badly signed: refused
    for payload in (signing.block_actions_payload(**vote),
                    signing.view_submission_payload(**comment)):
        raw = urlencode({"payload": json.dumps(payload)})
        assert signing.post(debug_bot.url, raw, unsigned(raw))[0] == 401
        headers = signing.signed_headers("wrong", raw, content_type=signing.FORM)
        assert signing.post(debug_bot.url, raw, headers)[0] == 401
    forged = f"payload=x\r\n{FORGED}\n{FORGED}"
    assert signing.post(debug_bot.url, forged, unsigned(forged))[0] == 401

    stop_bot(debug_bot)
    log = debug_bot.output()
    assert "outcome=refused status=401 (signature" in log  # the refusals are logged, by reason
    for private in (COMMENT, "Hemlig", VOTER, "halsoframjande-arena", "develop",
                    "Du har svarat på", "Behöver utvecklas"):
        assert private not in log, f"{private!r} reached the log"
    lines = log.splitlines()
    assert not any(line.startswith(FORGED[:23]) for line in lines)
    if log_format == "json":
        for line in lines:
            record = json.loads(line)
            assert {"time", "level", "logger", "message"} <= set(record)
