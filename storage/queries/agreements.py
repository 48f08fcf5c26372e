"""Agreements in and out of the database, as ``commands.agreement.Agreement`` objects.

Saving replaces an agreement's facts in one transaction, but keeps the meeting dates that
people added in chat: a re-seed or import must never lose data entered in Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from commands.agreement import (
    Agreement,
    Body,
    Channel,
    CostModel,
    DeadlineRule,
    Instrument,
    Meeting,
    MeetingRule,
    Party,
    Term,
)
from storage.models import (
    AgreementRow,
    BodyRow,
    ChannelRow,
    CostModelRow,
    DeadlineRuleRow,
    MeetingRow,
    PartyRow,
    TermRow,
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


def save_agreement(agreement: Agreement, *, session: Session, position: int | None = None) -> None:
    """Insert or replace one agreement (the caller owns the transaction)."""
    existing = session.get(AgreementRow, agreement.id)
    chat_meetings: dict[str, list[MeetingRow]] = {}
    if existing is not None:
        for body in existing.bodies:
            chat_meetings[body.key] = [m for m in body.meetings if m.origin == "chat"]
        if position is None:
            position = existing.position
        session.execute(delete(AgreementRow).where(AgreementRow.id == agreement.id))
        session.flush()
        session.expunge(existing)
    row = _to_row(agreement, position or 0)
    for body in row.bodies:
        file_dates = {m.date for m in body.meetings}
        for kept in chat_meetings.get(body.key, []):
            if kept.date not in file_dates:
                body.meetings.append(
                    MeetingRow(date=kept.date, time=kept.time, place=kept.place, note=kept.note,
                               origin="chat", created_at=kept.created_at)
                )
    session.add(row)


def add_meeting(
    *, session: Session, agreement_id: str, body_key: str, meeting: Meeting
) -> bool:
    body = session.scalars(
        select(BodyRow).where(BodyRow.agreement_id == agreement_id, BodyRow.key == body_key)
    ).one()
    if any(m.date == meeting.date for m in body.meetings):
        return False
    body.meetings.append(
        MeetingRow(date=meeting.date, time=meeting.time, place=meeting.place, note=meeting.note,
                   origin="chat")
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
                               for m in b.meetings),
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
    )


def _to_row(agreement: Agreement, position: int) -> AgreementRow:
    t = agreement.term
    return AgreementRow(
        id=agreement.id,
        name=agreement.name,
        short_name=agreement.short_name,
        aliases=list(agreement.aliases),
        source_document=agreement.source_document,
        host_key=agreement.host,
        default_lead_days=list(agreement.default_lead_days),
        instrument=agreement.instrument.model_dump(mode="json") if agreement.instrument else None,
        note=agreement.note,
        position=position,
        parties=[
            PartyRow(position=i, key=p.key, name=p.name, short_name=p.short_name, kind=p.kind,
                     org_number=p.org_number, municipality_code=p.municipality_code,
                     aliases=list(p.aliases), source=p.source, note=p.note)
            for i, p in enumerate(agreement.parties)
        ],
        term=TermRow(start=t.start, first_end=t.first_end, renewal_months=t.renewal_months,
                     notice_months=t.notice_months, until_terminated=t.until_terminated,
                     source=t.source, note=t.note),
        bodies=[
            BodyRow(
                position=i, key=b.key, name=b.name, kind=b.kind, aliases=list(b.aliases),
                meeting_rule=b.meeting_rule.model_dump(mode="json") if b.meeting_rule else None,
                channel_key=b.channel, source=b.source, note=b.note,
                meetings=[MeetingRow(date=m.date, time=m.time, place=m.place, note=m.note,
                                     origin="file") for m in b.meetings],
            )
            for i, b in enumerate(agreement.bodies)
        ],
        channels=[
            ChannelRow(position=i, key=c.key, name=c.name, purpose=c.purpose,
                       slack_channel=c.slack_channel)
            for i, c in enumerate(agreement.channels)
        ],
        cost_models=[
            CostModelRow(position=i, key=m.key, kind=m.kind, title=m.title, source=m.source,
                         note=m.note, parameters=_parameters(m))
            for i, m in enumerate(agreement.cost_models)
        ],
        deadline_rules=[
            DeadlineRuleRow(
                position=i, key=d.key, title=d.title, schedule=d.schedule.model_dump(mode="json"),
                every_years=d.every_years, from_year=d.from_year, until_year=d.until_year,
                responsible=d.responsible, channel_key=d.channel,
                lead_days=list(d.lead_days) if d.lead_days is not None else None,
                source=d.source, note=d.note,
            )
            for i, d in enumerate(agreement.deadlines)
        ],
    )


def _parameters(model: CostModel) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    return {k: v for k, v in data.items() if k not in _COST_COLUMNS}


def agreement_ids(*, session: Session) -> Sequence[str]:
    return session.scalars(select(AgreementRow.id).order_by(AgreementRow.position)).all()
