"""End-to-end fixtures: the real `avtalsbot serve` as a subprocess, against the local
Slack Web API emulator, spoken to with correctly signed HTTP requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests import conftest as root
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

SIGNING_SECRET = "e2e-signing-secret"
BOT_TOKEN = "xoxb-e2e-test-token"
PSEUDONYM_SECRET = "e2e-pseudonym-secret-0123456789"
# Slack shows the user an error when a request is not answered within 3 seconds: the bound
# every answer must keep, also when the database does not answer.
SLACK_DEADLINE = 3.0
INSTRUMENT = (Path(__file__).resolve().parents[2]
              / "storage/agreements/jonkoping-familjecentraler.yaml")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServedBot:
    url: str  # http://127.0.0.1:PORT/slack/events
    process: subprocess.Popen[bytes]
    emulator: SlackEmulator
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_bot(emulator: SlackEmulator, database_url: str, log: Path,
              extra_env: dict[str, str] | None = None, *, wait_for_http: bool = True
              ) -> ServedBot:
    """Start `avtalsbot serve`; in HTTP mode wait until ``/healthz`` answers (in Socket
    Mode there is no HTTP port: the caller waits for the WebSocket instead)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVTALSBOT_"))},
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": emulator.base_url,
        "PORT": str(port),
        "AVTALSBOT_DATABASE_URL": database_url,
        "AVTALSBOT_PSEUDONYM_SECRET": PSEUDONYM_SECRET,
        "AVTALSBOT_NUDGES": "off",  # tests that want nudges turn the scheduler on
        **(extra_env or {}),
    }
    handle = log.open("wb")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env,
                               stdout=handle, stderr=subprocess.STDOUT,
                               cwd=Path(__file__).resolve().parents[2])
    bot = ServedBot(f"http://127.0.0.1:{port}/slack/events", process, emulator, log)
    if not wait_for_http:
        return bot
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"avtalsbot serve exited early:\n{bot.output()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return bot
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"avtalsbot serve did not start:\n{bot.output()}")


def stop_bot(bot: ServedBot) -> None:
    bot.process.terminate()
    try:
        bot.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        bot.process.kill()


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=BOT_TOKEN) as emu:
        yield emu


@pytest.fixture
def served_bot(emulator: SlackEmulator, tmp_path: Path) -> Iterator[ServedBot]:
    bot = start_bot(emulator, f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path / "serve.log")
    yield bot
    stop_bot(bot)
    assert BOT_TOKEN not in bot.output(), "the bot token must never reach the logs"


@pytest.fixture(params=["sqlite", "postgres"])
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite, and PostgreSQL — always listed, skipped visibly only without its URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'e2e.db'}"
    if not root.POSTGRES_URL:  # read now: the session start replaced it with the run's own
        pytest.skip("AVTALSBOT_TEST_DATABASE_URL is not set: no PostgreSQL run")
    root.reset_postgres(root.POSTGRES_URL)
    return root.POSTGRES_URL


def statement_keys() -> list[str]:
    data = yaml.safe_load(INSTRUMENT.read_text(encoding="utf-8"))
    return [s["key"] for c in data["instrument"]["categories"] for s in c["statements"]]


def start_round(bot: ServedBot, *, coordinator: str, centre: str, staff: list[str]) -> int:
    """An administrator starts a round in ``centre``; the round's id, from the invitation."""
    bot.emulator.set_members(centre, [coordinator, *staff])
    bot.emulator.set_user(coordinator, is_admin=True)  # an admin may start any round
    body, headers = signing.slash_command(SIGNING_SECRET, text="självreflektion starta FC Råslätt",
                                          user_id=coordinator, channel_id=centre)
    status, _ = signing.post(bot.url, body, headers)
    assert status == 200
    dm = bot.emulator.dm_channel(staff[0])
    (invite,) = bot.emulator.wait_for("chat.postMessage",
                                      where=lambda c: c.params["channel"] == dm)
    begin = next(e for b in invite.param_json("blocks") if b["type"] == "actions"
                 for e in b["elements"] if e["text"]["text"] == "Börja")
    return int(begin["value"])
