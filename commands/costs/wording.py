"""What the bot says about costs, in Swedish and English: one party's amount with its
derivation, rankings and comparisons, the budget, the review year, the coordinator's equal
split.

Plain data in, answer objects out: the command decides what to answer (which agreement,
which years); this module only words it. The tables live in ``tables``, and every "I cannot
answer that" in ``problems``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from commands.core.agreement import Agreement, Party, PopulationFigure
from commands.core.answers import Action, Message, Rich, Strong, rich
from commands.core.context import Lang
from commands.core.cost_models import (
    BudgetLinesModel,
    EqualSplitModel,
    PeriodicExtraModel,
    PopulationKeyModel,
)
from commands.core.text import (
    decimal,
    fold,
    fraction_words,
    kr,
    number,
    percent,
    power,
    say,
    signed_kr,
    signed_percent,
)
from commands.costs.rules import (
    HUNDRED,
    ExtraSplit,
    Part,
    YearSplit,
    budget_year,
    equal_shares,
    extra_models,
    extras_for_year,
    is_extra_year,
    is_projection,
    model_total,
    ore,
)

# --- one party ---------------------------------------------------------------------------


def party_message(
    split: YearSplit, party: Party, lang: Lang, today: dt.date,
    figures: Sequence[PopulationFigure] = (),
) -> Message:
    """"Krokom betalar 575 702 kr för CMV Jämtland 2026." with share, total and derivation."""
    part = split.part(party.key)
    if part is None:
        raise ValueError(f"{party.key} is not in {split.model.key}")
    agreement, year = split.agreement, split.year
    amount = Strong(kr(part.amount))
    text = say(lang, rich(f"{party.short_name} betalar ", amount,
                          f" för {agreement.short_name} {year}."),
               rich(f"{party.short_name} pays ", amount, f" for {agreement.short_name} in {year}."))
    details = [
        say(lang, f"Andel {percent(part.percent)} av årets totala kostnad {kr(split.total)}.",
            f"Share {percent(part.percent)} of the year's total {kr(split.total)}."),
        _part_derivation(split, part, lang),
    ]
    sources = [split.model.source]
    for extra in extras_for_year(split.agreement, year, figures):
        share = extra.amount(party.key)
        if share is not None:
            details.append(_extra_line(extra, part.percent, share, lang))
            sources.append(extra.model.source)
    return Message(
        lang=lang, text=text, details=tuple(details), source="; ".join(sources),
        note=notes(split, lang, today), actions=(split_action(split, lang),),
    )


def _part_derivation(split: YearSplit, part: Part, lang: Lang) -> str:
    rounded = _rounded(part.quota, part.amount, part.adjusted, lang)
    n = split.years_after_base
    base_year = split.model.base_year
    if split.key.published and n == 0:
        # The table's amounts are the agreement's; show how they follow from its percentages.
        exact = Fraction(split.total) * Fraction(part.percent) / 100
        rounded = _rounded(exact, part.amount, False, lang)
        return say(lang, f"Beräkning: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                         f"(tabellen för {base_year}).",
                   f"Derivation: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                   f"(the {base_year} table).")
    if split.key.published:
        share = next(s for s in split.model.shares if s.party == part.party.key)
        factor = power(1 + split.model.uplift_percent / HUNDRED, n)
        uplift = decimal(split.model.uplift_percent)
        return say(lang, f"Beräkning: {kr(share.amount)} × {factor} = {rounded} ({base_year} års "
                         f"belopp + {uplift} % per år).",
                   f"Derivation: {kr(share.amount)} × {factor} = {rounded} ({base_year} amount "
                   f"+ {uplift} % a year).")
    population = split.key.population_date.isoformat()
    return say(lang, f"Beräkning: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                     f"({number(part.population)} av {number(sum(split.key.populations))} "
                     f"invånare {population}).",
               f"Derivation: {kr(split.total)} × {percent(part.percent)} = {rounded} "
               f"({number(part.population)} of {number(sum(split.key.populations))} "
               f"inhabitants on {population}).")


def _rounded(quota: Fraction, amount: Decimal, adjusted: bool, lang: Lang) -> str:
    exact = ore(quota)
    if exact == amount:
        return kr(amount)
    if adjusted:
        return say(lang, f"{kr(exact)}, avrundat till {kr(amount)} så att delarna blir årets total",
                   f"{kr(exact)}, rounded to {kr(amount)} so the parts add up to the year's total")
    return say(lang, f"{kr(exact)} ≈ {kr(amount)}", f"{kr(exact)} ≈ {kr(amount)}")


def topic(title: str) -> str:
    """ "Kostnad för kvalitetsgranskning" -> "Kvalitetsgranskning", for short headers and lines."""
    short = re.sub(r"^kostnad(en)? för\s+", "", title, flags=re.IGNORECASE)
    return short[:1].upper() + short[1:]


def _extra_line(extra: ExtraSplit, share_percent: Decimal, amount: Decimal, lang: Lang) -> str:
    title = topic(extra.model.title)
    return say(lang, f"{title} {extra.year}: högst {kr(amount)} ({percent(share_percent)} av "
                     f"högst {kr(extra.model.max_amount)}), utöver budgeten.",
               f"{title} (extra cost) {extra.year}: at most {kr(amount)} "
               f"({percent(share_percent)} of at most {kr(extra.model.max_amount)}), on top of "
               f"the budget.")


def notes(split: YearSplit, lang: Lang, today: dt.date) -> str:
    return " ".join(n for n in (key_note(split, lang), projection_note(split.year, split.model,
                                                                          lang, today)) if n)


def key_note(split: YearSplit, lang: Lang) -> str:
    """Which population date the key rests on — the thing a chair will be asked about."""
    date = split.key.population_date.isoformat()
    wanted = dt.date(split.year - 1, 11, 1).isoformat()
    if not split.key.published:
        loaded = say(lang, f"Nyckeln bygger på inlästa befolkningssiffror per {date}.",
                     f"The key rests on loaded population figures for {date}.")
        if date == wanted:
            return loaded
        return say(lang, f"Senaste nyckeln används: inlästa befolkningssiffror per {date}; "
                         f"siffror per {wanted} är inte inlästa.",
                   f"Uses the latest key: loaded population figures for {date}; figures for "
                   f"{wanted} are not loaded.")
    table = say(lang, f"befolkningen {date} enligt avtalets tabell (texten säger 1 november "
                      f"föregående år)",
                f"the population on {date} per the agreement's table (its text says "
                f"1 November the year before)")
    if split.year == split.model.base_year:
        return say(lang, f"Nyckeln bygger på {table}.", f"The key rests on {table}.")
    missing = say(lang, f"siffror per {wanted} är inte inlästa",
                  f"figures for {wanted} are not loaded")
    if split.incomplete_date is not None:
        missing = say(lang, f"siffrorna per {split.incomplete_date.isoformat()} saknar någon part",
                      f"the figures for {split.incomplete_date.isoformat()} lack a party")
    return say(lang, f"Senaste nyckeln används: {table}; {missing}.",
               f"Uses the latest key: {table}; {missing}.")


def projection_note(year: int, model: PopulationKeyModel | BudgetLinesModel, lang: Lang,
                     today: dt.date) -> str:
    if not is_projection(year, today):
        return ""
    uplift = decimal(model.uplift_percent)
    return say(lang, f"{year} är en prognos enligt dagens regler ({uplift} % per år); avtalet kan "
                     f"ändras eller sägas upp innan dess.",
               f"{year} is a projection under the current rules ({uplift} % a year); the "
               f"agreement may change or end before then.")


def split_action(split: YearSplit, lang: Lang) -> Action:
    return Action(label=say(lang, f"Hela fördelningen {split.year}", f"Whole split {split.year}"),
                  action_id="costs.split", value=f"{split.agreement.id}:{split.year}")


# --- comparisons -------------------------------------------------------------------------


def ranking(split: YearSplit, most: bool, lang: Lang, today: dt.date) -> Message:
    """Who pays the most (or least) in a year, the next two, and the other end."""
    ordered = sorted(split.parts, key=lambda p: (-p.amount if most else p.amount, p.party.key))
    top, following, other_end = ordered[0], ordered[1:3], ordered[-1]
    name, year = split.agreement.short_name, split.year
    amount = Strong(kr(top.amount))
    text = say(lang, rich(f"{top.party.short_name} betalar {'mest' if most else 'minst'} för "
                          f"{name} {year}: ", amount, f" ({percent(top.percent)})."),
               rich(f"{top.party.short_name} pays the {'most' if most else 'least'} for {name} "
                    f"in {year}: ", amount, f" ({percent(top.percent)})."))
    listed = say(lang, " och ", " and ").join(
        f"{p.party.short_name} {kr(p.amount)}" for p in following)
    details = [
        say(lang, f"Därefter {listed}.", f"Next: {listed}."),
        say(lang, f"{'Minst' if most else 'Mest'}: {other_end.party.short_name} "
                  f"{kr(other_end.amount)} ({percent(other_end.percent)}).",
            f"The {'least' if most else 'most'}: {other_end.party.short_name} "
            f"{kr(other_end.amount)} ({percent(other_end.percent)})."),
        say(lang, "Andelen följer befolkningen, så den största kommunen betalar mest.",
            "Shares follow population, so the largest municipality pays the most."),
    ]
    return Message(lang=lang, text=text, details=tuple(details), source=split.model.source,
                   note=notes(split, lang, today), actions=(split_action(split, lang),))


def party_difference(
    party: Party, first: int, earlier: Part, later_split: YearSplit, lang: Lang, today: dt.date,
) -> Message:
    """One party's amount in two years and the change ("skillnad Krokom 2025 och 2026")."""
    later = later_split.part(party.key)
    if later is None:
        raise ValueError(f"{party.key} is not in {later_split.model.key}")
    last = later_split.year
    change = later.amount - earlier.amount
    text = _change_text(party.short_name, change, f"{last}", f"{first}", lang)
    relative = Decimal(0) if earlier.amount == 0 else (change / earlier.amount * HUNDRED)
    details = (
        say(lang, f"{first}: {kr(earlier.amount)} ({percent(earlier.percent)}).",
            f"{first}: {kr(earlier.amount)} ({percent(earlier.percent)})."),
        say(lang, f"{last}: {kr(later.amount)} ({percent(later.percent)}).",
            f"{last}: {kr(later.amount)} ({percent(later.percent)})."),
        say(lang, f"Förändring {signed_kr(change)} ({signed_percent(relative)}).",
            f"Change {signed_kr(change)} ({signed_percent(relative)})."),
    )
    return Message(lang=lang, text=text, details=details, source=later_split.model.source,
                   note=notes(later_split, lang, today))


def two_parties(split: YearSplit, a: Part, b: Part, lang: Lang, today: dt.date) -> Message:
    """How much more one party pays than another in the same year."""
    change = a.amount - b.amount
    year = split.year
    gap = Strong(kr(abs(change)))
    text = say(lang, rich(f"{a.party.short_name} betalar ", gap,
                          f" {'mer' if change >= 0 else 'mindre'} än {b.party.short_name} {year}."),
               rich(f"{a.party.short_name} pays ", gap,
                    f" {'more' if change >= 0 else 'less'} than {b.party.short_name} in {year}."))
    details = tuple(f"{p.party.short_name}: {kr(p.amount)} ({percent(p.percent)})" for p in (a, b))
    return Message(lang=lang, text=text, details=details, source=split.model.source,
                   note=notes(split, lang, today))


def _change_text(name: str, change: Decimal, later: str, earlier: str, lang: Lang) -> Rich:
    if change == 0:
        return say(lang, rich(f"{name} betalar ", Strong("lika mycket"),
                              f" {later} som {earlier}."),
                   rich(f"{name} pays ", Strong("the same"), f" in {later} as in {earlier}."))
    more, gap = change > 0, Strong(kr(abs(change)))
    return say(lang, rich(f"{name} betalar ", gap, f" {'mer' if more else 'mindre'} {later} än "
                          f"{earlier}."),
               rich(f"{name} pays ", gap, f" {'more' if more else 'less'} in {later} than in "
                    f"{earlier}."))


# --- the budget --------------------------------------------------------------------------


def budget_message(
    agreement: Agreement, model: BudgetLinesModel | PopulationKeyModel, year: int,
    *, by_line: bool, by_party: bool, lang: Lang, today: dt.date,
) -> Message:
    """"CMV Jämtland kostar 4 887 110 kr 2026." with the derivation, the overhead and the
    review ceiling; buttons for the cost lines and the split when the agreement has them."""
    exact, total = model_total(model, year)
    base = model.total if isinstance(model, BudgetLinesModel) else model.base_total
    n = year - model.base_year
    text = say(lang, rich(f"{agreement.short_name} kostar ", Strong(kr(total)), f" {year}."),
               rich(f"{agreement.short_name} costs ", Strong(kr(total)), f" in {year}."))
    details = [total_derivation(base, model.uplift_percent, n, exact, total, lang)]
    if isinstance(model, BudgetLinesModel):
        overhead = budget_year(model, year).overhead
        details.append(say(lang, f"Varav OH-kostnader ({decimal(model.overhead_percent)} %): "
                                 f"{kr(overhead)}.",
                           f"Of which overhead ({decimal(model.overhead_percent)} %): "
                           f"{kr(overhead)}."))
    sources = [model.source]
    for extra in extra_models(agreement):
        if is_extra_year(extra, year):
            title = topic(extra.title)
            details.append(say(lang, f"Därtill {title.lower()} {year}: högst "
                                     f"{kr(extra.max_amount)}, fördelas med samma nyckel.",
                               f"In addition, {title} (extra cost) in {year}: at most "
                               f"{kr(extra.max_amount)}, split by the same key."))
            sources.append(extra.source)
    actions = [Action(say(lang, "Per kostnadspost", "By cost line"), "costs.budget",
                      f"{agreement.id}:{year}")] if by_line else []
    if by_party:
        actions.append(Action(say(lang, "Fördelning per kommun", "Split by party"), "costs.split",
                              f"{agreement.id}:{year}"))
    return Message(lang=lang, text=text, details=tuple(details), source="; ".join(sources),
                   note=projection_note(year, model, lang, today) or None,
                   actions=tuple(actions))


def total_derivation(base: Decimal, uplift_percent: Decimal, n: int, exact: Fraction,
                     total: Decimal, lang: Lang) -> str:
    if n == 0:
        return say(lang, f"Årets total: {kr(total)} enligt avtalet.",
                   f"The year's total: {kr(total)} as agreed.")
    rounded = kr(total) if ore(exact) == total else f"{kr(ore(exact))} ≈ {kr(total)}"
    factor = power(1 + uplift_percent / HUNDRED, n)
    return say(lang, f"Årets total: {kr(base)} × {factor} = {rounded}.",
               f"The year's total: {kr(base)} × {factor} = {rounded}.")


# --- the review year ---------------------------------------------------------------------


def not_an_extra_year(
    agreement: Agreement, model: PeriodicExtraModel, year: int, due: int, lang: Lang,
) -> Message:
    """"2027 är inget år för kvalitetsgranskning i CMV Jämtland; nästa är 2029." """
    return Message(lang=lang, text=say(
        lang, rich(f"{year} är inget år för {topic(model.title).lower()} i "
                   f"{agreement.short_name}; nästa är ", Strong(str(due)), "."),
        rich(f"{year} is not a year for {topic(model.title)} in {agreement.short_name}; the "
             f"next is ", Strong(str(due)), ".")),
        details=(say(lang, f"Vart {model.every_years}:e år från {model.first_year}, högst "
                           f"{kr(model.max_amount)}.",
                     f"Every {model.every_years} years from {model.first_year}, at most "
                     f"{kr(model.max_amount)}."),),
        source=model.source)


# --- equal split -------------------------------------------------------------------------


def _is_coordinator(subject: str | None) -> bool:
    return subject is None or fold(subject).split()[-1].startswith(("samordnar", "coordinator"))


def _cost_of(amount: Decimal, subject: str | None, lang: Lang) -> str:
    """ "samordnarens 120 000 kr", or the asker's own cost: "120 000 kr för lokalerna"."""
    if _is_coordinator(subject):
        return say(lang, f"samordnarens {kr(amount)}", f"the coordinator's {kr(amount)}")
    return say(lang, f"{kr(amount)} för {subject}", f"{kr(amount)} for {subject}")


def _reading_note(model: EqualSplitModel, subject: str | None, count_given: bool,
                  lang: Lang) -> str | None:
    """The participants chosen and, for a cost other than the coordinator's, that it is
    shared by the coordinator's rule: both readings of the bot's, shown with the answer."""
    notes = [n for n in (_participants_note(model, count_given, lang),) if n]
    if not _is_coordinator(subject):
        notes.append(say(lang, f"Avtalet delar samordnarens kostnad lika ({model.source}); här "
                               f"räknas {subject} på samma sätt.",
                         f"The agreement shares the coordinator's cost equally ({model.source});"
                         f" the same rule is used here for {subject}."))
    return " ".join(notes) or None


def operation_message(
    operation: str, agreement: Agreement, model: EqualSplitModel, count: int,
    amount: Decimal | None, *, count_given: bool, lang: Lang, subject: str | None = None,
) -> Message:
    """What one base operation pays of the coordinator's cost (003 §14.1, 002) — or of the
    cost the asker named."""
    where = say(lang, f"i {agreement.short_name}", f"in {agreement.short_name}")
    if amount is None:
        part = Strong(fraction_words(count, lang))
        text = say(lang, rich(f"{operation} betalar ", part, f" av samordnarens kostnad {where}."),
                   rich(f"{operation} pays ", part, f" of the coordinator's cost {where}."))
        details = [say(lang, "Ange kostnaden för beloppet, t.ex. \"samordnaren kostar 180 000 kr "
                             "– vad betalar barnhälsovården?\"",
                       "Give the cost for an amount, e.g. \"the coordinator costs 180 000 kr – "
                       "what does child health care pay?\"")]
    else:
        shares = equal_shares(amount, count)
        share = Strong(_share_text(shares))
        cost = _cost_of(amount, subject, lang)
        text = say(lang, rich(f"{operation} betalar ", share, f" av {cost} {where}."),
                   rich(f"{operation} pays ", share, f" of {cost} {where}."))
        details = [_equal_derivation(amount, count, shares, lang)]
    details += _alternatives(model, amount, count_given, lang)
    return Message(lang=lang, text=text, details=tuple(details), source=model.source,
                   note=_reading_note(model, subject, count_given, lang))


def equal_split_message(
    agreement: Agreement, model: EqualSplitModel, count: int, amount: Decimal | None,
    *, count_given: bool, lang: Lang, subject: str | None = None,
) -> Message:
    """How the coordinator's cost (or the cost the asker named) is shared, with the base
    operations named."""
    names = _operation_names(model, count, lang)
    if amount is None:
        part = Strong(fraction_words(count, lang))
        text = say(lang, rich(f"Samordnarens kostnad i {agreement.short_name} delas lika: ", part,
                              " var."),
                   rich(f"The coordinator's cost in {agreement.short_name} is shared equally: ",
                        part, " each."))
        details = [names]
    else:
        shares = equal_shares(amount, count)
        share = Strong(_share_text(shares))
        cost = _cost_of(amount, subject, lang)
        text = say(lang, rich(f"{cost[:1].upper()}{cost[1:]} i {agreement.short_name} delas "
                              "lika: ", share, " var."),
                   rich(f"{cost[:1].upper()}{cost[1:]} in {agreement.short_name} is shared "
                        "equally: ", share, " each."))
        details = [_equal_derivation(amount, count, shares, lang), names]
    details += _alternatives(model, amount, count_given, lang)
    return Message(lang=lang, text=text, details=tuple(details), source=model.source,
                   note=_reading_note(model, subject, count_given, lang))


def _operation_names(model: EqualSplitModel, count: int, lang: Lang) -> str:
    listed = say(lang, "Basverksamheter: ", "Base operations: ") + ", ".join(
        o.name for o in model.operations) + "."
    required = [o.name for o in model.operations if o.required]
    if count < len(model.operations) and required:
        listed += say(lang, f" Alltid med: {', '.join(required)}.",
                      f" Always included: {', '.join(required)}.")
    return listed


def _equal_derivation(amount: Decimal, count: int, shares: Sequence[Decimal], lang: Lang) -> str:
    even = len(set(shares)) == 1
    tail = "" if even else say(lang, " (avrundat så att delarna blir hela beloppet)",
                               " (rounded so the parts add up to the whole)")
    return say(lang, f"Beräkning: {kr(amount)} / {count} = {_share_text(shares)}{tail}.",
               f"Derivation: {kr(amount)} / {count} = {_share_text(shares)}{tail}.")


def _share_text(shares: Sequence[Decimal]) -> str:
    low, high = min(shares), max(shares)
    return kr(low) if low == high else f"{kr(low)}–{kr(high)}"


def _alternatives(
    model: EqualSplitModel, amount: Decimal | None, count_given: bool, lang: Lang,
) -> list[str]:
    """When fewer operations may share (003: at least three), say what that would cost."""
    if count_given or model.min_participants >= model.default_participants:
        return []
    lines = []
    for count in range(model.min_participants, model.default_participants):
        share = (kr(max(equal_shares(amount, count))) if amount is not None
                 else fraction_words(count, lang))
        lines.append(say(lang, f"Om {count} basverksamheter delar: {share} var.",
                         f"If {count} operations share it: {share} each."))
    return lines


def _participants_note(model: EqualSplitModel, count_given: bool, lang: Lang) -> str | None:
    if count_given or model.min_participants == len(model.operations):
        return None  # the count was given, or there is no choice to explain
    return say(lang,
               f"Räknat med {model.default_participants} basverksamheter som delar "
               f"(minst {model.min_participants}).",
               f"Computed with {model.default_participants} operations sharing "
               f"(at least {model.min_participants}).")


