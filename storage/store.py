"""``SqlStore``: the database behind the ``commands.core.ports.Store`` protocol.

Every method opens its own short transaction and returns plain objects. Agreements are
read often and change rarely, so they are cached per process and re-read only when the
database's agreement revision (latest ``updated_at`` and count) differs — which also picks
up a meeting another bot process added.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from commands.core.agreement import Agreement, Meeting, PopulationFigure
from commands.core.document import Document
from storage import documents as document_files
from storage import files
from storage.database import make_engine, make_sessions, migrate
from storage.models import AgreementRow
from storage.queries import agreements as agreement_queries
from storage.queries import documents as document_queries
from storage.queries import events as event_queries
from storage.queries import nudges as nudge_queries
from storage.queries import population as population_queries
from storage.reflection_store import ReflectionStorage


class SqlStore(ReflectionStorage):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = make_sessions(engine)
        self._lock = threading.Lock()
        self._cache: tuple[object, list[Agreement]] | None = None
        self._documents: tuple[object, list[Document]] | None = None
        # SQLite has one writer at a time, and a writer that finds the file locked sleeps in
        # growing steps (busy_timeout): ten threads voting at once fell to 5 votes a second.
        # Within a process, writers queue on this lock instead and hand over at once; other
        # processes still wait through busy_timeout. PostgreSQL needs no such lock.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: all or nothing (on SQLite it takes the write lock at once)."""
        with self._writer, self.sessions.begin() as session:
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session

    # --- agreements -------------------------------------------------------------------

    def agreements(self) -> Sequence[Agreement]:
        with self.sessions() as session:
            revision = session.execute(
                select(func.max(AgreementRow.updated_at), func.count(AgreementRow.id))
            ).one()
            key = tuple(revision)
            with self._lock:
                if self._cache is not None and self._cache[0] == key:
                    return self._cache[1]
            loaded = agreement_queries.load_agreements(session=session)
        with self._lock:
            self._cache = (key, loaded)
        return loaded

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements() if a.id == agreement_id), None)

    def documents(self) -> Sequence[Document]:
        """Every document of every source; cached per process like the agreements, and
        re-read when the table's revision moves (another process re-seeded)."""
        with self.sessions() as session:
            key = document_queries.document_revision(session=session)
            with self._lock:
                if self._documents is not None and self._documents[0] == key:
                    return self._documents[1]
            loaded = document_queries.load_documents(session=session)
        with self._lock:
            self._documents = (key, loaded)
        return loaded

    def save_documents(self, documents: Sequence[Document]) -> None:
        """Insert or replace documents by id, all in one transaction."""
        with self.transaction() as session:
            document_queries.save_documents(documents, session=session)

    def save_agreements(self, agreements: Sequence[Agreement]) -> None:
        """Insert or replace agreements, all in one transaction: all or nothing."""
        with self.transaction() as session:
            for agreement in agreements:
                agreement_queries.save_agreement(agreement, session=session)
                self._touch(session, agreement.id)

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting) -> bool:
        return self._change_meetings(agreement_queries.add_meeting, agreement_id=agreement_id,
                                     body_key=body_key, meeting=meeting)

    def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date) -> bool:
        return self._change_meetings(agreement_queries.remove_meeting,
                                     agreement_id=agreement_id, body_key=body_key, date=date)

    def move_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                     meeting: Meeting) -> bool:
        return self._change_meetings(agreement_queries.move_meeting, agreement_id=agreement_id,
                                     body_key=body_key, date=date, meeting=meeting)

    def _change_meetings(self, change: Callable[..., bool], *, agreement_id: str,
                         **arguments: object) -> bool:
        """Run one meeting query in its own transaction; a change makes every process's
        agreement cache stale (the revision moves)."""
        with self.transaction() as session:
            changed = change(session=session, agreement_id=agreement_id, **arguments)
            if changed:
                self._touch(session, agreement_id)
        return changed

    @staticmethod
    def _touch(session: Session, agreement_id: str) -> None:
        session.flush()
        session.execute(
            update(AgreementRow)
            .where(AgreementRow.id == agreement_id)
            .values(updated_at=dt.datetime.now(dt.UTC))
        )

    # --- population -------------------------------------------------------------------

    def population_figures(self) -> Sequence[PopulationFigure]:
        with self.sessions() as session:
            return population_queries.population_figures(session=session)

    def add_population_figures(self, figures: Sequence[PopulationFigure]) -> int:
        with self.transaction() as session:
            return population_queries.add_population_figures(figures, session=session)

    # --- nudges -----------------------------------------------------------------------

    def first_time_event(self, event_id: str) -> bool:
        """Claim a Slack event id; False when any process already answered it."""
        now = dt.datetime.now(dt.UTC)
        with self.transaction() as session:
            if not event_queries.claim_event(session=session, event_id=event_id, now=now):
                return False
            event_queries.forget_old_events(session=session, now=now)
            return True

    def sent_nudge_keys(self) -> set[str]:
        with self.sessions() as session:
            return nudge_queries.sent_keys(session=session)

    def done_occurrences(self) -> set[str]:
        with self.sessions() as session:
            return nudge_queries.done_occurrences(session=session)

    def mark_occurrence_done(self, *, occurrence_key: str, user: str) -> bool:
        with self.transaction() as session:
            return nudge_queries.mark_done(session=session, occurrence_key=occurrence_key,
                                           user=user)

    def send_nudge_once(self, *, key: str, occurrence_key: str, channel: str, lead_days: int,
                        late: bool, claimed_by: str, post: Callable[[], str | None]) -> bool:
        """Claim the nudge and post it in one transaction; False if it was already claimed.

        ``post`` sends the message and returns its ts; if it raises, nothing is recorded
        and the nudge stays due.
        """
        with self.transaction() as session:
            if not nudge_queries.claim(session=session, key=key, occurrence_key=occurrence_key,
                                       channel=channel, lead_days=lead_days, late=late,
                                       claimed_by=claimed_by):
                return False
            session.flush()
            nudge_queries.mark_sent(session=session, key=key, message_ts=post())
        return True


def seed(store: SqlStore, paths: Sequence[Path] | None = None) -> list[Agreement]:
    """(Re)load the bundled agreements: idempotent, one transaction."""
    agreements = [files.read_agreement(p) for p in (paths or files.bundled_paths())]
    ordered = sorted(agreements, key=lambda a: a.source_document)
    with store.transaction() as session:
        for position, agreement in enumerate(ordered):
            agreement_queries.save_agreement(agreement, session=session, position=position)
            store._touch(session, agreement.id)
        document_queries.save_documents(document_files.bundled_documents(), session=session)
    return ordered


def open_store(url: str, *, seed_if_empty: bool = True) -> SqlStore:
    """Connect, migrate, and load the bundled agreements into a fresh database."""
    store = SqlStore(make_engine(url))
    migrate(store.engine)
    if seed_if_empty:
        with store.sessions() as session:
            empty = session.scalar(select(func.count(AgreementRow.id))) == 0
        if empty:
            # another process, starting at the same moment, may have seeded it first
            with suppress(IntegrityError):
                seed(store)
        elif not store.documents():
            # a database from before the documents existed: add them, touch nothing else
            with suppress(IntegrityError):
                store.save_documents(document_files.bundled_documents())
    return store
