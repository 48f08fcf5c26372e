"""`/avtal kalender` and `avtalsbot calendar`: the file delivered to the channel, the answers
around it, and the command line's file and errors.

The file format itself is tested in tests/bot/render/test_ical.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.cli import main
from bot.render.files import file_bytes
from commands.core.agreement import Meeting
from commands.core.answers import CalendarFile, Code, Message, Outcome, Problem, rich
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore


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


def test_kalender_in_slack_delivers_an_ics_file_to_the_channel() -> None:
    answer = router.answer(Request(text="/avtal kalender CMV 2027", today=dt.date(2026, 11, 25),
                                   channel="C0STYR"), _with_meetings())
    assert isinstance(answer, Outcome)
    assert isinstance(answer.reply, Message)
    # three meetings; in 2027 CMV's deadlines are invoicing (January), the annual report
    # (January–March) and the notice day 2027-12-31 — the review cycles skip 2027
    assert answer.reply.text == (
        "Kalender för CMV Jämtland, 2027-01-01 – 2027-12-31: 6 möten och deadlines.")
    assert answer.reply.details == (rich(
        "Filen (.ics) läggs i kanalen: öppna den i Outlook (eller en annan kalender) för att "
        "importera. På kommandoraden: ", Code("avtalsbot calendar"), "."),)
    [delivery] = answer.deliveries
    assert delivery.channel == "C0STYR" and delivery.attachment is not None
    assert delivery.attachment.filename == "avtalsbot-2027-01-01-2027-12-31.ics"
    assert isinstance(delivery.attachment.content, CalendarFile)  # bytes are bot/render's job
    assert len(delivery.attachment.content.entries) == 6
    assert len(list(_parse(file_bytes(delivery.attachment)).walk("VEVENT"))) == 6


def test_kalender_without_a_channel_and_with_an_unknown_agreement() -> None:
    plain = router.answer(Request(text="kalender", today=dt.date(2026, 11, 25)), MemoryStore())
    assert isinstance(plain, Message)
    assert plain.details[0] == rich("Här kan jag inte skicka filer: kör ",
                                    Code("avtalsbot calendar"),
                                    " på kommandoraden eller fråga i Slack.")
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
