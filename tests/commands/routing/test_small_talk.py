"""A greeting, a thank-you or "vad kan du?" is no question about the agreements: it gets a
welcome or the command list, never a clause."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.answers import HelpAnswer, Message
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore


def ask(text: str) -> object:
    return router.answer(Request(text=text, today=dt.date(2026, 11, 25)), MemoryStore())


@pytest.mark.parametrize(("text", "reply"), [
    ("tack!", "Varsågod! Fråga gärna igen."),
    ("Tack för hjälpen!", "Varsågod! Fråga gärna igen."),
    ("thanks", "You're welcome! Ask again any time."),
    ("ok", "Fint! Fråga gärna igen om något mer."),
])
def test_thanks_get_a_welcome(text: str, reply: str) -> None:
    answer = ask(text)
    assert isinstance(answer, Message) and to_text(answer) == reply, to_text(answer)


@pytest.mark.parametrize(("text", "opening"), [
    ("hej", "Hej! Jag svarar på frågor om samverkansavtalen"),
    ("Hej Avtalsbot", "Hej! Jag svarar på frågor om samverkansavtalen"),
    ("hello", "Hi! I answer questions about the cooperation agreements"),
    ("vad kan du?", "Jag svarar på frågor om samverkansavtalen"),
    ("vad är Avtalsbot?", "Jag svarar på frågor om samverkansavtalen"),
])
def test_greetings_and_what_can_you_do_get_the_command_list(text: str, opening: str) -> None:
    answer = ask(text)
    assert isinstance(answer, HelpAnswer) and answer.understood, answer
    assert to_text(answer).startswith(opening), to_text(answer)


def test_thanks_followed_by_a_question_is_the_question() -> None:
    assert "575\u00a0702\u00a0kr" in to_text(ask("tack, vad betalar Krokom 2026?"))  # type: ignore[arg-type]


def test_thanks_and_a_question_in_three_words_is_the_question() -> None:
    answer = ask("tack vad kostar CMV")
    assert not (isinstance(answer, Message) and to_text(answer).startswith("Varsågod")), (
        to_text(answer))  # type: ignore[arg-type]
