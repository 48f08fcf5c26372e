"""The cost engine against the sources: 001 Figur 1 and Figur 2 to the krona, the 3 % uplift,
the review ceiling, equal splits — and properties that hold for every year and population."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.core.agreement import Agreement, PopulationFigure
from commands.costs.rules import (
    apportion,
    budget_model,
    budget_year,
    equal_shares,
    extra_models,
    extra_split,
    extras_for_year,
    is_projection,
    key_percents,
    model_total,
    next_extra_year,
    ore,
    participants_allowed,
    population_model,
    round_half_up,
    split_year,
    uplift_factor,
    year_total,
)
from storage import files

# 001 §11.3, Figur 2, as printed: Kommun, Befolkning, %, Summa.
FIGUR_2 = (
    ("Ragunda", 5135, "3.876", 183907),
    ("Bräcke", 6091, "4.598", 218164),
    ("Krokom", 15604, "11.780", 558934),
    ("Strömsund", 11139, "8.409", 398987),
    ("Åre", 12376, "9.343", 443304),
    ("Berg", 7114, "5.370", 254794),
    ("Härjedalen", 10136, "7.652", 363070),
    ("Östersund", 64871, "48.972", 2323607),
)
# 001 §11.2, Figur 1, as printed.
FIGUR_1 = (3189656, 511922, 211310, 166260, 220804, 53045)


@pytest.fixture(scope="module")
def cmv() -> Agreement:
    return next(files.read_agreement(p) for p in files.bundled_paths()
                if p.name == "cmv-jamtland.yaml")


def test_the_published_2025_table_to_the_krona(cmv: Agreement) -> None:
    model = population_model(cmv)
    assert model is not None
    split = split_year(cmv, model, 2025)
    got = tuple((p.party.short_name, p.population, str(p.percent), int(p.amount))
                for p in split.parts)
    assert got == FIGUR_2
    assert split.total == Decimal(4744767) == sum(p.amount for p in split.parts)
    assert sum(p.population for p in split.parts) == 132466
    assert split.key.population_date == dt.date(2023, 11, 1)


def test_the_2025_percentages_and_amounts_follow_from_the_populations(cmv: Agreement) -> None:
    """Not just stored: three-decimal shares of 132 466 and whole-krona parts of 4 744 767."""
    populations = [row[1] for row in FIGUR_2]
    assert key_percents(populations) == tuple(Decimal(row[2]) for row in FIGUR_2)
    assert apportion(Decimal(4744767), key_percents(populations)) == tuple(
        Decimal(row[3]) for row in FIGUR_2)


def test_the_2025_budget_by_cost_line(cmv: Agreement) -> None:
    model = budget_model(cmv)
    assert model is not None
    budget = budget_year(model, 2025)
    assert tuple(int(amount) for _, _, amount in budget.lines) == FIGUR_1
    assert sum(FIGUR_1) == 4352997
    # "OH-kostnader (9%) 391 770 kr": 9 % of 4 352 997 = 391 769,73, rounded half up.
    assert budget.overhead == round_half_up(Fraction(4352997) * Fraction(9, 100)) == 391770
    assert budget.total == 4744767


def test_later_years_add_three_percent_a_year_from_the_base(cmv: Agreement) -> None:
    model = population_model(cmv)
    assert model is not None
    assert split_year(cmv, model, 2026).total == 4887110  # 4 744 767 × 1,03 = 4 887 110,01
    assert split_year(cmv, model, 2027).total == 5033723  # × 1,03² = 5 033 723,31
    krokom = split_year(cmv, model, 2026).part("krokom")
    assert krokom is not None and krokom.amount == 575702  # 558 934 × 1,03 = 575 702,02


def test_budget_lines_in_a_later_year_sum_to_that_years_total(cmv: Agreement) -> None:
    model = budget_model(cmv)
    assert model is not None
    for year in range(2025, 2040):
        budget = budget_year(model, year)
        assert sum(a for _, _, a in budget.lines) + budget.overhead == budget.total
        assert budget.total == year_total(Decimal(4744767), Decimal(3), year - 2025)


def test_quality_review_years_and_ceiling_per_party(cmv: Agreement) -> None:
    (review,) = extra_models(cmv)
    assert [y for y in range(2025, 2036) if extra_split(cmv, review, y) is not None] == [
        2026, 2029, 2032, 2035]
    extra = extra_split(cmv, review, 2026)
    assert extra is not None
    assert sum(a for _, a in extra.amounts) == 150000
    assert extra.amount("krokom") == 17670  # 150 000 × 11,780 % = 17 670
    assert extra.amount("ostersund") == 73458  # 150 000 × 48,972 % = 73 458


def test_loaded_figures_for_1_november_drive_the_next_year(cmv: Agreement) -> None:
    model = population_model(cmv)
    assert model is not None
    date = dt.date(2025, 11, 1)
    figures = [PopulationFigure(municipality_code=p.municipality_code or "", name=p.name,
                                population=row[1] * (2 if p.key == "krokom" else 1), date=date)
               for p, row in zip(cmv.parties, FIGUR_2, strict=True)]
    split = split_year(cmv, model, 2026, figures)
    assert split.key.population_date == date and not split.key.published
    krokom = split.part("krokom")
    assert krokom is not None and krokom.population == 31208
    assert krokom.percent == key_percents([31208 if r[0] == "Krokom" else r[1]
                                          for r in FIGUR_2])[2]
    assert sum(p.amount for p in split.parts) == split.total == 4887110
    # The year the figures belong to (2025) and the year before them keep the published key.
    assert split_year(cmv, model, 2025, figures).key.published
    # Figures missing a party are not used: the latest complete key is, and that is said.
    partial = split_year(cmv, model, 2026, figures[:-1])
    assert partial.key.published and partial.incomplete_date == date


def test_equal_split_of_the_coordinator() -> None:
    assert equal_shares(Decimal(180000), 4) == (Decimal(45000),) * 4
    assert equal_shares(Decimal(180000), 3) == (Decimal(60000),) * 3
    assert equal_shares(Decimal(100001), 4) == (Decimal(25001), Decimal(25000), Decimal(25000),
                                                Decimal(25000))
    assert equal_shares(Decimal("1000.01"), 2) == (Decimal("500.01"), Decimal("500.00"))


# --- properties ----------------------------------------------------------------------------

populations = st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=60)
totals = st.integers(min_value=0, max_value=10**10).map(Decimal)


@given(total=totals, people=populations)
def test_parts_always_sum_to_the_total(total: Decimal, people: list[int]) -> None:
    percents = key_percents(people)
    parts = apportion(total, percents)
    assert sum(parts) == total
    assert all(p >= 0 and p == p.to_integral_value() for p in parts)
    whole = sum(percents)
    for part, pct in zip(parts, percents, strict=True):
        assert abs(Fraction(part) - Fraction(total) * Fraction(pct) / Fraction(whole)) < 1


@given(people=populations)
def test_key_percents_have_three_decimals_and_sum_to_a_hundred(people: list[int]) -> None:
    percents = key_percents(people)
    assert sum(percents) == 100
    whole = sum(people)
    for pct, n in zip(percents, people, strict=True):
        assert pct.as_tuple().exponent == -3
        assert abs(Fraction(pct) - Fraction(n * 100, whole)) < Fraction(1, 1000)


@settings(max_examples=60)
@given(year=st.integers(min_value=2025, max_value=2125),
       people=st.lists(st.integers(min_value=1, max_value=500_000), min_size=8, max_size=8),
       loaded=st.booleans())
def test_every_year_and_population_sums_to_that_years_total(
    cmv: Agreement, year: int, people: list[int], loaded: bool,
) -> None:
    model = population_model(cmv)
    assert model is not None
    figures = [PopulationFigure(municipality_code=p.municipality_code or "", name=p.name,
                                population=n, date=dt.date(year - 1, 11, 1))
               for p, n in zip(cmv.parties, people, strict=True)] if loaded else []
    split = split_year(cmv, model, year, figures)
    assert sum(p.amount for p in split.parts) == split.total
    assert split.total == year_total(model.base_total, model.uplift_percent, year - 2025)
    assert split.key.published == (not loaded or year == 2025)


@given(base=st.integers(min_value=1, max_value=10**9).map(Decimal),
       n=st.integers(min_value=0, max_value=60), m=st.integers(min_value=0, max_value=60))
def test_uplift_compounds(base: Decimal, n: int, m: int) -> None:
    three = Decimal(3)
    assert uplift_factor(three, n + m) == uplift_factor(three, n) * uplift_factor(three, m)
    assert uplift_factor(three, n) == Fraction(103, 100) ** n
    # Each year's total is the base compounded, rounded once (no drift from rounding yearly).
    exact = Fraction(base) * Fraction(103, 100) ** (n + m)
    assert abs(Fraction(year_total(base, three, n + m)) - exact) <= Fraction(1, 2)
    assert year_total(base, three, n + 1) >= year_total(base, three, n)


@given(amount=st.integers(min_value=0, max_value=10**8).map(Decimal),
       count=st.integers(min_value=1, max_value=5))
def test_equal_shares_sum_and_differ_by_at_most_one_krona(amount: Decimal, count: int) -> None:
    shares = equal_shares(amount, count)
    assert sum(shares) == amount and len(shares) == count
    assert max(shares) - min(shares) <= 1


@settings(max_examples=40)
@given(year=st.integers(min_value=2026, max_value=2100))
def test_each_party_keeps_the_published_amount_uplifted(cmv: Agreement, year: int) -> None:
    model = population_model(cmv)
    assert model is not None
    factor = uplift_factor(Decimal(3), year - 2025)
    for part, row in zip(split_year(cmv, model, year).parts, FIGUR_2, strict=True):
        assert abs(Fraction(part.amount) - Fraction(row[3]) * factor) < 1


def test_the_next_review_year_is_on_the_three_year_cycle(cmv: Agreement) -> None:
    (review,) = extra_models(cmv)
    assert [next_extra_year(review, y) for y in (2024, 2025, 2026, 2027, 2028, 2029)] == [
        2026, 2026, 2026, 2029, 2029, 2029]
    assert [e.year for e in extras_for_year(cmv, 2029, ())] == [2029]
    assert extras_for_year(cmv, 2027, ()) == ()


def test_a_years_total_is_the_same_from_the_budget_and_from_the_key(cmv: Agreement) -> None:
    budget, key = budget_model(cmv), population_model(cmv)
    assert budget is not None and key is not None
    assert model_total(budget, 2026) == model_total(key, 2026)
    exact, total = model_total(key, 2026)
    assert total == 4887110 and ore(exact) == Decimal("4887110.01")


def test_years_past_next_year_are_projections() -> None:
    today = dt.date(2026, 11, 25)
    assert [is_projection(y, today) for y in (2026, 2027, 2028)] == [False, False, True]


def test_the_coordinator_is_shared_by_three_or_four_operations_in_vg() -> None:
    vg = next(files.read_agreement(p) for p in files.bundled_paths()
              if p.name == "vg-familjecentraler.yaml")
    (model,) = (m for m in vg.cost_models if m.kind == "equal_split")
    assert [participants_allowed(model, n) for n in (2, 3, 4, 5)] == [False, True, True, False]
