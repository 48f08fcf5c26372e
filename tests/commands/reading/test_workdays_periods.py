"""Swedish working days and the relative periods read from questions."""

from __future__ import annotations

import datetime as dt

import pytest

from commands.core.workdays import (
    holiday_name,
    is_working_day,
    last_working_day_on_or_before,
    why_not_working,
)
from commands.reading.periods import find_period, parse_date

TODAY = dt.date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("day", "name"), [
    (dt.date(2026, 6, 19), "midsommarafton"),
    (dt.date(2027, 6, 25), "midsommarafton"),  # 19 June 2027 is a Saturday
    (dt.date(2026, 12, 24), "julafton"),
    (dt.date(2026, 12, 31), "nyårsafton"),
    (dt.date(2027, 1, 6), "trettondedag jul"),
    (dt.date(2027, 3, 26), "långfredagen"),
])
def test_eves_and_public_holidays_are_not_working_days(day: dt.date, name: str) -> None:
    assert not is_working_day(day)
    assert holiday_name(day) == name


def test_act_by_moves_back_over_christmas_easter_and_weekends() -> None:
    # 26 Dec 2026 is a Saturday after annandag jul, julafton, and Wednesday 23 is working
    assert last_working_day_on_or_before(dt.date(2026, 12, 27)) == dt.date(2026, 12, 23)
    # annandag påsk 2027 (29 March) -> back over långfredag to Thursday 25 March
    assert last_working_day_on_or_before(dt.date(2027, 3, 29)) == dt.date(2027, 3, 25)
    # midsommarafton 2026 (Friday 19 June) -> Thursday 18 June
    assert last_working_day_on_or_before(dt.date(2026, 6, 20)) == dt.date(2026, 6, 18)
    assert last_working_day_on_or_before(dt.date(2026, 11, 25)) == dt.date(2026, 11, 25)
    assert why_not_working(dt.date(2027, 2, 28)) == "söndag"
    assert why_not_working(dt.date(2026, 12, 31), "en") == "New Year's Eve"
    assert why_not_working(dt.date(2026, 11, 25)) is None


@pytest.mark.parametrize(("text", "start", "end"), [
    ("vilka deadlines har vi de närmaste 60 dagarna?", TODAY, dt.date(2027, 1, 24)),
    ("deadlines nästa månad", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ("inom 30 dagar", TODAY, dt.date(2026, 12, 25)),
    ("before 1 March", TODAY, dt.date(2027, 2, 28)),
    ("före 1 mars", TODAY, dt.date(2027, 2, 28)),
    # week 45 of 2026 has passed: the next week 45 is in 2027
    ("vecka 45", dt.date(2027, 11, 8), dt.date(2027, 11, 14)),
    ("vecka 53", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),  # 2026 has 53 ISO weeks
    ("v. 45–46 2026", dt.date(2026, 11, 2), dt.date(2026, 11, 15)),
    ("nästa fredag", dt.date(2026, 11, 27), dt.date(2026, 11, 27)),
    ("vad händer i januari?", dt.date(2027, 1, 1), dt.date(2027, 1, 31)),
    ("möten 2027", dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
    ("next week", dt.date(2026, 11, 30), dt.date(2026, 12, 6)),
    ("2027/03/01", dt.date(2027, 3, 1), dt.date(2027, 3, 1)),
    # explicit ranges: both ends are read
    ("deadlines 2026-12-01 – 2026-12-20", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    ("vad händer mellan 1 december och 20 december?", dt.date(2026, 12, 1),
     dt.date(2026, 12, 20)),
    ("deadlines från 1/12 till 20/12", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    ("påminnelser 1–20 december", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    ("påminnelser 1-20 dec 2027", dt.date(2027, 12, 1), dt.date(2027, 12, 20)),
    ("December 1–20, 2027", dt.date(2027, 12, 1), dt.date(2027, 12, 20)),
    ("möten januari–mars 2027", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
    ("deadlines v. 45–46", dt.date(2027, 11, 8), dt.date(2027, 11, 21)),
    ("between 1 December and 20 December", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    ("from 2027-01-01 to 2027-03-31", dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
    ("1/12-20/12", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    ("1/12 2026 – 20/12 2026", dt.date(2026, 12, 1), dt.date(2026, 12, 20)),
    # across the new year only when the end's month comes before the start's
    ("20 december – 10 januari", dt.date(2026, 12, 20), dt.date(2027, 1, 10)),
    ("från 20 december 2026 till 10 januari", dt.date(2026, 12, 20), dt.date(2027, 1, 10)),
    ("20 december – 10 januari 2027", dt.date(2026, 12, 20), dt.date(2027, 1, 10)),
    ("från november till februari", dt.date(2026, 11, 1), dt.date(2027, 2, 28)),
    ("mellan 1 mars och 15 april", dt.date(2027, 3, 1), dt.date(2027, 4, 15)),
])
def test_periods_in_questions(text: str, start: dt.date, end: dt.date) -> None:
    period = find_period(text, TODAY)
    assert period is not None and period.problem is None
    assert (period.start, period.end) == (start, end)


def test_a_range_that_has_begun_is_this_years() -> None:
    # on 10 December, "1–20 december" is the running one, not next year's
    period = find_period("1–20 december", dt.date(2026, 12, 10))
    assert period is not None
    assert period.as_tuple() == (dt.date(2026, 12, 1), dt.date(2026, 12, 20))


@pytest.mark.parametrize("text", [
    "från 20/12 till 1/12 2026",
    "från 20/12 till 1/12",
    "deadlines 2026-12-20 – 2026-12-01",
    "20–1 december",
    "between 20 December 2026 and 1 December 2026",
])
def test_reversed_ranges_are_a_problem_not_an_empty_list(text: str) -> None:
    period = find_period(text, TODAY)
    assert period is not None and period.problem is not None
    assert period.start <= period.end
    assert "2026-12-01" in (period.message("sv") or "")
    assert "before it starts" in (period.message("en") or "")


def test_periods_across_the_year_end_and_on_the_weekday_itself() -> None:
    assert find_period("nästa vecka", dt.date(2026, 12, 30)).as_tuple() == (  # type: ignore[union-attr]
        dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    assert find_period("nästa månad", dt.date(2026, 12, 15)).as_tuple() == (  # type: ignore[union-attr]
        dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    # on a Friday, "nästa fredag" is a week later, never today
    assert parse_date("nästa fredag", dt.date(2026, 11, 27)) == dt.date(2026, 12, 4)


def test_dateparser_is_the_fallback_for_what_our_patterns_do_not_read() -> None:
    # neither a Swedish week/weekday phrase nor one of our date patterns: dateparser's
    period = find_period("3 weeks from now", TODAY)
    assert period is not None and period.start == dt.date(2026, 12, 16)
    assert parse_date("tomorrow", TODAY) == dt.date(2026, 11, 26)


def test_day_month_order_and_leap_days() -> None:
    assert parse_date("12/2", TODAY) == dt.date(2027, 2, 12)  # day first, forward
    assert parse_date("2/12", TODAY) == dt.date(2026, 12, 2)
    assert parse_date("29/2", TODAY) == dt.date(2028, 2, 29)  # the next leap year
    assert parse_date("31/2 2027", TODAY) is None


def test_nonsense_is_no_period_and_never_raises() -> None:
    for text in ("vecka 99", "hej hopp", "", "🙂🙂", "inom 999999 dagar"):
        period = find_period(text, TODAY)
        if period is not None:
            assert period.end - period.start <= dt.timedelta(days=366 * 20)
