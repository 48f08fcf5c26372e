"""Meeting rules without reading or wording: Stockholm start times, the next meeting, a
period's meetings, shortfalls against "4 per år" and whether a change keeps the rule met."""

from __future__ import annotations

import datetime as dt

from commands.core.agreement import Agreement, Body, Meeting
from commands.core.context import STOCKHOLM
from commands.meetings.rules import (
    ScheduledMeeting,
    after_change,
    following,
    meetings_between,
    next_meeting,
    rule_status,
    shortfall,
    sources,
    years_to_check,
)
from tests.commands.agreements_fixture import agreement

FEB = Meeting(date=dt.date(2027, 2, 12), time=dt.time(13))
MAY = Meeting(date=dt.date(2027, 5, 7))
SEP = Meeting(date=dt.date(2027, 9, 10), time=dt.time(9, 30))
DEC = Meeting(date=dt.date(2027, 12, 3), time=dt.time(13))


def cmv(*meetings: Meeting) -> tuple[Agreement, Body]:
    """CMV Jämtland with its steering group (001 §9.1: 4 a year) meeting on ``meetings``."""
    base = agreement("cmv-jamtland")
    body = base.body("styrgrupp").model_copy(update={"meetings": meetings})
    bodies = tuple(body if b.key == "styrgrupp" else b for b in base.bodies)
    return base.model_copy(update={"bodies": bodies}), body


def test_a_meeting_starts_on_stockholm_time_in_winter_and_summer() -> None:
    def at(date: dt.date) -> ScheduledMeeting:
        return ScheduledMeeting("a", "A", "b", "B", date, dt.time(13), None, None, None, "s")

    assert at(dt.date(2027, 3, 27)).starts_at.utcoffset() == dt.timedelta(hours=1)  # type: ignore[union-attr]
    # DST began 28 March 2027 at 02:00
    assert at(dt.date(2027, 3, 28)).starts_at.utcoffset() == dt.timedelta(hours=2)  # type: ignore[union-attr]
    assert at(dt.date(2026, 10, 25)).starts_at.utcoffset() == dt.timedelta(hours=1)  # type: ignore[union-attr]


def test_the_next_meeting_is_today_until_it_has_begun() -> None:
    a, body = cmv(DEC, FEB, MAY)
    assert next_meeting(a, body, dt.date(2026, 11, 25)).date == FEB.date  # type: ignore[union-attr]
    before = dt.datetime(2027, 2, 12, 12, 59, tzinfo=STOCKHOLM)
    after = dt.datetime(2027, 2, 12, 13, 1, tzinfo=STOCKHOLM)
    assert next_meeting(a, body, FEB.date, before).date == FEB.date  # type: ignore[union-attr]
    assert next_meeting(a, body, FEB.date, after).date == MAY.date  # type: ignore[union-attr]
    assert next_meeting(a, body, dt.date(2027, 12, 4)) is None
    meeting = next_meeting(a, body, FEB.date)
    assert meeting is not None
    assert meeting.key == "cmv-jamtland/styrgrupp/2027-02-12" and meeting.source == "001 §9.1"
    assert following(a, body, meeting).date == MAY.date  # type: ignore[union-attr]


def test_meetings_between_is_inclusive_ordered_and_can_pick_bodies() -> None:
    a, _ = cmv(DEC, SEP, FEB, MAY)
    found = meetings_between([a], FEB.date, SEP.date)
    assert [m.date for m in found] == [FEB.date, MAY.date, SEP.date]
    assert meetings_between([a], FEB.date, SEP.date, bodies=[("cmv-jamtland", "other")]) == []


def test_a_shortfall_only_below_the_rules_minimum() -> None:
    a, body = cmv(FEB, MAY)
    short = shortfall(a, body, 2027)
    assert short is not None
    assert (short.scheduled, short.required_min, short.source) == (2, 4, "001 §9.1")
    a, body = cmv(FEB, MAY, SEP, DEC)
    assert shortfall(a, body, 2027) is None


def test_from_october_the_coming_year_is_checked() -> None:
    assert years_to_check(dt.date(2026, 9, 30)) == [2026]
    assert years_to_check(dt.date(2026, 10, 1)) == [2027]


def test_rule_status_before_and_after_a_change() -> None:
    _, body = cmv(FEB, MAY, SEP, DEC)
    after = after_change(body.meetings, DEC, None)
    assert len(after) == 3
    status = rule_status(body, body.meetings, after, 2027)
    assert status is not None
    assert (status.was_met, status.is_met, status.count) == (True, False, 3)
    moved = after_change(body.meetings, DEC, DEC.model_copy(update={"date": dt.date(2027, 12, 10)}))
    status = rule_status(body, body.meetings, moved, 2027)
    assert status is not None and status.was_met and status.is_met


def test_sources_name_each_rule_once() -> None:
    a, body = cmv()
    assert sources([(a, body), (a, body)]) == "001 §9.1"
    assert sources([]) is None
