"""The iCalendar export: valid RFC 5545 that Outlook imports, Stockholm times across DST,
stable UIDs, and the Slack and command-line surfaces."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.cli import main
from commands.calendar.command import calendar_ics
from commands.core.agreement import Meeting
from commands.core.answers import Message, Outcome, Problem
from commands.core.context import STOCKHOLM, Request
from commands.routing import router
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
    content, count = calendar_ics(store.agreements(), dt.date(2026, 11, 25),
                                  dt.date(2027, 12, 31), stamp=STAMP)
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
    content, count = calendar_ics([agreement("vg-familjecentraler")], dt.date(2026, 1, 1),
                                  dt.date(2026, 12, 31), stamp=STAMP)
    assert count == 1 and b"VTIMEZONE" not in content


def test_kalender_in_slack_delivers_an_ics_file_to_the_channel() -> None:
    answer = router.answer(Request(text="/avtal kalender CMV 2027", today=dt.date(2026, 11, 25),
                                   channel="C0STYR"), _with_meetings())
    assert isinstance(answer, Outcome)
    assert isinstance(answer.reply, Message)
    # three meetings; in 2027 CMV's deadlines are invoicing (January), the annual report
    # (January–March) and the notice day 2027-12-31 — the review cycles skip 2027
    assert answer.reply.text == (
        "Kalender för CMV Jämtland, 2027-01-01 – 2027-12-31: 6 möten och deadlines.")
    [delivery] = answer.deliveries
    assert delivery.channel == "C0STYR" and delivery.attachment is not None
    assert delivery.attachment.filename == "avtalsbot-2027-01-01-2027-12-31.ics"
    assert len(list(_parse(delivery.attachment.content).walk("VEVENT"))) == 6


def test_kalender_without_a_channel_and_with_an_unknown_agreement() -> None:
    plain = router.answer(Request(text="kalender", today=dt.date(2026, 11, 25)), MemoryStore())
    assert isinstance(plain, Message)
    assert "kör `avtalsbot calendar` på kommandoraden" in plain.details[0]
    unknown = router.answer(Request(text="kalender för Jönkping", today=dt.date(2026, 11, 25),
                                    channel="C1"), MemoryStore())
    assert isinstance(unknown, Problem)
    assert unknown.message == "Jag hittar inget avtal eller någon part som heter ”Jönkping”."


def test_cli_writes_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    out = tmp_path / "avtal.ics"
    assert main(["calendar", "cmv-jamtland", "--from", "2026-11-25", "--to", "2027-12-31",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    events = list(_parse(out.read_bytes()).walk("VEVENT"))
    assert (f"Skrev {len(events)} möten och deadlines (2026-11-25 – 2027-12-31) till {out}"
            in printed)
    assert {str(e["UID"]).split("/")[0] for e in events} == {"cmv-jamtland"}


def test_cli_errors_name_the_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    assert main(["calendar", "finns-inte", "--out", str(tmp_path / "x.ics")]) == 1
    assert "okänt avtal 'finns-inte'. Kända avtal: " in capsys.readouterr().err
    assert main(["calendar", "--from", "2027-01-01", "--to", "2026-01-01",
                 "--out", str(tmp_path / "x.ics")]) == 1
    assert "--to 2026-01-01 ligger före --from 2027-01-01" in capsys.readouterr().err
    assert main(["calendar", "--out", str(tmp_path / "no" / "such" / "dir.ics")]) == 1
    err = capsys.readouterr().err
    assert "dir.ics: kan inte skriva filen" in err and "Traceback" not in err
