"""When the database does not answer, users still get an answer within Slack's 3 s — from a
real `avtalsbot serve`, on SQLite and PostgreSQL (issue 9, point 4).

*Lock*: another process holds the write lock (SQLite: a connection in BEGIN IMMEDIATE;
PostgreSQL: LOCK TABLE on the tables a vote and a meeting change write). A question reads
past the lock (WAL, MVCC) and is answered as usual; a vote click and a meeting change are
told "Tillfälligt fel … försök igen om en stund" and that nothing was saved — the voting
card is not replaced — and nothing of them is in the database. After the lock is released
the same click and the same change are stored.

*Partition* (PostgreSQL only — SQLite is a file in the bot's own process, there is no
network to lose): a proxy between `serve` and PostgreSQL goes silent without closing a
socket (``tests.e2e.partition``). Questions and clicks get the "Tillfälligt fel" reply in
time; after healing the same `serve`, never restarted, answers and stores again.

The 3 s is Slack's deadline, not a speed goal: a request Slack does not get an answer to
within it is shown to the user as an error, so each request here is sent with that as its
timeout.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url, text

from bot.server import REVISION_CHECK_SECONDS
from storage.database import make_engine
from storage.store import open_store
from tests import conftest as root
from tests.e2e.conftest import (
    PSEUDONYM_SECRET,
    SIGNING_SECRET,
    SLACK_DEADLINE,
    ServedBot,
    start_bot,
    start_round,
    statement_keys,
    stop_bot,
)
from tests.e2e.partition import SilentProxy
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

CENTRE, COORD, STAFF = "C0RASLATT", "U0SAMORD", ["U0ANNA", "U0BERTIL", "U0CECILIA"]
QUESTION = "vad betalar Krokom 2026?"
KROKOM_2026 = "575\xa0702\xa0kr"
ADD_MEETING = "möte lägg till styrgrupp CMV 2027-02-12 kl 13"
TRY_AGAIN = "Tillfälligt fel: databasen svarar inte just nu"
_names = itertools.count(1)


def ask(bot: ServedBot, text: str, user: str = COORD) -> str:
    """A slash command, answered in its acknowledgement within Slack's deadline."""
    body, headers = signing.slash_command(SIGNING_SECRET, text=text, user_id=user,
                                          channel_id=CENTRE)
    status, reply = signing.post(bot.url, body, headers, timeout=SLACK_DEADLINE)
    assert status == 200
    return str(json.loads(reply)["text"])


def vote(bot: ServedBot, round_id: int, key: str, user: str = STAFF[0]) -> dict[str, Any]:
    """A vote click: acknowledged within Slack's deadline, and its answer on the clicked
    card's response URL."""
    name = f"vote-{next(_names)}"
    body, headers = signing.block_actions(
        SIGNING_SECRET, action_id="refl_vote", value=f"{round_id}|{key}|develop", user_id=user,
        channel_id="D" + user[1:], response_url=bot.emulator.response_url(name))
    status, _ = signing.post(bot.url, body, headers, timeout=SLACK_DEADLINE)
    assert status == 200
    (reply,) = bot.emulator.wait_for("response_url", timeout=SLACK_DEADLINE,
                                     where=lambda c: c.path == f"/response/{name}")
    assert reply.json is not None
    return reply.json


def assert_not_saved(reply: dict[str, Any]) -> None:
    assert TRY_AGAIN in reply["text"] and "Försök igen om en stund" in reply["text"]
    assert "har inte sparats" in reply["text"]
    assert reply["replace_original"] is False  # the card keeps the earlier choice


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another process holding the write lock until the block ends."""
    if url.startswith("sqlite"):
        engine = make_engine(url)
        connection = engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        connection.begin()
    else:
        engine = make_engine(url, statement_timeout=0)
        connection = engine.connect()
        # EXCLUSIVE: every write waits, reads go on (a long maintenance job, a stuck import)
        connection.execute(text("LOCK TABLE reflection_votes, meetings IN EXCLUSIVE MODE"))
    try:
        yield
    finally:
        connection.rollback()
        connection.close()
        engine.dispose()


def recorded(url: str) -> tuple[int, int, int]:
    """Votes, meetings added in chat and audit events: what a half-written change would
    leave behind."""
    engine = make_engine(url)
    with engine.connect() as connection:
        counts = tuple(int(connection.execute(text(query)).scalar_one()) for query in (
            "SELECT count(*) FROM reflection_votes",
            "SELECT count(*) FROM meetings WHERE date = '2027-02-12'",
            "SELECT count(*) FROM audit_events"))
    engine.dispose()
    return counts  # type: ignore[return-value]


def my_votes(url: str, round_id: int, user: str) -> dict[str, str]:
    store = open_store(url)
    store.use_pseudonym_secret(PSEUDONYM_SECRET.encode())
    try:
        return dict(store.my_votes(round_id=round_id, user=user))
    finally:
        store.engine.dispose()


def test_a_held_write_lock_gets_try_again_for_writes_and_answers_for_questions(
        emulator: SlackEmulator, any_database_url: str, tmp_path: Path) -> None:
    bot = start_bot(emulator, any_database_url, tmp_path / "serve.log")
    try:
        round_id = start_round(bot, coordinator=COORD, centre=CENTRE, staff=STAFF)
        key = statement_keys()[0]
        before = recorded(any_database_url)
        with write_lock_held(any_database_url):
            assert KROKOM_2026 in ask(bot, QUESTION)  # reads go past the lock
            assert_not_saved(vote(bot, round_id, key))
            changed = ask(bot, ADD_MEETING)
            assert TRY_AGAIN in changed and "inget har ändrats" in changed
            assert recorded(any_database_url) == before  # nothing half-written
        saved = vote(bot, round_id, key)
        assert "Sparat: 1." in json.dumps(saved, ensure_ascii=False)
        assert saved["replace_original"] is True  # now the card moves on
        assert "Inlagt: Styrgrupp CMV 2027-02-12" in ask(bot, ADD_MEETING)
    finally:
        stop_bot(bot)
    assert my_votes(any_database_url, round_id, STAFF[0]) == {key: "develop"}
    votes, meetings, _ = recorded(any_database_url)
    assert (votes, meetings) == (before[0] + 1, before[1] + 1)
    assert "Traceback" not in bot.output()


@pytest.fixture
def postgres_url() -> str:
    """The run's PostgreSQL database — listed always, skipped visibly without its URL."""
    if not root.POSTGRES_URL:
        pytest.skip("AVTALSBOT_TEST_DATABASE_URL is not set: no PostgreSQL run")
    root.reset_postgres(root.POSTGRES_URL)
    return root.POSTGRES_URL


def test_a_silent_partition_gets_try_again_in_time_and_heals_without_a_restart(
        emulator: SlackEmulator, postgres_url: str, tmp_path: Path) -> None:
    target = make_url(postgres_url)
    proxy = SilentProxy(target.host or "127.0.0.1", target.port or 5432)
    bot = start_bot(emulator, proxy.url_for(postgres_url), tmp_path / "serve.log")
    try:
        round_id = start_round(bot, coordinator=COORD, centre=CENTRE, staff=STAFF)
        keys = statement_keys()
        assert KROKOM_2026 in ask(bot, QUESTION)  # the pool holds live connections now
        with proxy.partitioned():
            # what the process read a moment ago it may answer from memory for up to
            # REVISION_CHECK_SECONDS; past that every question asks the database again
            time.sleep(REVISION_CHECK_SECONDS + 0.2)
            # pooled connections, then fresh ones that cannot connect: each answered in time
            for n, user in enumerate(STAFF):
                asked = ask(bot, QUESTION, user=user)
                assert TRY_AGAIN in asked and "Försök igen om en stund" in asked
                assert_not_saved(vote(bot, round_id, keys[n], user=user))
        # healed: a connect that timed out is not tried again for the connect timeout
        # (storage.database), so the first answer may take that long to come back
        healed = time.monotonic() + 10
        while TRY_AGAIN in (answer := ask(bot, QUESTION)) and time.monotonic() < healed:
            time.sleep(0.2)
        assert KROKOM_2026 in answer
        saved = vote(bot, round_id, keys[0])
        assert "Sparat: 1." in json.dumps(saved, ensure_ascii=False)
        assert bot.process.poll() is None  # the same serve, never restarted
    finally:
        stop_bot(bot)
        proxy.close()
    assert my_votes(postgres_url, round_id, STAFF[0]) == {keys[0]: "develop"}
    for user in STAFF[1:]:
        assert my_votes(postgres_url, round_id, user) == {}
