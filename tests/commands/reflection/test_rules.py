"""Pure rules of a self-reflection round: thresholds, ordering, comparison, which round
takes votes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from commands.core.answers import Rich, Strong, plain
from commands.reflection.model import Tally
from commands.reflection.report import points, result_table
from commands.reflection.rules import (
    Result,
    Withheld,
    accepts_votes,
    aggregate,
    items,
    next_unanswered,
    share,
)
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
    assert any("Kommentarer visas först när minst 5" in plain(d) for d in table.details)
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
    svarande = table.details[0]
    assert isinstance(svarande, Rich) and svarande.spans[0] == Strong("Svarande:")
    assert "Svarande: 4 av 8 (50\xa0% svarsfrekvens)" in plain(svarande)


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


# --- thresholds per statement (issue 9, point 5) -------------------------------------------


def counts(respondents: int, answered: dict[str, int], develop: dict[str, int] | None = None,
           comments: dict[str, tuple[str, ...]] | None = None) -> Tally:
    """A tally where statement ``k`` was answered by ``answered.get(k, respondents)``."""
    develop = develop or {}
    table = {}
    for k in KEYS:
        n = answered.get(k, respondents)
        if n:
            table[k] = (n - develop.get(k, 0), develop.get(k, 0))
    return Tally(respondents=respondents, counts=table, comments=comments or {})


def test_a_statement_answered_by_fewer_than_the_minimum_shows_no_figures() -> None:
    # Three respondents; one stopped after statement 15, so 16–30 were answered by two.
    stopped = counts(3, {k: 2 for k in KEYS[15:]}, develop={k: 1 for k in KEYS})
    result = aggregate(a_round(), INSTRUMENT, stopped, participants=3)
    assert isinstance(result, Result)
    shown = [s for s in result.statements if not s.withheld]
    hidden = [s for s in result.statements if s.withheld]
    assert [s.item.number for s in shown] == list(range(1, 16))
    assert [s.item.number for s in hidden] == list(range(16, 31))
    assert all((s.works, s.develop) == (2, 1) for s in shown)
    # the hidden figures are not even in the result, so no renderer can show them
    assert all((s.works, s.develop, s.change) == (0, 0, None) for s in hidden)
    assert [s.item.number for s in result.most_in_need()][-15:] == list(range(16, 31))


def test_the_minimum_per_statement_is_the_rounds_own_minimum() -> None:
    four = aggregate(a_round(min_respondents=4), INSTRUMENT,
                     counts(5, {KEYS[0]: 3, KEYS[1]: 4}), participants=5)
    assert isinstance(four, Result)
    assert [s.withheld for s in four.statements[:3]] == [True, False, False]


def test_a_category_counts_only_the_statements_shown_so_nothing_can_be_subtracted() -> None:
    first = INSTRUMENT.categories[0]
    in_first = [s.key for s in first.statements]
    hidden = in_first[0]
    tally = counts(4, {hidden: 2}, develop={hidden: 2, in_first[1]: 1})
    result = aggregate(a_round(), INSTRUMENT, tally, participants=4)
    assert isinstance(result, Result)
    category = result.categories[0]
    shown = [s for s in result.statements if s.item.category == first.name and not s.withheld]
    assert (category.works, category.develop) == (sum(s.works for s in shown),
                                                  sum(s.develop for s in shown))
    assert (category.works, category.develop) == (4 * (len(in_first) - 1) - 1, 1)
    assert (category.counted, category.statements) == (len(in_first) - 1, len(in_first))
    everything_hidden = aggregate(a_round(), INSTRUMENT,
                                  counts(3, {k: 2 for k in in_first}), participants=3)
    assert isinstance(everything_hidden, Result)
    assert everything_hidden.categories[0].withheld
    assert (everything_hidden.categories[0].works,
            everything_hidden.categories[0].develop) == (0, 0)


def test_no_change_where_this_round_or_the_last_withheld_the_statement() -> None:
    previous = (a_round(id=3, year=2025, status="closed"),
                counts(4, {KEYS[0]: 2, KEYS[2]: 4}, develop={KEYS[0]: 2, KEYS[1]: 1}))
    result = aggregate(a_round(), INSTRUMENT,
                       counts(4, {KEYS[1]: 2}, develop={KEYS[0]: 1, KEYS[1]: 2}),
                       participants=4, previous=previous)
    assert isinstance(result, Result) and result.previous_year == 2025
    first, second, third = result.statements[:3]
    assert first.change is None  # hidden last year: the change would give last year's figure
    assert second.change is None and second.withheld  # hidden now
    assert third.change == Decimal(0)


def test_comments_only_on_statements_that_five_answered() -> None:
    notes = {KEYS[0]: ("sex svarade",), KEYS[1]: ("fyra svarade",), KEYS[2]: ("två",)}
    result = aggregate(a_round(), INSTRUMENT,
                       counts(6, {KEYS[1]: 4, KEYS[2]: 2}, comments=notes), participants=6)
    assert isinstance(result, Result) and result.comments is not None
    assert [text for _, text in result.comments] == ["sex svarade"]
    assert result.comments_limited
    strict = aggregate(a_round(min_respondents=7), INSTRUMENT,
                       counts(7, {KEYS[0]: 6}, comments=notes), participants=7)
    assert isinstance(strict, Result) and strict.comments is not None
    # six answered, but the round asked for seven: its figures and comments stay hidden
    assert "sex svarade" not in [text for _, text in strict.comments]


@given(st.integers(min_value=3, max_value=6),
       st.lists(st.tuples(st.integers(min_value=0, max_value=8),
                          st.integers(min_value=0, max_value=8)), min_size=30, max_size=30))
def test_every_figure_shown_rests_on_at_least_the_minimum(
        minimum: int, pairs: list[tuple[int, int]]) -> None:
    tally = Tally(respondents=max(max(w + d for w, d in pairs), minimum),
                  counts={k: pair for k, pair in zip(KEYS, pairs, strict=True) if any(pair)})
    result = aggregate(a_round(min_respondents=minimum), INSTRUMENT, tally, participants=20)
    assert isinstance(result, Result)
    for s, (works, develop) in zip(result.statements, pairs, strict=True):
        assert s.withheld == (works + develop < minimum)
        if not s.withheld:
            assert (s.works, s.develop) == (works, develop)
        else:
            assert (s.works, s.develop) == (0, 0)
    for category in result.categories:
        shown = [s for s in result.statements
                 if s.item.category == category.name and not s.withheld]
        assert category.works == sum(s.works for s in shown)
        assert category.develop == sum(s.develop for s in shown)
        assert category.withheld == (not shown)


def test_the_numbering_follows_a_changed_instrument() -> None:
    """``items`` keeps the last instrument's numbering; another instrument (the agreements
    reloaded with a statement renamed and one dropped) is numbered afresh, and asking for
    the first one again does not return the second's."""
    first = items(INSTRUMENT)
    assert items(INSTRUMENT) is first
    category, *rest = INSTRUMENT.categories
    renamed = category.statements[0].model_copy(update={"title": "Nytt namn"})
    changed = INSTRUMENT.model_copy(update={"categories": (
        category.model_copy(update={"statements": (renamed, *category.statements[2:])}),
        *rest)})
    numbered = items(changed)
    assert numbered[0].statement.title == "Nytt namn"
    assert [i.number for i in numbered] == list(range(1, len(KEYS)))
    assert numbered[1].statement.key == KEYS[2]
    assert items(INSTRUMENT) == first
    assert items(INSTRUMENT)[0].statement.title != "Nytt namn"
