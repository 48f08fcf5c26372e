"""The audit trail: one row per change, written by the same session (so in the same
transaction) as the change it describes. Callers pass plain JSON values for before and
after; votes and comments are never passed here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from commands.core.agreement import Agreement
from commands.core.ports import AuditEvent
from storage.models import AuditEventRow

_SUBJECT_LIMIT = 300
_ACTOR_LIMIT = 64


def record(*, session: Session, actor: str, action: str, subject: str,
           agreement_id: str | None = None, before: Any = None, after: Any = None) -> None:
    session.add(AuditEventRow(at=dt.datetime.now(dt.UTC), actor=actor[:_ACTOR_LIMIT],
                              action=action, agreement_id=agreement_id,
                              subject=subject[:_SUBJECT_LIMIT], before=before, after=after))


def events(*, session: Session, agreement_id: str | None = None,
           since: dt.datetime | None = None, until: dt.datetime | None = None,
           limit: int | None = None) -> Sequence[AuditEvent]:
    query = select(AuditEventRow)
    if agreement_id is not None:
        query = query.where(AuditEventRow.agreement_id == agreement_id)
    if since is not None:
        query = query.where(AuditEventRow.at >= since)
    if until is not None:
        query = query.where(AuditEventRow.at < until)
    if limit is not None:  # the latest ``limit``, still returned oldest first
        query = query.order_by(AuditEventRow.id.desc()).limit(limit)
        rows = list(reversed(session.scalars(query).all()))
    else:
        rows = list(session.scalars(query.order_by(AuditEventRow.id)).all())
    return [AuditEvent(at=_aware(r.at), actor=r.actor, action=r.action, subject=r.subject,
                       agreement_id=r.agreement_id, before=r.before, after=r.after, id=r.id)
            for r in rows]


def _aware(at: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def agreement_change(old: Agreement | None, new: Agreement) -> tuple[Any, Any]:
    """Before and after of a reload, as the top-level facts that differ (the instrument by
    its key only: its thirty statements would drown the rest)."""
    def facts(agreement: Agreement) -> dict[str, Any]:
        data = agreement.model_dump(mode="json")
        data["instrument"] = agreement.instrument.key if agreement.instrument else None
        return data
    after = facts(new)
    if old is None:
        return None, {"name": new.name, "source_document": new.source_document}
    before = facts(old)
    changed = sorted(k for k in after if before.get(k) != after[k])
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}
