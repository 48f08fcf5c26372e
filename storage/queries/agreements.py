"""Agreements out of the database, as ``commands.core.agreement.Agreement`` objects, and
the meeting changes made in chat. Saving (seed, import) is in ``storage.queries.reload``:
facts updated in place, recorded data never deleted.

A meeting row's ``origin`` says who has the last word on its day. ``file``: the YAML file.
``chat``: added in chat on a day the file does not have (if the file later gets that day,
the file's meeting wins, as it always has). ``edited``: a file's day changed in chat (a new
time, or a meeting moved onto it) — the chat's version stands over the file's. ``removed``:
a file's meeting removed or moved away in chat — the row stays as a marker, invisible to
readers, so that a re-seed does not bring the meeting back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from commands.core.agreement import (
    Agreement,
    Body,
    Channel,
    DeadlineRule,
    Instrument,
    Meeting,
    MeetingRule,
    Party,
    Term,
)
from commands.core.agreement_roles import Roles
from commands.core.cost_models import CostModel
from storage.models import (
    AgreementRow,
    BodyRow,
    MeetingRow,
)

_COST_MODEL: TypeAdapter[CostModel] = TypeAdapter(CostModel)
_COST_COLUMNS = {"kind", "key", "title", "source", "note"}


def load_agreements(*, session: Session) -> list[Agreement]:
    rows = session.scalars(
        select(AgreementRow)
        .order_by(AgreementRow.position, AgreementRow.id)
        .options(
            selectinload(AgreementRow.parties),
            selectinload(AgreementRow.term),
            selectinload(AgreementRow.bodies).selectinload(BodyRow.meetings),
            selectinload(AgreementRow.channels),
            selectinload(AgreementRow.cost_models),
            selectinload(AgreementRow.deadline_rules),
        )
    ).all()
    return [_to_agreement(row) for row in rows]


FILE, CHAT, EDITED, REMOVED = "file", "chat", "edited", "removed"


def _body_for_update(session: Session, agreement_id: str, body_key: str) -> BodyRow:
    """The body's row, locked (PostgreSQL) so that two changes to its meetings queue up."""
    return session.scalars(
        select(BodyRow).where(BodyRow.agreement_id == agreement_id, BodyRow.key == body_key)
        .with_for_update()
    ).one()


def _on(body: BodyRow, date: dt.date) -> MeetingRow | None:
    return next((m for m in body.meetings if m.date == date), None)


def _write(row: MeetingRow, meeting: Meeting) -> None:
    row.time, row.place, row.note = meeting.time, meeting.place, meeting.note


def add_meeting(
    *, session: Session, agreement_id: str, body_key: str, meeting: Meeting
) -> bool:
    body = _body_for_update(session, agreement_id, body_key)
    row = _on(body, meeting.date)
    if row is not None and row.origin != REMOVED:
        return False
    if row is not None:  # a file's day that was removed in chat: the chat's meeting stands
        row.origin = EDITED
        _write(row, meeting)
        return True
    body.meetings.append(
        MeetingRow(date=meeting.date, time=meeting.time, place=meeting.place, note=meeting.note,
                   origin=CHAT)
    )
    return True


def _take_away(body: BodyRow, row: MeetingRow) -> None:
    """A chat meeting is deleted; a file's is kept as a marker so a re-seed skips it."""
    if row.origin == CHAT:
        body.meetings.remove(row)
    else:
        row.origin = REMOVED


def remove_meeting(*, session: Session, agreement_id: str, body_key: str, date: dt.date) -> bool:
    """Remove the body's meeting on ``date``; False when it has none that day."""
    body = _body_for_update(session, agreement_id, body_key)
    row = _on(body, date)
    if row is None or row.origin == REMOVED:
        return False
    _take_away(body, row)
    return True


def move_meeting(
    *, session: Session, agreement_id: str, body_key: str, date: dt.date, meeting: Meeting
) -> bool:
    """Put ``meeting`` in place of the one on ``date``; False when there is none there, or
    another meeting already on ``meeting.date``."""
    body = _body_for_update(session, agreement_id, body_key)
    row = _on(body, date)
    if row is None or row.origin == REMOVED:
        return False
    if meeting.date == date:  # a new time or place on the same day
        row.origin = CHAT if row.origin == CHAT else EDITED
        _write(row, meeting)
        return True
    target = _on(body, meeting.date)
    if target is not None and target.origin != REMOVED:
        return False
    _take_away(body, row)
    if target is not None:
        target.origin = EDITED
        _write(target, meeting)
    else:
        body.meetings.append(
            MeetingRow(date=meeting.date, time=meeting.time, place=meeting.place,
                       note=meeting.note, origin=CHAT)
        )
    return True


def _to_agreement(row: AgreementRow) -> Agreement:
    term = row.term
    return Agreement(
        id=row.id,
        name=row.name,
        short_name=row.short_name,
        aliases=tuple(row.aliases),
        source_document=row.source_document,
        host=row.host_key,
        note=row.note,
        default_lead_days=tuple(row.default_lead_days),
        parties=tuple(
            Party(key=p.key, name=p.name, short_name=p.short_name, kind=p.kind,  # type: ignore[arg-type]
                  org_number=p.org_number, municipality_code=p.municipality_code,
                  aliases=tuple(p.aliases), source=p.source, note=p.note)
            for p in row.parties
        ),
        term=Term(start=term.start, first_end=term.first_end, renewal_months=term.renewal_months,
                  notice_months=term.notice_months, until_terminated=term.until_terminated,
                  source=term.source, note=term.note),
        bodies=tuple(
            Body(
                key=b.key, name=b.name, kind=b.kind, aliases=tuple(b.aliases),  # type: ignore[arg-type]
                meeting_rule=MeetingRule.model_validate(b.meeting_rule) if b.meeting_rule else None,
                meetings=tuple(Meeting(date=m.date, time=m.time, place=m.place, note=m.note)
                               for m in b.meetings if m.origin != REMOVED),
                channel=b.channel_key, source=b.source, note=b.note,
            )
            for b in row.bodies
        ),
        channels=tuple(
            Channel(key=c.key, name=c.name, purpose=c.purpose, slack_channel=c.slack_channel)
            for c in row.channels
        ),
        cost_models=tuple(
            _COST_MODEL.validate_python(
                {**m.parameters, "kind": m.kind, "key": m.key, "title": m.title,
                 "source": m.source, "note": m.note}
            )
            for m in row.cost_models
        ),
        deadlines=tuple(
            DeadlineRule.model_validate({
                "key": d.key, "title": d.title, "schedule": d.schedule,
                "every_years": d.every_years, "from_year": d.from_year,
                "until_year": d.until_year, "responsible": d.responsible,
                "channel": d.channel_key,
                "lead_days": tuple(d.lead_days) if d.lead_days is not None else None,
                "source": d.source, "note": d.note,
            })
            for d in row.deadline_rules
        ),
        instrument=Instrument.model_validate(row.instrument) if row.instrument else None,
        roles=Roles.model_validate(row.roles) if row.roles else None,
    )


def _parameters(model: CostModel) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in _COST_COLUMNS}
