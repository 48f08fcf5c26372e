"""The rules of a self-reflection round (source 002): which round takes votes, the numbered
instrument, and the anonymous aggregate with its privacy thresholds.

Pure: no wording, no reading of what users type, no file formats. What is shown of a
round is decided here, next to what it protects:

* a round's result is shown only when at least ``min_respondents`` have answered (default
  3; a round may ask for more, never fewer) — below that, ``Withheld``: nothing but the count;
* comments only from five respondents up, in an order unrelated to who wrote them or when.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    numbered: list[Item] = []
    for category in instrument.categories:
        for statement in category.statements:
            numbered.append(Item(len(numbered) + 1, category.name, statement))
    return tuple(numbered)


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


@dataclass(frozen=True)
class StatementResult:
    item: Item
    works: int
    develop: int
    change: Decimal | None  # percentage points of "Behöver utvecklas" since the last round

    @property
    def answered(self) -> int:
        return self.works + self.develop

    @property
    def share_develop(self) -> Decimal:
        return share(self.develop, self.answered)


@dataclass(frozen=True)
class CategoryResult:
    name: str
    works: int
    develop: int

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
    comments: tuple[tuple[str, str], ...] | None  # (statement title, text); None = withheld
    previous_year: int | None
    previous_goals: tuple[Goal, ...] = ()
    joint_views: tuple[JointView, ...] = ()

    def most_in_need(self) -> tuple[StatementResult, ...]:
        return tuple(sorted(self.statements,
                            key=lambda s: (-s.share_develop, -s.develop, s.item.number)))

    @property
    def response_rate(self) -> Decimal:
        return share(self.respondents, self.participants)


@dataclass(frozen=True)
class Withheld:
    round: Round
    respondents: int
    participants: int


def share(part: int, whole: int) -> Decimal:
    """Percent with one decimal, half up (shown rounded to whole percent)."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def aggregate(round_: Round, instrument: Instrument, tally: Tally, *, participants: int,
              previous: tuple[Round, Tally] | None = None,
              previous_goals: Sequence[Goal] = (),
              joint_views: Sequence[JointView] = ()) -> Result | Withheld:
    """The anonymous result of a round, or ``Withheld`` below the round's threshold."""
    if tally.respondents < max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS):
        return Withheld(round_, tally.respondents, participants)
    before: Mapping[str, tuple[int, int]] | None = None
    if previous is not None and previous[1].respondents >= max(previous[0].min_respondents,
                                                                DEFAULT_MIN_RESPONDENTS):
        before = previous[1].counts
    results = []
    for item in items(instrument):
        works, develop = tally.counts.get(item.statement.key, (0, 0))
        change = None
        if before is not None and any(before.get(item.statement.key, (0, 0))):
            old_works, old_develop = before[item.statement.key]
            change = share(develop, works + develop) - share(old_develop, old_works + old_develop)
        results.append(StatementResult(item, works, develop, change))
    categories = []
    for category in instrument.categories:
        in_category = [r for r in results if r.item.category == category.name]
        categories.append(CategoryResult(category.name, sum(r.works for r in in_category),
                                         sum(r.develop for r in in_category)))
    comments: tuple[tuple[str, str], ...] | None = None
    if tally.respondents >= MIN_RESPONDENTS_FOR_COMMENTS:
        titles = {i.statement.key: i.statement.title for i in items(instrument)}
        pool = [(titles.get(key, key), text) for key, texts in sorted(tally.comments.items())
                for text in texts]
        # Shuffled with the round as seed: stable for the round, unrelated to the writers.
        random.Random(round_.id).shuffle(pool)
        comments = tuple(pool)
    return Result(round=round_, respondents=tally.respondents, participants=participants,
                  statements=tuple(results), categories=tuple(categories), comments=comments,
                  previous_year=previous[0].year if before is not None and previous else None,
                  previous_goals=tuple(previous_goals), joint_views=tuple(joint_views))


def result_of(store: ReflectionStore, round_: Round, instrument: Instrument
              ) -> Result | Withheld:
    """Gather a round's tally, the centre's previous closed round and its goals."""
    previous = previous_round(store, round_)
    return aggregate(
        round_, instrument, store.tally(round_id=round_.id),
        participants=len(store.participants(round_id=round_.id)),
        previous=(previous, store.tally(round_id=previous.id)) if previous else None,
        previous_goals=store.goals(round_id=previous.id) if previous else (),
        joint_views=store.joint_views(round_id=round_.id),
    )


def previous_round(store: ReflectionStore, round_: Round) -> Round | None:
    """The same centre's latest closed round before this one."""
    same = [r for r in store.all_rounds()
            if r.id < round_.id and r.status == "closed" and r.agreement_id == round_.agreement_id
            and fold(r.centre) == fold(round_.centre)]
    return max(same, key=lambda r: r.id, default=None)

