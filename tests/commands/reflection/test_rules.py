"""Pure rules of a self-reflection round: thresholds, ordering, comparison, which round
takes votes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from commands.reflection.rules import (
    Result,
    Withheld,
    accepts_votes,
    aggregate,
    items,
    next_unanswered,
    share,
)
from commands.reflection.wording import points, result_table
from tests.commands.reflection.round_data import INSTRUMENT, KEYS, TODAY, a_round, tally


def test_below_the_threshold_nothing_but_the_count_is_shown() -> None:
    withheld = aggregate(a_round(), INSTRUMENT, tally(2, {KEYS[0]: 2}), participants=9)
    assert isinstance(withheld, Withheld)
    assert (withheld.respondents, withheld.participants) == (2, 9)


def test_a_round_can_ask_for_more_respondents_but_never_fewer_than_three() -> None:
    assert isinstance(aggregate(a_round(min_respondents=5), INSTRUMENT, tally(4),
                                participants=9), Withheld)
    assert isinstance(aggregate(a_round(min_respondents=1), INSTRUMENT, tally(2),
                                participants=9), Withheld)
    assert isinstance(aggregate(a_round(min_respondents=5), INSTRUMENT, tally(5),
                                participants=9), Result)


def test_comments_only_from_five_respondents_shuffled_and_without_names() -> None:
    notes = {KEYS[3]: ("a", "b", "c", "d", "e", "f")}
    four = aggregate(a_round(), INSTRUMENT, tally(4, comments=notes), participants=9)
    assert isinstance(four, Result) and four.comments is None
    table = result_table(four)
    assert any("Kommentarer visas först när minst 5" in d for d in table.details)
    five = aggregate(a_round(), INSTRUMENT, tally(5, comments=notes), participants=9)
    assert isinstance(five, Result) and five.comments is not None
    assert sorted(text for _, text in five.comments) == list("abcdef")
    assert [text for _, text in five.comments] != list("abcdef")  # not in stored order
    again = aggregate(a_round(), INSTRUMENT, tally(5, comments=notes), participants=9)
    assert isinstance(again, Result) and again.comments == five.comments  # stable per round


def test_counts_shares_categories_and_most_in_need_first() -> None:
    result = aggregate(a_round(), INSTRUMENT, tally(4, {KEYS[5]: 3, KEYS[2]: 4, KEYS[9]: 1}),
                       participants=8)
    assert isinstance(result, Result)
    assert result.response_rate == Decimal("50.0")
    first = result.most_in_need()[:3]
    assert [s.item.statement.key for s in first] == [KEYS[2], KEYS[5], KEYS[9]]
    assert [(s.works, s.develop, s.share_develop) for s in first] == [
        (0, 4, Decimal("100.0")), (1, 3, Decimal("75.0")), (3, 1, Decimal("25.0"))]
    general = result.categories[0]
    assert (general.name, general.works, general.develop) == ("Generellt för arbete på FC", 8, 4)
    table = result_table(result)
    assert table.rows[0][:5] == ("3", "Familjecentralen som resurs utåt", "0", "4", "100\xa0%")
    assert "*Svarande:* 4 av 8 (50\xa0% svarsfrekvens)" in table.details[0]


def test_change_since_the_previous_closed_round_in_percentage_points() -> None:
    previous = (a_round(id=3, year=2025, status="closed"), tally(4, {KEYS[0]: 1}))
    result = aggregate(a_round(), INSTRUMENT, tally(4, {KEYS[0]: 3}), participants=4,
                       previous=previous)
    assert isinstance(result, Result) and result.previous_year == 2025
    first = result.statements[0]
    assert first.change == Decimal("50.0") and points(first.change) == "+50 p.e."
    assert result.statements[1].change == Decimal(0) and points(Decimal(0)) == "±0 p.e."


def test_no_comparison_with_a_previous_round_that_was_itself_withheld() -> None:
    previous = (a_round(id=3, year=2025, status="closed"), tally(2, {KEYS[0]: 2}))
    result = aggregate(a_round(), INSTRUMENT, tally(4), participants=4, previous=previous)
    assert isinstance(result, Result)
    assert result.previous_year is None and all(s.change is None for s in result.statements)


def test_votes_are_accepted_until_the_closing_day_inclusive() -> None:
    round_ = a_round(closes_on=dt.date(2026, 12, 15))
    assert accepts_votes(round_, dt.date(2026, 12, 15))
    assert not accepts_votes(round_, dt.date(2026, 12, 16))
    assert not accepts_votes(a_round(status="closed", closes_on=None), TODAY)


def test_next_unanswered_wraps_round_to_the_first_gap() -> None:
    all_items = items(INSTRUMENT)
    votes = {k: "works" for k in KEYS[:5] + KEYS[10:]}
    assert next_unanswered(all_items, votes, after=12).number == 6  # type: ignore[union-attr]
    assert next_unanswered(all_items, {k: "works" for k in KEYS}) is None


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_share_is_a_percentage_with_one_decimal(part: int, extra: int) -> None:
    whole = part + extra
    value = share(part, whole)
    assert Decimal(0) <= value < Decimal(100) or (part == whole and value == 100)
    assert abs(value - Decimal(100) * part / whole) <= Decimal("0.05")
