"""`avtalsbot serve` writes one line per request — kind, command or action id, latency,
outcome, and the HTTP status in HTTP mode — and nothing the user wrote or who they are."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import SIGNING_SECRET, ServedBot, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator
from tests.slack.socket_mode import SocketModeServer

QUESTION = "kostnad Krokom 2026"
OCCURRENCE = "cmv-jamtland/uppsagning/2026-12-31"
PRIVATE = (QUESTION, "Krokom", "U0ANNA", OCCURRENCE, "uppsagning", "response_url",
           "hooks.slack.com")


# ok, or timeout when it took more than Slack's 3 s (a loaded machine): the test asserts no
# timing, only that the line says how it went
ANSWERED = r"outcome=(ok|timeout)"


def request_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "bot.request_log: request " in line]


def test_one_line_per_request_in_http_mode(served_bot: ServedBot) -> None:
    emulator = served_bot.emulator
    emulator.set_members("C0STYR", ["U0ANNA"])
    body, headers = signing.slash_command(SIGNING_SECRET, text=QUESTION, user_id="U0ANNA",
                                          channel_id="C0STYR")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    body, headers = signing.block_actions(
        SIGNING_SECRET, action_id="deadline_done", value=OCCURRENCE, user_id="U0ANNA",
        channel_id="C0STYR", response_url=emulator.response_url("done"))
    assert signing.post(served_bot.url, body, headers)[0] == 200
    emulator.wait_for("response_url")
    body, headers = signing.slash_command("not-the-secret", text=QUESTION, user_id="U0ANNA")
    assert signing.post(served_bot.url, body, headers)[0] == 401
    stop_bot(served_bot)
    log = served_bot.output()
    command, click, refused = request_lines(log)
    assert re.search(r" bot\.request_log: request kind=command id=/avtal ms=\d+ "
                     + ANSWERED + " status=200$", command), command
    assert re.search(r" bot\.request_log: request kind=action id=deadline_done ms=\d+ "
                     + ANSWERED + " status=200$", click), click
    assert re.search(r" WARNING bot\.request_log: request kind=- id=- ms=\d+ outcome=refused "
                     r"status=401 \(signature wrong or too old\)$", refused), refused
    for private in PRIVATE:
        assert private not in log, f"{private!r} reached the log"


def test_the_same_line_in_socket_mode(emulator: SlackEmulator, tmp_path: Path) -> None:
    with SocketModeServer() as slack_side:
        emulator.stub("apps.connections.open", {"ok": True, "url": slack_side.url})
        bot = start_bot(emulator, f"sqlite:///{tmp_path / 'socket.db'}", tmp_path / "serve.log",
                        {"SLACK_APP_TOKEN": "xapp-1-A0LOCAL-log", "SLACK_SIGNING_SECRET": ""},
                        wait_for_http=False)
        try:
            slack_side.wait_connected(timeout=30)
            ack = slack_side.send("slash_commands", signing.slash_command_fields(
                command="/avtal", text=QUESTION, user_id="U0ANNA", channel_id="C0STYR",
                response_url="https://hooks.slack.com/commands/T1/2/x"),
                accepts_response_payload=True)
            assert "Krokom" in ack["payload"]["text"]
        finally:
            stop_bot(bot)
    log = bot.output()
    [line] = request_lines(log)
    assert re.search(r" bot\.request_log: request kind=command id=/avtal ms=\d+ "
                     + ANSWERED + "$", line), line  # no HTTP status: there is no HTTP
    for private in PRIVATE:
        assert private not in log, f"{private!r} reached the log"
