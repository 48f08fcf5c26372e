"""Nudge bookkeeping: which nudges were sent, which deadline occurrences are done.

A nudge is claimed by inserting its row, and the row's transaction stays open while the
message is posted: a second process trying the same key waits on the row and then fails
the unique constraint, so each nudge is posted once. If posting fails, the transaction
rolls back and the nudge is still due next time — never silently skipped.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import DeadlineDoneRow, NudgeRow


def sent_keys(*, session: Session) -> set[str]:
    return set(session.scalars(select(NudgeRow.key).where(NudgeRow.sent_at.is_not(None))))


def done_occurrences(*, session: Session) -> set[str]:
    return set(session.scalars(select(DeadlineDoneRow.occurrence_key)))


def claim(*, session: Session, key: str, occurrence_key: str, channel: str, lead_days: int,
          late: bool, claimed_by: str) -> bool:
    """Insert the nudge's row in the caller's open transaction; False if already claimed."""
    try:
        with session.begin_nested():
            session.add(NudgeRow(key=key, occurrence_key=occurrence_key, channel=channel,
                                 lead_days=lead_days, late=late, claimed_by=claimed_by))
    except IntegrityError:
        return False
    return True


def mark_sent(*, session: Session, key: str, message_ts: str | None) -> None:
    row = session.scalars(select(NudgeRow).where(NudgeRow.key == key)).one()
    row.sent_at = dt.datetime.now(dt.UTC)
    row.message_ts = message_ts


def mark_done(*, session: Session, occurrence_key: str, user: str) -> bool:
    """Record that someone marked the occurrence done; False if it already was."""
    try:
        with session.begin_nested():
            session.add(DeadlineDoneRow(occurrence_key=occurrence_key, done_by=user))
    except IntegrityError:
        return False
    return True
