"""`avtalsbot serve`'s ``/healthz`` tells a load balancer or a supervisor the truth: 503 while
the database does not answer (HTTP mode), and in Socket Mode — on AVTALSBOT_HEALTH_PORT — 503
as well while the connection to Slack is down, so the process can be restarted."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ServedBot, free_port, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator
from tests.slack.socket_mode import SocketModeServer

APP_TOKEN = "xapp-1-A0LOCAL-health-app-token"


def health(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for_health(url: str, status: int, log: ServedBot) -> bytes:
    """Ask until ``status`` comes (the answer is kept a second, a dropped socket is noticed
    within Slack's ping interval); fails with the bot's log when it never does."""
    deadline = time.monotonic() + 30
    while True:
        got, body = health(url)
        if got == status:
            return body
        assert time.monotonic() < deadline, f"still {got} {body!r}:\n{log.output()}"
        time.sleep(0.2)


def test_healthz_is_503_while_the_database_is_gone_and_200_again_after(
        served_bot: ServedBot) -> None:
    url = served_bot.url.replace("/slack/events", "/healthz")
    assert health(url) == (200, b"ok")
    database = served_bot.log.parent / "e2e.db"
    away = database.with_suffix(".away")
    database.rename(away)  # a volume gone, a file deleted: the pool still holds it open
    assert wait_for_health(url, 503, served_bot) == b"database unavailable (OperationalError)"
    away.rename(database)
    assert wait_for_health(url, 200, served_bot) == b"ok"


@pytest.fixture
def socket_bot(emulator: SlackEmulator, tmp_path: Path
               ) -> Iterator[tuple[ServedBot, SocketModeServer, str]]:
    port = free_port()
    slack_side = SocketModeServer().start()
    emulator.stub("apps.connections.open", {"ok": True, "url": slack_side.url})
    bot = start_bot(emulator, f"sqlite:///{tmp_path / 'socket.db'}", tmp_path / "serve.log",
                    {"SLACK_APP_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": "",
                     "AVTALSBOT_HEALTH_PORT": str(port)}, wait_for_http=False)
    try:
        slack_side.wait_connected(timeout=30)
        yield bot, slack_side, f"http://127.0.0.1:{port}/healthz"
    finally:
        stop_bot(bot)
        slack_side.stop()
    assert APP_TOKEN not in bot.output()


def test_socket_mode_health_port_is_503_when_the_connection_to_slack_drops(
        socket_bot: tuple[ServedBot, SocketModeServer, str]) -> None:
    bot, slack_side, url = socket_bot
    assert wait_for_health(url, 200, bot) == b"ok"
    ack = slack_side.send("slash_commands", signing.slash_command_fields(
        command="/avtal", text="hjälp", user_id="U0ANNA", channel_id="C0STYR",
        response_url="https://hooks.slack.com/commands/T1/2/x"), accepts_response_payload=True)
    assert ack["payload"]["text"]  # connected and answering
    slack_side.stop()  # Slack's side goes away; reconnecting fails while it is gone
    assert wait_for_health(url, 503, bot) == b"slack connection down"
    assert bot.process.poll() is None  # alive: restarting it is the supervisor's call
