"""The rules of a self-reflection round (source 002): which round takes votes, the numbered
instrument, and the anonymous aggregate with its privacy thresholds.

Pure: no wording, no reading of what users type, no file formats. What is shown of a
round is decided here, next to what it protects — and what may not be shown never enters
the ``Result``, so no renderer can show it by mistake:

* a round's result is shown only when at least ``min_respondents`` have answered (default
  3; a round may ask for more, never fewer) — below that, ``Withheld``: nothing but the count;
* the same minimum holds for every statement on its own: a statement fewer answered is
  ``withheld`` (no counts, share or change);
* nothing can be subtracted back to a hidden figure: a category sums only the statements
  shown, and a change since the last round needs the statement shown in both rounds;
* comments on a statement only when five (or the round's minimum, if higher) answered it,
  in an order unrelated to who wrote them or when.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from commands.core.agreement import Agreement, Instrument, Statement
from commands.core.ports import Store
from commands.core.text import fold
from commands.reflection.model import (
    DEFAULT_MIN_RESPONDENTS,
    MIN_RESPONDENTS_FOR_COMMENTS,
    Goal,
    JointView,
    ReflectionStore,
    Round,
    Tally,
    Vote,
)

# --- the instrument --------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    number: int  # 1..30, the order of source 002
    category: str
    statement: Statement


def instrument_of(store: Store) -> tuple[Agreement, Instrument] | None:
    """The agreement that carries a self-reflection instrument (Jönköping, source 002)."""
    for agreement in store.agreements():
        if agreement.instrument is not None:
            return agreement, agreement.instrument
    return None


def items(instrument: Instrument) -> tuple[Item, ...]:
    """The statements, numbered in the instrument's order.

    The last instrument's numbering is kept, by identity: the store hands out the same
    ``Instrument`` until the agreements change, and a vote click numbered it more than once
    (hashing the model for an ``lru_cache`` would cost half as much as numbering it)."""
    for known, numbered in _last_numbering:
        if known is instrument:
            return numbered
    listed: list[Item] = []
    for category in instrument.categories:
        for statement in category.statements:
            listed.append(Item(len(listed) + 1, category.name, statement))
    numbered = tuple(listed)
    _last_numbering[:] = [(instrument, numbered)]  # one step: other threads see old or new
    return numbered


_last_numbering: list[tuple[Instrument, tuple[Item, ...]]] = []  # at most one, the last


# --- round rules -----------------------------------------------------------------------


def accepts_votes(round_: Round, today: dt.date) -> bool:
    """Open, and not past its closing date (the closing day itself still counts)."""
    return round_.status == "open" and (round_.closes_on is None or today <= round_.closes_on)


def default_follow_up(round_: Round) -> dt.date:
    """Step V: goals chosen after a round are followed up before the next year's
    self-reflection, which the year wheel puts in December (002 Årshjul) — so 1 December
    of the following year unless the coordinator gives a date."""
    return dt.date(round_.year + 1, 12, 1)


def results_target(round_: Round) -> str:
    return round_.results_channel or round_.channel


def next_unanswered(all_items: Sequence[Item], votes: Mapping[str, Vote],
                    after: int = 0) -> Item | None:
    """The first unanswered statement after number ``after``, wrapping round to the start."""
    ordered = [*all_items[after:], *all_items[:after]]
    return next((i for i in ordered if i.statement.key not in votes), None)


# --- aggregation -----------------------------------------------------------------------


def minimum_answers(round_: Round) -> int:
    """How many must have answered before a figure is shown: the round's own minimum, never
    fewer than three. It holds for the round as a whole and for each statement alone."""
    return max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS)


def minimum_for_comments(round_: Round) -> int:
    """How many must have answered a statement before its comments are shown: five, or the
    round's own minimum if that is higher (a comment is an answer too)."""
    return max(MIN_RESPONDENTS_FOR_COMMENTS, minimum_answers(round_))


@dataclass(frozen=True)
class StatementResult:
    """One statement's figures — or, when fewer than the minimum answered it, ``withheld``
    with zeros: the hidden counts never enter the result, so no renderer can show them."""

    item: Item
    works: int
    develop: int
    change: Decimal | None  # percentage points of "Behöver utvecklas" since the last round
    withheld: bool = False

    @property
    def answered(self) -> int:
        return self.works + self.develop

    @property
    def share_develop(self) -> Decimal:
        return share(self.develop, self.answered)


@dataclass(frozen=True)
class CategoryResult:
    """A category's figures, summed over its *shown* statements only: a total that included
    a withheld statement would give that statement's counts away by subtraction."""

    name: str
    works: int
    develop: int
    counted: int = 0  # statements shown and summed
    statements: int = 0  # statements in the category

    @property
    def withheld(self) -> bool:
        return self.counted == 0

    @property
    def share_develop(self) -> Decimal:
        return share(self.develop, self.works + self.develop)


@dataclass(frozen=True)
class Result:
    round: Round
    respondents: int
    participants: int
    statements: tuple[StatementResult, ...]  # instrument order
    categories: tuple[CategoryResult, ...]
    # (statement title, text), only for statements enough answered; None = the round has
    # too few respondents for any comment
    comments: tuple[tuple[str, str], ...] | None
    previous_year: int | None
    previous_goals: tuple[Goal, ...] = ()
    joint_views: tuple[JointView, ...] = ()
    comments_limited: bool = False  # some statement had too few answers for its comments
    ordinal: int = 1  # the centre's first, second … round that year

    def most_in_need(self) -> tuple[StatementResult, ...]:
        """Shown statements, most in need of development first; withheld ones last."""
        return tuple(sorted(self.statements,
                            key=lambda s: (s.withheld, -s.share_develop, -s.develop,
                                           s.item.number)))

    @property
    def withheld_statements(self) -> tuple[StatementResult, ...]:
        return tuple(s for s in self.statements if s.withheld)

    @property
    def response_rate(self) -> Decimal:
        return share(self.respondents, self.participants)


@dataclass(frozen=True)
class Withheld:
    round: Round
    respondents: int
    participants: int
    ordinal: int = 1


def share(part: int, whole: int) -> Decimal:
    """Percent with one decimal, half up (shown rounded to whole percent)."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def shown_counts(round_: Round, tally: Tally) -> dict[str, tuple[int, int]] | None:
    """The statements' counts that may be shown: those at least the minimum answered; None
    when the round as a whole has too few respondents."""
    minimum = minimum_answers(round_)
    if tally.respondents < minimum:
        return None
    return {key: (works, develop) for key, (works, develop) in tally.counts.items()
            if works + develop >= minimum}


def aggregate(round_: Round, instrument: Instrument, tally: Tally, *, participants: int,
              previous: tuple[Round, Tally] | None = None,
              previous_goals: Sequence[Goal] = (),
              joint_views: Sequence[JointView] = ()) -> Result | Withheld:
    """The anonymous result of a round, or ``Withheld`` below the round's threshold.

    Every figure rests on at least the round's minimum number of answers *to that figure*:
    a statement fewer answered is withheld, a category sums only shown statements, and a
    change since the last round needs the statement shown in both rounds (a change next to
    this year's share would otherwise give last year's hidden share away).
    """
    shown = shown_counts(round_, tally)
    if shown is None:
        return Withheld(round_, tally.respondents, participants)
    before = shown_counts(*previous) if previous is not None else None
    results = []
    for item in items(instrument):
        key = item.statement.key
        if key not in shown:
            results.append(StatementResult(item, 0, 0, None, withheld=True))
            continue
        works, develop = shown[key]
        change = None
        if before is not None and key in before:
            old_works, old_develop = before[key]
            change = share(develop, works + develop) - share(old_develop, old_works + old_develop)
        results.append(StatementResult(item, works, develop, change))
    categories = []
    for category in instrument.categories:
        in_category = [r for r in results if r.item.category == category.name]
        counted = [r for r in in_category if not r.withheld]
        categories.append(CategoryResult(category.name, sum(r.works for r in counted),
                                         sum(r.develop for r in counted),
                                         counted=len(counted), statements=len(in_category)))
    comments: tuple[tuple[str, str], ...] | None = None
    for_comments = minimum_for_comments(round_)
    answered = {key: works + develop for key, (works, develop) in tally.counts.items()}
    if tally.respondents >= for_comments:
        titles = {i.statement.key: i.statement.title for i in items(instrument)}
        pool = [(titles.get(key, key), text) for key, texts in sorted(tally.comments.items())
                if answered.get(key, 0) >= for_comments for text in texts]
        # Shuffled with the round as seed: stable for the round, unrelated to the writers.
        random.Random(round_.id).shuffle(pool)
        comments = tuple(pool)
    limited = any(answered.get(i.statement.key, 0) < for_comments for i in items(instrument))
    return Result(round=round_, respondents=tally.respondents, participants=participants,
                  statements=tuple(results), categories=tuple(categories), comments=comments,
                  previous_year=previous[0].year if before is not None and previous else None,
                  previous_goals=tuple(previous_goals), joint_views=tuple(joint_views),
                  comments_limited=limited)


def result_of(store: ReflectionStore, round_: Round, instrument: Instrument
              ) -> Result | Withheld:
    """Gather a round's tally, the centre's previous closed round and its goals."""
    previous = previous_round(store, round_)
    result = aggregate(
        round_, instrument, store.tally(round_id=round_.id),
        participants=store.participant_count(round_id=round_.id),
        previous=(previous, store.tally(round_id=previous.id)) if previous else None,
        previous_goals=store.goals(round_id=previous.id) if previous else (),
        joint_views=store.joint_views(round_id=round_.id),
    )
    return replace(result, ordinal=ordinal(store, round_))


def ordinal(store: ReflectionStore, round_: Round) -> int:
    """Which of the centre's rounds that year this is (1 for the first)."""
    return 1 + sum(1 for r in store.all_rounds()
                   if r.id < round_.id and r.year == round_.year
                   and r.agreement_id == round_.agreement_id
                   and fold(r.centre) == fold(round_.centre))


def previous_round(store: ReflectionStore, round_: Round) -> Round | None:
    """The same centre's latest closed round before this one."""
    centre = fold(round_.centre)
    found = next((id_ for id_, name in store.closed_rounds_before(
        agreement_id=round_.agreement_id, round_id=round_.id) if fold(name) == centre), None)
    return store.reflection_round(found) if found is not None else None

