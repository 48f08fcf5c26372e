"""What a calendar file holds, before any format: meetings as two-hour Stockholm times or
whole days, deadlines as free whole days on the day to act, stable uids."""

from __future__ import annotations

import datetime as dt

from commands.calendar.entries import MEETING_LENGTH, calendar_file
from commands.core.agreement import Meeting
from commands.core.context import STOCKHOLM
from tests.commands.agreements_fixture import MemoryStore

STAMP = dt.datetime(2026, 11, 25, 9, 0, tzinfo=STOCKHOLM)


def test_meetings_and_deadlines_as_entries() -> None:
    store = MemoryStore()
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 3, 29), time=dt.time(13),
                                      place="Rådhuset, Östersund", note="Budgetmöte"))
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 6, 11)))
    calendar = calendar_file(store.agreements(), dt.date(2026, 11, 25), dt.date(2027, 12, 31),
                             stamp=STAMP)
    assert calendar.name == "Avtalsbot: möten och deadlines" and calendar.stamp == STAMP
    entries = {e.uid: e for e in calendar.entries}
    assert len(entries) == len(calendar.entries)  # uids are unique

    timed = entries["cmv-jamtland/styrgrupp/2027-03-29"]
    assert timed.start == dt.datetime(2027, 3, 29, 13, tzinfo=STOCKHOLM)  # CEST that day
    assert timed.end == timed.start + MEETING_LENGTH  # type: ignore[operator]
    assert timed.summary == "Möte: Styrgrupp CMV" and timed.location == "Rådhuset, Östersund"
    assert timed.description == "CMV Jämtland.\nBudgetmöte\nKälla: 001 §9.1."
    assert timed.busy and timed.categories == ("Avtalsbot", "Möte")

    whole_day = entries["cmv-jamtland/styrgrupp/2027-06-11"]
    assert whole_day.start == whole_day.end == dt.date(2027, 6, 11) and not whole_day.timed

    notice = entries["cmv-jamtland/uppsagning/2026-12-31"]
    assert notice.start == notice.end == dt.date(2026, 12, 30)  # act by: before nyårsafton
    assert not notice.busy and notice.categories == ("Avtalsbot", "Deadline")
    assert notice.description.splitlines()[:2] == ["Agera senast 2026-12-30.",
                                                   "Förfallodag 2026-12-31."]
    assert "Källa: 001 §22." in notice.description


def test_meetings_come_first_and_deadlines_are_picked_by_their_due_day() -> None:
    store = MemoryStore()
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 1, 15), time=dt.time(9)))
    calendar = calendar_file(store.agreements(), dt.date(2027, 1, 1), dt.date(2027, 1, 31),
                             stamp=STAMP)
    kinds = [e.categories[1] for e in calendar.entries]
    assert kinds[0] == "Möte" and "Deadline" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "Möte")
    assert not any(e.uid.startswith("cmv-jamtland/styrgrupp/2026") for e in calendar.entries)
