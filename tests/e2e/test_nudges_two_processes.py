"""Two real `avtalsbot serve` processes on one database, against the Slack emulator: the
scheduler in each posts the day's nudges, and every nudge reaches Slack once — through a
429 and a restart. Then "Markera som klar" on one process stops the next reminder.

Runs on SQLite always and on PostgreSQL when ``AVTALSBOT_TEST_DATABASE_URL`` is set; without
it the PostgreSQL run — the production shape of this test — is reported as skipped.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.nudger import pending
from commands.nudges.command import DONE_ACTION
from storage.store import open_store
from tests.conftest import POSTGRES_URL, reset_postgres
from tests.e2e.conftest import SIGNING_SECRET, ServedBot, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import Call, SlackEmulator

pytestmark = pytest.mark.e2e

DAY = dt.date(2026, 10, 30)  # 60 days before the two 2026-12-31 notice days (act by the 30th)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both databases, always listed: PostgreSQL is skipped (visibly) only without its URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nudges.db'}"
    if not POSTGRES_URL:
        pytest.skip("AVTALSBOT_TEST_DATABASE_URL is not set: no PostgreSQL run")
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


def _env(day: dt.date) -> dict[str, str]:
    return {
        "AVTALSBOT_NUDGES": "on",
        "AVTALSBOT_TODAY": day.isoformat(),
        "AVTALSBOT_NUDGE_HOUR": "0",
        "AVTALSBOT_NUDGE_TICK_SECONDS": "0.5",
    }


def _posted(emulator: SlackEmulator) -> Counter[tuple[str, str]]:
    return Counter((c.params["channel"], c.params["text"])
                   for c in emulator.calls("chat.postMessage"))


def _settle(emulator: SlackEmulator, quiet: float = 3.0, limit: float = 60.0) -> None:
    """Wait until no chat.postMessage has arrived for ``quiet`` seconds."""
    end = time.monotonic() + limit
    seen, since = -1, time.monotonic()
    while time.monotonic() < end:
        count = len(emulator.calls("chat.postMessage"))
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.2)


def _start_two(emulator: SlackEmulator, url: str, tmp_path: Path, day: dt.date,
               round_: str) -> list[ServedBot]:
    return [start_bot(emulator, url, tmp_path / f"serve-{round_}-{i}.log", extra_env=_env(day))
            for i in range(2)]


def test_two_serve_processes_post_each_nudge_once(
    emulator: SlackEmulator, database_url: str, tmp_path: Path,
) -> None:
    store = open_store(database_url)  # migrated and seeded before either process starts
    expected = pending(store, DAY)
    assert len(expected) >= 5
    emulator.rate_limit("chat.postMessage", times=1, retry_after=1)

    bots = _start_two(emulator, database_url, tmp_path, DAY, "a")
    try:
        emulator.wait_for("chat.postMessage", count=len(expected) + 1, timeout=60)
        _settle(emulator)
    finally:
        for bot in bots:
            stop_bot(bot)
    # both processes ran the day's nudges against the same rows
    for bot in bots:
        assert "nudges for 2026-10-30:" in bot.output()
    posted = _posted(emulator)
    # one call was answered 429 and retried after Retry-After: its text arrived twice,
    # every other nudge exactly once
    assert sum(posted.values()) == len(expected) + 1
    assert sorted(posted.values()) == [1] * (len(expected) - 1) + [2]
    assert store.sent_nudge_keys() == {n.key for n in expected}
    notice = [k for k in posted if "Sista dag för skriftlig uppsägning av avtalet" in k[1]]
    assert [k[0] for k in notice] == ["#cmv-styrgrupp"]
    # 60 days before 30 December is Saturday 31 October: sent on the Friday, 61 days ahead
    assert "senast 2026-12-30 (onsdag, v. 53), om 61 dagar" in notice[0][1]

    # a restart of both processes the same day posts nothing again
    before = len(emulator.calls("chat.postMessage"))
    bots = _start_two(emulator, database_url, tmp_path, DAY, "b")
    try:
        time.sleep(3)
    finally:
        for bot in bots:
            stop_bot(bot)
    assert len(emulator.calls("chat.postMessage")) == before
    for bot in bots:
        assert "nudges for 2026-10-30: 0 posted" in bot.output()


def test_mark_done_in_slack_stops_the_next_reminder(
    emulator: SlackEmulator, database_url: str, tmp_path: Path,
) -> None:
    store = open_store(database_url)
    occurrence = "cmv-jamtland/uppsagning/2026-12-31"
    bot = start_bot(emulator, database_url, tmp_path / "serve.log")
    emulator.set_members("C0STYR", ["U0ANNA"])  # the responsible channel's members may
    try:
        body, headers = signing.block_actions(
            SIGNING_SECRET, action_id=DONE_ACTION, value=occurrence, user_id="U0ANNA",
            channel_id="C0STYR", response_url=emulator.response_url("done"))
        assert signing.post(bot.url, body, headers)[0] == 200
        [reply] = emulator.wait_for("response_url")
    finally:
        stop_bot(bot)
    assert isinstance(reply, Call) and reply.json is not None
    assert reply.json["replace_original"] is True
    assert "✅ Klar: Sista dag för skriftlig uppsägning av avtalet (CMV Jämtland, 2026-12-31)" in (
        reply.json["text"])
    assert occurrence in store.done_occurrences()
    # the 30-day reminder for CMV's notice day is not due any more; Västra Götaland's is
    thirty = [n for n in pending(store, dt.date(2026, 11, 30))
              if n.occurrence.rule_key == "uppsagning"]
    assert [n.occurrence.agreement_id for n in thirty] == ["vg-familjecentraler"]
