"""SCB's register as package data: every municipality and county, found by code and by name."""

from __future__ import annotations

from commands.reading.places import (
    COUNTIES,
    MUNICIPALITIES,
    MUNICIPALITIES_BY_CODE,
    PLACE_WORDS,
    REGIONS,
    municipality,
)


def test_the_register_holds_290_municipalities_in_21_counties() -> None:
    assert len(MUNICIPALITIES_BY_CODE) == 290 and len(COUNTIES) == 21
    per_county = {c: 0 for c in COUNTIES}
    for m in MUNICIPALITIES_BY_CODE.values():
        per_county[m.county.code] += 1
    assert per_county["01"] == 26 and per_county["14"] == 49 and per_county["09"] == 1


def test_municipality_by_code() -> None:
    krokom = municipality("2309")
    assert krokom is not None and krokom.name == "Krokom"
    assert krokom.county.name == "Jämtlands län"
    assert municipality("0114") is not None  # a leading zero is part of the code
    assert municipality("2399") is None and municipality("114") is None


def test_place_words_are_single_folded_names_of_municipalities_and_regions() -> None:
    assert len(MUNICIPALITIES) == 289  # Håbo and Habo fold to one word
    assert {"linkoping", "gotland", "upplands-bro", "sormland"} <= PLACE_WORDS
    assert "upplands vasby" in MUNICIPALITIES and "upplands vasby" not in PLACE_WORDS
    assert {"vastra gotaland", "jamtland harjedalen"} <= REGIONS
