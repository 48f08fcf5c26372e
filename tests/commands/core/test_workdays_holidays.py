"""The eves and holidays come from the `holidays` package (PUBLIC + DE_FACTO), in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from commands.core.workdays import holiday_name, is_working_day, why_not_working


@pytest.mark.parametrize("year", range(2020, 2041))
def test_the_three_eves_are_not_working_days_every_year(year: int) -> None:
    midsummer_eve = next(dt.date(year, 6, d) for d in range(19, 26)
                         if dt.date(year, 6, d).weekday() == 4)
    for date, sv, en in ((midsummer_eve, "midsommarafton", "Midsummer Eve"),
                         (dt.date(year, 12, 24), "julafton", "Christmas Eve"),
                         (dt.date(year, 12, 31), "nyårsafton", "New Year's Eve")):
        assert holiday_name(date) == sv
        assert holiday_name(date, "en") == en
        assert not is_working_day(date)


def test_an_ordinary_sunday_is_a_sunday_not_a_holiday() -> None:
    sunday = dt.date(2026, 3, 8)
    assert holiday_name(sunday) is None
    assert why_not_working(sunday) == "söndag"
    assert why_not_working(sunday, "en") == "Sunday"


def test_public_holidays_in_swedish_and_english() -> None:
    assert holiday_name(dt.date(2026, 1, 6)) == "trettondedag jul"
    assert holiday_name(dt.date(2026, 4, 3), "en") == "Good Friday"
    assert is_working_day(dt.date(2026, 12, 30))
    assert not is_working_day(dt.date(2026, 5, 14))  # Kristi himmelsfärdsdag
