"""The database defaults that let a bot process and a CLI share one database safely, and the
timeouts that turn a database that does not answer into a prompt reply (issue 9, point 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from bot.render import to_text
from bot.service import Brain
from bot.settings import Settings
from commands.core.answers import Problem
from storage.database import make_engine
from storage.store import SqlStore, open_store
from tests.conftest import POSTGRES_URL, reset_postgres
from tests.stuck_writer import stuck_writer

TRY_AGAIN = ("Tillfälligt fel: databasen svarar inte just nu, så inget har ändrats. "
             "Försök igen om en stund.")


def test_sqlite_uses_wal_a_short_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 2500
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_heroku_style_postgres_url_gets_the_psycopg_driver() -> None:
    engine = make_engine("postgres://someone@db.example/avtal")
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.database == "avtal"
    engine.dispose()


def test_the_timeouts_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_CONNECT_TIMEOUT", "3")
    monkeypatch.setenv("AVTALSBOT_DATABASE_STATEMENT_TIMEOUT", "1.5")
    options = Settings().store_options
    assert (options["connect_timeout"], options["statement_timeout"]) == (3.0, 1.5)
    monkeypatch.delenv("AVTALSBOT_DATABASE_CONNECT_TIMEOUT")
    monkeypatch.delenv("AVTALSBOT_DATABASE_STATEMENT_TIMEOUT")
    options = Settings().store_options
    assert (options["connect_timeout"], options["statement_timeout"]) == (2.0, 2.5)


def test_a_write_behind_another_process_s_lock_fails_instead_of_hanging(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    store = open_store(url, statement_timeout=0.3)
    other = make_engine(url)
    with other.connect().execution_options(sqlite_begin="IMMEDIATE") as holder:
        holder.begin()  # another process writing, and stuck
        with pytest.raises(OperationalError, match="database is locked"):
            store.mark_occurrence_done(occurrence_key="occ", user="U1")
        holder.rollback()
    assert store.mark_occurrence_done(occurrence_key="occ", user="U1")
    other.dispose()
    store.engine.dispose()


def test_threads_queued_behind_a_stuck_writer_fail_too(tmp_path: Path) -> None:
    """The in-process writer queue is bounded as well, not one busy timeout per thread."""
    store = open_store(f"sqlite:///{tmp_path / 'queue.db'}", statement_timeout=0.3)
    with stuck_writer(store), pytest.raises(RuntimeError, match="write lock is held elsewhere"):
        store.mark_occurrence_done(occurrence_key="occ", user="U1")
    store.engine.dispose()


postgres = pytest.mark.skipif(not POSTGRES_URL, reason="AVTALSBOT_TEST_DATABASE_URL is not set")


@postgres
def test_postgres_statement_timeout_is_real() -> None:
    assert POSTGRES_URL is not None
    engine = make_engine(POSTGRES_URL, statement_timeout=0.3)
    with engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "300ms"
        with pytest.raises(OperationalError, match="statement timeout"):
            connection.execute(text("SELECT pg_sleep(5)"))
    engine.dispose()


@postgres
def test_a_question_against_a_stuck_database_gets_the_try_again_reply() -> None:
    """A lock held elsewhere (as good as a partition for the asker): the question is
    cancelled by the statement timeout and the user is told to try again shortly."""
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    store = open_store(POSTGRES_URL, statement_timeout=0.5)
    blocker = make_engine(POSTGRES_URL, statement_timeout=0)
    with blocker.connect() as connection:
        connection.execute(text("LOCK TABLE agreements IN ACCESS EXCLUSIVE MODE"))
        answer = Brain(store).ask("vad betalar Krokom 2026?")
        connection.rollback()
    assert isinstance(answer, Problem)
    assert to_text(answer) == TRY_AGAIN
    assert "575\xa0702\xa0kr" in to_text(Brain(store).ask("vad betalar Krokom 2026?"))
    blocker.dispose()
    store.engine.dispose()


def test_the_cheap_head_check_agrees_with_alembic(fresh_store: SqlStore) -> None:
    """`avtalsbot ask` skips Alembic when the database is at head: the head read from the
    migration files is Alembic's own, and a database that records an older one is not
    taken to be current."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.database import MIGRATIONS, at_head, head_revision, migrate

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
    engine = fresh_store.engine
    assert at_head(engine)  # the fixture's database was migrated
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    assert not at_head(engine)
    migrate(engine, "0003")  # no-op: it says 0003 already
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :h"),
                           {"h": head_revision()})
    assert at_head(engine)


@postgres
def test_a_server_that_never_answers_is_given_up_on_but_a_chosen_timeout_is_kept() -> None:
    """Behind a proxy gone silent the server's statement_timeout, keepalives and
    tcp_user_timeout see nothing wrong: the client's own bound ends the wait, and the pool
    connects afresh once the network is back. A transaction that sets its own
    statement_timeout (a migration, a bulk import) is not cut by that bound."""
    from tests.e2e.partition import SilentProxy

    assert POSTGRES_URL is not None
    server = make_url(POSTGRES_URL)
    proxy = SilentProxy(server.host or "127.0.0.1", server.port or 5432)
    engine = make_engine(proxy.url_for(POSTGRES_URL), statement_timeout=0.3)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
            with proxy.partitioned(), pytest.raises(OperationalError,
                                                    match="no answer from the database"):
                connection.execute(text("SELECT 2"))
        with engine.connect() as connection:  # healed: a fresh connection, same engine
            assert connection.execute(text("SELECT 3")).scalar() == 3
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL statement_timeout = 0"))
            assert connection.execute(text("SELECT 1 FROM pg_sleep(1)")).scalar() == 1
    finally:
        engine.dispose()
        proxy.close()
