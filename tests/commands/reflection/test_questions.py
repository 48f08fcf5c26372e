"""Free questions about self-reflection: how to answer, how many have — and who answered or
what someone answered, which is never shown."""

from __future__ import annotations

import pytest

from bot.render import to_text
from commands.core.answers import Message
from commands.core.context import Request
from commands.routing import router
from storage.store import SqlStore
from tests.commands.agreements_fixture import MemoryStore
from tests.commands.reflection.test_voting_flow import TODAY, started


def ask(text: str, store: object, user: str = "UX", channel: str | None = None) -> str:
    return to_text(router.answer(Request(text=text, today=TODAY, user=user, channel=channel),
                                 store))  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "first"), [
    ("vem har svarat på självreflektionen?",
     "Det visas aldrig: svaren i självreflektionen är anonyma."),
    ("vad tyckte Anna om samverkan?",
     "Det visas aldrig: svaren i självreflektionen är anonyma."),
    ("who answered the self-reflection?",
     "That is never shown: the self-reflection's answers are anonymous."),
    ("hur svarar jag på självreflektionen?",
     "Du svarar i ett DM med Avtalsbot: tryck Börja i inbjudan, eller skriv "
     "/avtal självreflektion svara."),
])
def test_questions_about_answering_get_the_reflections_answer_not_a_clause(
        question: str, first: str) -> None:
    text = ask(question, MemoryStore())
    assert text.splitlines()[0] == first, text
    assert "002 Steg" not in text, text


def test_who_answered_is_refused_even_where_a_round_is_open(fresh_store: SqlStore) -> None:
    started(fresh_store)
    text = ask("vilka har svarat på självreflektionen?", fresh_store, user="UK", channel="CFC")
    assert text.startswith("Det visas aldrig"), text
    for user in ("UA", "UB", "UC"):
        assert user not in text


def test_how_many_have_answered_is_the_rounds_status(fresh_store: SqlStore) -> None:
    started(fresh_store)
    answer = router.answer(Request(text="hur många har svarat på självreflektionen?",
                                   today=TODAY, user="UK", channel="CFC"), fresh_store)
    status = router.answer(Request(text="självreflektion status", today=TODAY, user="UK",
                                   channel="CFC"), fresh_store)
    assert isinstance(answer, Message) and to_text(answer) == to_text(status)


def test_a_question_about_the_documents_answers_is_still_the_clauses() -> None:
    text = ask("vad svarade styrgruppen på remissen?", MemoryStore())
    assert "003 Remiss" in text, text
