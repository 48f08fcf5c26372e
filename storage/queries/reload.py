"""Reloading an agreement (``avtalsbot seed``, ``avtalsbot import``): its facts are updated
in place, and nothing people recorded is deleted or rewritten.

Before, a reload deleted the agreement's row and inserted it again, and the database's
ON DELETE CASCADE took every self-reflection round, vote and goal with it. Now each fact
row is matched by its key (party, body, channel, cost model, deadline rule) and updated
where it stands, so its id — and every row that refers to it — stays. Rows are written only
when a value differs, so a reload of an unchanged file writes nothing.

Where the new file drops something that recorded data refers to, the reload is refused
with a message that names what refers to it (``ReloadRefused``), and nothing is written:

- a self-reflection statement with votes, a joint view or a goal in some round, or the
  instrument itself while rounds use it: a round's result is read against the statements
  people answered, and without them it would silently lose figures;
- a body with meetings added, moved or removed in chat: those were entered by people.

A deadline rule the file no longer has is simply dropped: nudges already posted and
deadlines marked done are kept as they are (they are keyed by the occurrence's text, not by
the rule's row), so the history stays readable and no further nudges go out. Parties and
channels are referred to by nothing recorded (rounds keep Slack channel ids), so they follow
the file. See README, "Vad som aldrig går förlorat".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from commands.core.agreement import Agreement, Meeting
from commands.core.errors import InputError
from storage.models import (
    AgreementRow,
    BodyRow,
    ChannelRow,
    CostModelRow,
    DeadlineRuleRow,
    MeetingRow,
    PartyRow,
    ReflectionGoalRow,
    ReflectionJointViewRow,
    ReflectionRoundRow,
    ReflectionVoteRow,
    TermRow,
)
from storage.queries.agreements import CHAT, EDITED, FILE, REMOVED, _parameters

Row = TypeVar("Row", PartyRow, BodyRow, ChannelRow, CostModelRow, DeadlineRuleRow)


class ReloadRefused(InputError):
    """The file drops something recorded data refers to; nothing was written."""


def save_agreement(agreement: Agreement, *, session: Session,
                   position: int | None = None) -> bool:
    """Insert the agreement, or bring its stored facts in line with ``agreement`` in place.

    Returns whether anything was written (the caller then moves the agreement revision so
    other processes re-read it). The caller owns the transaction; on ``ReloadRefused`` it
    must roll back (nothing has been written by then: every check runs first).
    """
    row = session.get(AgreementRow, agreement.id)
    if row is None:
        row = AgreementRow(id=agreement.id, position=position or 0, aliases=[],
                           default_lead_days=[])
        session.add(row)
        _refresh_agreement(row, agreement, row.position)
        _refresh_children(row, agreement)
        return True
    _refuse_lost_references(row, agreement, session=session)
    changed = _refresh_agreement(row, agreement,
                                 row.position if position is None else position)
    changed |= _refresh_children(row, agreement)
    return changed


# --- what recorded data refers to ----------------------------------------------------------


def _refuse_lost_references(row: AgreementRow, agreement: Agreement, *,
                            session: Session) -> None:
    problems: list[str] = []
    problems += _lost_statements(row, agreement, session=session)
    kept_bodies = {b.key for b in agreement.bodies}
    for body in row.bodies:
        if body.key in kept_bodies:
            continue
        entered = sorted(m.date.isoformat() for m in body.meetings if m.origin != FILE)
        if entered:
            problems.append(
                f"organet '{body.key}' ({body.name}), som har möten som lagts in eller ändrats i "
                f"chatten ({', '.join(entered)})")
    if problems:
        raise ReloadRefused(
            f"avtalet {agreement.id} läses inte in: filen tar bort "
            + "; ".join(problems)
            + ". Behåll dem i filen — inspelade svar och möten raderas aldrig.")


def _lost_statements(row: AgreementRow, agreement: Agreement, *,
                     session: Session) -> list[str]:
    rounds = session.execute(
        select(ReflectionRoundRow.id, ReflectionRoundRow.instrument_key,
               ReflectionRoundRow.centre, ReflectionRoundRow.year)
        .where(ReflectionRoundRow.agreement_id == row.id)
        .order_by(ReflectionRoundRow.id)
    ).all()
    if not rounds:
        return []
    instrument = agreement.instrument
    kept_key = instrument.key if instrument else None
    lost_instrument = [r for r in rounds if r.instrument_key != kept_key]
    if lost_instrument:
        named = ", ".join(f"omgång {r.id} ({r.centre} {r.year})" for r in lost_instrument[:5])
        more = f" och {len(lost_instrument) - 5} till" if len(lost_instrument) > 5 else ""
        return [f"instrumentet '{lost_instrument[0].instrument_key}', som används av "
                f"{named}{more}"]
    assert instrument is not None  # every round uses the kept instrument
    kept = {s.key for s in instrument.statements()}
    round_ids = [r.id for r in rounds]
    used: dict[str, list[str]] = {}
    for table, what in ((ReflectionVoteRow, "svar"), (ReflectionJointViewRow, "gemensam bild"),
                        (ReflectionGoalRow, "mål")):
        counts = session.execute(
            select(table.statement_key, func.count())
            .where(table.round_id.in_(round_ids), table.statement_key.is_not(None),
                   table.statement_key.not_in(kept) if kept else true())
            .group_by(table.statement_key)
        ).all()
        for statement, count in counts:
            if statement is not None:
                used.setdefault(statement, []).append(f"{count} {what}")
    return [f"påstående '{key}', som har {' och '.join(uses)}"
            for key, uses in sorted(used.items())]


# --- facts, updated where they stand --------------------------------------------------------


def _assign(row: object, values: dict[str, Any]) -> bool:
    """Set only what differs, so an unchanged reload writes nothing."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _refresh_agreement(row: AgreementRow, agreement: Agreement, position: int) -> bool:
    t = agreement.term
    changed = _assign(row, {
        "name": agreement.name, "short_name": agreement.short_name,
        "aliases": list(agreement.aliases), "source_document": agreement.source_document,
        "host_key": agreement.host, "default_lead_days": list(agreement.default_lead_days),
        "instrument": (agreement.instrument.model_dump(mode="json")
                       if agreement.instrument else None),
        "roles": agreement.roles.model_dump(mode="json") if agreement.roles else None,
        "note": agreement.note, "position": position,
    })
    term_values = {"start": t.start, "first_end": t.first_end,
                   "renewal_months": t.renewal_months, "notice_months": t.notice_months,
                   "until_terminated": t.until_terminated, "source": t.source, "note": t.note}
    if row.term is None:
        row.term = TermRow(**term_values)
        return True
    return _assign(row.term, term_values) or changed


def _refresh_children(row: AgreementRow, agreement: Agreement) -> bool:
    changed = _sync(row.parties, PartyRow, [
        {"key": p.key, "name": p.name, "short_name": p.short_name, "kind": p.kind,
         "org_number": p.org_number, "municipality_code": p.municipality_code,
         "aliases": list(p.aliases), "source": p.source, "note": p.note}
        for p in agreement.parties])
    changed |= _sync(row.channels, ChannelRow, [
        {"key": c.key, "name": c.name, "purpose": c.purpose, "slack_channel": c.slack_channel}
        for c in agreement.channels])
    changed |= _sync(row.cost_models, CostModelRow, [
        {"key": m.key, "kind": m.kind, "title": m.title, "source": m.source, "note": m.note,
         "parameters": _parameters(m)}
        for m in agreement.cost_models])
    changed |= _sync(row.deadline_rules, DeadlineRuleRow, [
        {"key": d.key, "title": d.title, "schedule": d.schedule.model_dump(mode="json"),
         "every_years": d.every_years, "from_year": d.from_year, "until_year": d.until_year,
         "responsible": d.responsible, "channel_key": d.channel,
         "lead_days": list(d.lead_days) if d.lead_days is not None else None,
         "source": d.source, "note": d.note}
        for d in agreement.deadlines])
    file_meetings = {b.key: b.meetings for b in agreement.bodies}
    changed |= _sync(row.bodies, BodyRow, [
        {"key": b.key, "name": b.name, "kind": b.kind, "aliases": list(b.aliases),
         "meeting_rule": b.meeting_rule.model_dump(mode="json") if b.meeting_rule else None,
         "channel_key": b.channel, "source": b.source, "note": b.note}
        for b in agreement.bodies],
        after=lambda body: _sync_meetings(body, file_meetings[body.key]))
    return changed


def _sync(rows: list[Row], make: Callable[..., Row], wanted: Sequence[dict[str, Any]], *,
          after: Callable[[Row], bool] | None = None) -> bool:
    """Match ``rows`` to ``wanted`` by key: update, add, drop (delete-orphan), reorder."""
    by_key = {r.key: r for r in rows}
    changed = False
    kept: list[Row] = []
    for position, values in enumerate(wanted):
        row = by_key.pop(values["key"], None)
        if row is None:
            row = make(**values, position=position)
            changed = True
        else:
            changed |= _assign(row, {**values, "position": position})
        if after is not None:
            changed |= after(row)
        kept.append(row)
    if by_key or [r.key for r in rows] != [r.key for r in kept]:
        rows[:] = kept  # the ones left in by_key are orphans: deleted by the cascade
        changed = True
    return changed


def _sync_meetings(body: BodyRow, meetings: Iterable[Meeting]) -> bool:
    """The file's meetings, merged with what chat changed (origins: see queries.agreements).

    A chat meeting on a day the file now has becomes the file's meeting (as it always has);
    an edited or removed file meeting stays as chat left it; a removed-marker whose day the
    file no longer has is dropped, and an edited meeting whose day the file dropped becomes
    a chat meeting.
    """
    from_file = {m.date: m for m in meetings}
    changed = False
    for row in list(body.meetings):
        meeting = from_file.pop(row.date, None)
        if meeting is None:
            if row.origin == FILE or row.origin == REMOVED:
                body.meetings.remove(row)
                changed = True
            elif row.origin == EDITED:
                row.origin = CHAT
                changed = True
            continue
        if row.origin in (FILE, CHAT):
            changed |= _assign(row, {"time": meeting.time, "place": meeting.place,
                                     "note": meeting.note, "origin": FILE})
    for meeting in from_file.values():
        body.meetings.append(MeetingRow(date=meeting.date, time=meeting.time,
                                        place=meeting.place, note=meeting.note, origin=FILE))
        changed = True
    return changed
