"""Meeting rules: which meetings lie in a period, which is next, and whether a body's rule
("Styrgruppen sammanträder 4 gånger per år", 001 §9.1; SRO "4–5 gånger per år", 003) is met.

No reading and no wording here: plain dates in, plain facts out. Meeting times are Stockholm
wall-clock times, stored without a zone, because that is what the invitation says whatever
the season; ``ScheduledMeeting.starts_at`` makes them aware when an instant is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement, Body, Meeting, MeetingRule
from commands.core.context import STOCKHOLM

# How far ahead a listing without a period looks, and how far ahead a new meeting may be.
DEFAULT_LIST_DAYS = 365
MAX_YEARS_AHEAD = 10


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting of one body, with what a reader needs to place it."""

    agreement_id: str
    agreement: str  # short name
    body_key: str
    body: str  # body name, e.g. "Styrgrupp CMV"
    date: dt.date
    time: dt.time | None
    place: str | None
    note: str | None
    channel: str | None
    source: str

    @property
    def starts_at(self) -> dt.datetime | None:
        """Start as an aware Stockholm time (CET or CEST as the date requires)."""
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=STOCKHOLM)

    @property
    def key(self) -> str:
        """Stable id: one meeting per body and day (the store refuses a second)."""
        return f"{self.agreement_id}/{self.body_key}/{self.date.isoformat()}"


@dataclass(frozen=True)
class Shortfall:
    """Fewer meetings entered for a year than the body's rule requires."""

    agreement: str
    body: str
    year: int
    scheduled: int
    required_min: int
    required_max: int | None
    source: str


@dataclass(frozen=True)
class RuleStatus:
    """Whether a body's rule is met for ``year`` before and after one change."""

    rule: MeetingRule
    year: int
    count: int  # meetings in ``year`` after the change
    was_met: bool
    is_met: bool


def scheduled(agreement: Agreement, body: Body, meeting: Meeting) -> ScheduledMeeting:
    return ScheduledMeeting(
        agreement_id=agreement.id,
        agreement=agreement.short_name,
        body_key=body.key,
        body=body.name,
        date=meeting.date,
        time=meeting.time,
        place=meeting.place,
        note=meeting.note,
        channel=body.channel,
        source=body.meeting_rule.source if body.meeting_rule else body.source,
    )


def meetings_between(
    agreements: Iterable[Agreement],
    start: dt.date,
    end: dt.date,
    *,
    bodies: Iterable[tuple[str, str]] | None = None,
) -> list[ScheduledMeeting]:
    """Meetings in [start, end], by date and time; optionally only some (agreement, body)."""
    wanted = set(bodies) if bodies is not None else None
    found = [
        scheduled(agreement, body, meeting)
        for agreement in agreements
        for body in agreement.bodies
        if wanted is None or (agreement.id, body.key) in wanted
        for meeting in body.meetings
        if start <= meeting.date <= end
    ]
    return sorted(found, key=order)


def order(m: ScheduledMeeting) -> tuple[dt.date, dt.time, str, str]:
    """Chronological, a meeting without a time first on its day; ties by agreement and body."""
    return m.date, m.time or dt.time(0), m.agreement_id, m.body_key


def next_meeting(
    agreement: Agreement, body: Body, today: dt.date, now: dt.datetime | None = None
) -> ScheduledMeeting | None:
    """The first meeting from today on; with ``now``, one that already began today is past."""
    upcoming = [
        m for m in (scheduled(agreement, body, meeting) for meeting in body.meetings)
        if m.date > today
        or (m.date == today and (now is None or m.starts_at is None or m.starts_at >= now))
    ]
    return min(upcoming, key=order) if upcoming else None


def following(agreement: Agreement, body: Body, meeting: ScheduledMeeting
              ) -> ScheduledMeeting | None:
    """The body's meeting after ``meeting``, if one is entered."""
    after = [m for m in (scheduled(agreement, body, x) for x in body.meetings)
             if order(m) > order(meeting)]
    return min(after, key=order) if after else None


def count_in_year(meetings: Iterable[Meeting], year: int) -> int:
    return sum(1 for m in meetings if m.date.year == year)


def shortfall(agreement: Agreement, body: Body, year: int) -> Shortfall | None:
    """A warning when ``year`` has fewer meetings than the rule's minimum."""
    rule = body.meeting_rule
    if rule is None or rule.per_year_min == 0:
        return None
    count = count_in_year(body.meetings, year)
    if count >= rule.per_year_min:
        return None
    return Shortfall(
        agreement=agreement.short_name, body=body.name, year=year, scheduled=count,
        required_min=rule.per_year_min, required_max=rule.per_year_max, source=rule.source,
    )


def shortfalls(
    pairs: Iterable[tuple[Agreement, Body]], years: Iterable[int]
) -> list[Shortfall]:
    years = list(years)
    return [s for a, b in pairs for y in years if (s := shortfall(a, b, y)) is not None]


def years_to_check(today: dt.date) -> list[int]:
    """The year whose meeting count is worth a warning today."""
    # From October on, the coming year's dates are what is being planned; a warning about
    # the nearly finished year would only be noise.
    return [today.year + 1] if today.month >= 10 else [today.year]


def rule_status(body: Body, before: Sequence[Meeting], after: Sequence[Meeting],
                year: int) -> RuleStatus | None:
    """Whether the body's rule ("4 per år") is met for ``year`` after a change, and was."""
    rule = body.meeting_rule
    if rule is None:
        return None
    return RuleStatus(
        rule=rule, year=year, count=count_in_year(after, year),
        was_met=count_in_year(before, year) >= rule.per_year_min,
        is_met=count_in_year(after, year) >= rule.per_year_min,
    )


def after_change(meetings: Sequence[Meeting], old: Meeting, new: Meeting | None
                 ) -> tuple[Meeting, ...]:
    """A body's meetings once ``old`` is removed, or moved to ``new``."""
    return tuple(m for m in meetings if m.date != old.date) + ((new,) if new else ())


def sources(pairs: Sequence[tuple[Agreement, Body]]) -> str | None:
    """The meeting rules' references for a set of bodies, each once ("001 §9.1; 003 §8")."""
    found = list(dict.fromkeys(
        b.meeting_rule.source if b.meeting_rule else b.source for _, b in pairs
    ))
    return "; ".join(found) if found else None
