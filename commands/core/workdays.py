"""Swedish working days (which days an office can act on a deadline), and the calendar
arithmetic deadlines rest on: whole months and ISO weeks.

A deadline that falls on a weekend, a public holiday or one of the three eves that Swedish
law treats like a Sunday (midsommarafton, julafton, nyårsafton — semesterlagen 1977:480
§ 7) is shown with the last working day on or before it as the day to act on. Acting
*early* is the safe reading for a contractual deadline: a notice that arrives on the
due day itself is on time, but nobody is at the office on nyårsafton to send it.

The `holidays` package supplies both: Sweden's PUBLIC category holds the public holidays
(without "every Sunday", which it lists only when asked to), and its DE_FACTO category,
from version 0.88, the three eves. Nothing is added by hand, so a change in the law
reaches the bot with a new version of the package.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import holidays

_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _non_working_days(year: int, lang: str = "sv") -> Mapping[dt.date, str]:
    # Weekends are handled by weekday(); with include_sundays left off the package lists
    # no "Sunday" holiday, only the named days.
    return {
        date: str(name)
        for date, name in holidays.country_holidays(
            "SE", years=year, language="sv" if lang == "sv" else "en_US",
            categories=(holidays.PUBLIC, holidays.DE_FACTO),
        ).items()
    }


def holiday_name(date: dt.date, lang: str = "sv") -> str | None:
    """The name of the holiday or eve on ``date`` ('nyårsafton'), or None on an ordinary day."""
    name = _non_working_days(date.year, lang).get(date)
    if name is None:
        return None
    return name.lower() if lang == "sv" else name


def is_working_day(date: dt.date) -> bool:
    """Monday–Friday and not a public holiday or one of the three eves."""
    return date.weekday() < 5 and date not in _non_working_days(date.year)


def last_working_day_on_or_before(date: dt.date) -> dt.date:
    """The day to act on for something due on ``date``.

    Never more than a couple of weeks back: the longest run of non-working days in Sweden
    is julafton to annandag jul plus a weekend, so the loop is short.
    """
    day = date
    while not is_working_day(day):
        day -= _ONE_DAY
    return day


def next_working_day_on_or_after(date: dt.date) -> dt.date:
    day = date
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def why_not_working(date: dt.date, lang: str = "sv") -> str | None:
    """'nyårsafton', 'lördag', 'söndag' — why nobody acts on ``date``; None on a working day."""
    name = holiday_name(date, lang)
    if name is not None:
        return name
    if date.weekday() == 5:
        return "lördag" if lang == "sv" else "Saturday"
    if date.weekday() == 6:
        return "söndag" if lang == "sv" else "Sunday"
    return None


# --- calendar arithmetic (used by the deadline rules and by reading periods) -------------


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` moved by whole months, the day clamped to the month's length.

    2027-12-31 − 12 months = 2026-12-31; 2028-02-29 + 12 months = 2029-02-28.
    """
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def weeks_in_year(iso_year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return dt.date(iso_year, 12, 28).isocalendar().week


def week_range(iso_year: int, week: int) -> tuple[dt.date, dt.date]:
    """Monday–Sunday of ISO week ``week``; a week 53 that the year lacks is its week 52."""
    week = max(1, min(week, weeks_in_year(iso_year)))
    monday = dt.date.fromisocalendar(iso_year, week, 1)
    return monday, monday + dt.timedelta(days=6)
