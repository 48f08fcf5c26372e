"""The walking skeleton's question on the command line: `avtalsbot ask` in both languages,
and the unknown-municipality path with its suggestion and non-zero exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'ask.db'}")


@pytest.mark.parametrize(
    ("question", "headline"),
    [
        ("vad betalar Krokom 2026?", f"Krokom betalar 575{NBSP}702{NBSP}kr för CMV Jämtland 2026."),
        ("what does Krokom pay in 2026?",
         f"Krokom pays 575{NBSP}702{NBSP}kr for CMV Jämtland in 2026."),
        ("kostnad Krokom 2026", f"Krokom betalar 575{NBSP}702{NBSP}kr för CMV Jämtland 2026."),
    ],
)
def test_ask_answers_what_krokom_pays(question: str, headline: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question, "--today", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == headline
    assert "11,780" in out and f"4{NBSP}887{NBSP}110{NBSP}kr" in out
    assert "001 §11.3" in out


def test_unknown_municipality_suggests_and_exits_non_zero(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "vad betalar Kroxom 2026?", "--today", "2026-11-25"]) == 1
    captured = capsys.readouterr()
    assert "Menade du Krokom?" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_question_not_understood_gets_a_short_reply_with_three_examples(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "blorp florp", "--today", "2026-11-25"]) == 1
    out = capsys.readouterr().out
    assert out.startswith('Jag förstod inte riktigt "blorp florp". Till exempel kan du fråga')
    assert "Menade du" not in out  # nothing is close enough to guess
    assert out.count("t.ex.") == 3  # three examples to copy, not the whole table
    assert "hela listan får du med hjälp" in out  # `hjälp` as code: plain in the terminal


def test_help_asked_for_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "hjälp", "--today", "2026-11-25"]) == 0
    assert "förstod inte" not in capsys.readouterr().out
