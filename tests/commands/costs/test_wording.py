"""Costs' wording on its own, from plain data: Swedish number style (factors, signed changes,
fractions, the CSV comma), the figure a headline emphasises, and the user's words quoted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commands.core.agreement import Agreement
from commands.core.answers import Quote, Rich, Strong, plain
from commands.core.text import (
    decimal,
    decimal_comma,
    fraction_words,
    power,
    shorten,
    signed_kr,
    signed_percent,
)
from commands.costs import problems, wording
from commands.costs.rules import population_model, split_year
from storage import files

TODAY = dt.date(2026, 11, 25)
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def cmv() -> Agreement:
    return next(files.read_agreement(p) for p in files.bundled_paths()
                if p.name == "cmv-jamtland.yaml")


@pytest.mark.parametrize(("base", "n", "text"), [
    (Decimal("1.03"), 1, "1,03"), (Decimal("1.03"), 4, "1,03⁴"), (Decimal("1.03"), 12, "1,03¹²"),
    (Decimal("1.025"), 2, "1,025²"),
])
def test_an_uplift_factor_is_a_decimal_comma_and_a_superscript(
    base: Decimal, n: int, text: str,
) -> None:
    assert power(base, n) == text


def test_rates_drop_trailing_zeros() -> None:
    assert [decimal(Decimal(v)) for v in ("9.00", "3", "2.50", "1.0300")] == [
        "9", "3", "2,5", "1,03"]


def test_changes_carry_a_plus_or_a_real_minus() -> None:
    assert signed_kr(Decimal(17268)) == f"+17{NBSP}268{NBSP}kr"
    assert signed_kr(Decimal(-5)) == f"\u22125{NBSP}kr"
    assert signed_kr(Decimal(0)) == f"0{NBSP}kr"
    assert signed_percent(Decimal("2.96")) == f"+3,0{NBSP}%"
    assert signed_percent(Decimal("-1.25")) == f"\u22121,3{NBSP}%"  # half up, away from zero


def test_the_csv_comma_keeps_every_decimal_and_groups_nothing() -> None:
    assert decimal_comma(Decimal("11.780")) == "11,780"
    assert decimal_comma(Decimal("4744767")) == "4744767"
    assert decimal_comma(12) == "12"


@pytest.mark.parametrize(("count", "sv", "en"), [
    (2, "hälften", "half"), (4, "en fjärdedel", "one quarter"), (7, "1/7", "1/7"),
])
def test_fractions_in_words(count: int, sv: str, en: str) -> None:
    assert fraction_words(count, "sv") == sv and fraction_words(count, "en") == en


def test_long_cost_lines_are_shortened_with_an_ellipsis() -> None:
    assert shorten("Lön", 60) == "Lön"
    assert shorten("Lokaler, el, städ: och annat som är långt", 20) == "Lokaler, el, städ…"


def test_a_partys_amount_is_the_emphasised_figure(cmv: Agreement) -> None:
    model = population_model(cmv)
    assert model is not None
    split = split_year(cmv, model, 2026)
    message = wording.party_message(split, cmv.party("krokom"), "sv", TODAY)
    assert isinstance(message.text, Rich)
    assert Strong(f"575{NBSP}702{NBSP}kr") in message.text.spans
    assert plain(message.text) == f"Krokom betalar 575{NBSP}702{NBSP}kr för CMV Jämtland 2026."
    english = wording.party_message(split, cmv.party("krokom"), "en", TODAY)
    assert plain(english.text) == f"Krokom pays 575{NBSP}702{NBSP}kr for CMV Jämtland in 2026."


def test_a_party_paying_the_same_in_two_years_is_said_so(cmv: Agreement) -> None:
    model = population_model(cmv)
    assert model is not None
    split = split_year(cmv, model, 2026)
    part = split.part("krokom")
    assert part is not None
    same = wording.party_difference(cmv.party("krokom"), 2026, part, split, "sv", TODAY)
    assert plain(same.text) == "Krokom betalar lika mycket 2026 som 2026."


def test_an_unknown_name_is_quoted_as_the_user_wrote_it(cmv: Agreement) -> None:
    problem = problems.unknown_name("<!here>", ("Krokom",), (cmv,), party_only=True, lang="sv")
    assert isinstance(problem.message, Rich)
    assert Quote("<!here>") in problem.message.spans
    assert plain(problem.message) == 'Jag hittar ingen part som heter "<!here>" i avtalen.'
    bad = problems.bad_year("20266", "en")
    assert isinstance(bad.message, Rich) and Quote("20266") in bad.message.spans
    assert plain(bad.message).startswith('I don\'t understand the year "20266".')
