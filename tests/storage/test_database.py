"""The SQLite defaults that let a bot process and a CLI share one file safely."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.database import make_engine


def test_sqlite_uses_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_heroku_style_postgres_url_gets_the_psycopg_driver() -> None:
    engine = make_engine("postgres://someone@db.example/avtal")
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.database == "avtal"
    engine.dispose()
