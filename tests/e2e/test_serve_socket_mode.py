"""`avtalsbot serve` in Socket Mode — no public URL, what a municipality behind a firewall
uses: the real process fetches its WebSocket URL from `apps.connections.open` with the app
token, and answers envelopes sent over that socket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import BOT_TOKEN, ServedBot, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator
from tests.slack.socket_mode import SocketModeServer

APP_TOKEN = "xapp-1-A0LOCAL-e2e-app-token"
NBSP = "\u00a0"


@pytest.fixture
def socket_bot(
    emulator: SlackEmulator, tmp_path: Path
) -> Iterator[tuple[ServedBot, SocketModeServer]]:
    with SocketModeServer() as slack_side:
        emulator.stub("apps.connections.open", {"ok": True, "url": slack_side.url})
        bot = start_bot(emulator, f"sqlite:///{tmp_path / 'socket.db'}", tmp_path / "serve.log",
                        {"SLACK_APP_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": ""},
                        wait_for_http=False)
        try:
            slack_side.wait_connected(timeout=30)
        except Exception:
            stop_bot(bot)
            raise AssertionError(f"the bot never opened the socket:\n{bot.output()}") from None
        yield bot, slack_side
        stop_bot(bot)
        output = bot.output()
        assert BOT_TOKEN not in output and APP_TOKEN not in output, "tokens must never be logged"


def test_the_app_token_opens_the_connection(socket_bot: tuple[ServedBot, SocketModeServer]
                                            ) -> None:
    bot, _ = socket_bot
    opened = bot.emulator.calls("apps.connections.open")
    assert opened and opened[0].token == APP_TOKEN


def test_slash_command_over_the_socket_is_answered_in_the_ack(
        socket_bot: tuple[ServedBot, SocketModeServer]) -> None:
    _, slack_side = socket_bot
    payload = signing.slash_command_fields(command="/avtal", text="kostnad Krokom 2026",
                                           user_id="U0ANNA", channel_id="C0STYR",
                                           response_url="https://hooks.slack.com/commands/T1/2/x")
    ack = slack_side.send("slash_commands", payload, accepts_response_payload=True)
    assert f"575{NBSP}702{NBSP}kr" in ack["payload"]["text"]  # the notification
    assert "001 §11.3" in str(ack["payload"]["blocks"])  # the message


def test_mention_over_the_socket_posts_in_the_channel(
        socket_bot: tuple[ServedBot, SocketModeServer]) -> None:
    bot, slack_side = socket_bot
    event = signing.app_mention_event("vad betalar Krokom 2026?", user="U0ANNA", channel="C0STYR")
    slack_side.send("events_api", signing.event_callback_payload(event, event_id="EvSock1"))
    post = bot.emulator.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C0STYR"
    assert f"575{NBSP}702{NBSP}kr" in post.params["text"]
