"""Engine, sessions and migrations.

SQLite by default (WAL, so readers never wait for the writer, and a busy timeout so a
second process waits a little instead of failing at once); PostgreSQL by URL. Every wait is
bounded (see ``make_engine``). Migrations run on start;
on PostgreSQL under an advisory lock so several bot processes starting together migrate
once. A database already at the newest revision is recognised by one cheap read, without
importing Alembic (a third of `avtalsbot ask`'s start-up).
"""

from __future__ import annotations

import math
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 741_852_963  # arbitrary, constant: the advisory lock id for migrations


# Slack wants an answer within 3 s. A database that does not answer (a network partition,
# a lock held elsewhere) must turn into the bot's "try again shortly" reply before that,
# never into a hanging request: connecting, waiting for a lock or a pooled connection, and
# each statement are bounded. Settings: AVTALSBOT_DATABASE_CONNECT_TIMEOUT and
# AVTALSBOT_DATABASE_STATEMENT_TIMEOUT (bot/settings.py), same defaults.
CONNECT_TIMEOUT = 2.0
STATEMENT_TIMEOUT = 2.5


def make_engine(url: str, *, connect_timeout: float = CONNECT_TIMEOUT,
                statement_timeout: float = STATEMENT_TIMEOUT,
                pool_size: int | None = None) -> Engine:
    """An engine whose every wait is bounded (seconds; 0 means no limit).

    ``pool_size``: the most connections the engine keeps and opens (no overflow beyond
    it), so that the number a process may hold is one number the operator can add up
    across processes; None keeps SQLAlchemy's default (5, and 10 more when busy). An
    in-memory SQLite database has one connection per thread and no such pool.

    SQLite: ``statement_timeout`` is the busy timeout, how long a writer waits for another
    process's write lock. PostgreSQL: libpq's ``connect_timeout`` (whole seconds, at least
    2), the server's ``statement_timeout``, TCP keepalives and ``tcp_user_timeout`` so a
    partition that drops packets breaks the connection. None of those ends the wait when the
    peer acknowledges but never answers (a proxy whose database went away, tested in
    tests/e2e/test_serve_database_away.py): each wait for the server is also bounded here,
    by the client (see ``_bound_every_wait``). On both, a thread waits no longer than the
    connect timeout for a free connection from the pool.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    pool_timeout = connect_timeout or 30.0
    pool: dict[str, Any] = {"pool_timeout": pool_timeout}
    if pool_size is not None:
        pool.update(pool_size=pool_size, max_overflow=0)
    if url.startswith("sqlite"):
        busy_ms = round(statement_timeout * 1000)
        if make_url(url).database in (None, "", ":memory:"):
            pool = {}
        engine = create_engine(url, connect_args={"timeout": statement_timeout,
                                                  "check_same_thread": False}, **pool)
        event.listen(engine, "connect",
                     lambda connection, record: _sqlite_pragmas(connection, busy_ms))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if connect_timeout:
        seconds = max(2, math.ceil(connect_timeout))
        connect_args.update(connect_timeout=seconds, keepalives=1, keepalives_idle=1,
                            keepalives_interval=1, keepalives_count=seconds,
                            tcp_user_timeout=seconds * 1000)
    if statement_timeout:
        connect_args["options"] = f"-c statement_timeout={round(statement_timeout * 1000)}"
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **pool)
    if statement_timeout:
        _bound_every_wait(engine, statement_timeout + _ANSWER_MARGIN,
                          quiet=float(connect_args.get("connect_timeout", 0)))
    return engine


# The server's own cancellation (statement_timeout) should win when the server answers at
# all, so the client waits a little longer than that; a pooled connection's liveness check
# (pre-ping, an empty query) answers in milliseconds, and a short bound on it leaves time to
# connect afresh (connect_timeout) within Slack's 3 s.
_ANSWER_MARGIN = 0.2
_PING_BOUND = 0.5
_OWN_TIMEOUT = re.compile(r"\s*SET\s+(LOCAL\s+|SESSION\s+)?statement_timeout\b", re.IGNORECASE)


def _bound_every_wait(engine: Engine, seconds: float, *, quiet: float) -> None:
    """A server that does not answer within ``seconds`` is given up on: the connection is
    closed, the statement raises ``OperationalError`` and the pool drops the connection, so
    the request gets its "try again" reply in time and the next one connects afresh.

    The bound is the connection's (``BoundedConnection.bound``): short for the pool's
    liveness check, ``seconds`` while checked out, and lifted for the rest of a checkout
    whose transaction sets its own ``statement_timeout`` (a migration, a bulk import):
    those have chosen how long to wait.

    A connection attempt that timed out is not repeated for ``quiet`` seconds (the connect
    timeout): a request that reads twice — a question whose first reading is allowed to
    fail — would otherwise wait two connect timeouts, past Slack's 3 s.
    """
    connection_class = bounded_connection_class()
    unanswered_until = [0.0]  # monotonic time until which connecting is not tried again

    @event.listens_for(engine, "do_connect")
    def connect(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        if time.monotonic() < unanswered_until[0]:
            raise connection_class.unanswered("a connection attempt just timed out")
        try:
            connection = connection_class.connect(*cargs, **cparams)
        except connection_class.timed_out:
            unanswered_until[0] = time.monotonic() + quiet
            raise
        connection.bound = seconds
        return connection

    @event.listens_for(engine, "checkout")
    def checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        dbapi_connection.bound = seconds

    @event.listens_for(engine, "checkin")
    def checkin(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None:  # None: invalidated on the way back
            dbapi_connection.bound = _PING_BOUND

    @event.listens_for(engine, "before_cursor_execute")
    def own_timeout(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        if _OWN_TIMEOUT.match(statement):
            connection.connection.driver_connection.bound = None


@lru_cache(maxsize=1)
def bounded_connection_class() -> Any:
    """psycopg's connection with a bound on every wait for the server (psycopg is imported
    only for PostgreSQL: SQLite users never pay for it)."""
    import psycopg
    from psycopg import errors

    class BoundedConnection(psycopg.Connection[Any]):
        bound: float | None = None
        unanswered = psycopg.OperationalError
        timed_out = errors.ConnectionTimeout

        def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
            if timeout is not None or self.bound is None:  # the caller's own (notifies)
                return super().wait(gen, interval, timeout)
            try:
                return super().wait(gen, interval, self.bound)
            except errors._WaitTimeout:  # psycopg's own, raised only for the bound
                self.pgconn.finish()  # the protocol is mid-way: this connection is done
                raise psycopg.OperationalError(
                    f"no answer from the database within {self.bound} s; connection closed"
                ) from None

    return BoundedConnection


def ping(engine: Engine, *, timeout: float = STATEMENT_TIMEOUT) -> None:
    """Ask the database one cheap question, as boundedly as every other; raise when it does
    not answer (for a health check).

    PostgreSQL: ``SELECT 1`` on a pooled connection (pre-pinged: a dead one is replaced, and
    a server that is gone fails within the connect timeout). SQLite: a new connection that
    may not create the file reads its schema. A pooled one would still answer from a file
    that was deleted, replaced or made unreadable, as it keeps the old one open; ``timeout``
    is its busy timeout, the engine's statement timeout.
    """
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database not in (None, "", ":memory:"):
        import sqlite3
        import urllib.parse

        uri = f"file:{urllib.parse.quote(str(database))}?mode=rw"
        fresh = sqlite3.connect(uri, uri=True, timeout=timeout)
        try:
            fresh.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            fresh.close()
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _sqlite_pragmas(dbapi_connection: Any, busy_ms: int) -> None:
    # Let SQLAlchemy, not the sqlite3 module, emit BEGIN: the module's own transaction
    # handling breaks SAVEPOINTs (a rolled-back savepoint would still be committed).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Writers ask for BEGIN IMMEDIATE (execution option sqlite_begin): they take the write
    # lock up front and wait for it (busy_timeout) instead of failing halfway in WAL mode.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest revision, read from the migration files' own ``revision`` and
    ``down_revision`` lines: the one revision no other one builds on. None when that is
    not clear-cut (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", source, re.MULTILINE)
        if found is None:
            return None
        revisions.add(found.group(1))
        parent = re.search(r"^down_revision\s*=(.*)$", source, re.MULTILINE)
        if parent is not None:  # None, one id, or a tuple of ids (a merge)
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", parent.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """True when the database records the newest revision (one read; no Alembic)."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet: a fresh database
        return False
    head = head_revision()
    return head is not None and [v for (v,) in versions] == [head]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default; a no-op when it already is).

    On SQLite, foreign keys are switched off for the migration (and checked after it):
    Alembic's batch mode copies a table and drops the old one, and with foreign keys on that
    DROP would cascade into the rows referring to it (migration 0004 copies
    ``reflection_rounds``, which every vote refers to). The pragma has no effect inside a
    transaction, so it is set on the driver's connection before the transaction begins.
    """
    if revision == "head" and at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # a schema change may wait for other sessions' locks and copy tables:
                    # not bounded by the interactive statement timeout
                    connection.execute(text("SET LOCAL statement_timeout = 0"))
                    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"),
                                       {"id": _MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys=ON")


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
