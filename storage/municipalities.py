"""SCB's municipality register: which four-digit municipality codes exist.

Population figures for a code that is not a Swedish municipality are refused at import.
The register is SCB's list (``shared/data/scb-kommuner/municipalities.csv`` beside the
repository: ``municipality_code,municipality_name,county_code``). It is read by this one
function, so that when the register ships as package data (``commands/reading/scb/``) only
the function needs to point there.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from commands.core.errors import InputError

SCB_REGISTER = (Path(__file__).resolve().parents[2] / "shared" / "data" / "scb-kommuner"
                / "municipalities.csv")


@cache
def known_municipality_codes(register: Path = SCB_REGISTER) -> frozenset[str]:
    """Every municipality code in SCB's register (290 of them)."""
    try:
        with register.open(encoding="utf-8-sig", newline="") as handle:
            codes = frozenset(row["municipality_code"].strip() for row in csv.DictReader(handle))
    except (OSError, KeyError) as error:
        raise InputError(f"SCB:s kommunregister går inte att läsa ({error})",
                         file=str(register)) from None
    if not codes:
        raise InputError("SCB:s kommunregister är tomt", file=str(register))
    return codes
