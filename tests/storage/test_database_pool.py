"""The connection pool is sized from the thread settings (one connection for each thread of
`serve` that may use the database at once) or set outright, and every way bot/ opens the
database passes it, with the timeouts (Settings.store_options)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot import server
from bot.cli.common import cli_store, settings_problems
from bot.settings import BACKGROUND_THREADS, DELIVERY_WORKERS, Settings
from storage.database import make_engine

BOT = Path(__file__).resolve().parents[2] / "bot"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("AVTALSBOT_HTTP_THREADS", "AVTALSBOT_DATABASE_POOL_SIZE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'pool.db'}")
    return monkeypatch


def test_the_pool_has_a_connection_for_every_thread_that_may_use_the_database(
        env: pytest.MonkeyPatch) -> None:
    # 16 request threads, 16 listener threads, two delivery queues of 4, and the nudge
    # scheduler, the reflection clock and the health check: SQLAlchemy's 5 + 10 was too few
    assert Settings().store_options["pool_size"] == 16 + 16 + 2 * 4 + 3 == 43
    env.setenv("AVTALSBOT_HTTP_THREADS", "4")
    assert Settings().store_options["pool_size"] == (2 * 4 + 2 * DELIVERY_WORKERS
                                                      + BACKGROUND_THREADS)
    env.setenv("AVTALSBOT_DATABASE_POOL_SIZE", "25")
    assert Settings().store_options["pool_size"] == 25


def test_serve_and_the_cli_open_the_database_with_the_pool_and_the_timeouts(
        env: pytest.MonkeyPatch) -> None:
    env.setenv("AVTALSBOT_HTTP_THREADS", "3")
    env.setenv("AVTALSBOT_DATABASE_STATEMENT_TIMEOUT", "0.7")
    settings = Settings()
    for store in (server.open_database(settings), cli_store(settings)):
        assert store.engine.pool.size() == 2 * 3 + 2 * DELIVERY_WORKERS + BACKGROUND_THREADS
        with store.engine.connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy == 700
        store.engine.dispose()


def test_every_open_store_and_make_engine_in_bot_takes_the_settings_options() -> None:
    calls = [(path.relative_to(BOT.parent), line.strip())
             for path in BOT.rglob("*.py")
             for line in path.read_text(encoding="utf-8").splitlines()
             if re.search(r"\b(open_store|make_engine)\(", line)
             and not line.lstrip().startswith(("def ", '"""', "#"))]
    assert calls, "no call found: the search is broken"
    for where, line in calls:
        assert "(**settings.store_options" in line, f"{where}: {line}"


def test_the_pool_size_is_checked_like_the_other_settings(env: pytest.MonkeyPatch) -> None:
    env.setenv("AVTALSBOT_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ValidationError) as raised:
        Settings()
    assert settings_problems(raised.value) == [
        "miljövariabeln AVTALSBOT_DATABASE_POOL_SIZE: ska vara minst 1 (nu: '0')"]


def test_the_engine_keeps_at_most_pool_size_connections(database_url: str) -> None:
    engine = make_engine(database_url, pool_size=2, connect_timeout=0.2)
    assert engine.pool.size() == 2
    held = [engine.connect(), engine.connect()]
    with pytest.raises(PoolTimeout, match="QueuePool limit of size 2 overflow 0 reached"):
        engine.connect()
    for connection in held:
        connection.close()
    engine.dispose()
    default = make_engine(database_url)
    assert default.pool.size() == 5  # SQLAlchemy's, for tests and benchmarks
    default.dispose()


def test_an_in_memory_database_has_no_pool_to_size() -> None:
    engine = make_engine("sqlite://", pool_size=7)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
