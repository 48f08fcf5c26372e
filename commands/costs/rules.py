"""The money rules of the cost models: population key with yearly uplift (001 §11.3), equal
split (003 §14.1, 002 "Samordnare"), periodic extra costs (001 §11.5) and the budget by cost
line (001 §11.2) — pure functions over an agreement's typed cost models, money in ``Decimal``.

No parsing and no wording here: ``question`` reads what a user wrote, ``wording`` says the
result; these functions only compute, and only from ``commands.core``.

Rounding rules (001 §11.2–11.3, 003 §14.1, 002 "Samordnare"):

* **A year's total** is ``round_half_up(base_total × (1 + uplift)ⁿ)`` in whole kronor, n
  years after the base year — the agreement states whole-krona totals and "+3 % a year";
  half-up is how Swedish budgets round, and computing from the base (not year on year)
  keeps a rounding error from compounding.
* **Parts of a year always sum to that year's total**, by the largest-remainder method:
  each part gets its exact quota rounded down, and the kronor still missing go one each to
  the largest remainders. Ties go to the larger quota, then to the party listed first in
  the agreement's table, so the result never depends on dict order.
* The **quota** is the base year's published amount × (1 + uplift)ⁿ when the year uses
  the published key (the derivation a chair can check: 558 934 × 1,03 = 575 702,02), and
  total × percent / 100 when population figures for a later 1 November are loaded, with
  the percents the population shares to three decimals, summing to 100,000 % as in Figur 2
  (``key_percents``).
  For the published 2025 table that rule gives exactly round_half_up(total × percent),
  the agreement's own amounts; largest remainder only matters when plain rounding would
  miss the total by a krona or two.
* Quotas are exact ``Fraction``s, so remainders never depend on a Decimal precision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeVar, cast

from commands.core.agreement import Agreement, Party, PopulationFigure
from commands.core.cost_models import (
    BudgetLinesModel,
    EqualSplitModel,
    PeriodicExtraModel,
    PopulationKeyModel,
)
from commands.core.text import fold

KRONA = Decimal(1)
HUNDRED = Decimal(100)
# Beyond next year the agreement may be renegotiated or terminated: such years are
# answered with today's rules and marked as projections.
PROJECTION_AFTER_YEARS = 1


def round_half_up(value: Fraction | Decimal) -> Decimal:
    """Whole kronor, halves up (the agreement's and Swedish budgets' convention)."""
    exact = Fraction(value)
    return Decimal((exact + Fraction(1, 2)).__floor__())


def ore(value: Fraction) -> Decimal:
    """An exact quota to öre, half up, for showing a derivation ("575 702,02 kr"); never used
    to decide an amount, which is whole kronor by the rules above."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def uplift_factor(uplift_percent: Decimal, years: int) -> Fraction:
    """(1 + uplift/100)ⁿ, exactly: 1,03³ = 1092727/1000000."""
    return (1 + Fraction(uplift_percent) / 100) ** years


def year_total(base_total: Decimal, uplift_percent: Decimal, years: int) -> Decimal:
    """The total ``years`` after the base year, whole kronor (001 §11.2: "+3 % per år")."""
    return round_half_up(Fraction(base_total) * uplift_factor(uplift_percent, years))


def largest_remainder(total: int, quotas: Sequence[Fraction]) -> tuple[int, ...]:
    """Whole parts of ``total`` close to ``quotas`` that sum to ``total`` exactly.

    Requires the quotas to sum to within one unit per part of ``total`` (true for every
    caller: the quotas sum to the exact total, and ``total`` is that rounded).
    """
    floors = [int(q.__floor__()) for q in quotas]
    missing = total - sum(floors)
    if not 0 <= missing <= len(quotas):
        raise ValueError(f"quotas sum too far from the total ({missing} units missing)")
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), -quotas[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return tuple(floors)


def apportion(total: Decimal, weights: Sequence[Decimal | int]) -> tuple[Decimal, ...]:
    """Split whole-krona ``total`` in proportion to ``weights``; the parts sum to ``total``."""
    exact = [Fraction(w) for w in weights]
    whole = sum(exact, Fraction(0))
    if whole <= 0:
        raise ValueError("weights must have a positive sum")
    quotas = [Fraction(total) * w / whole for w in exact]
    return tuple(Decimal(p) for p in largest_remainder(int(total), quotas))


def key_percents(populations: Sequence[int]) -> tuple[Decimal, ...]:
    """Each population's share in percent with three decimals, summing to 100,000 % — as in
    001 Figur 2.

    Thousandths of a percent are handed out by largest remainder: that is plain half-up
    rounding (Figur 2's own: 15 604 / 132 466 = 11,7796… -> 11,780 %) whenever half-up
    already sums to 100,000 %, and otherwise moves the one or two thousandths that would make
    the key's sum row read 99,999 % or 100,001 %.
    """
    whole = sum(populations)
    thousandths = largest_remainder(100_000, [Fraction(p * 100_000, whole) for p in populations])
    return tuple(Decimal(t).scaleb(-3) for t in thousandths)


def equal_shares(amount: Decimal, count: int) -> tuple[Decimal, ...]:
    """``amount`` split in ``count`` equal parts (003 §14.1, 002 "en fjärdedel vardera").

    Whole kronor when the amount is whole kronor, else öre; an uneven last unit goes to the
    first parts in the agreement's order, so the parts always sum to the amount.
    """
    unit = KRONA if amount == amount.to_integral_value() else Decimal("0.01")
    units = int(amount / unit)
    parts = largest_remainder(units, [Fraction(units, count)] * count)
    return tuple(Decimal(p) * unit for p in parts)


def is_extra_year(model: PeriodicExtraModel, year: int) -> bool:
    """2026, 2029, … for a review every third year from 2026 (001 §11.5, Bilaga 1)."""
    return year >= model.first_year and (year - model.first_year) % model.every_years == 0


@dataclass(frozen=True)
class Key:
    """What a year's split rests on: populations on a date, as percentages."""

    population_date: dt.date
    populations: tuple[int, ...]
    percents: tuple[Decimal, ...]
    published: bool  # the agreement's own table (Figur 2), not figures loaded later


@dataclass(frozen=True)
class Part:
    party: Party
    population: int
    percent: Decimal
    quota: Fraction  # exact, before rounding
    amount: Decimal  # whole kronor

    @property
    def adjusted(self) -> bool:
        """True when largest remainder moved this part off plain half-up rounding."""
        return self.amount != round_half_up(self.quota)


@dataclass(frozen=True)
class YearSplit:
    """One year of a population-key model: the total, the key, and each party's part."""

    agreement: Agreement
    model: PopulationKeyModel
    year: int
    total: Decimal
    exact_total: Fraction
    key: Key
    parts: tuple[Part, ...]
    incomplete_date: dt.date | None = None  # newer figures exist but not for every party

    @property
    def years_after_base(self) -> int:
        return self.year - self.model.base_year

    def part(self, party_key: str) -> Part | None:
        return next((p for p in self.parts if p.party.key == party_key), None)


@dataclass(frozen=True)
class ExtraSplit:
    """A periodic extra cost's maximum per party in one year (001 §11.5)."""

    model: PeriodicExtraModel
    year: int
    key: Key
    amounts: tuple[tuple[Party, Decimal], ...]

    def amount(self, party_key: str) -> Decimal | None:
        return next((a for p, a in self.amounts if p.key == party_key), None)


@dataclass(frozen=True)
class BudgetYear:
    model: BudgetLinesModel
    year: int
    total: Decimal
    exact_total: Fraction
    lines: tuple[tuple[str, Decimal, Decimal], ...]  # title, base-year amount, this year
    overhead: Decimal


def key_for_year(
    agreement: Agreement, model: PopulationKeyModel, year: int,
    figures: Sequence[PopulationFigure],
) -> tuple[Key, dt.date | None]:
    """The key for ``year`` and, if newer figures were skipped as incomplete, their date.

    001 §11.3: shares follow the population on 1 November the year before. The base year
    uses the published table (which rests on 1 November 2023, two years before). A later
    year uses the newest complete set of 1 November figures dated after the table's and no
    later than 1 November the year before; with none loaded, the latest key — the table.
    """
    parties = tuple(agreement.party(s.party) for s in model.shares)
    published = Key(
        model.population_date, tuple(s.population for s in model.shares),
        tuple(s.percent for s in model.shares), published=True,
    )
    if year <= model.base_year:
        return published, None
    cutoff = dt.date(year - 1, 11, 1)
    by_date = _by_date(figures)
    dates = sorted(
        (d for d in by_date
         if (d.month, d.day) == (11, 1) and model.population_date < d <= cutoff),
        reverse=True,
    )
    skipped: dt.date | None = None
    for date in dates:
        populations = [_population_of(party, by_date[date]) for party in parties]
        complete = [p for p in populations if p is not None]
        if len(complete) == len(parties):
            return Key(date, tuple(complete), key_percents(complete), published=False), skipped
        skipped = skipped or date
    return published, skipped


# The figures of one date, by SCB code (and all of them, for a party known by name only).
_OneDate = tuple[dict[str, int], tuple[PopulationFigure, ...]]
# The last figures indexed, and their index. The store hands every question the same cached
# tuple until an import changes it, so one slot is enough; scanning 50 000 figures for every
# party and date made a cost question a hundred times slower.
_indexed: tuple[Sequence[PopulationFigure], dict[dt.date, _OneDate]] | None = None


def _by_date(figures: Sequence[PopulationFigure]) -> dict[dt.date, _OneDate]:
    global _indexed
    cached = _indexed
    if cached is not None and cached[0] is figures:
        return cached[1]
    grouped: dict[dt.date, list[PopulationFigure]] = {}
    for figure in figures:
        grouped.setdefault(figure.date, []).append(figure)
    index: dict[dt.date, _OneDate] = {}
    for date, of_date in grouped.items():
        codes: dict[str, int] = {}
        for figure in of_date:  # the first figure of a code wins, as the scan it replaced
            codes.setdefault(figure.municipality_code, figure.population)
        index[date] = (codes, tuple(of_date))
    _indexed = (figures, index)
    return index


def _population_of(party: Party, of_date: _OneDate) -> int | None:
    """By SCB municipality code; by name only for a party without one."""
    codes, figures = of_date
    if party.municipality_code is not None:
        return codes.get(party.municipality_code)
    names = {fold(party.name), fold(party.short_name)}
    return next((f.population for f in figures if fold(f.name) in names), None)


def split_year(
    agreement: Agreement, model: PopulationKeyModel, year: int,
    figures: Sequence[PopulationFigure] = (),
) -> YearSplit:
    """Every party's part of ``year`` (≥ the base year) under a population key (001 §11.3)."""
    return _remembered((agreement, model, figures), year,
                       lambda: _split_year(agreement, model, year, figures))


def _split_year(
    agreement: Agreement, model: PopulationKeyModel, year: int,
    figures: Sequence[PopulationFigure],
) -> YearSplit:
    if year < model.base_year:
        raise ValueError(f"{model.key} starts {model.base_year}")
    n = year - model.base_year
    factor = uplift_factor(model.uplift_percent, n)
    exact_total = Fraction(model.base_total) * factor
    total = round_half_up(exact_total)
    key, skipped = key_for_year(agreement, model, year, figures)
    if key.published:
        # The published amounts, uplifted: 558 934 × 1,03ⁿ (for n = 0, the table itself).
        quotas = [Fraction(s.amount) * factor for s in model.shares]
    else:
        whole = sum((Fraction(p) for p in key.percents), Fraction(0))
        quotas = [Fraction(total) * Fraction(p) / whole for p in key.percents]
    amounts = largest_remainder(int(total), quotas)
    parts = tuple(
        Part(agreement.party(share.party), population, pct, quota, Decimal(amount))
        for share, population, pct, quota, amount in zip(
            model.shares, key.populations, key.percents, quotas, amounts, strict=True)
    )
    return YearSplit(agreement, model, year, total, exact_total, key, parts, skipped)


def extra_split(
    agreement: Agreement, model: PeriodicExtraModel, year: int,
    figures: Sequence[PopulationFigure] = (),
) -> ExtraSplit | None:
    """The most each party can pay for the extra cost in ``year``; None when not due.

    001 §11.5: the review's cost is split by the same key as the running costs; the
    steering group may approve at most 150 000 kr, so the answer is a ceiling per party.
    """
    key_model = agreement.cost_model(model.split_by)
    if not is_extra_year(model, year) or not isinstance(key_model, PopulationKeyModel):
        return None
    key, _ = key_for_year(agreement, key_model, year, figures)
    parties = tuple(agreement.party(s.party) for s in key_model.shares)
    amounts = apportion(model.max_amount, key.percents)
    return ExtraSplit(model, year, key, tuple(zip(parties, amounts, strict=True)))


def budget_year(model: BudgetLinesModel, year: int) -> BudgetYear:
    """The budget by cost line for ``year``: every line and the overhead uplifted alike,
    settled by largest remainder so the lines sum to the year's total (001 §11.2, Figur 1)."""
    if year < model.base_year:
        raise ValueError(f"{model.key} starts {model.base_year}")
    factor = uplift_factor(model.uplift_percent, year - model.base_year)
    exact_total = Fraction(model.total) * factor
    total = round_half_up(exact_total)
    base = [line.amount for line in model.lines] + [model.overhead_amount]
    parts = largest_remainder(int(total), [Fraction(a) * factor for a in base])
    lines = tuple(
        (line.title, line.amount, Decimal(amount))
        for line, amount in zip(model.lines, parts, strict=False)
    )
    return BudgetYear(model, year, total, exact_total, lines, Decimal(parts[-1]))


def population_model(agreement: Agreement) -> PopulationKeyModel | None:
    return next((m for m in agreement.cost_models if isinstance(m, PopulationKeyModel)), None)


def budget_model(agreement: Agreement) -> BudgetLinesModel | None:
    return next((m for m in agreement.cost_models if isinstance(m, BudgetLinesModel)), None)


def extra_models(agreement: Agreement) -> tuple[PeriodicExtraModel, ...]:
    return tuple(m for m in agreement.cost_models if isinstance(m, PeriodicExtraModel))


def equal_split_models(agreement: Agreement) -> tuple[EqualSplitModel, ...]:
    return tuple(m for m in agreement.cost_models if isinstance(m, EqualSplitModel))


def is_projection(year: int, today: dt.date) -> bool:
    """A year past next year: computed with today's rules, which may change before then."""
    return year > today.year + PROJECTION_AFTER_YEARS


def next_extra_year(model: PeriodicExtraModel, year: int) -> int:
    """The first year on or after ``year`` when the extra cost falls due."""
    if year < model.first_year:
        return model.first_year
    return year + (-(year - model.first_year)) % model.every_years


def extras_for_year(
    agreement: Agreement, year: int, figures: Sequence[PopulationFigure],
) -> tuple[ExtraSplit, ...]:
    """Every extra cost due in ``year``, split per party."""
    def extras() -> tuple[ExtraSplit, ...]:
        found = (extra_split(agreement, m, year, figures) for m in extra_models(agreement))
        return tuple(e for e in found if e is not None)

    return _remembered((agreement, figures), year, extras)


# The splits last computed, by the identity of the (frozen) agreement, model and figures they
# came from: the store hands out the same objects until they change, and the same year's
# split was computed again for every question (a third of a cost answer's CPU).
_MEMORY_SIZE = 512
T = TypeVar("T")
_memory: dict[tuple[object, ...], tuple[tuple[object, ...], Any]] = {}


def _remembered(objects: tuple[object, ...], year: int, compute: Callable[[], T]) -> T:
    key = (compute.__qualname__, *map(id, objects), year)
    found = _memory.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], objects, strict=True)):
        return cast(T, found[1])
    value = compute()
    if len(_memory) >= _MEMORY_SIZE:
        _memory.clear()
    _memory[key] = (objects, value)  # holding the objects keeps their ids from being reused
    return value


def model_total(
    model: BudgetLinesModel | PopulationKeyModel, year: int,
) -> tuple[Fraction, Decimal]:
    """A year's total exactly and in whole kronor, for either model that has one (001 §11.2)."""
    base = model.total if isinstance(model, BudgetLinesModel) else model.base_total
    exact = Fraction(base) * uplift_factor(model.uplift_percent, year - model.base_year)
    return exact, round_half_up(exact)


def participants_allowed(model: EqualSplitModel, count: int) -> bool:
    """003 §14.1: at least ``min_participants`` and at most every base operation share."""
    return model.min_participants <= count <= len(model.operations)
