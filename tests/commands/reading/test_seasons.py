"""Times of year: "i vår", "nästa höst", "hösten 2027", "före jul" — and the words that only
look like them ("i var kommun", "sommarsemester")."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.context import Request
from commands.reading.periods import find_period
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

NOV = dt.date(2026, 11, 25)  # in autumn, before winter
APRIL = dt.date(2027, 4, 10)  # in spring


@pytest.mark.parametrize(("text", "today", "start", "end"), [
    ("vad har vi för deadlines i vår?", NOV, "2027-03-01", "2027-05-31"),  # the next spring
    ("vad har vi för deadlines i vår?", APRIL, "2027-03-01", "2027-05-31"),  # this spring
    ("nästa vår", APRIL, "2028-03-01", "2028-05-31"),
    ("möten i höst", NOV, "2026-09-01", "2026-11-30"),  # not over yet
    ("nästa höst", NOV, "2027-09-01", "2027-11-30"),
    ("förra hösten", NOV, "2025-09-01", "2025-11-30"),
    ("hösten 2027", NOV, "2027-09-01", "2027-11-30"),
    ("i vinter", NOV, "2026-12-01", "2027-02-28"),
    ("vintern 2028", NOV, "2027-12-01", "2028-02-29"),  # a leap year's February
    ("deadlines in the spring", NOV, "2027-03-01", "2027-05-31"),
    ("vad måste vi göra före jul?", NOV, "2026-11-25", "2026-12-24"),
    ("before Christmas", dt.date(2026, 12, 28), "2026-12-28", "2027-12-24"),
    ("vad ska vi hinna till sommaren?", NOV, "2026-11-25", "2027-05-31"),
])
def test_a_time_of_year_is_its_months(text: str, today: dt.date, start: str, end: str) -> None:
    period = find_period(text, today)
    assert period is not None and (period.start.isoformat(), period.end.isoformat()) == (
        start, end), period


@pytest.mark.parametrize("text", ["i var kommun", "planera sommarsemester", "höst",
                                  "vart skickas den?"])
def test_words_that_only_look_like_a_season_are_none(text: str) -> None:
    period = find_period(text, NOV)
    assert period is None, period


def test_before_christmas_is_the_days_until_christmas_eve() -> None:
    """ "före jul" named no period: the question got the default 60 days."""
    text = to_text(router.answer(Request(text="vad måste vi göra före jul?", today=NOV),
                                 MemoryStore()))
    assert "2026-11-25 – 2026-12-24" in text, text


def test_a_season_in_an_english_deadline_question_is_its_period() -> None:
    """ "spring" is no word the clauses should be searched for ("Elin Ring" was found)."""
    text = to_text(router.answer(Request(text="what deadlines do we have this spring?",
                                         today=NOV), MemoryStore()))
    assert text.startswith("CMV Jämtland: deadlines 2027-03-01 – 2027-05-31"), text
