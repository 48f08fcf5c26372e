"""The pseudonym secret's check value: stored with the first vote, never the secret, and the
first secret stays the reference (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.queries import pseudonym_check
from storage.store import SqlStore

pytestmark = pytest.mark.postgres

FIRST = b"den-forsta-hemligheten"
SECOND = b"en-helt-annan-hemlighet"


def vote(store: SqlStore, user: str) -> None:
    agreement = next(a for a in store.agreements() if a.instrument is not None)
    assert agreement.instrument is not None
    opened = store.open_round(
        agreement_id=agreement.id, instrument_key=agreement.instrument.key, centre=f"FC {user}",
        channel=f"C0{user}", results_channel=None, year=2026, min_respondents=3,
        opened_by="U0SAMORD", closes_on=None, participants=[user])
    assert opened is not None
    key = agreement.instrument.statements()[0].key
    assert store.record_vote(round_id=opened.id, user=user, statement_key=key, value="works")


def stored(store: SqlStore) -> str | None:
    with store.sessions() as session:
        return pseudonym_check.stored(session=session)


def test_the_first_vote_stores_the_check_value_and_the_first_secret_stays(
        fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(FIRST)
    assert stored(fresh_store) is None
    vote(fresh_store, "U0ANNA")
    assert stored(fresh_store) == pseudonym_check.check_value(FIRST)
    fresh_store.use_pseudonym_secret(SECOND)  # a process started with another secret
    vote(fresh_store, "U0BERTIL")
    assert stored(fresh_store) == pseudonym_check.check_value(FIRST)
    assert pseudonym_check.check_value(FIRST) != pseudonym_check.check_value(SECOND)


def test_the_secret_itself_is_nowhere_in_the_database(fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(FIRST)
    vote(fresh_store, "U0ANNA")
    with fresh_store.engine.connect() as connection:
        row = connection.execute(text("SELECT check_value FROM pseudonym_check")).one()
    assert FIRST.decode() not in row[0] and FIRST.hex() not in row[0]
    assert len(row[0]) == 64
