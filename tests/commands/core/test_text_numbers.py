"""Swedish numbers: what ``commands.core.text`` writes is Babel's ``format_decimal``, figure
for figure, also when the same figure is asked for again (each is formatted once)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from commands.core.text import decimal, kr, number, percent

amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2,
                      allow_nan=False, allow_infinity=False)


@given(amounts)
def test_kronor_are_babels_swedish_format_each_time(value: Decimal) -> None:
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    expected = f"{format_decimal(value, pattern, locale='sv_SE')}\u00a0kr"
    assert kr(value) == expected
    assert kr(value) == expected  # the remembered figure is the same


def test_equal_decimals_written_differently_keep_their_own_form() -> None:
    # 1 and 1.0 are equal (and hash alike); a remembered figure must not leak across
    assert decimal(Decimal("2.5")) == "2,5"
    assert decimal(Decimal("2.50")) == "2,5"
    assert percent(Decimal("11.78")) == "11,780\u00a0%"
    assert percent(Decimal("11.780"), 1) == "11,8\u00a0%"
    assert number(Decimal("-0")) == format_decimal(Decimal("-0"), "#,##0", locale="sv_SE")
    assert number(0) == "0"
    assert kr(Decimal("1234567.5")) == "1\u00a0234\u00a0567,50\u00a0kr"
