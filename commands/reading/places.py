"""Sweden's 290 municipalities and 21 counties, from SCB's register shipped as package data.

The register (``commands/reading/scb/``, with its README and CC0 licence) has two uses:

- keeping the name matcher honest: a word that is itself the name of a Swedish municipality
  or region names that place, which is never a typo of another place that *is* in an
  agreement ("Linköping" is not "Lidköping", "Gotland" is not "Götaland"). A municipality
  that is a party is found by its exact name long before these words are consulted.
  Compared folded, Håbo and Habo are one word, so MUNICIPALITIES holds 289;
- letting storage check the municipality codes in agreement files (``municipality(code)``).

It is read once, on first import, through importlib.resources, so it works from a wheel
as well as from a checkout.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from commands.core.text import fold


@dataclass(frozen=True)
class County:
    code: str  # "23"
    name: str  # "Jämtlands län"
    short_name: str  # "Jämtland"


@dataclass(frozen=True)
class Municipality:
    code: str  # "2309", SCB's kommunkod
    name: str  # "Krokom": SCB's short form, not "Krokoms kommun"
    county: County


def _rows(file_name: str) -> list[dict[str, str]]:
    text = resources.files("commands.reading").joinpath("scb", file_name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _load() -> tuple[Mapping[str, County], Mapping[str, Municipality]]:
    counties = {row["county_code"]: County(row["county_code"], row["county_name"],
                                           row["county_name_short"])
                for row in _rows("counties.csv")}
    municipalities = {row["municipality_code"]: Municipality(row["municipality_code"],
                                                             row["municipality_name"],
                                                             counties[row["county_code"]])
                      for row in _rows("municipalities.csv")}
    return MappingProxyType(counties), MappingProxyType(municipalities)


COUNTIES, MUNICIPALITIES_BY_CODE = _load()


def municipality(code: str) -> Municipality | None:
    """The municipality with SCB code ``code`` ("2309" -> Krokom), or None if there is none."""
    return MUNICIPALITIES_BY_CODE.get(code)


# Two regions go by a name of their own rather than their county's (Region Sörmland,
# Region Jämtland Härjedalen); people write those names, so they name a place too.
_REGION_OWN_NAMES = ("Sörmland", "Jämtland Härjedalen")

# Folded names, as the name matcher compares them.
MUNICIPALITIES = frozenset(fold(m.name) for m in MUNICIPALITIES_BY_CODE.values())
REGIONS = frozenset(fold(name) for name in (*(c.short_name for c in COUNTIES.values()),
                                            *_REGION_OWN_NAMES))
# Folded single words that name a place on their own ("linkoping", "gotland", "upplands-bro")
PLACE_WORDS = frozenset(name for name in MUNICIPALITIES | REGIONS if " " not in name)
