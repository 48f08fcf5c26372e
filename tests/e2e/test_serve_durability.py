"""An acknowledged click is a stored click: a real `avtalsbot serve` is killed with SIGKILL in
the middle of a burst of signed vote clicks, and every vote that got HTTP 200 is in the
database afterwards — on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from storage.store import open_store
from tests.e2e.conftest import PSEUDONYM_SECRET, SIGNING_SECRET, ServedBot, start_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

CENTRE = "C0RASLATT"
COORD = "U0SAMORD"
STAFF = [f"U0STAFF{n}" for n in range(8)]
INSTRUMENT = (Path(__file__).resolve().parents[2]
              / "storage/agreements/jonkoping-familjecentraler.yaml")


def statement_keys() -> list[str]:
    data = yaml.safe_load(INSTRUMENT.read_text(encoding="utf-8"))
    return [s["key"] for c in data["instrument"]["categories"] for s in c["statements"]]


def start_round(bot: ServedBot) -> int:
    bot.emulator.set_members(CENTRE, [COORD, *STAFF])
    bot.emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    body, headers = signing.slash_command(SIGNING_SECRET, text="självreflektion starta FC Råslätt",
                                          user_id=COORD, channel_id=CENTRE)
    status, _ = signing.post(bot.url, body, headers)
    assert status == 200
    dm = bot.emulator.dm_channel(STAFF[0])
    (invite,) = bot.emulator.wait_for("chat.postMessage",
                                      where=lambda c: c.params["channel"] == dm)
    begin = next(e for b in invite.param_json("blocks") if b["type"] == "actions"
                 for e in b["elements"] if e["text"]["text"] == "Börja")
    return int(begin["value"])


def test_every_acknowledged_vote_survives_kill_9(emulator: SlackEmulator, any_database_url: str,
                                                 tmp_path: Path) -> None:
    bot = start_bot(emulator, any_database_url, tmp_path / "serve.log")
    try:
        round_id = start_round(bot)
        votes = [(user, key, "works" if (n + i) % 3 else "develop")
                 for i, key in enumerate(statement_keys()) for n, user in enumerate(STAFF)]
        acknowledged: list[tuple[str, str, str]] = []
        lock = threading.Lock()

        def click(vote: tuple[str, str, str]) -> None:
            user, key, choice = vote
            body, headers = signing.block_actions(
                SIGNING_SECRET, action_id="refl_vote", value=f"{round_id}|{key}|{choice}",
                user_id=user, channel_id="D" + user[1:],
                response_url=emulator.response_url(f"{user}-{key}"))
            try:
                status, _ = signing.post(bot.url, body, headers, timeout=5)
            except OSError:
                return  # the process is gone: not acknowledged, so not promised
            if status == 200:
                with lock:
                    acknowledged.append(vote)

        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = [pool.submit(click, vote) for vote in votes]
            deadline = time.monotonic() + 30
            while len(acknowledged) < len(votes) // 3 and time.monotonic() < deadline:
                time.sleep(0.005)
            bot.process.kill()  # SIGKILL mid-burst: no shutdown handler runs
            bot.process.wait(timeout=10)
            for future in futures:
                future.result()
    finally:
        if bot.process.poll() is None:
            bot.process.kill()

    assert len(votes) // 3 <= len(acknowledged) < len(votes), "the kill came mid-burst"
    store = open_store(any_database_url)
    store.use_pseudonym_secret(PSEUDONYM_SECRET.encode())
    try:
        for user in STAFF:
            stored = store.my_votes(round_id=round_id, user=user)
            mine = {(key, choice) for u, key, choice in acknowledged if u == user}
            missing = {(k, c) for k, c in mine if stored.get(k) != c}
            assert not missing, f"{user}: acknowledged but not stored: {sorted(missing)}"
    finally:
        store.engine.dispose()
