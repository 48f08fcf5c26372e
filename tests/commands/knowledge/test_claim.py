"""When a question begins with another command's own word, the knowledge claim takes only a
clause asked for by number (or, for the cost words, a budget line) — and decides that without
reading the clauses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commands.core.context import Request
from commands.core.document import Document
from commands.knowledge import command as knowledge
from commands.routing.router import route
from tests.commands.agreements_fixture import MemoryStore


class NoClauses(MemoryStore):
    def documents(self) -> Sequence[Document]:
        raise AssertionError("the clauses were read")


def _claim(text: str, store: MemoryStore) -> object:
    request = Request(text=text, today=dt.date(2026, 11, 25), lang="sv")
    routed, rest = route(text)
    assert routed is not None
    return knowledge.claim(request, store, routed, by_word=rest != text)


def test_a_commands_own_word_without_a_clause_number_is_left_unread() -> None:
    assert _claim("möten CMV", NoClauses()) is None
    assert _claim("möten CMV", MemoryStore()) is None


def test_a_clause_number_after_a_commands_word_is_still_taken() -> None:
    found = _claim("möten §7", MemoryStore())
    assert found is not None
