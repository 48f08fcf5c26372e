"""Shared fixtures.

``store``: one SQLite database seeded with the bundled agreements, shared by the whole
run — for tests that only read. ``fresh_store``: an empty-then-seeded database per test,
on SQLite and, when ``AVTALSBOT_TEST_DATABASE_URL`` is set, on PostgreSQL too — for tests
that write. ``today`` is the date the issues' examples are written against.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text

from bot.service import Brain
from storage.database import make_engine
from storage.models import Base
from storage.store import SqlStore, open_store

TODAY = dt.date(2026, 11, 25)
POSTGRES_URL = os.environ.get("AVTALSBOT_TEST_DATABASE_URL")
# The project's shared material (the four source documents, Slack's manifest schema and
# payload fixtures) lives beside the repository, not in it; AVTALSBOT_SHARED_DIR points
# elsewhere (CI sets it). Tests that need it skip with a reason when it is absent.
SHARED = Path(os.environ.get("AVTALSBOT_SHARED_DIR")
              or Path(__file__).resolve().parents[1].parent / "shared")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, a PostgreSQL URL that does not answer fails the run instead of skipping.

    The run gets a database of its own on that server (created here, dropped at the end),
    so two runs at once — two developers, CI beside a session — never reset each other's
    tables.
    """
    global POSTGRES_URL
    if not POSTGRES_URL:
        return
    try:
        POSTGRES_URL = _create_run_database(POSTGRES_URL)
    except Exception as error:  # any driver error means the same: no PostgreSQL
        pytest.exit(f"AVTALSBOT_TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}",
                    returncode=3)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start real processes (serve, the emulator, the deploy entrypoint) run one
    after another on one worker: each has a timing window of its own that two at once on a
    small machine could miss. Everything else spreads over the other workers."""
    for item in items:
        if item.path.parent.name in ("e2e", "deploy"):
            item.add_marker(pytest.mark.xdist_group("processes"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if POSTGRES_URL and os.environ.get("AVTALSBOT_TEST_DATABASE_URL") != POSTGRES_URL:
        _drop_run_database(POSTGRES_URL)


def _admin_engine(url: str) -> Engine:
    # creating and dropping a database may take longer than a question's statement timeout
    return make_engine(url, statement_timeout=0).execution_options(isolation_level="AUTOCOMMIT")


def _create_run_database(url: str) -> str:
    name = f"avtalsbot_test_{os.getpid()}_{secrets.token_hex(3)}"
    engine = _admin_engine(url)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop_run_database(run_url: str) -> None:
    name = make_url(run_url).database
    engine = _admin_engine(os.environ["AVTALSBOT_TEST_DATABASE_URL"])
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def database_params() -> list[object]:
    params: list[object] = [pytest.param("sqlite", id="sqlite")]
    if POSTGRES_URL:
        params.append(pytest.param("postgres", id="postgres", marks=pytest.mark.postgres))
    return params


def reset_postgres(url: str) -> None:
    engine = make_engine(url, statement_timeout=0)
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
    opened = open_store(f"sqlite:///{path}")
    opened.use_pseudonym_secret(b"shared-test-pseudonym-secret")  # as every mouth opens it
    return opened


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
