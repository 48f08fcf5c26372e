"""The guide for a new agreement (docs/guide-nytt-avtal.md) tells the truth: its fictive example
agreement passes `check` and the schema, and every question the guide asks gets the answer the
guide shows — one per cost model, the notice date and the deadlines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from bot.cli import main
from tests.bot.cli.test_authoring import as_json

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide-nytt-avtal.md"
EXAMPLES = sorted((ROOT / "docs" / "exempel").glob("*.yaml"))
TODAY = "2026-02-01"  # the day the guide's answers are given on, as it says


def conversations() -> list[tuple[str, list[str]]]:
    """Each ```text block of the guide that starts with '> question': (question, lines)."""
    found = []
    for block in re.findall(r"```text\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S):
        first, *rest = block.strip("\n").splitlines()
        if first.startswith("> "):
            found.append((first.removeprefix("> "), rest))
    return found


def squeeze(text: str) -> str:
    """Spaces as a reader sees them: no-break spaces and table padding count as one space."""
    return re.sub(r"[ \u00a0]+", " ", text).strip()


@pytest.fixture
def imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'guide.db'}")
    assert main(["import", *map(str, EXAMPLES)]) == 0
    capsys.readouterr()


def test_there_is_an_example_and_it_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert [p.name for p in EXAMPLES] == ["tolkformedling-vastra-sormland.yaml"]
    assert main(["check", *map(str, EXAMPLES)]) == 0
    assert "4 kostnadsmodeller, 5 tidsfrister" in capsys.readouterr().out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_example_points_at_the_schema_and_passes_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = first.removeprefix("# yaml-language-server: $schema=")
    assert target != first
    schema_file = (path.parent / target).resolve()
    assert schema_file == ROOT / "storage" / "agreements" / "agreement.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(as_json(path))


def test_the_guide_asks_one_question_per_cost_model_and_about_deadlines() -> None:
    questions = [q for q, _ in conversations()]
    assert questions == [
        "när måste tolkförmedlingen sägas upp?",
        "budget per post 2026 tolkförmedlingen",               # budget_lines
        "vad betalar Flen 2026?",                               # population_key
        "vad betalar Vingåker 2027?",                           # periodic_extra
        "samordnaren kostar 180 000 kr – vad betalar skolan i tolkförmedlingen?",  # equal_split
        "vilka deadlines har tolkförmedlingen de närmaste 60 dagarna?",
    ]


@pytest.mark.parametrize(("question", "lines"), conversations(), ids=lambda v: str(v)[:40])
def test_the_bot_answers_as_the_guide_shows(question: str, lines: list[str], imported: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", question, "--today", TODAY]) == 0
    answer = [squeeze(line) for line in capsys.readouterr().out.splitlines()]
    for line in lines:
        assert any(squeeze(line) in said for said in answer), (line, answer)


def test_the_guides_check_message_is_the_real_one(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    shown = next(line for line in GUIDE.read_text(encoding="utf-8").splitlines()
                 if line.startswith("avtalsbot: fel.yaml:"))
    wrong = tmp_path / "fel.yaml"
    wrong.write_text(EXAMPLES[0].read_text(encoding="utf-8")
                     .replace("amount: 470951", "amount: 470915"), encoding="utf-8")
    assert main(["check", str(wrong)]) == 1
    assert squeeze(capsys.readouterr().err) == squeeze(shown)


def test_the_guides_placeholder_message_is_the_real_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    shown = next(line for line in GUIDE.read_text(encoding="utf-8").splitlines()
                 if line.startswith("avtalsbot: mitt-avtal.yaml:"))
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Mitt avtal"]) == 0
    capsys.readouterr()
    assert main(["check", "mitt-avtal.yaml"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == shown
