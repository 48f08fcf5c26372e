"""The deadline engine: agreements' rules and a date range in, ``Occurrence`` objects out.

A rule is never a typed-in list of dates; it is a schedule from ``commands.core.agreement`` —
notice before expiry with renewal (001 §22, 003 §4), a yearly date (002 "28/2"), whole months
(001 §23 "januari", Bilaga 1 "årets tre första månader"), ISO weeks (002 "v.45–46"), or the
last meeting of a body (001 Bilaga 1) — with an optional every-n-years cycle (004 "varannan
höst").

Every occurrence carries the day to act on: the last working day on or before the due day
(``commands.core.workdays``). A notice that must be given "senast 2026-12-31" is acted on
2026-12-30, because 31 December is nyårsafton and the office is closed; the due day itself is
kept too, so nobody is misled about the contract.

Pure and wordless: no parsing of questions and no texts for people (those are ``question`` and
``wording``); it imports only ``commands.core``. The term's own chain of ends and notice days
is ``commands.core.term``, shared with the knowledge card.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from commands.core.agreement import (
    Agreement,
    DateSchedule,
    DeadlineRule,
    LastMeetingSchedule,
    MonthsSchedule,
    NoticeSchedule,
    WeeksSchedule,
)
from commands.core.term import notice_chain
from commands.core.workdays import (
    add_months,
    last_working_day_on_or_before,
    week_range,
    weeks_in_year,
)

# Ranges longer than this are cut: nothing useful is asked about two centuries at once.
_MAX_YEARS = 200


@dataclass(frozen=True)
class Occurrence:
    """One deadline on one date: what, when, by whom, where it stands, who is nudged."""

    agreement_id: str
    agreement: str  # short name, for people
    rule_key: str
    title: str
    due: dt.date
    act_by: dt.date  # last working day on or before ``due``
    responsible: str
    channel: str | None  # channel key in the agreement; None when the agreement has none
    source: str
    note: str | None = None
    window_start: dt.date | None = None  # first day of a months/weeks window
    kind: str = "date"  # the schedule kind: notice, date, months, weeks, last_meeting
    lead_days: tuple[int, ...] = (60, 30, 7, 1)
    expiry: dt.date | None = None  # notice: the expiry this notice day protects
    extended_to: dt.date | None = None  # notice: the new end if nobody gives notice
    renewal_months: int | None = None  # notice: how long each extension is
    meeting_time: dt.time | None = None  # last_meeting: the meeting's time, when known
    placeholder: bool = False  # last_meeting without a meeting date: 31 December stands in

    @property
    def key(self) -> str:
        """Stable id of this occurrence: ``agreement/rule/YYYY-MM-DD`` (the due day).

        "At the year's last meeting" is keyed by the year's 31 December whatever the meeting
        date: entering or moving that meeting must not make it a new occurrence (its done
        mark and sent nudges stay with it).
        """
        anchor = dt.date(self.due.year, 12, 31) if self.kind == "last_meeting" else self.due
        return occurrence_key(self.agreement_id, self.rule_key, anchor)

    @property
    def first_day(self) -> dt.date:
        """Where the occurrence begins on a calendar: its window, or the day to act."""
        return min(self.window_start or self.act_by, self.act_by)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.first_day <= end and self.due >= start


FOLLOW_UP_RULE = "reflection-goal"


class Goal(Protocol):
    """What the engine needs of a self-reflection priority goal (``reflection.model.FollowUp``):
    a structural type, so the rules do not depend on the reflection domain."""

    @property
    def key(self) -> str: ...
    @property
    def agreement_id(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def responsible(self) -> str: ...
    @property
    def source(self) -> str: ...


def follow_up_occurrence(follow_up: Goal, agreements: Iterable[Agreement]) -> Occurrence:
    """A self-reflection priority goal (002 steps IV–V) as a deadline occurrence, nudged in
    the centre's channel like the agreements' own deadlines. Its rule key carries the round
    and the goal's position, so its key is as stable as theirs."""
    _, round_id, position = follow_up.key.split(":")
    agreement = next((a for a in agreements if a.id == follow_up.agreement_id), None)
    return Occurrence(
        agreement_id=follow_up.agreement_id,
        agreement=agreement.short_name if agreement else follow_up.agreement_id,
        rule_key=f"{FOLLOW_UP_RULE}-{round_id}-{position}",
        title=follow_up.title,
        due=follow_up.due,
        act_by=last_working_day_on_or_before(follow_up.due),
        responsible=follow_up.responsible,
        channel=follow_up.channel,  # the centre's Slack channel itself, not a channel key
        source=follow_up.source,
        kind="follow_up",
        lead_days=tuple(agreement.default_lead_days) if agreement else (60, 30, 7, 1),
    )


def occurrence_key(agreement_id: str, rule_key: str, due: dt.date) -> str:
    return f"{agreement_id}/{rule_key}/{due.isoformat()}"


def _active_year(rule: DeadlineRule, year: int) -> bool:
    if rule.until_year is not None and year > rule.until_year:
        return False
    if rule.from_year is None:
        return True
    if year < rule.from_year:
        return False
    return (year - rule.from_year) % rule.every_years == 0


def channel_for(agreement: Agreement, rule: DeadlineRule) -> str | None:
    """The rule's channel; else its body's (last-meeting rules); else the agreement's first.

    Falling back to a channel rather than to none keeps a nudge from being silently lost.
    """
    if rule.channel is not None:
        return rule.channel
    if isinstance(rule.schedule, LastMeetingSchedule):
        body_channel = agreement.body(rule.schedule.body).channel
        if body_channel is not None:
            return body_channel
    return agreement.channels[0].key if agreement.channels else None


def _occurrence(
    agreement: Agreement, rule: DeadlineRule, due: dt.date, **extra: object
) -> Occurrence:
    return Occurrence(
        agreement_id=agreement.id,
        agreement=agreement.short_name,
        rule_key=rule.key,
        title=rule.title,
        due=due,
        act_by=last_working_day_on_or_before(due),
        responsible=rule.responsible,
        channel=channel_for(agreement, rule),
        source=rule.source,
        note=rule.note,
        kind=rule.schedule.kind,
        lead_days=rule.lead_days or agreement.default_lead_days,
        **extra,  # type: ignore[arg-type]
    )


def _in_year(agreement: Agreement, rule: DeadlineRule, year: int) -> Occurrence | None:
    """The occurrence of a yearly rule in ``year`` (its window's first year)."""
    schedule = rule.schedule
    if isinstance(schedule, DateSchedule):
        # "29/2" in a common year, "31/4" by mistake: the month's last day
        last = calendar.monthrange(year, schedule.month)[1]
        return _occurrence(agreement, rule, dt.date(year, schedule.month, min(schedule.day, last)))
    if isinstance(schedule, MonthsSchedule):
        start = dt.date(year, schedule.from_month, 1)
        end_year = year if schedule.to_month >= schedule.from_month else year + 1
        end = dt.date(end_year, schedule.to_month,
                      calendar.monthrange(end_year, schedule.to_month)[1])
        return _occurrence(agreement, rule, end, window_start=start)
    if isinstance(schedule, WeeksSchedule):
        if schedule.from_week > weeks_in_year(year):
            return None  # "v. 53" in a year without one: no week to hold it
        start = week_range(year, schedule.from_week)[0]
        end_year = year if schedule.to_week >= schedule.from_week else year + 1
        end = week_range(end_year, schedule.to_week)[1]
        return _occurrence(agreement, rule, end, window_start=start)
    if isinstance(schedule, LastMeetingSchedule):
        body = agreement.body(schedule.body)
        meetings = sorted((m for m in body.meetings if m.date.year == year), key=lambda m: m.date)
        if meetings:
            final = meetings[-1]
            return _occurrence(agreement, rule, final.date, meeting_time=final.time)
        # No meeting entered yet: the year's end stands in, so the deadline is still nudged.
        return _occurrence(agreement, rule, dt.date(year, 12, 31), placeholder=True)
    return None


def _notice_occurrences(
    agreement: Agreement, rule: DeadlineRule, start: dt.date, end: dt.date
) -> Iterator[Occurrence]:
    term = agreement.term
    # a notice day can be up to a weekend-and-holidays before its act-by day: start early
    for deadline, expiry, extended in notice_chain(term, start - dt.timedelta(days=14)):
        if deadline > end:
            return
        yield _occurrence(
            agreement, rule, deadline, expiry=expiry, extended_to=extended,
            renewal_months=term.renewal_months,
        )


def _term_allows(agreement: Agreement, due: dt.date) -> bool:
    term = agreement.term
    if due < term.start:
        return False
    if not term.until_terminated and term.renewal_months is None and term.first_end is not None:
        return due <= term.first_end  # a fixed term without renewal simply ends
    return True


def rule_occurrences(
    agreement: Agreement, rule: DeadlineRule, start: dt.date, end: dt.date
) -> list[Occurrence]:
    """Occurrences of one rule that overlap [start, end] (window or act-by day to due day)."""
    if end < start:
        return []
    end = min(end, start.replace(year=min(start.year + _MAX_YEARS, 9998), day=1))
    if isinstance(rule.schedule, NoticeSchedule):
        return [
            o for o in _notice_occurrences(agreement, rule, start, end) if o.overlaps(start, end)
        ]
    found: list[Occurrence] = []
    # a window may begin the year before the range (Nov–Feb) or in ISO week 1 of next year
    for year in range(max(start.year - 1, 1), min(end.year + 1, 9998) + 1):
        if not _active_year(rule, year):
            continue
        occurrence = _in_year(agreement, rule, year)
        if (
            occurrence is not None
            and occurrence.overlaps(start, end)
            and _term_allows(agreement, occurrence.due)
        ):
            found.append(occurrence)
    return found


def occurrences(
    agreements: Iterable[Agreement],
    start: dt.date,
    end: dt.date,
    *,
    rule_keys: Iterable[tuple[str, str]] | None = None,
) -> list[Occurrence]:
    """Every occurrence in [start, end], sorted by act-by day; optionally only some
    (agreement id, rule key) pairs."""
    wanted = set(rule_keys) if rule_keys is not None else None
    found = [
        occurrence
        for agreement in agreements
        for rule in agreement.deadlines
        if wanted is None or (agreement.id, rule.key) in wanted
        for occurrence in rule_occurrences(agreement, rule, start, end)
    ]
    return sorted(found, key=occurrence_order)


def occurrence_order(occurrence: Occurrence) -> tuple[dt.date, dt.date, str, str]:
    return occurrence.act_by, occurrence.due, occurrence.agreement_id, occurrence.rule_key


def next_occurrence(agreement: Agreement, rule: DeadlineRule, today: dt.date) -> Occurrence | None:
    """The first occurrence due on or after ``today`` (an ongoing window counts)."""
    horizon = rule.every_years + 1
    if isinstance(rule.schedule, NoticeSchedule) and agreement.term.renewal_months:
        horizon = max(horizon, agreement.term.renewal_months // 12 + agreement.term.notice_months
                      // 12 + 2)
    upcoming = [
        o for o in rule_occurrences(agreement, rule, today, add_months(today, 12 * horizon))
        if o.due >= today
    ]
    return min(upcoming, key=occurrence_order) if upcoming else None
