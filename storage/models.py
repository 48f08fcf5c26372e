"""SQLAlchemy 2 models: what Avtalsbot remembers.

One table per kind of fact, each fact with its ``source`` reference. Rule parameters that
differ per kind (a cost model's published shares, a deadline's schedule) are JSON columns
validated on the way in and out by the pydantic schema in ``commands.core.agreement``: the
columns that queries filter or join on are real columns, the rest is typed JSON.

Votes are stored under a keyed pseudonym (HMAC of the Slack user id), never next to a raw
user id; the unique constraint on (round, pseudonym, statement) is what makes a double
click or a Slack retry impossible to count twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    source_document: Mapped[str] = mapped_column(String(16))
    host_key: Mapped[str | None] = mapped_column(String(64))
    default_lead_days: Mapped[list[Any]] = mapped_column(default=list)
    instrument: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # the file's ``roles:`` section (chair, secretary, coordinators, steering channels);
    # roles granted in chat are rows of ``role_grants`` and survive a reload (migration 0007)
    roles: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    parties: Mapped[list[PartyRow]] = relationship(
        cascade="all, delete-orphan", order_by="PartyRow.position"
    )
    term: Mapped[TermRow] = relationship(cascade="all, delete-orphan")
    bodies: Mapped[list[BodyRow]] = relationship(
        cascade="all, delete-orphan", order_by="BodyRow.position"
    )
    channels: Mapped[list[ChannelRow]] = relationship(
        cascade="all, delete-orphan", order_by="ChannelRow.position"
    )
    cost_models: Mapped[list[CostModelRow]] = relationship(
        cascade="all, delete-orphan", order_by="CostModelRow.position"
    )
    deadline_rules: Mapped[list[DeadlineRuleRow]] = relationship(
        cascade="all, delete-orphan", order_by="DeadlineRuleRow.position"
    )


class _AgreementChild:
    """Columns every per-agreement fact has."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class PartyRow(_AgreementChild, Base):
    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    org_number: Mapped[str | None] = mapped_column(String(11))
    municipality_code: Mapped[str | None] = mapped_column(String(4), index=True)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class TermRow(Base):
    __tablename__ = "terms"

    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[dt.date] = mapped_column(Date)
    first_end: Mapped[dt.date | None] = mapped_column(Date)
    renewal_months: Mapped[int | None] = mapped_column(Integer)
    notice_months: Mapped[int] = mapped_column(Integer)
    until_terminated: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class BodyRow(_AgreementChild, Base):
    __tablename__ = "bodies"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    meeting_rule: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    channel_key: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    meetings: Mapped[list[MeetingRow]] = relationship(
        cascade="all, delete-orphan", order_by="MeetingRow.date"
    )


class MeetingRow(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("body_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No ON DELETE CASCADE (migration 0004): a meeting entered in chat is recorded data; a
    # body is never deleted under it (storage.queries.reload refuses such a reload).
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    # file | chat | edited | removed: see storage/queries/agreements.py
    origin: Mapped[str] = mapped_column(String(16), default="file")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ChannelRow(_AgreementChild, Base):
    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text)
    slack_channel: Mapped[str | None] = mapped_column(String(32))


class CostModelRow(_AgreementChild, Base):
    __tablename__ = "cost_models"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class DeadlineRuleRow(_AgreementChild, Base):
    __tablename__ = "deadline_rules"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    schedule: Mapped[dict[str, Any]] = mapped_column(JSON)
    every_years: Mapped[int] = mapped_column(Integer, default=1)
    from_year: Mapped[int | None] = mapped_column(Integer)
    until_year: Mapped[int | None] = mapped_column(Integer)
    responsible: Mapped[str] = mapped_column(String(200))
    channel_key: Mapped[str | None] = mapped_column(String(64))
    lead_days: Mapped[list[Any] | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class PopulationFigureRow(Base):
    __tablename__ = "population_figures"
    __table_args__ = (UniqueConstraint("municipality_code", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(120))
    population: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    # indexed: max(loaded_at) is the population cache's revision (storage.store)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now,
                                                   index=True)


class NudgeRow(Base):
    """One claimed nudge. The unique ``key`` is (occurrence, lead time, channel): the row is
    inserted in the same transaction that claims it, so N processes post it once."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    occurrence_key: Mapped[str] = mapped_column(String(250), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    lead_days: Mapped[int] = mapped_column(Integer)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class DeadlineDoneRow(Base):
    """A deadline occurrence someone marked done: no more nudges for it."""

    __tablename__ = "deadline_done"

    occurrence_key: Mapped[str] = mapped_column(String(250), primary_key=True)
    done_by: Mapped[str] = mapped_column(String(64))
    done_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ReflectionRoundRow(Base):
    __tablename__ = "reflection_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No ON DELETE CASCADE (migration 0004): deleting an agreement must never take its rounds,
    # votes and goals along; the database refuses instead.
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    instrument_key: Mapped[str] = mapped_column(String(64))
    centre: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(64), index=True)
    results_channel: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    min_respondents: Mapped[int] = mapped_column(Integer, default=3)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_on: Mapped[dt.date | None] = mapped_column(Date)
    # Set only once Slack took the result post and its chart. Until then a bot process
    # claims the posting for a while (``results_claimed_at``), so N processes post it once;
    # a failed attempt releases the claim and the clock tries again (migration 0003).
    results_posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    results_claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    results_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    results_error: Mapped[str | None] = mapped_column(String(120))  # Slack's error code
    # The coordinator was told how to let the bot into the channel (once per round).
    results_help_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Retention (migration 0007): when the votes, comments and participant list were erased,
    # keeping only the aggregate that was posted (``purged_result``, the tally as JSON).
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    purged_result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ReflectionParticipantRow(Base):
    """Who was invited (needed to send invitations and reminders). Never joined to votes
    by user id: votes carry only the pseudonym."""

    __tablename__ = "reflection_participants"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(64))
    invited_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ReflectionVoteRow(Base):
    __tablename__ = "reflection_votes"
    __table_args__ = (UniqueConstraint("round_id", "pseudonym", "statement_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_rounds.id", ondelete="CASCADE"), index=True
    )
    pseudonym: Mapped[str] = mapped_column(String(64))
    statement_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(16))  # works | develop
    comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ReflectionRespondentRow(Base):
    """Who has answered in a round, by pseudonym only (migration 0008): a row with each
    person's first vote, so a result counts its respondents without reading every vote — a
    DISTINCT over a big round's 351 000 votes was two thirds of its result on PostgreSQL."""

    __tablename__ = "reflection_respondents"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    pseudonym: Mapped[str] = mapped_column(String(64), primary_key=True)


class ReflectionJointViewRow(Base):
    """Step III: the group's joint view per statement, recorded by the coordinator."""

    __tablename__ = "reflection_joint_views"
    __table_args__ = (UniqueConstraint("round_id", "statement_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_rounds.id", ondelete="CASCADE"), index=True
    )
    statement_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class ReflectionGoalRow(Base):
    """Step IV: the two priority goals, each with a follow-up date for the deadline engine."""

    __tablename__ = "reflection_goals"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("reflection_rounds.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    statement_key: Mapped[str | None] = mapped_column(String(64))
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)


class HandledEventRow(Base):
    """A Slack event id already answered. Slack re-delivers an event it thinks was missed,
    and with several bot processes the retry may reach another one: the first process to
    insert the id answers, the others see the row and stay quiet."""

    __tablename__ = "handled_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    handled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now,
                                                    index=True)


class RoleGrantRow(Base):
    """A role granted by an administrator in chat (``/avtal roll ge …``). Not tied to the
    agreement rows by a foreign key with a cascade: a reload never takes a grant away."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("role", "user_id", "agreement_id", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    role: Mapped[str] = mapped_column(String(16))  # chair | secretary | coordinator
    user_id: Mapped[str] = mapped_column(String(64))
    agreement_id: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(64))  # body key, or the centre's channel
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEventRow(Base):
    """One change: who, what, when, before -> after. Written in the same transaction as the
    change itself, so a change without its record (or a record without its change) cannot
    exist. Votes and comments are never written here."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    agreement_id: Mapped[str | None] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)


class BotStateRow(Base):
    """Workspace-wide switches. ``posting_stopped_at``: Slack told us the app was uninstalled
    or its tokens revoked (``app_uninstalled``, ``tokens_revoked``); nothing is posted after
    that, and the data left follows the retention period like any closed round."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
class AgreementDocumentRow(Base):
    """One document of a source (the agreement, an appendix, a template …) with its clauses.

    The clauses are one JSON column validated by ``commands.core.document.Document``: the bot
    reads a source's documents whole and never queries single clauses in SQL. No foreign key
    to ``agreements``: reloading agreements must never delete anything through a cascade.
    """

    __tablename__ = "agreement_documents"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(64), index=True)
    source_document: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PseudonymCheckRow(Base):
    """A check value for the pseudonym secret: HMAC of a constant under the secret, written
    with the first vote. ``avtalsbot doctor`` compares it with the configured secret — a
    process with another secret would store everyone's votes under new pseudonyms. The
    secret itself is never stored."""

    __tablename__ = "pseudonym_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1: one secret
    check_value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
