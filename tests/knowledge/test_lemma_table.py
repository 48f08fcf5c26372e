"""The bundled lemma table (commands/knowledge/rules/lemmas.tsv) says what simplemma says.

Building the search index lemmatises every word of the sources, and simplemma's Swedish
dictionary alone took most of `avtalsbot ask`'s time to load; the table holds those lemmas,
so a question whose words are all in it never loads the dictionary. It holds every word of the
bundled sources and of the question set, and must agree with simplemma on each. After the
sources change, write it again: ``python tests/knowledge/test_lemma_table.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import simplemma
import yaml

from bot.service import Brain
from commands.core.text import fold
from commands.knowledge.rules import terms
from commands.knowledge.rules.ranking import build_index
from commands.knowledge.rules.terms import LEMMA_TABLE, bundled_lemmas
from commands.routing.catalog import commands
from storage.documents import bundled_documents
from storage.store import open_store

QUESTIONS = Path(__file__).with_name("questions.yaml")


@contextmanager
def _recorded() -> Iterator[set[str]]:
    """The words lemmatised meanwhile (by simplemma itself, whatever the table says)."""
    asked: set[str] = set()
    original = terms.lemma

    def recording(word: str) -> str:
        if len(word) < 3 or any(ch.isdigit() for ch in word):
            return original(word)
        asked.add(word)
        return _lemma(word)

    terms.lemma = recording  # type: ignore[assignment]
    try:
        yield asked
    finally:
        terms.lemma = original


def _words() -> set[str]:
    """Every word that building the index of the bundled sources lemmatises."""
    with _recorded() as asked:
        build_index(bundled_documents())
    return asked


def _asked_words() -> set[str]:
    """The words lemmatised while the question set, every command's usage and examples and
    `/avtal hjälp` are answered: the agreements' own words (deadline titles, bodies), the
    commands' words and the questions' words."""
    questions = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as folder, _recorded() as asked:
        store = open_store(f"sqlite:///{folder}/lemmas.db")
        brain = Brain(store, today=dt.date(2026, 11, 25))
        examples = [e for c in commands() for e in (c.example_sv, c.example_en, c.usage,
                                                    " ".join((*c.words, *c.triggers)))]
        for question in [*questions, *examples, "hjälp", "vad betalar Krokom 2026?"]:
            brain.ask(question.removeprefix("/avtal "), user="U1", channel="C1")
        store.engine.dispose()
    return asked


def _lemma(word: str) -> str:
    return fold(simplemma.lemmatize(word, lang="sv"))


def test_the_table_holds_every_word_of_the_sources() -> None:
    assert not _words() - set(bundled_lemmas())


def test_the_table_agrees_with_simplemma() -> None:
    table = bundled_lemmas()
    assert table  # read from the file
    assert {w: lemma for w, lemma in table.items() if _lemma(w) != lemma} == {}


def write() -> None:
    lines = [f"{w}\t{_lemma(w)}" for w in sorted(_words() | _asked_words())]
    Path(LEMMA_TABLE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lemmas written to {LEMMA_TABLE}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    write()
