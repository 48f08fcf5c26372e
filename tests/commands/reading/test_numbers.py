"""The one table of number words: every reader (years, periods, costs) counts the same."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from commands.reading.numbers import NUMBER_WORDS, count_of, number_pattern
from commands.reading.periods import find_period
from commands.reading.years import find_years

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(("word", "count"), [
    ("tva", 2), ("two", 2), ("tre", 3), ("fyra", 4), ("atta", 8), ("elva", 11), ("tolv", 12),
    ("twelve", 12), ("ett", 1), ("an", 1), ("7", 7), ("30", 30),
])
def test_words_and_digits_are_counts(word: str, count: int) -> None:
    assert count_of(word) == count


@pytest.mark.parametrize("word", ["kr", "tretton", "två", ""])
def test_anything_else_is_no_count(word: str) -> None:
    # the table is folded: "två" is matched as "tva" after fold(), never as written
    assert count_of(word) is None


def test_the_pattern_offers_counts_from_a_floor_and_longest_words_first() -> None:
    pattern = number_pattern(at_least=2)
    assert re.fullmatch(pattern, "tva") and re.fullmatch(pattern, "twelve")
    assert not re.fullmatch(pattern, "en") and not re.fullmatch(pattern, "a")
    alternatives = pattern.split("|")
    assert len(alternatives[0]) >= len(alternatives[-1])
    assert set(alternatives) == {w for w, n in NUMBER_WORDS.items() if n >= 2}


def test_years_and_periods_read_the_same_number_words() -> None:
    # before, years knew up to ten and periods up to twelve: "elva" now works in both
    assert find_years("vad betalar Krokom om elva år", TODAY).years() == (2037,)
    period = find_period("inom elva dagar", TODAY)
    assert period is not None and period.end == dt.date(2026, 12, 6)
    assert find_years("om tre år", TODAY).years() == (2029,)
    assert find_years("in three years", TODAY).years() == (2029,)


def test_zero_days_is_today_not_one_day() -> None:
    period = find_period("inom 0 dagar", TODAY)
    assert period is not None and period.start == period.end == TODAY


@pytest.mark.parametrize(("text", "years"), [
    ("hur mycket har kostnaderna ökat sedan 2025 för Bräcke?", (2025, 2026)),
    ("what has Krokom paid since 2024?", (2024, 2025, 2026)),
    ("vad betalar Krokom fr.o.m. 2025?", (2025, 2026)),
    ("sedan 2026", (2026,)),  # this year: no range
    ("från och med 2028", (2028,)),  # a year ahead: that year
])
def test_since_a_year_is_that_year_to_this_one(text: str, years: tuple[int, ...]) -> None:
    assert find_years(text, TODAY).years() == years
