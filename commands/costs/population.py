"""What newly loaded population figures change: which agreement's key, for which year.

An administrator who loads SCB's 1 November figures wants to know at once whether the
next year's split now rests on them (001 §11.3: "befolkningsmängd 1 november föregående
år") or why not — a party missing from the file, or a date that is not 1 November.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commands.core.agreement import Agreement, PopulationFigure
from commands.core.context import Lang
from commands.core.text import say
from commands.costs.rules import key_for_year, population_model


def import_report(
    agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
    imported: Sequence[PopulationFigure], lang: Lang = "sv",
) -> tuple[str, ...]:
    """One line per imported date and agreement with a population key.

    ``figures`` is everything stored after the import; ``imported`` what the file held.
    """
    lines: list[str] = []
    for date in sorted({f.date for f in imported}):
        count = sum(1 for f in imported if f.date == date)
        lines.append(say(lang, f"{count} befolkningssiffror per {date.isoformat()}.",
                         f"{count} population figures for {date.isoformat()}."))
        lines += [line for agreement in agreements
                  if (line := _effect(agreement, figures, date, lang))]
    return tuple(lines)


def _effect(agreement: Agreement, figures: Sequence[PopulationFigure], date: dt.date,
            lang: Lang) -> str | None:
    model = population_model(agreement)
    if model is None:
        return None
    name = agreement.short_name
    if (date.month, date.day) != (11, 1):
        return say(lang, f"  {name}: används inte, nyckeln bygger på 1 november ({model.source}).",
                   f"  {name}: not used, the key rests on 1 November ({model.source}).")
    if date <= model.population_date:
        return say(lang, f"  {name}: används inte, avtalets tabell bygger redan på "
                         f"{model.population_date.isoformat()}.",
                   f"  {name}: not used, the agreement's table already rests on "
                   f"{model.population_date.isoformat()}.")
    year = date.year + 1
    key, _ = key_for_year(agreement, model, year, figures)
    if key.population_date == date:
        return say(lang, f"  {name} {year}: nyckeln bygger nu på befolkningen {date.isoformat()}.",
                   f"  {name} {year}: the key now rests on the population on {date.isoformat()}.")
    codes = {f.municipality_code for f in figures if f.date == date}
    missing = [agreement.party(s.party).short_name for s in model.shares
               if agreement.party(s.party).municipality_code not in codes]
    return say(lang, f"  {name} {year}: används inte än, siffror saknas för {', '.join(missing)}.",
               f"  {name} {year}: not used yet, figures missing for {', '.join(missing)}.")
