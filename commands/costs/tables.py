"""The cost answers that are tables: a year's whole split, one party over several years,
every party in two years, and the budget by cost line — each with a sum row, its source and
the raw values for the CSV export.

Split from ``wording`` to keep each module readable; it words tables with the same notes
and derivations (which it takes from ``wording``), and computes nothing the rules do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from commands.core.agreement import Agreement, Party, PopulationFigure
from commands.core.answers import Column, Table
from commands.core.context import Lang
from commands.core.cost_models import PopulationKeyModel
from commands.core.text import decimal, decimal_comma, kr, number, percent, say, shorten, signed_kr
from commands.costs.rules import BudgetYear, YearSplit, extras_for_year, is_projection, split_year
from commands.costs.wording import (
    key_note,
    notes,
    projection_note,
    topic,
    total_derivation,
)


def split_table(
    split: YearSplit, lang: Lang, today: dt.date, figures: Sequence[PopulationFigure] = (),
) -> Table:
    """The whole split for a year, with a sum row (and the review ceiling in review years)."""
    extras = extras_for_year(split.agreement, split.year, figures)
    columns = [Column(say(lang, "Kommun", "Party")), Column(say(lang, "Befolkning", "Population"),
               "right"), Column(say(lang, "Andel", "Share"), "right"),
               Column(say(lang, "Belopp", "Amount"), "right")]
    columns += [Column(say(lang, f"{topic(e.model.title)} (högst)",
                           f"{topic(e.model.title)} (max)"), "right") for e in extras]
    rows, csv_rows = [], []
    for part in split.parts:
        extra_amounts = [e.amount(part.party.key) or Decimal(0) for e in extras]
        rows.append((part.party.short_name, number(part.population), percent(part.percent),
                     kr(part.amount), *(kr(a) for a in extra_amounts)))
        csv_rows.append((part.party.short_name, str(part.population), decimal_comma(part.percent),
                         str(part.amount), *(str(a) for a in extra_amounts)))
    population, share = sum(split.key.populations), sum(split.key.percents, Decimal(0))
    extra_totals = [sum((a for _, a in e.amounts), Decimal(0)) for e in extras]
    total = (say(lang, "Summa", "Total"), number(population), percent(share), kr(split.total),
             *(kr(a) for a in extra_totals))
    csv_total = (total[0], str(population), decimal_comma(share), str(split.total),
                 *(str(a) for a in extra_totals))
    sources = [split.model.source, *(e.model.source for e in extras)]
    return Table(
        lang=lang,
        title=say(lang, f"Fördelning {split.agreement.short_name} {split.year}",
                  f"Cost split {split.agreement.short_name} {split.year}"),
        columns=tuple(columns), rows=tuple(rows), total=total,
        details=(total_derivation(split.model.base_total, split.model.uplift_percent,
                                   split.years_after_base, split.exact_total, split.total, lang),),
        source="; ".join(sources), note=notes(split, lang, today),
        csv_name=f"{split.agreement.id}-fordelning-{split.year}.csv",
        csv_rows=(*csv_rows, csv_total),
    )


def party_years_table(
    agreement: Agreement, model: PopulationKeyModel, party: Party, years: Sequence[int],
    lang: Lang, today: dt.date, figures: Sequence[PopulationFigure] = (),
) -> Table:
    """One party over several years ("Krokom 2025–2030"), with a sum row."""
    splits = [split_year(agreement, model, year, figures) for year in years]
    extras = [extras_for_year(agreement, year, figures) for year in years]
    with_extra = any(extras)
    columns = [Column(say(lang, "År", "Year")), Column(say(lang, "Andel", "Share"), "right"),
               Column(say(lang, "Belopp", "Amount"), "right")]
    if with_extra:
        title = topic(next(e for x in extras for e in x).model.title)
        columns.append(Column(say(lang, f"{title} (högst)", f"{title} (max)"), "right"))
    columns.append(Column(say(lang, "Not", "Note")))
    rows, csv_rows, extra_sum, amount_sum = [], [], Decimal(0), Decimal(0)
    for split, year_extras in zip(splits, extras, strict=True):
        part = split.part(party.key)
        if part is None:
            raise ValueError(f"{party.key} is not in {model.key}")
        amount_sum += part.amount
        extra = sum((e.amount(party.key) or Decimal(0) for e in year_extras), Decimal(0))
        extra_sum += extra
        flag = _row_flag(split, lang, today)
        extra_cells = ((kr(extra) if year_extras else "–"),) if with_extra else ()
        rows.append((str(split.year), percent(part.percent), kr(part.amount), *extra_cells, flag))
        csv_rows.append((str(split.year), decimal_comma(part.percent), str(part.amount),
                         *((str(extra),) if with_extra else ()), flag))
    total = (say(lang, "Summa", "Total"), "", kr(amount_sum),
             *((kr(extra_sum),) if with_extra else ()), "")
    csv_total = (total[0], "", str(amount_sum), *((str(extra_sum),) if with_extra else ()), "")
    first, last = years[0], years[-1]
    uplift = decimal(model.uplift_percent)
    return Table(
        lang=lang,
        title=f"{party.short_name}, {agreement.short_name} {first}–{last}",
        columns=tuple(columns), rows=tuple(rows), total=total,
        details=(say(lang, f"Regel: {model.base_year} års belopp + {uplift} % per år; delarna "
                           f"summerar varje år till årets total.",
                     f"Rule: the {model.base_year} amount + {uplift} % a year; each year's parts "
                     f"add up to that year's total."),),
        source="; ".join(dict.fromkeys([model.source, *(e.model.source for x in extras
                                                          for e in x)])),
        note=key_note(splits[-1], lang) + _legend(rows, lang),
        csv_name=f"{agreement.id}-{party.key}-{first}-{last}.csv",
        csv_rows=(*csv_rows, csv_total),
    )


def _row_flag(split: YearSplit, lang: Lang, today: dt.date) -> str:
    flags = []
    if is_projection(split.year, today):
        flags.append(say(lang, "prognos", "projection"))
    if not split.key.published:
        flags.append(say(lang, f"befolkning {split.key.population_date.isoformat()}",
                         f"population {split.key.population_date.isoformat()}"))
    return ", ".join(flags)


def _legend(rows: Sequence[tuple[str, ...]], lang: Lang) -> str:
    if not any(say(lang, "prognos", "projection") in row[-1] for row in rows):
        return ""
    return say(lang, " Prognos: räknat med dagens regler; avtalet kan ändras eller sägas upp.",
               " Projection: computed under the current rules; the agreement may change or end.")


def difference_table(
    agreement: Agreement, model: PopulationKeyModel, years: Sequence[int],
    figures: Sequence[PopulationFigure], lang: Lang, today: dt.date,
) -> Table:
    """Every party in two years and the change ("skillnad 2025 och 2026")."""
    first, last = years[0], years[-1]
    a, b = split_year(agreement, model, first, figures), split_year(agreement, model, last, figures)
    columns = (Column(say(lang, "Kommun", "Party")), Column(str(first), "right"),
               Column(str(last), "right"), Column(say(lang, "Skillnad", "Change"), "right"))
    rows, csv_rows = [], []
    for old, new in zip(a.parts, b.parts, strict=True):
        change = new.amount - old.amount
        rows.append((old.party.short_name, kr(old.amount), kr(new.amount), signed_kr(change)))
        csv_rows.append((old.party.short_name, str(old.amount), str(new.amount), str(change)))
    total = (say(lang, "Summa", "Total"), kr(a.total), kr(b.total), signed_kr(b.total - a.total))
    return Table(
        lang=lang, title=say(lang, f"{agreement.short_name}: {first} och {last}",
                             f"{agreement.short_name}: {first} and {last}"),
        columns=columns, rows=tuple(rows), total=total, source=model.source,
        note=notes(b, lang, today),
        csv_name=f"{agreement.id}-skillnad-{first}-{last}.csv",
        csv_rows=(*csv_rows,
                  (total[0], str(a.total), str(b.total), str(b.total - a.total))),
    )



def budget_table(budget: BudgetYear, agreement: Agreement, lang: Lang, today: dt.date) -> Table:
    """The budget by cost line (001 Figur 1), uplifted to ``budget.year``."""
    model, year = budget.model, budget.year
    later = year != model.base_year
    columns = [Column(say(lang, "Kostnadspost", "Cost line")),
               Column(str(model.base_year), "right")]
    if later:
        columns.append(Column(str(year), "right"))
    overhead_title = say(lang, f"OH-kostnader ({decimal(model.overhead_percent)} %)",
                         f"Overhead ({decimal(model.overhead_percent)} %)")
    entries = [*budget.lines, (overhead_title, model.overhead_amount, budget.overhead)]
    rows, csv_rows = [], []
    for title, base_amount, amount in entries:
        cells = (kr(base_amount), *((kr(amount),) if later else ()))
        rows.append((shorten(title, 60), *cells))
        csv_rows.append((title, str(base_amount), *((str(amount),) if later else ())))
    label = say(lang, "Totalt inkl. OH", "Total incl. overhead")
    total = (label, kr(model.total), *((kr(budget.total),) if later else ()))
    before_overhead = sum((line.amount for line in model.lines), Decimal(0))
    details = [say(lang, f"Summa före OH {model.base_year}: {kr(before_overhead)}.",
                   f"Sum before overhead {model.base_year}: {kr(before_overhead)}.")]
    if later:
        details.append(total_derivation(model.total, model.uplift_percent,
                                         year - model.base_year, budget.exact_total,
                                         budget.total, lang))
        details.append(say(lang,
                           "Varje post räknas upp lika; avrundat så att posterna blir totalen.",
                           "Every line is uplifted alike, rounded so the lines add up to the "
                           "total."))
    return Table(
        lang=lang,
        title=say(lang, f"Budget {agreement.short_name} {year} per kostnadspost",
                  f"Budget {agreement.short_name} {year} by cost line"),
        columns=tuple(columns), rows=tuple(rows), total=total, details=tuple(details),
        source=model.source, note=projection_note(year, model, lang, today) or None,
        csv_name=f"{agreement.id}-budget-{year}.csv",
        csv_rows=(*csv_rows,
                  (label, str(model.total), *((str(budget.total),) if later else ()))),
    )
