"""Replies given in the same words by every domain."""

from __future__ import annotations

import datetime as dt

from commands.core.answers import Problem
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore


def test_a_button_no_handler_knows_gets_the_one_wording_in_the_askers_language() -> None:
    for lang, message in (("sv", "Den knappen känner jag inte igen."),
                          ("en", "I don't recognise that button.")):
        answer = router.act(Request(text="", today=dt.date(2026, 11, 25), lang=lang),
                            "no_such_button", "x", MemoryStore())
        assert isinstance(answer, Problem) and answer.message == message


def test_a_stale_done_button_value_is_not_taken_for_another_deadline() -> None:
    answer = router.act(Request(text="", today=dt.date(2026, 11, 25)), "deadline_done",
                        "cmv-jamtland/no-such-rule/2026-12-31", MemoryStore())
    assert isinstance(answer, Problem)
    assert answer.message == "Jag hittar inte den deadlinen längre; avtalet kan ha ändrats."
