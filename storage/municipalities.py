"""SCB's municipality register: which four-digit municipality codes exist.

Population figures for a code that is not a Swedish municipality are refused at import. The
register ships with the package (``commands/reading/scb/``, SCB's list with its note), read
once by ``commands.reading.places``; this is storage's one door to it.
"""

from __future__ import annotations

from functools import cache

from commands.reading.places import MUNICIPALITIES_BY_CODE


@cache
def known_municipality_codes() -> frozenset[str]:
    """Every municipality code in SCB's register (290 of them)."""
    return frozenset(MUNICIPALITIES_BY_CODE)
