"""Money in a question: "180 000 kr", "1,2 mkr", "180 tkr", "180000" -> a ``Decimal`` in kronor.

Amounts are read before years so that "kostar 2000 kr" is money, not the year 2000; the
readers get the text back with the amount blanked out (same length, positions line up).
"""

from __future__ import annotations

import re
from decimal import Decimal

# With a unit: "180 000 kr", "180.000 kr", "1,5 mkr", "500:-".
AMOUNT = re.compile(
    r"(?<![\w,.])(?P<number>\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+|\d+)(?P<decimals>[,.]\d{1,2})?"
    r"\s*(?P<unit>kr|kronor|sek|:-|tkr|mkr|miljoner|million|k)(?![a-z])",
    re.IGNORECASE,
)
# Without "kr", only a grouped ("180 000") or six-digit number is money: "20266" is a typo'd year.
_BARE_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{6,})(?![\d,.]\d)(?!\d)"
)
_MULTIPLIERS = {"tkr": Decimal(1000), "k": Decimal(1000), "mkr": Decimal(1_000_000),
                "miljoner": Decimal(1_000_000), "million": Decimal(1_000_000)}


def mask_amounts(text: str) -> str:
    """``text`` with money amounts that carry a unit blanked out (same length)."""
    return AMOUNT.sub(lambda m: " " * len(m.group(0)), text)


def find_amount(text: str) -> tuple[Decimal | None, str]:
    """The first money amount ("180 000 kr", "1,2 mkr", "180000") and the text without it.

    A zero amount is no amount (None), but it is still blanked out of the text.
    """
    match = AMOUNT.search(text) or _BARE_AMOUNT.search(text)
    if match is None:
        return None, text
    groups = match.groupdict()
    digits = re.sub(r"\D", "", groups["number"])
    decimals = (groups.get("decimals") or "")[1:]
    unit = (groups.get("unit") or "").casefold()
    value = Decimal(f"{digits}.{decimals or 0}") * _MULTIPLIERS.get(unit, Decimal(1))
    masked = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return (value if value > 0 else None), masked
