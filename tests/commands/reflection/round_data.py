"""Shared test data for the reflection domain: the bundled instrument (source 002), a round
and a tally built from counts — no database."""

from __future__ import annotations

import datetime as dt

from commands.core.agreement import Instrument
from commands.reflection.model import Round, Tally
from commands.reflection.rules import items
from storage import files

TODAY = dt.date(2026, 11, 25)
INSTRUMENT: Instrument = next(
    a.instrument for a in map(files.read_agreement, files.bundled_paths()) if a.instrument
)
KEYS = [i.statement.key for i in items(INSTRUMENT)]


def a_round(**changes: object) -> Round:
    fields: dict[str, object] = dict(
        id=7, agreement_id="jonkoping-familjecentraler", instrument_key=INSTRUMENT.key,
        centre="FC Råslätt", channel="C1", results_channel="C2", year=2026, status="open",
        min_respondents=3, opened_by="UCOORD", closes_on=dt.date(2026, 12, 15))
    fields.update(changes)
    return Round(**fields)  # type: ignore[arg-type]


def tally(respondents: int, develop: dict[str, int] | None = None,
          comments: dict[str, tuple[str, ...]] | None = None) -> Tally:
    develop = develop or {}
    return Tally(respondents=respondents,
                 counts={k: (respondents - develop.get(k, 0), develop.get(k, 0)) for k in KEYS},
                 comments=comments or {})
