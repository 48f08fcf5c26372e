"""SIGTERM loses nothing: a real `avtalsbot serve` stops taking new work, finishes the request
in progress and sends every queued invitation before it exits — within
AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS, in HTTP mode and in Socket Mode; and a Slack too slow
for that deadline cannot hold the process past it."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import SIGNING_SECRET, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator
from tests.slack.socket_mode import SocketModeServer

pytestmark = pytest.mark.e2e

CENTRE = "C0RASLATT"
COORD = "U0SAMORD"
MEMBERS = [COORD, "U0ANNA", "U0BERTIL", "U0CECILIA", "U0DAVID"]
START = "självreflektion starta FC Råslätt"


def invitations(emulator: SlackEmulator) -> set[str]:
    dms = {emulator.dm_channel(user): user for user in MEMBERS}
    return {dms[c.params["channel"]] for c in emulator.calls("chat.postMessage")
            if c.params.get("channel") in dms}


def refuses_connections(url: str) -> bool:
    host, port = url.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return False
    except OSError:
        return True


def slow_slack(emulator: SlackEmulator) -> None:
    emulator.set_members(CENTRE, MEMBERS)
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    emulator.slow("conversations.members", 2.0)  # the round start is in progress for 2 s
    emulator.slow("chat.postMessage", 1.0)  # and each invitation takes a second


def test_sigterm_in_http_mode_finishes_the_request_and_the_invitations(
        emulator: SlackEmulator, tmp_path: Path) -> None:
    slow_slack(emulator)
    bot = start_bot(emulator, f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "serve.log",
                    {"AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS": "20"})
    try:
        reply: dict[str, Any] = {}

        def start_round() -> None:
            body, headers = signing.slash_command(SIGNING_SECRET, text=START, user_id=COORD,
                                                  channel_id=CENTRE,
                                                  response_url=emulator.response_url("start"))
            status, text = signing.post(bot.url, body, headers, timeout=30)
            reply.update(status=status, text=text)

        asking = threading.Thread(target=start_round)
        asking.start()
        emulator.wait_for("conversations.members")  # the request is now in progress
        bot.process.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        deadline = stopped + 5
        while not refuses_connections(bot.url) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert refuses_connections(bot.url), "still accepting connections after SIGTERM"
        asking.join(timeout=30)
        assert reply["status"] == 200
        # acknowledged at once; the start itself was queued work, which shutdown finishes
        assert json.loads(reply["text"])["text"] == "Ett ögonblick – jag svarar här strax."
        assert bot.process.wait(timeout=25) == 0, bot.output()
        (started,) = emulator.calls("response_url")
        assert "5 personer har fått en inbjudan" in str(started.json)
        assert time.monotonic() - stopped < 20
        assert invitations(emulator) == set(MEMBERS)
        assert "Avtalsbot stopped" in bot.output()
    finally:
        stop_bot(bot)


def test_sigterm_in_socket_mode_finishes_the_envelope_and_the_invitations(
        emulator: SlackEmulator, tmp_path: Path) -> None:
    slow_slack(emulator)
    with SocketModeServer() as slack_side:
        emulator.stub("apps.connections.open", {"ok": True, "url": slack_side.url})
        bot = start_bot(emulator, f"sqlite:///{tmp_path / 'socket.db'}", tmp_path / "serve.log",
                        {"SLACK_APP_TOKEN": "xapp-1-A0LOCAL-e2e", "SLACK_SIGNING_SECRET": "",
                         "AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS": "20"}, wait_for_http=False)
        try:
            slack_side.wait_connected(timeout=30)
            ack: dict[str, Any] = {}

            def start_round() -> None:
                payload = signing.slash_command_fields(text=START, user_id=COORD,
                                                       channel_id=CENTRE,
                                                       response_url=emulator.response_url("s"))
                ack.update(slack_side.send("slash_commands", payload,
                                           accepts_response_payload=True, timeout=30))

            asking = threading.Thread(target=start_round)
            asking.start()
            emulator.wait_for("conversations.members")
            bot.process.send_signal(signal.SIGTERM)
            stopped = time.monotonic()
            asking.join(timeout=30)
            assert ack["payload"]["text"] == "Ett ögonblick – jag svarar här strax."
            assert bot.process.wait(timeout=25) == 0, bot.output()
            (started,) = emulator.calls("response_url")
            assert "5 personer har fått en inbjudan" in str(started.json)
            assert time.monotonic() - stopped < 20
            assert invitations(emulator) == set(MEMBERS)
        finally:
            stop_bot(bot)


def test_a_slack_slower_than_the_deadline_cannot_hold_the_shutdown(
        emulator: SlackEmulator, tmp_path: Path) -> None:
    emulator.set_members(CENTRE, MEMBERS)
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    emulator.slow("chat.postMessage", 60.0)
    bot = start_bot(emulator, f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "serve.log",
                    {"AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS": "2"})
    try:
        body, headers = signing.slash_command(SIGNING_SECRET, text=START, user_id=COORD,
                                              channel_id=CENTRE,
                                              response_url=emulator.response_url("start"))
        assert signing.post(bot.url, body, headers)[0] == 200
        emulator.wait_for("chat.postMessage")
        bot.process.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        assert bot.process.wait(timeout=15) == 1
        assert time.monotonic() - stopped < 8
        assert "were not sent in time" in bot.output()
    finally:
        stop_bot(bot)
