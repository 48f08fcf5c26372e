"""A database that does not answer in time is worded apart from a bug (issue 9, point 4):
"Tillfälligt fel …, försök igen om en stund", and after a click that what was chosen was not
saved — while a real bug still gets the apology that says it is logged. The locks here are
real (another connection's BEGIN IMMEDIATE, a writer stuck in this process); the end-to-end
cases against a real `serve` are in tests/e2e/test_serve_database_away.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.render import to_text
from bot.service import Brain
from commands.core.answers import Problem
from storage.database import make_engine
from storage.store import DatabaseBusy, SqlStore, open_store
from tests.conftest import TODAY
from tests.stuck_writer import stuck_writer

NOT_SAVED = ("Tillfälligt fel: databasen svarar inte just nu, så det du valde har inte "
             "sparats. Försök igen om en stund.")
NOTHING_CHANGED = ("Tillfälligt fel: databasen svarar inte just nu, så inget har ändrats. "
                   "Försök igen om en stund.")
NOT_SAVED_EN = ("Temporary error: the database is not answering right now, so your choice "
                "was not saved. Please try again shortly.")
BUG = "Något gick fel hos mig när jag skulle svara. Försök igen om en stund; felet är loggat."
STAFF = "U0ANNA"
STATEMENT = "halsoframjande-arena"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = open_store(f"sqlite:///{tmp_path / 'away.db'}", statement_timeout=0.3)
    opened.use_pseudonym_secret(b"away-test-pseudonym-secret")
    yield opened
    opened.engine.dispose()


def open_round(store: SqlStore) -> int:
    agreement = next(a for a in store.agreements() if a.instrument)
    assert agreement.instrument is not None
    opened = store.open_round(agreement_id=agreement.id, instrument_key=agreement.instrument.key,
                              centre="FC Test", channel="C0FC", results_channel=None,
                              year=TODAY.year, min_respondents=3, opened_by="U0SAMORD",
                              closes_on=None, participants=[STAFF, "U0BERTIL", "U0CECILIA"])
    assert opened is not None
    return opened.id


def vote(brain: Brain, round_id: int, choice: str = "develop") -> str:
    answer = brain.act("refl_vote", f"{round_id}|{STATEMENT}|{choice}", user=STAFF,
                       channel="D0ANNA")
    return to_text(answer)


def test_a_vote_behind_another_process_s_write_lock_says_it_was_not_saved(
        store: SqlStore, caplog: pytest.LogCaptureFixture) -> None:
    round_id = open_round(store)
    brain = Brain(store, today=TODAY)
    other = make_engine(str(store.engine.url))
    with other.connect().execution_options(sqlite_begin="IMMEDIATE") as holder:
        holder.begin()  # another process writing, and stuck
        with caplog.at_level(logging.INFO):
            refused = vote(brain, round_id)
        # a question only reads: WAL lets it through while the writer holds the lock
        assert "575\xa0702\xa0kr" in to_text(brain.ask("vad betalar Krokom 2026?"))
        holder.rollback()
    assert refused == NOT_SAVED
    assert store.my_votes(round_id=round_id, user=STAFF) == {}
    # logged as a database that did not answer: no traceback, no statement, no parameters
    assert "the database did not answer (OperationalError)" in caplog.text
    assert "INSERT" not in caplog.text and STATEMENT not in caplog.text
    assert "Traceback" not in caplog.text
    assert "Sparat: 1. Hälsofrämjande arena" in vote(brain, round_id)  # the lock is gone
    assert store.my_votes(round_id=round_id, user=STAFF) == {STATEMENT: "develop"}
    other.dispose()


def test_a_vote_queued_behind_a_stuck_writer_in_this_process_says_the_same(
        store: SqlStore) -> None:
    round_id = open_round(store)
    with stuck_writer(store):
        refused = vote(Brain(store, today=TODAY), round_id)
    assert refused == NOT_SAVED  # DatabaseBusy
    assert store.my_votes(round_id=round_id, user=STAFF) == {}


@pytest.mark.parametrize("error", [
    OperationalError("SELECT secret", {"text": "Mer tid behövs"},
                     Exception("canceling statement due to statement timeout")),
    PoolTimeout("QueuePool limit of size 5 overflow 10 reached"),
    DatabaseBusy("the database's write lock is held elsewhere"),
], ids=["statement-timeout", "no-pooled-connection", "busy"])
def test_a_question_and_the_home_tab_say_try_again_for_every_kind_of_silence(
        store: SqlStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        error: Exception) -> None:
    def away() -> None:
        raise error

    brain = Brain(store, today=TODAY)
    monkeypatch.setattr(store, "agreements", away)
    monkeypatch.setattr(store, "documents", away)
    with caplog.at_level(logging.INFO):
        asked = brain.ask("vad betalar Krokom 2026?")
        clicked = brain.act("costs.split", "krokom|2026", user=STAFF, channel="C0STYR")
    assert isinstance(asked, Problem) and to_text(asked) == NOTHING_CHANGED
    assert to_text(clicked) == NOT_SAVED
    assert "Mer tid behövs" not in caplog.text and "SELECT secret" not in caplog.text
    home = to_text(brain.home(user=STAFF))
    assert home == NOTHING_CHANGED


def test_the_reply_follows_the_asker_s_language(store: SqlStore,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def away() -> None:
        raise DatabaseBusy("the database's write lock is held elsewhere")

    monkeypatch.setattr(store, "agreements", away)
    monkeypatch.setattr(store, "documents", away)
    brain = Brain(store, today=TODAY)
    assert to_text(brain.ask("how much does Krokom pay in 2026?")) == (
        "Temporary error: the database is not answering right now, so nothing was changed. "
        "Please try again shortly.")
    monkeypatch.setattr(brain, "language", lambda text, user: "en")
    assert to_text(brain.act("costs.split", "krokom|2026", user=STAFF, channel=None)) == (
        NOT_SAVED_EN)


def test_a_bug_still_gets_the_apology_and_its_traceback_in_the_log(
        store: SqlStore, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        raise KeyError("a bug, not the database")

    monkeypatch.setattr(store, "agreements", broken)
    monkeypatch.setattr(store, "documents", broken)
    brain = Brain(store, today=TODAY)
    with caplog.at_level(logging.INFO):
        asked = to_text(brain.ask("vad betalar Krokom 2026?"))
    assert asked == BUG
    assert "Tillfälligt fel" not in to_text(brain.act("costs.split", "krokom|2026", user=STAFF,
                                                      channel=None))
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
