"""Someone's own words repeated in a chat message must never ping a channel or a person."""

from __future__ import annotations

import datetime as dt

from commands.core.answers import HelpAnswer
from commands.core.context import Request
from commands.core.text import inert
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore, bundled


def test_slack_control_sequences_are_made_inert() -> None:
    assert inert("hej <!channel> och <@U123|anna>") == "hej ‹!channel› och ‹@U123|anna›"
    assert inert("vanlig text") == "vanlig text"


def test_an_echoed_question_cannot_ping_the_channel() -> None:
    request = Request(text="blorp <!channel>", today=dt.date(2026, 11, 25))
    answer = router.answer(request, MemoryStore(bundled()))
    assert isinstance(answer, HelpAnswer) and not answer.understood
    assert "<!channel>" not in str(answer.intro)
    assert "‹!channel›" in str(answer.intro)
