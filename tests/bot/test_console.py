"""The console chat: same brain, text rendering, numbered choices, simulated users."""

from __future__ import annotations

import io

from bot.console import run
from bot.service import Brain


def chat(brain: Brain, *lines: str) -> list[str]:
    said: list[str] = []
    assert run(brain, stdin=io.StringIO("\n".join(lines) + "\n"), write=said.append) == 0
    return said


def test_console_answers_and_quits(brain: Brain) -> None:
    said = chat(brain, "hjälp", "/quit", "hjälp")
    assert said[0].startswith("Avtalsbot i konsolen")
    replies = [s for s in said if s.startswith("bot> ")]
    assert len(replies) == 1  # nothing after /quit
    assert "kostnader, möten, deadlines och vad avtalen säger" in replies[0]


def test_console_switches_user_and_members(brain: Brain) -> None:
    said = chat(brain, "/user anna", "/medlemmar bertil cecilia", "/kanal fc-rasslatt",
                "/medlemmar dora")
    assert "(du är nu anna)" in said
    assert "(i console: anna, bertil, cecilia)" not in said  # anna has not spoken yet
    assert "(i console: bertil, cecilia)" in said
    assert "(i fc-rasslatt: dora)" in said


def test_unknown_question_gets_help_not_an_error(brain: Brain) -> None:
    said = chat(brain, "blablabla qwerty")
    assert any('Jag förstod inte riktigt "blablabla qwerty"' in s for s in said)
    assert any("vad betalar Krokom 2026?" in s for s in said)  # examples to go on with


def test_console_answers_the_cost_question_and_presses_its_button(brain: Brain) -> None:
    said = chat(brain, "vad betalar Krokom 2026?", "1", "/quit")
    replies = [s for s in said if s.startswith("bot> ")]
    assert "Krokom betalar 575\u00a0702\u00a0kr" in replies[0]
    assert "[1] Hela fördelningen 2026" in replies[0]
    # choice 1 is the button: the whole split, with its sum row
    assert "Fördelning CMV Jämtland 2026" in replies[1]
    assert "Summa" in replies[1] and "4\u00a0887\u00a0110\u00a0kr" in replies[1]
