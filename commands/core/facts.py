"""The checked building blocks of agreement facts: field types with their limits, the base
class every fact derives from, and the located, Swedish "problem" a rule raises.

Kept apart from agreement.py so that the models there read as the schema of an agreement
and the checks read as one list of what a careful controller refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

# The years an agreement's facts can plausibly fall in. The municipalities of today exist
# since 1971 (Knivsta 2003, the last change 2007); an agreement running past 2100 is a typo
# ("2205" for "2025") rather than a plan.
FIRST_YEAR, LAST_YEAR = 1971, 2100

# Lengths are the database columns' (storage/models.py): a longer text is refused here with
# its field and line, not by PostgreSQL with a dump of every parameter (SQLite would store
# it silently). tests/storage/test_agreement_files.py keeps the two in step.
Source = Annotated[str, Field(min_length=1, max_length=200,
                              description='Var i källdokumentet uppgiften står, t.ex. "001 §11.3"')]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64,
                           description="Kort nyckel: små bokstäver, siffror, - och _")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
ShortName = Annotated[str, Field(min_length=1, max_length=120)]
Money = Annotated[Decimal, Field(ge=0)]  # kronor; a negative share or budget is a typo
Percent = Annotated[Decimal, Field(ge=0, le=100)]
LeadDays = tuple[Annotated[int, Field(ge=0, le=366)], ...]  # days before; 0 = on the day


def problem(at: str, message: str) -> PydanticCustomError:
    """A rule broken inside a model, located by ``at`` ("parties.3.municipality_code")
    relative to the model, so that a file reader can name the field and its line."""
    return PydanticCustomError("agreement_rule", message, {"at": at})


def _plausible_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError(
            "implausible_year", f"året {year} är inte rimligt: skriv ett år mellan "
            f"{FIRST_YEAR} och {LAST_YEAR}")
    return year


def _plausible_date(date: dt.date) -> dt.date:
    _plausible_year(date.year)
    return date


Year = Annotated[int, AfterValidator(_plausible_year)]
Date = Annotated[dt.date, AfterValidator(_plausible_date)]

# C0 and C1 control characters other than tab and line breaks: invisible in an editor,
# NUL is refused by PostgreSQL, and none belongs in a fact someone reads.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


class Fact(BaseModel):
    """Base for every fact: immutable, strict about unknown fields (typos in YAML are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for text in _strings(value):
            found = _CONTROL.search(text)
            if found is not None:
                raise PydanticCustomError(
                    "control_character",
                    f"texten innehåller ett osynligt styrtecken (U+{ord(found.group()):04X}) "
                    f"efter \"{text[:found.start()][-30:]}\": ta bort det")
        return value


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")


def swedish_number(number: Decimal) -> str:
    """4744767 -> "4 744 767", 99.5 -> "99,5": figures in messages as the reader writes them."""
    whole, _, fraction = f"{number:f}".partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = f"{int(digits):,}".replace(",", "\u00a0")
    return sign + grouped + (f",{fraction}" if fraction else "")


def refuse_repeated_keys(label: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise problem(f"{label}.{i}.key", f"nyckeln '{key}' finns redan i {label}: "
                          "varje nyckel får bara användas en gång")
        seen.add(key)


def unknown_key(what: str, key: str, known: set[str]) -> str:
    listed = ", ".join(sorted(known)) or "inga"
    return f"{what} '{key}' finns inte i avtalet (kända: {listed})"


# Descriptions in the JSON Schema (`avtalsbot schema`), which editors show while one types an
# agreement file: Swedish, for the administrator. The recurring ones are written once here.
KEY_HELP = "Kort nyckel: små bokstäver, siffror, - och _ (t.ex. krokom); andra fält pekar på den"
SOURCE_HELP = 'Var i källdokumentet uppgiften står, t.ex. "001 §11.3"; visas i svaren'
NOTE_HELP = "Förklaring eller vald tolkning där källan är otydlig; visas bredvid svaret"
ALIASES_HELP = "Andra sätt användare skriver namnet på (utan å/ä/ö, genitiv, förkortningar)"
TITLE_HELP = "Rubrik som visas i svaren"
KIND_HELP = "Vilken sorts regel detta är; bestämmer vilka fält som gäller"
