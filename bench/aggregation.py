"""Self-reflection results at scale, against a hand-written GROUP BY, on SQLite and PostgreSQL.

The same round — 11 700 respondents × 30 statements = 351 000 votes, 2 % with a comment —
measured twice: alone in its database, and as the newest of 290 closed rounds (289 others
of 29 centres over 10 years, 40 respondents each: 346 800 votes more, so the round has a
previous round to compare with). The bot's result (``result_of``: tally, participants, the
centre's previous round and its tally, goals, joint views) is timed against the hand-written
``SELECT statement_key, value, count(*) … WHERE round_id = ? GROUP BY statement_key, value``.
Also shown, without a target: the results of all 290 rounds one by one against one
``GROUP BY round_id, statement_key, value`` over every vote.
Medians of three timings after one warm-up.

Run alone: ``python bench/aggregation.py`` (PostgreSQL at AVTALSBOT_BENCH_POSTGRES_URL,
default postgresql://postgres@127.0.0.1:5432/postgres; left out when it cannot be reached).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from common import median
from sqlalchemy import create_engine, insert, text, update

from commands.reflection.model import Round
from commands.reflection.rules import instrument_of, result_of
from storage.models import ReflectionRespondentRow, ReflectionRoundRow, ReflectionVoteRow
from storage.store import SqlStore, open_store

POSTGRES_URL = os.environ.get("AVTALSBOT_BENCH_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/postgres")
AGREEMENT = "jonkoping-familjecentraler"


@dataclass(frozen=True)
class Figure:
    engine: str
    scenario: str
    votes: int
    ours: float  # seconds
    floor: float  # seconds, the hand-written GROUP BY


def timed(work: Callable[[], object], repeat: int = 3) -> float:
    work()  # warm-up: caches, statement compilation
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return median(timings)


def _fill(store: SqlStore, *, centres: int, years: int,
          respondents: Callable[[int, int], int]) -> list[Round]:
    """``respondents(year, centre)``: how many answered every statement in that round."""
    agreement = store.agreement(AGREEMENT)
    assert agreement is not None and agreement.instrument is not None
    keys = [s.key for c in agreement.instrument.categories for s in c.statements]
    rounds = []
    for year in range(2015, 2015 + years):
        for centre in range(centres):
            round_ = store.open_round(
                agreement_id=AGREEMENT, instrument_key=agreement.instrument.key,
                centre=f"FC Bänk {centre}", channel=f"C0BENCH{centre:03d}", results_channel=None,
                year=year, min_respondents=3, opened_by="U0COORD", closes_on=None,
                participants=[f"U{n:05d}" for n in range(respondents(year, centre))])
            assert round_ is not None
            rows = [{"round_id": round_.id, "pseudonym": f"p{n:05d}", "statement_key": key,
                     "value": "develop" if (n * 7 + k * 3 + year) % 5 == 0 else "works",
                     "comment": "En kommentar om rutinerna" if (n + k) % 50 == 0 else None,
                     "updated_at": dt.datetime(year, 10, 1, tzinfo=dt.UTC)}
                    for n in range(respondents(year, centre)) for k, key in enumerate(keys)]
            with store.transaction() as session:
                for start in range(0, len(rows), 20_000):
                    session.execute(insert(ReflectionVoteRow), rows[start:start + 20_000])
                # what each first vote adds through the store (record_vote)
                session.execute(insert(ReflectionRespondentRow), [
                    {"round_id": round_.id, "pseudonym": f"p{n:05d}"}
                    for n in range(respondents(year, centre))])
                session.execute(update(ReflectionRoundRow)
                                .where(ReflectionRoundRow.id == round_.id)
                                .values(status="closed"))
            closed = store.reflection_round(round_.id)
            assert closed is not None
            rounds.append(closed)
    # what autovacuum / a busy database would have done by the time anyone asks for results
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE reflection_votes"
                                if store.engine.dialect.name == "postgresql" else "ANALYZE"))
    return rounds


def _hand_one(store: SqlStore, round_id: int) -> object:
    with store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT statement_key, value, count(*) FROM reflection_votes "
            "WHERE round_id = :r GROUP BY statement_key, value"), {"r": round_id}).all()


@contextmanager
def _databases(engine: str) -> Iterator[Callable[[str], str]]:
    """Hands out empty databases by name; dropped afterwards."""
    if engine == "SQLite":
        with tempfile.TemporaryDirectory() as folder:
            yield lambda name: f"sqlite:///{folder}/{name}.db"
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def database(name: str) -> str:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE bench_{name}"))
        made.append(name)
        return str(admin.url.set(database=f"bench_{name}").render_as_string(hide_password=False))

    try:
        yield database
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)"))
        admin.dispose()


def postgres_available() -> bool:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def measure(engine: str, log: Callable[[str], None] = print) -> list[Figure]:
    figures = []
    with _databases(engine) as database:
        store = open_store(database("agg_one"))
        found = instrument_of(store)
        assert found is not None
        instrument = found[1]
        (big,) = _fill(store, centres=1, years=1, respondents=lambda year, centre: 11_700)
        figures.append(Figure(engine, "one round exists", 351_000,
                              timed(lambda: result_of(store, big, instrument)),
                              timed(lambda: _hand_one(store, big.id))))
        log(f"{engine} one round: {figures[-1]}")
        store.engine.dispose()

        store = open_store(database("agg_many"))
        rounds = _fill(store, centres=29, years=10, respondents=lambda year, centre: (
            11_700 if (year, centre) == (2024, 28) else 40))
        big = rounds[-1]
        figures.append(Figure(engine, "290 rounds exist", 351_000 + 289 * 1_200,
                              timed(lambda: result_of(store, big, instrument)),
                              timed(lambda: _hand_one(store, big.id))))
        log(f"{engine} 290 rounds, the big one: {figures[-1]}")

        def hand_all() -> object:
            with store.engine.connect() as connection:
                return connection.execute(text(
                    "SELECT round_id, statement_key, value, count(*) FROM reflection_votes "
                    "GROUP BY round_id, statement_key, value")).all()

        def ours_all() -> object:
            return [result_of(store, r, instrument) for r in rounds]

        figures.append(Figure(engine, "all 290 rounds' results", 351_000 + 289 * 1_200,
                              timed(ours_all), timed(hand_all)))
        log(f"{engine} 290 rounds: {figures[-1]}")
        store.engine.dispose()
    return figures


def run(log: Callable[[str], None] = print) -> list[Figure]:
    figures = measure("SQLite", log)
    if postgres_available():
        figures += measure("PostgreSQL", log)
    else:
        log(f"PostgreSQL at {POSTGRES_URL} cannot be reached: left out")
    return figures


if __name__ == "__main__":
    run()
