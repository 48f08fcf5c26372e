"""Money in a question: read to a Decimal in kronor and blanked out so it is not a year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from commands.reading.amounts import find_amount, mask_amounts
from commands.reading.years import find_years


@pytest.mark.parametrize(("text", "amount"), [
    ("samordnaren kostar 180 000 kr", Decimal(180000)),
    ("samordnaren kostar 180\u00a0000 kr", Decimal(180000)),
    ("kostar 180.000 kronor", Decimal(180000)),
    ("1,2 mkr", Decimal(1200000)),
    ("1,5 miljoner", Decimal(1500000)),
    ("180 tkr", Decimal(180000)),
    ("180k", Decimal(180000)),
    ("500:-", Decimal(500)),
    ("99,50 kr", Decimal("99.50")),
    ("180000", Decimal(180000)),  # six digits without a unit: money
    ("180 000", Decimal(180000)),  # grouped without a unit: money
])
def test_amounts_as_coordinators_write_them(text: str, amount: Decimal) -> None:
    found, masked = find_amount(text)
    assert found == amount
    assert len(masked) == len(text) and not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize("text", ["vad betalar Krokom 2026", "20266", "fyra delar", "0 kr"])
def test_years_typos_and_zero_are_not_amounts(text: str) -> None:
    assert find_amount(text)[0] is None


def test_an_amount_is_never_read_as_a_year() -> None:
    today = dt.date(2026, 11, 25)
    assert mask_amounts("kostar 2000 kr 2026") == "kostar " + " " * 7 + " 2026"
    assert find_years("kostar 2000 kr 2026", today).years() == (2026,)
