"""The iCalendar writer: valid RFC 5545 that Outlook imports, Stockholm times across DST with
the zone's VTIMEZONE, whole days with an exclusive end, stable UIDs, and refusals of times
without a zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.render.files import file_bytes
from bot.render.ical import ics
from commands.calendar.entries import calendar_file
from commands.core.agreement import Meeting
from commands.core.answers import Attachment, CalendarEntry, CalendarFile
from commands.core.context import STOCKHOLM
from tests.commands.agreements_fixture import MemoryStore, agreement

STAMP = dt.datetime(2026, 11, 25, 9, 0, tzinfo=STOCKHOLM)


def _with_meetings() -> MemoryStore:
    store = MemoryStore()
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 3, 26), time=dt.time(13),
                                      place="Rådhuset, Östersund"))
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 3, 29), time=dt.time(13)))
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 6, 11)))
    return store


def _parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def test_valid_calendar_with_timezone_meetings_and_all_day_deadlines() -> None:
    store = _with_meetings()
    calendar = calendar_file(store.agreements(), dt.date(2026, 11, 25), dt.date(2027, 12, 31),
                             stamp=STAMP)
    content, count = ics(calendar), len(calendar.entries)
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and content.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))  # folded per RFC 5545
    cal = _parse(content)
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    events = list(cal.walk("VEVENT"))
    assert len(events) == count
    assert len({str(e["UID"]) for e in events}) == count
    assert all("DTSTAMP" in e and "DTSTART" in e and "DTEND" in e for e in events)
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Stockholm"

    meetings = {e.decoded("DTSTART"): e for e in events if str(e["SUMMARY"]).startswith("Möte")}
    before_dst = dt.datetime(2027, 3, 26, 13, tzinfo=STOCKHOLM)
    after_dst = dt.datetime(2027, 3, 29, 13, tzinfo=STOCKHOLM)
    starts = {d for d in meetings if isinstance(d, dt.datetime)}
    assert {d.astimezone(dt.UTC) for d in starts} == {
        dt.datetime(2027, 3, 26, 12, tzinfo=dt.UTC),  # CET
        dt.datetime(2027, 3, 29, 11, tzinfo=dt.UTC),  # CEST after 28 March
    }
    assert before_dst in meetings and after_dst in meetings
    assert str(meetings[before_dst]["LOCATION"]) == "Rådhuset, Östersund"
    assert b"DTSTART;TZID=Europe/Stockholm:20270326T130000" in content
    assert dt.date(2027, 6, 11) in meetings  # no time: an all-day meeting

    notice = next(e for e in events
                  if str(e["UID"]) == "cmv-jamtland/uppsagning/2026-12-31@avtalsbot")
    assert notice.decoded("DTSTART") == dt.date(2026, 12, 30)  # act by: before nyårsafton
    assert notice.decoded("DTEND") == dt.date(2026, 12, 31)
    description = str(notice["DESCRIPTION"])
    assert "Förfallodag 2026-12-31." in description
    assert "Källa: 001 §22." in description and "Ansvarig: Parterna" in description


def test_only_deadlines_means_no_timezone_block() -> None:
    calendar = calendar_file([agreement("vg-familjecentraler")], dt.date(2026, 1, 1),
                             dt.date(2026, 12, 31), stamp=STAMP)
    content, count = ics(calendar), len(calendar.entries)
    assert count == 1 and b"VTIMEZONE" not in content


def _one(*entries: CalendarEntry) -> bytes:
    return ics(CalendarFile(name="Prov", entries=entries, stamp=STAMP))


def test_a_time_in_another_zone_is_written_as_stockholm_time() -> None:
    helsinki = dt.datetime(2027, 7, 1, 14, tzinfo=ZoneInfo("Europe/Helsinki"))
    content = _one(CalendarEntry(uid="x/1", summary="Möte", start=helsinki,
                                 end=helsinki + dt.timedelta(hours=1)))
    assert b"DTSTART;TZID=Europe/Stockholm:20270701T130000" in content
    assert b"DTEND;TZID=Europe/Stockholm:20270701T140000" in content
    assert b"DTSTAMP:20261125T080000Z" in content  # the stamp in UTC
    assert b"BEGIN:VTIMEZONE" in content


def test_a_whole_day_entry_ends_the_day_after_its_last_day_and_may_be_free() -> None:
    day = dt.date(2027, 2, 26)
    content = _one(CalendarEntry(uid="x/2", summary="Deadline", start=day, end=day, busy=False,
                                 categories=("Avtalsbot", "Deadline")))
    [event] = _parse(content).walk("VEVENT")
    assert event.decoded("DTSTART") == day and event.decoded("DTEND") == dt.date(2027, 2, 27)
    assert str(event["TRANSP"]) == "TRANSPARENT" and str(event["UID"]) == "x/2@avtalsbot"
    assert b"VTIMEZONE" not in content and b"LOCATION" not in content


def test_text_is_escaped_and_long_lines_folded() -> None:
    description = "Budget, plan; uppföljning\n" + "lång rad " * 30
    content = _one(CalendarEntry(uid="x/3", summary="Möte", start=dt.date(2027, 1, 4),
                                 end=dt.date(2027, 1, 4), description=description,
                                 location="Rådhuset, sal 1"))
    assert "LOCATION:Rådhuset\\, sal 1".encode() in content  # RFC 5545 escapes the comma
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    [event] = _parse(content).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == description


def test_times_without_a_zone_and_mixed_entries_are_refused() -> None:
    naive = dt.datetime(2027, 1, 4, 13)
    with pytest.raises(ValueError, match="x/4: a calendar time needs a time zone"):
        _one(CalendarEntry(uid="x/4", summary="Möte", start=naive,
                           end=naive + dt.timedelta(hours=2)))
    aware = naive.replace(tzinfo=STOCKHOLM)
    with pytest.raises(ValueError, match="x/5: a timed entry needs an end time"):
        _one(CalendarEntry(uid="x/5", summary="Möte", start=aware, end=aware.date()))
    with pytest.raises(ValueError, match="x/6: a whole-day entry ends on a date"):
        _one(CalendarEntry(uid="x/6", summary="Möte", start=aware.date(), end=aware))


def test_an_attachment_with_a_calendar_becomes_ics_bytes() -> None:
    calendar = calendar_file(_with_meetings().agreements(), dt.date(2027, 1, 1),
                             dt.date(2027, 12, 31), stamp=STAMP)
    attachment = Attachment(filename="a.ics", content=calendar, title="Möten")
    assert file_bytes(attachment) == ics(calendar)
