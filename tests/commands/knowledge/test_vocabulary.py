"""The vocabulary's shortcuts give what the plain reading gives: the remembered terms of a
word, and the endings tried by length rather than one by one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands.knowledge.rules import terms
from commands.knowledge.rules.terms import _ENDINGS, Vocabulary, _stem

WORDS = ["uppsägningstiden", "uppsägning", "tid", "jourlägenheterna", "jour", "lägenhet",
         "familjecentralerna", "familjecentral", "besöksenkäten", "besök", "enkät", "och"]


def _stem_one_by_one(word: str, lemmas: set[str], shortest: int) -> str | None:
    for ending in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= shortest and stem in lemmas:
            return stem
    return None


@given(st.text(alphabet="aeknorst", max_size=9),
       st.sets(st.text(alphabet="aeknorst", max_size=7), max_size=30),
       st.integers(min_value=0, max_value=5))
def test_endings_by_length_are_tried_in_the_listed_order(word: str, lemmas: set[str],
                                                          shortest: int) -> None:
    assert _stem(word, lemmas, shortest) == _stem_one_by_one(word, lemmas, shortest)


def test_remembered_terms_are_the_terms_worked_out() -> None:
    vocabulary = Vocabulary(WORDS)
    first = {w: vocabulary.terms(w) for w in WORDS}
    assert first == {w: list(vocabulary._work_out_terms(w)) for w in WORDS}
    first["uppsägningstiden"].append("changed by a caller")
    assert vocabulary.terms("uppsägningstiden") == list(
        vocabulary._work_out_terms("uppsägningstiden"))


def test_words_beyond_the_limit_are_answered_but_not_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terms, "REMEMBERED", 2)
    vocabulary = Vocabulary(WORDS)
    answers = [vocabulary.terms(w) for w in WORDS]
    assert len(vocabulary._terms) == 2
    assert answers == [list(vocabulary._work_out_terms(w)) for w in WORDS]
