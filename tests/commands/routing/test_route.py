"""Which command a free question goes to: by its trigger words, read as a Swedish speaker
means them."""

from __future__ import annotations

import pytest

from commands.routing.router import route


def _name(text: str) -> str | None:
    command, _ = route(text)
    return command.name if command is not None else None


@pytest.mark.parametrize("text", [
    "vad måste varje kommun ha enligt CMV-avtalet när det gäller våld i nära relationer?",
    "hur gör vi när det handlar om sekretess?",
    "hur gör vi när det kommer till uppföljningen?",
])
def test_nar_det_galler_means_as_for_and_asks_no_date(text: str) -> None:
    assert _name(text) not in ("deadlines", "möten")


@pytest.mark.parametrize("text", [
    "vilka lokaler ingår minst i de gemensamma lokalerna på en familjecentral i VG?",
    "vad ska varje kommun ha enligt CMV-avtalet?",
])
def test_at_least_and_municipality_alone_are_no_cost_question(text: str) -> None:
    assert _name(text) != "kostnad"


@pytest.mark.parametrize("text", [
    "vilken kommun betalar minst 2026?",
    "who pays the most in CMV?",
    "när är nästa styrgruppsmöte?",
    "när måste vi säga upp CMV-avtalet?",
])
def test_cost_and_when_questions_still_find_their_command(text: str) -> None:
    assert _name(text) is not None
