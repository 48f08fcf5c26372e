"""One list of words for giving notice: the deadline list takes a question that uses any of
them, and the term question leaves it alone (one reader cannot know a word the other misses)."""

from __future__ import annotations

import datetime as dt

import pytest

from commands.core.context import Request
from commands.core.text import detect_language, words
from commands.deadlines.question import is_notice_question
from commands.knowledge.facts import asks_for_term
from commands.knowledge.question import read
from commands.reading.words import NOTICE_STEMS, NOTICE_WORDS, speaks_of_notice
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

STORE = MemoryStore()


def _asks_for_term(text: str) -> bool:
    from commands.knowledge.command import index_for

    question = read(text, detect_language(text), STORE.agreements(),
                    index_for(STORE.documents()))
    return asks_for_term(question)


@pytest.mark.parametrize("word", sorted(NOTICE_WORDS | {f"{s}et" for s in NOTICE_STEMS}))
def test_every_notice_word_is_a_notice_question_and_not_the_terms(word: str) -> None:
    assert is_notice_question([word])
    assert _asks_for_term("hur länge gäller VG-avtalet?")
    assert not _asks_for_term(f"hur länge gäller VG-avtalet, {word}?")


@pytest.mark.parametrize("text", ["när säger vi upp avtalet?", "vi sades upp", "sagt upp"])
def test_the_split_verb_counts_its_past_only_when_asked(text: str) -> None:
    present = "säger" in text
    assert speaks_of_notice(words(text)) is True
    assert speaks_of_notice(words(text), past=False) is present


@pytest.mark.parametrize("question", [
    "when does the VG agreement end if we cancel it?",
    "när slutar VG-avtalet, säger vi upp det nu?",
])
def test_a_term_question_with_a_notice_word_gets_the_notice_day(question: str) -> None:
    from bot.render import to_text

    request = Request(text=question, today=dt.date(2026, 11, 25), lang=detect_language(question))
    answer = to_text(router.answer(request, STORE))
    assert "2026-12-31" in answer and "Nu löper det till" not in answer \
        and "It now runs to" not in answer, answer
