"""Cost questions that name several parties or the quality review (issue 10, item 7): the
comparison or the sum asked for, a party's part of the review, the review's years — never the
general ranking or the year's grand total in their place."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.answers import Answer, Message, Problem
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)


def ask(text: str) -> Answer:
    return router.answer(Request(text=text, today=TODAY), MemoryStore())


def said(text: str) -> str:
    return to_text(ask(text)).replace("\u00a0", " ")


def headline(text: str) -> str:
    return said(text).splitlines()[0]


# --- the quality review: a party's part, not "who pays the most" --------------------------

def test_the_most_a_review_can_cost_a_party_is_its_share_of_the_ceiling() -> None:
    first = headline("vad kan kvalitetsgranskningen kosta Östersund som mest?")
    assert "73 458 kr" in first and "Östersund" in first
    assert "2 393 315" not in said("vad kan kvalitetsgranskningen kosta Östersund som mest?")
    assert "betalar mest" not in first


def test_a_review_amount_given_is_split_by_the_party_key() -> None:
    first = headline("hur mycket av en kvalitetsgranskning på 150 000 kr betalar Krokom?")
    assert "17 670 kr" in first and "575 702" not in first
    english = headline("With the 2025 key, what is Östersund's share of a 150 000 kr "
                       "quality review?")
    assert "73 458 kr" in english


def test_a_review_amount_over_the_ceiling_is_split_and_the_ceiling_said() -> None:
    text = said("hur mycket av en kvalitetsgranskning på 200 000 kr betalar Krokom 2026?")
    assert "23 560 kr" in text.splitlines()[0]  # 200 000 × 11,780 %
    assert "högst 150 000 kr" in text


def test_a_review_share_in_a_year_without_review_says_the_next_review_year() -> None:
    text = said("hur mycket av kvalitetsgranskningen betalar Krokom 2027?")
    assert "2027 är inget granskningsår; nästa är 2029" in text


@pytest.mark.parametrize(("text", "year"), [
    ("vilket år blir kvalitetsgranskningen efter den 2029?", "2032"),
    ("vilket år blir kvalitetsgranskningen av CMV efter 2026?", "2029"),
])
def test_which_year_the_review_falls_due_is_a_year_not_a_cost_table(text: str,
                                                                     year: str) -> None:
    answer = ask(text)
    assert isinstance(answer, Message)
    assert year in headline(text) and "Kommun" not in said(text)


# --- comparisons among the parties named --------------------------------------------------

@pytest.mark.parametrize(("text", "winner", "amount", "other"), [
    ("Stromsund eller Harjedalen – vem betalar mest 2025?", "Strömsund", "398 987", "363 070"),
    ("Ragunda eller Bräcke, vem betalar minst 2025?", "Ragunda", "183 907", "218 164"),
    ("Krokom or Åre, who pays the most in 2025?", "Krokom", "558 934", "443 304"),
])
def test_who_of_the_parties_named_pays_most_compares_only_those(
        text: str, winner: str, amount: str, other: str) -> None:
    answer = said(text)
    assert winner in answer.splitlines()[0] and amount in answer.splitlines()[0]
    assert other in answer
    assert "Östersund" not in answer  # the general ranking would lead with Östersund


# --- sums ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "total"), [
    ("vad betalar Ragunda och Bräcke tillsammans 2025?", "402 071 kr"),
    ("Ragunda och Bräcke tillsammans 2025", "402 071 kr"),
    ("vad betalar alla kommuner utom Östersund tillsammans för CMV 2025?", "2 421 160 kr"),
    ("alla utom Östersund tillsammans 2025", "2 421 160 kr"),
    ("vad betalar de sju övriga tillsammans 2025?", "2 421 160 kr"),
    ("what do Krokom and Berg pay together in 2025?", "813 728 kr"),
])
def test_a_sum_asked_for_is_the_sum_with_its_terms(text: str, total: str) -> None:
    answer = said(text)
    assert total in answer.splitlines()[0]
    assert f"= {total}" in answer  # the terms are listed so the sum can be checked


def test_the_others_leave_out_the_parties_named() -> None:
    answer = said("vad betalar alla utom Östersund och Krokom tillsammans 2025?")
    assert "1 862 226 kr" in answer.splitlines()[0]  # 2 421 160 − 558 934
    assert "Krokom 558 934" not in answer


def test_a_sum_for_an_unknown_party_asks_which_was_meant() -> None:
    answer = ask("vad betalar Krokum och Bräcke tillsammans 2025?")
    assert isinstance(answer, Problem)
    assert "Krokom" in to_text(answer)
