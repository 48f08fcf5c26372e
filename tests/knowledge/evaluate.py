"""Running the question set (tests/knowledge/questions.yaml) through the router: which command
answered each question, whether the answer holds every expected string, and whether the clause
search ranks the question's source first or in its top three.

Shared by the test (which asserts a floor) and bench/questions.py (which writes the figures).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.render import to_text
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.text import detect_language, fold
from commands.knowledge.command import index_for
from commands.knowledge.question import read
from commands.routing import router

QUESTIONS = Path(__file__).with_name("questions.yaml")
TODAY = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Outcome:
    question: dict[str, Any]
    command: str
    answer: str
    correct: bool
    top1: bool
    top3: bool


def questions() -> list[dict[str, Any]]:
    loaded = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def normalise(text: str) -> str:
    """Case, diacritics and white space (also no-break spaces) folded away."""
    return re.sub(r"\s+", " ", fold(text.replace("\u00a0", " "))).strip()


def holds(answer: str, expected: Sequence[str]) -> bool:
    folded = normalise(answer)
    return all(normalise(e) in folded for e in expected)


def _same_source(reference: str, title: str, source: str) -> bool:
    """Whether a clause is the question's source, however the set names it: "002 Avtal:
    Avtalstid" is our "002 Avtalstid", "004 §2 Besöksenkät" our "004 Besöksenkät" (a part of
    §2), "002 Självreflektionsinstrument" any section of the instrument document."""
    number, _, where = source.partition(" ")
    if not reference.startswith(number + " "):
        return False
    ours = normalise(f"{reference} {title}")
    wanted = normalise(re.sub(r"^(?:Avtal:\s*|Avtal$|§\d+\s+(?=\D))", "", where))
    if re.fullmatch(r"(?:bilaga \d+ )?§[\d.]+", wanted):
        return normalise(reference) == normalise(source)
    return bool(wanted) and wanted in ours


def run(store: Store, items: Sequence[dict[str, Any]] | None = None) -> list[Outcome]:
    outcomes = []
    index = index_for(store.documents())
    for item in items or questions():
        text = item["q"]
        request = Request(text=text, today=TODAY)
        command, _ = router.route(text)
        rendered = to_text(router.answer(request, store))
        question = read(text, detect_language(text), store.agreements(), index)
        hits = index.search([t for t in question.terms if index.known(t)],
                            agreements=question.agreements, limit=3)
        references = [(h.passage.reference, h.passage.document.title) for h in hits]
        outcomes.append(Outcome(
            question=item, command=command.name if command else "-", answer=rendered,
            correct=holds(rendered, item["expect"]),
            top1=bool(references) and _same_source(*references[0], item["source"]),
            top3=any(_same_source(r, t, item["source"]) for r, t in references)))
    return outcomes


def share(outcomes: Sequence[Outcome], attribute: str) -> float:
    return sum(getattr(o, attribute) for o in outcomes) / max(len(outcomes), 1)
