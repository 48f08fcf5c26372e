"""Slack events already answered, shared by every bot process through the database."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import HandledEventRow

# Slack retries an event three times within about five minutes; a day is ample.
KEEP = dt.timedelta(days=1)


def claim_event(*, session: Session, event_id: str, now: dt.datetime) -> bool:
    """True the first time ``event_id`` is claimed, by any process; False for a repeat."""
    try:
        with session.begin_nested():
            session.add(HandledEventRow(event_id=event_id, handled_at=now))
    except IntegrityError:
        return False
    return True


def forget_old_events(*, session: Session, now: dt.datetime) -> int:
    result = cast(CursorResult[Any], session.execute(
        delete(HandledEventRow).where(HandledEventRow.handled_at < now - KEEP)))
    return result.rowcount
