"""An agreement's term as a chain of dates: the ends it runs to and the last day to give notice
for each. One rule, used by the deadline list (the notice day and its nudges) and by the
knowledge card ("Nu löper det till …"), so the two can never give different dates.

Pure date arithmetic on ``Term``: whole months that keep a month's last day (expiries in the
sources are month ends, and "12 months before 31 December" is 31 December the year before),
each end computed from ``first_end`` rather than chained, so a day clamped once stays right.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from commands.core.agreement import Term
from commands.core.workdays import add_months, last_working_day_on_or_before


@dataclass(frozen=True)
class NoticeDeadline:
    """The next chance to terminate an agreement with a fixed term."""

    last_notice_day: dt.date
    act_by: dt.date
    expiry: dt.date  # the agreement ends here if notice is given in time
    extended_to: dt.date | None  # … and runs to here if not (None: no renewal)


def _is_month_end(date: dt.date) -> bool:
    return date.day == calendar.monthrange(date.year, date.month)[1]


def shift_months(date: dt.date, months: int) -> dt.date:
    """Move by whole months; a month's last day stays the last day (2025-02-28 +36 -> 2028-02-29).

    Expiries in the sources are month ends ("2025-12-31"), and "12 months before 31 December"
    is 31 December the year before.
    """
    moved = add_months(date, months)
    if _is_month_end(date):
        moved = moved.replace(day=calendar.monthrange(moved.year, moved.month)[1])
    return moved


def expiry_after(term: Term, renewals: int) -> dt.date | None:
    """The end of the term after ``renewals`` automatic extensions (0: the first end)."""
    if term.until_terminated or term.first_end is None:
        return None
    if renewals == 0:
        return term.first_end
    if term.renewal_months is None:
        return None
    # computed from first_end each time, never chained, so a day clamped once stays right
    return shift_months(term.first_end, renewals * term.renewal_months)


def notice_day(expiry: dt.date, notice_months: int) -> dt.date:
    """The last day to give notice: ``notice_months`` before expiry (2027-12-31 -> 2026-12-31)."""
    return shift_months(expiry, -notice_months)


def notice_chain(term: Term, start: dt.date) -> Iterator[tuple[dt.date, dt.date, dt.date | None]]:
    """(last notice day, expiry, extended end) for every expiry whose notice day is ≥ start."""
    if term.until_terminated or term.first_end is None:
        return
    first = 0
    if term.renewal_months:
        # jump close to ``start`` instead of walking every renewal since first_end
        months_ahead = (start.year - term.first_end.year) * 12 + start.month - term.first_end.month
        first = max(0, months_ahead // term.renewal_months - 2)
    renewals = first
    while True:
        expiry = expiry_after(term, renewals)
        if expiry is None:
            return
        deadline = notice_day(expiry, term.notice_months)
        if deadline >= start:
            yield deadline, expiry, expiry_after(term, renewals + 1)
        renewals += 1


def next_notice(term: Term, today: dt.date) -> NoticeDeadline | None:
    """The next last notice day on or after ``today``, with the working day to act on and the
    end it runs to if nobody gives notice; None for 'until terminated' or an end that can no
    longer be reached (a term without renewal whose notice day has passed)."""
    for deadline, expiry, extended in notice_chain(term, today):
        return NoticeDeadline(
            last_notice_day=deadline,
            act_by=last_working_day_on_or_before(deadline),
            expiry=expiry,
            extended_to=extended,
        )
    return None


def notice_for_end(term: Term, wanted_end: dt.date) -> tuple[dt.date, dt.date] | None:
    """(the end the agreement can have on or after ``wanted_end``, its last notice day): a
    fixed term ends only when a term runs out; 'until terminated' ends notice_months after
    notice. None when no end on or after that day can be reached."""
    if term.until_terminated:
        return wanted_end, add_months(wanted_end, -term.notice_months)
    renewals = 0
    while (expiry := expiry_after(term, renewals)) is not None:
        if expiry >= wanted_end:
            return expiry, notice_day(expiry, term.notice_months)
        renewals += 1
    return None


def end_for_notice(term: Term, given: dt.date) -> dt.date | None:
    """When the agreement ends if notice is given on ``given``: the first term end whose
    notice day is on or after it, or notice_months later for 'until terminated'."""
    if term.until_terminated:
        return add_months(given, term.notice_months)
    for _, expiry, _ in notice_chain(term, given):
        return expiry
    return None


def earliest_end(term: Term, today: dt.date) -> dt.date:
    """For an agreement that runs until terminated: the end if notice is given today."""
    return add_months(today, term.notice_months)
