"""``SqlStore``: the database behind the ``commands.core.ports.Store`` protocol.

Every method opens its own short transaction and returns plain objects. Agreements are
read often and change rarely, so they are cached per process and re-read only when the
database's agreement revision (latest ``updated_at`` and count) differs — which also picks
up a meeting another bot process added. Asking the revision was a quarter of a question's
CPU under load, so `serve` asks it at most once per ``revision_check_interval`` seconds
(changes made through this store clear the cache at once; another process's change is seen
within the interval). The default, 0, asks every time.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from commands.core.agreement import Agreement, Meeting, PopulationFigure
from commands.core.document import Document
from commands.core.ports import SYSTEM_ACTOR, AuditEvent, RoleGrant
from storage import documents as document_files
from storage import files
from storage.database import (
    CONNECT_TIMEOUT,
    STATEMENT_TIMEOUT,
    make_engine,
    make_sessions,
    migrate,
)
from storage.models import AgreementRow, BodyRow, MeetingRow
from storage.queries import agreements as agreement_queries
from storage.queries import audit as audit_queries
from storage.queries import documents as document_queries
from storage.queries import events as event_queries
from storage.queries import nudges as nudge_queries
from storage.queries import population as population_queries
from storage.queries import reload as reload_queries
from storage.queries import retention as retention_queries
from storage.queries import roles as role_queries
from storage.reflection_store import ReflectionStorage

log = logging.getLogger(__name__)

_RECORD_ATTEMPTS = 3
# What became of a nudge handed to ``SqlStore.send_nudge_once``.
NudgeSent = Literal["posted", "sent", "busy"]
# A writer's transaction on SQLite begins IMMEDIATE (storage.database._sqlite_begin).
_IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}


class DatabaseBusy(RuntimeError):
    """No write lock within the statement timeout: the bot answers "try again shortly"."""


class SqlStore(ReflectionStorage):
    def __init__(self, engine: Engine, *, write_wait: float = STATEMENT_TIMEOUT,
                 revision_check_interval: float = 0.0) -> None:
        self.engine = engine
        self.revision_check_interval = revision_check_interval
        self._write_wait = write_wait if write_wait > 0 else -1.0  # -1: no limit
        self.sessions: sessionmaker[Session] = make_sessions(engine)
        self._lock = threading.Lock()
        self._cache: tuple[object, list[Agreement]] | None = None
        self._population: tuple[object, tuple[PopulationFigure, ...]] | None = None
        self._documents: tuple[object, list[Document]] | None = None
        # when each cache's revision was last confirmed (time.monotonic)
        self._checked = {"agreements": -float("inf"), "population": -float("inf"),
                         "documents": -float("inf")}
        # SQLite has one writer at a time, and a writer that finds the file locked sleeps in
        # growing steps (busy_timeout): ten threads voting at once fell to 5 votes a second.
        # Within a process, writers queue on this lock instead and hand over at once; other
        # processes still wait through busy_timeout. PostgreSQL needs no such lock.
        self._writer: threading.RLock | nullcontext[None] = (
            threading.RLock() if engine.dialect.name == "sqlite" else nullcontext())
        self._writers = engine.execution_options(**_IMMEDIATE)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: all or nothing (on SQLite it takes the write lock at once)."""
        with self._writing(), self.sessions.begin() as session:
            session.connection(execution_options=_IMMEDIATE)
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """The same write transaction on a bare Core connection, without an ORM session:
        for a vote click, where setting up and closing a session was more of its CPU than
        the statements it ran."""
        with self._writing(), self._writers.begin() as connection:
            yield connection

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """This process's turn to write (SQLite; see ``_writer``).

        The queue for the in-process writer lock is bounded like the database's own waits,
        so sixteen request threads behind a stuck writer get an error in time instead of
        waiting their turns one busy timeout after another.
        """
        writer = self._writer
        if isinstance(writer, nullcontext):
            yield
            return
        if not writer.acquire(timeout=self._write_wait):
            raise DatabaseBusy("the database's write lock is held elsewhere")
        try:
            yield
        finally:
            writer.release()

    # --- agreements -------------------------------------------------------------------

    def _recently_checked(self, cache: str) -> bool:
        return time.monotonic() - self._checked[cache] < self.revision_check_interval

    def _forget(self, cache: str) -> None:
        """This process changed what ``cache`` holds: the next read asks the database."""
        with self._lock:
            self._checked[cache] = -float("inf")
            if cache == "agreements":
                self._cache = None
            elif cache == "documents":
                self._documents = None
            else:
                self._population = None

    def agreements(self) -> Sequence[Agreement]:
        with self._lock:
            if self._cache is not None and self._recently_checked("agreements"):
                return self._cache[1]
        checked = time.monotonic()
        with self.sessions() as session:
            revision = session.execute(
                select(func.max(AgreementRow.updated_at), func.count(AgreementRow.id))
            ).one()
            key = tuple(revision)
            with self._lock:
                if self._cache is not None and self._cache[0] == key:
                    self._checked["agreements"] = checked
                    return self._cache[1]
            loaded = agreement_queries.load_agreements(session=session)
        with self._lock:
            self._cache = (key, loaded)
            self._checked["agreements"] = checked
        return loaded

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements() if a.id == agreement_id), None)

    def documents(self) -> Sequence[Document]:
        """Every document of every source; cached per process like the agreements, and
        re-read when the table's revision moves (another process re-seeded), which is asked
        at most once per ``revision_check_interval`` like theirs."""
        with self._lock:
            if self._documents is not None and self._recently_checked("documents"):
                return self._documents[1]
        checked = time.monotonic()
        with self.sessions() as session:
            key = document_queries.document_revision(session=session)
            with self._lock:
                if self._documents is not None and self._documents[0] == key:
                    self._checked["documents"] = checked
                    return self._documents[1]
            loaded = document_queries.load_documents(session=session)
        with self._lock:
            self._documents = (key, loaded)
            self._checked["documents"] = checked
        return loaded

    def save_documents(self, documents: Sequence[Document]) -> None:
        """Insert or replace documents by id, all in one transaction."""
        try:
            with self.transaction() as session:
                document_queries.save_documents(documents, session=session)
        finally:
            self._forget("documents")

    def save_agreements(self, agreements: Sequence[Agreement], *,
                        actor: str = SYSTEM_ACTOR, action: str = "agreement.import") -> None:
        """Insert or update agreements in place, all in one transaction: all or nothing.

        Recorded data (rounds, votes, meetings changed in chat, nudges …) is never touched;
        a file that drops something it refers to raises ``ReloadRefused`` and changes nothing.
        Each agreement that changed is in the audit trail with the facts before and after.
        """
        stored = {a.id: a for a in self.agreements()}
        try:
            with self.transaction() as session:
                for agreement in agreements:
                    if reload_queries.save_agreement(agreement, session=session):
                        self._touch(session, agreement.id)
                        before, after = audit_queries.agreement_change(
                            stored.get(agreement.id), agreement)
                        audit_queries.record(session=session, actor=actor, action=action,
                                             subject=agreement.id, agreement_id=agreement.id,
                                             before=before, after=after)
        finally:
            self._forget("agreements")

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting,
                    actor: str = SYSTEM_ACTOR) -> bool:
        return self._change_meetings(agreement_queries.add_meeting, actor=actor,
                                     action="meeting.add", old_date=None, new=meeting,
                                     agreement_id=agreement_id, body_key=body_key,
                                     meeting=meeting)

    def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                       actor: str = SYSTEM_ACTOR) -> bool:
        return self._change_meetings(agreement_queries.remove_meeting, actor=actor,
                                     action="meeting.remove", old_date=date, new=None,
                                     agreement_id=agreement_id, body_key=body_key, date=date)

    def move_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                     meeting: Meeting, actor: str = SYSTEM_ACTOR) -> bool:
        return self._change_meetings(agreement_queries.move_meeting, actor=actor,
                                     action="meeting.move", old_date=date, new=meeting,
                                     agreement_id=agreement_id, body_key=body_key, date=date,
                                     meeting=meeting)

    def _change_meetings(self, change: Callable[..., bool], *, actor: str, action: str,
                         old_date: dt.date | None, new: Meeting | None, agreement_id: str,
                         body_key: str, **arguments: object) -> bool:
        """Run one meeting query in its own transaction, with its audit record; a change
        makes every process's agreement cache stale (the revision moves)."""
        try:
            with self.transaction() as session:
                before = (_meeting_json(session, agreement_id, body_key, old_date)
                          if old_date is not None else None)
                changed = change(session=session, agreement_id=agreement_id,
                                 body_key=body_key, **arguments)
                if changed:
                    self._touch(session, agreement_id)
                    day = old_date or (new.date if new is not None else None)
                    audit_queries.record(
                        session=session, actor=actor, action=action,
                        agreement_id=agreement_id,
                        subject=f"{agreement_id}/{body_key}/{day.isoformat() if day else ''}",
                        before=before, after=new.model_dump(mode="json") if new else None)
        finally:
            self._forget("agreements")
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
        """Cached per process like the agreements: every cost question reads them all, and
        building tens of thousands of objects per question made questions 45 % slower after
        a large import. Re-read when a load moves the revision (an index answers it), which
        is asked at most once per ``revision_check_interval``."""
        with self._lock:
            if self._population is not None and self._recently_checked("population"):
                return self._population[1]
        checked = time.monotonic()
        with self.sessions() as session:
            key = population_queries.revision(session=session)
            with self._lock:
                if self._population is not None and self._population[0] == key:
                    self._checked["population"] = checked
                    return self._population[1]
            loaded = tuple(population_queries.population_figures(session=session))
        with self._lock:
            self._population = (key, loaded)
            self._checked["population"] = checked
        return loaded

    def add_population_figures(self, figures: Sequence[PopulationFigure], *,
                               actor: str = SYSTEM_ACTOR) -> int:
        return self.add_population_rows(
            [population_queries.PopulationRow(f.municipality_code, f.name, f.population,
                                              f.date) for f in figures], actor=actor)

    def add_population_rows(self, rows: Sequence[population_queries.PopulationRow], *,
                            actor: str = SYSTEM_ACTOR) -> int:
        """The bulk form of ``add_population_figures`` (``avtalsbot population import``).
        The audit record says how many figures for which dates (not every figure: a full
        SCB load is thousands)."""
        try:
            with self.transaction() as session:
                count = population_queries.add_population_rows(rows, session=session)
                dates = sorted({r.date.isoformat() for r in rows})
                audit_queries.record(session=session, actor=actor, action="population.load",
                                     subject=", ".join(dates)[:300], before=None,
                                     after={"figures": count, "dates": dates[:50]})
                return count
        finally:
            self._forget("population")

    def population_figures_on_first_of_november(self) -> Sequence[PopulationFigure]:
        """Only the figures a cost key can rest on (001 §11.3), without loading the rest."""
        with self.sessions() as session:
            dates = [d for d in population_queries.population_dates(session=session)
                     if (d.month, d.day) == (11, 1)]
            return population_queries.population_figures(session=session, dates=dates)

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
            done = nudge_queries.mark_done(session=session, occurrence_key=occurrence_key,
                                           user=user)
            if done:
                audit_queries.record(session=session, actor=user, action="deadline.done",
                                     subject=occurrence_key,
                                     agreement_id=occurrence_key.split("/", 1)[0],
                                     before={"done": False}, after={"done": True})
            return done

    # --- roles and the audit trail ------------------------------------------------------

    def role_grants(self) -> Sequence[RoleGrant]:
        with self.sessions() as session:
            return role_queries.grants(session=session)

    def grant_role(self, grant: RoleGrant, *, actor: str) -> bool:
        with self.transaction() as session:
            return role_queries.grant(session=session, grant=grant, actor=actor)

    def revoke_role(self, grant: RoleGrant, *, actor: str) -> bool:
        with self.transaction() as session:
            return role_queries.revoke(session=session, grant=grant, actor=actor)

    def audit_events(self, *, agreement_id: str | None = None,
                     since: dt.datetime | None = None, until: dt.datetime | None = None,
                     limit: int | None = None) -> Sequence[AuditEvent]:
        with self.sessions() as session:
            return audit_queries.events(session=session, agreement_id=agreement_id,
                                        since=since, until=until, limit=limit)

    # --- posting switch and retention ---------------------------------------------------

    def posting_stopped(self) -> str | None:
        """Why posting was stopped (``app_uninstalled`` …), or None while the bot may post."""
        with self.sessions() as session:
            return retention_queries.posting_stopped(session=session)

    def stop_posting(self, *, reason: str, actor: str = SYSTEM_ACTOR) -> bool:
        """Stop all posting for good (until an operator resumes it); False if it already was."""
        with self.transaction() as session:
            return retention_queries.set_posting(session=session, stopped=reason, actor=actor)

    def resume_posting(self, *, actor: str = SYSTEM_ACTOR) -> bool:
        with self.transaction() as session:
            return retention_queries.set_posting(session=session, stopped=None, actor=actor)

    def purge(self, *, older_than: dt.datetime, dry_run: bool = False,
              actor: str = SYSTEM_ACTOR) -> list[retention_queries.Purged]:
        """Erase the votes, comments and participant lists of rounds closed before
        ``older_than``, keeping each round's posted aggregate; one transaction."""
        with self.transaction() as session:
            return retention_queries.purge(session=session, older_than=older_than,
                                           dry_run=dry_run, actor=actor)

    def send_nudge_once(self, *, key: str, occurrence_key: str, channel: str, lead_days: int,
                        late: bool, claimed_by: str, post: Callable[[], str | None],
                        lease: dt.timedelta = nudge_queries.NUDGE_LEASE,
                        channel_spacing: float = 0.0) -> NudgeSent:
        """Claim the nudge, post it, record it — each database step its own short
        transaction, and none open while ``post`` talks to Slack (see queries.nudges).

        ``posted``: this call posted it. ``sent``: it had gone out already. ``busy``: another
        live process holds the claim (it is being posted; ask again later). If ``post``
        raises, the claim is released, the nudge stays due and the error propagates.
        ``channel_spacing``: seconds to keep after another process's claim in the same
        channel before posting (each process paces its own posts; this paces them together).
        """
        token = f"{claimed_by[:100]}/{secrets.token_hex(6)}"
        now = dt.datetime.now(dt.UTC)
        spacing = dt.timedelta(seconds=channel_spacing)
        with self.transaction() as session:
            claimed = nudge_queries.claim(
                session=session, key=key, occurrence_key=occurrence_key, channel=channel,
                lead_days=lead_days, late=late, token=token, now=now, lease=lease)
            recent = (nudge_queries.last_claim_in_channel(
                session=session, channel=channel, other_than=key, since=now - spacing)
                if claimed == "claimed" and channel_spacing > 0 else None)
        if claimed != "claimed":
            return claimed
        if recent is not None:  # no transaction is open while waiting
            time.sleep(max(0.0, (recent + spacing - now).total_seconds()))
        try:
            message_ts = post()
        except BaseException as error:
            with self.transaction() as session:
                nudge_queries.release(session=session, key=key, token=token,
                                      error=type(error).__name__ + f": {error}")
            raise
        self._record_sent(key=key, token=token, message_ts=message_ts)
        return "posted"

    def _record_sent(self, *, key: str, token: str, message_ts: str | None) -> None:
        """Record a post Slack took. Tried a few times: the post is out, and an unrecorded
        one would be posted again when its claim expires."""
        for attempt in range(1, _RECORD_ATTEMPTS + 1):
            try:
                with self.transaction() as session:
                    if not nudge_queries.mark_sent(session=session, key=key, token=token,
                                                   message_ts=message_ts,
                                                   now=dt.datetime.now(dt.UTC)):
                        log.warning("nudge %s: the claim expired while posting; it may have "
                                    "been posted twice", key)
                return
            except Exception:
                if attempt == _RECORD_ATTEMPTS:
                    raise
                log.warning("nudge %s posted but not yet recorded; trying again", key)
                time.sleep(attempt)


def seed(store: SqlStore, paths: Sequence[Path] | None = None, *,
         actor: str = SYSTEM_ACTOR) -> list[Agreement]:
    """(Re)load the bundled agreements: idempotent, one transaction, facts updated in place
    (recorded data and roles granted in chat are kept; see ``storage.queries.reload``).
    Each agreement that changed is in the audit trail."""
    agreements = files.read_agreements(paths or files.bundled_paths())
    ordered = sorted(agreements, key=lambda a: a.source_document)
    stored = {a.id: a for a in store.agreements()}
    try:
        with store.transaction() as session:
            for position, agreement in enumerate(ordered):
                if reload_queries.save_agreement(agreement, session=session, position=position):
                    store._touch(session, agreement.id)
                    before, after = audit_queries.agreement_change(stored.get(agreement.id),
                                                                   agreement)
                    audit_queries.record(session=session, actor=actor, action="agreement.seed",
                                         subject=agreement.id, agreement_id=agreement.id,
                                         before=before, after=after)
            document_queries.save_documents(document_files.bundled_documents(), session=session)
    finally:
        store._forget("agreements")
        store._forget("documents")
    return ordered


def _meeting_json(session: Session, agreement_id: str, body_key: str, date: dt.date
                  ) -> dict[str, object] | None:
    row = session.scalar(
        select(MeetingRow).join(BodyRow, MeetingRow.body_id == BodyRow.id)
        .where(BodyRow.agreement_id == agreement_id, BodyRow.key == body_key,
               MeetingRow.date == date, MeetingRow.origin != agreement_queries.REMOVED))
    if row is None:
        return None
    return Meeting(date=row.date, time=row.time, place=row.place, note=row.note
                   ).model_dump(mode="json")


def open_store(url: str, *, seed_if_empty: bool = True,
               connect_timeout: float = CONNECT_TIMEOUT,
               statement_timeout: float = STATEMENT_TIMEOUT,
               pool_size: int | None = None,
               revision_check_interval: float = 0.0) -> SqlStore:
    """Connect, migrate, and load the bundled agreements into a fresh database.

    The timeouts (seconds, 0 = none) bound every wait on the database, and ``pool_size``
    caps its connections: see ``storage.database.make_engine``. The bot passes its
    settings' (``Settings.store_options``).
    """
    store = SqlStore(make_engine(url, connect_timeout=connect_timeout,
                                 statement_timeout=statement_timeout, pool_size=pool_size),
                     write_wait=statement_timeout,
                     revision_check_interval=revision_check_interval)
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
