"""Shared fixtures.

``store``: one SQLite database seeded with the bundled agreements, shared by the whole
run — for tests that only read. ``fresh_store``: an empty-then-seeded database per test,
on SQLite and, when ``AVTALSBOT_TEST_DATABASE_URL`` is set, on PostgreSQL too — for tests
that write. ``today`` is the date the issues' examples are written against.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.service import Brain
from storage.database import make_engine
from storage.models import Base
from storage.store import SqlStore, open_store

TODAY = dt.date(2026, 11, 25)
POSTGRES_URL = os.environ.get("AVTALSBOT_TEST_DATABASE_URL")
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, a PostgreSQL URL that does not answer fails the run instead of skipping."""
    if not POSTGRES_URL:
        return
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any driver error means the same: no PostgreSQL
        pytest.exit(f"AVTALSBOT_TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}",
                    returncode=3)


def database_params() -> list[object]:
    params: list[object] = [pytest.param("sqlite", id="sqlite")]
    if POSTGRES_URL:
        params.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))
    return params


def reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqlStore:
    path = tmp_path_factory.mktemp("db") / "shared.db"
    return open_store(f"sqlite:///{path}")


@pytest.fixture(params=database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgres":
        assert POSTGRES_URL is not None
        reset_postgres(POSTGRES_URL)
        yield POSTGRES_URL
    else:
        yield f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def fresh_store(database_url: str) -> Iterator[SqlStore]:
    store = open_store(database_url)
    yield store
    store.engine.dispose()


@pytest.fixture
def brain(store: SqlStore) -> Brain:
    return Brain(store, today=TODAY)
