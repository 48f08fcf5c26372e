"""Free questions a command claims whatever other commands' words they hold: the reminders'
schedule, the calendar file, and the term of a document that is no agreement."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore


def ask(text: str) -> str:
    return to_text(router.answer(Request(text=text, today=dt.date(2026, 11, 25)),
                                 MemoryStore()))


@pytest.mark.parametrize("question", ["när skickas nästa påminnelse?",
                                      "vilka kanaler får påminnelser?"])
def test_questions_about_reminders_get_the_schedule(question: str) -> None:
    """Not "Årsberättelsen skickas …" (a deadline's words) nor 001 §20 (a clause)."""
    text = ask(question)
    assert text.startswith("Påminnelser 2026-11-25 – 2026-12-25"), text


def test_the_notice_days_reminders_are_the_notice_answer() -> None:
    assert ask("vem får påminnelserna om uppsägningen?").startswith("Sista dag att säga upp")


def test_deadlines_in_my_calendar_is_the_calendar_file() -> None:
    text = ask("kan jag få deadlines i min kalender?")
    assert text.startswith("Kalender för alla avtal, 2026-11-25 – 2027-11-25"), text


def test_how_long_a_document_applies_is_its_term() -> None:
    text = ask("hur länge gäller Kalmardokumentet?")
    assert text.startswith("Familjecentraler Kalmar län: Gäller från 2023-11-17 tills vidare."), (
        text)
