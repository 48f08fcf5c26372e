"""What the bot says when a cost question names several parties or the review: who of those
named pays the most, what some parties pay together, one party's part of the quality review,
and the years the review falls due — in Swedish and English.

Kept apart from ``wording`` (one party, the budget, the equal split) so that each stays short;
the figures come from ``rules`` (the year's split and the extra-cost model of 001 §11.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from commands.core.agreement import Agreement
from commands.core.answers import Message, Strong, rich
from commands.core.context import Lang
from commands.core.cost_models import PeriodicExtraModel
from commands.core.text import kr, percent, say
from commands.costs.rules import HUNDRED, Part, YearSplit, apportion, round_half_up
from commands.costs.wording import notes, split_action, topic


def _names(parts: Sequence[Part], lang: Lang) -> str:
    names = [p.party.short_name for p in parts]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])}{say(lang, ' och ', ' and ')}{names[-1]}"


def among(split: YearSplit, parts: Sequence[Part], most: bool, lang: Lang,
          today: dt.date) -> Message:
    """ "Ragunda eller Bräcke, vem betalar mest?": the answer among the parties named only."""
    ordered = sorted(parts, key=lambda p: (-p.amount if most else p.amount, p.party.key))
    top, year, name = ordered[0], split.year, split.agreement.short_name
    word = say(lang, "mest" if most else "minst", "the most" if most else "the least")
    text = say(lang, rich(f"Av {_names(parts, lang)} betalar {top.party.short_name} {word} för "
                          f"{name} {year}: ", Strong(kr(top.amount)),
                          f" ({percent(top.percent)})."),
               rich(f"Of {_names(parts, lang)}, {top.party.short_name} pays {word} for {name} "
                    f"in {year}: ", Strong(kr(top.amount)), f" ({percent(top.percent)})."))
    details = [f"{p.party.short_name}: {kr(p.amount)} ({percent(p.percent)})" for p in ordered]
    if len(ordered) == 2:
        gap = abs(ordered[0].amount - ordered[1].amount)
        details.append(say(lang, f"Skillnad: {kr(gap)}.", f"Difference: {kr(gap)}."))
    details.append(say(lang, "Andelen följer befolkningen 1 november föregående år.",
                       "Shares follow the population on 1 November the year before."))
    return Message(lang=lang, text=text, details=tuple(details), source=split.model.source,
                   note=notes(split, lang, today), actions=(split_action(split, lang),))


def together(split: YearSplit, parts: Sequence[Part], excluded: Sequence[Part], lang: Lang,
             today: dt.date) -> Message:
    """What ``parts`` pay together in the year, each part listed so the sum can be checked."""
    total = sum((p.amount for p in parts), Decimal(0))
    share = sum((p.percent for p in parts), Decimal(0))
    year, name = split.year, split.agreement.short_name
    who = _names(parts, lang)
    if excluded:
        who = say(lang, f"De {len(parts)} kommunerna utom {_names(excluded, lang)}",
                  f"The {len(parts)} parties other than {_names(excluded, lang)}")
    text = say(lang, rich(f"{who} betalar tillsammans ", Strong(kr(total)),
                          f" för {name} {year} ({percent(share)})."),
               rich(f"{who} pay ", Strong(kr(total)), f" together for {name} in {year} "
                    f"({percent(share)})."))
    listed = " + ".join(f"{p.party.short_name} {kr(p.amount)}" for p in parts)
    details = [f"{listed} = {kr(total)}.",
               say(lang, f"Årets totala kostnad: {kr(split.total)}.",
                   f"The year's total: {kr(split.total)}.")]
    return Message(lang=lang, text=text, details=tuple(details), source=split.model.source,
                   note=notes(split, lang, today), actions=(split_action(split, lang),))


def party_extra(split: YearSplit, model: PeriodicExtraModel, part: Part, amount: Decimal | None,
                *, due: bool, next_due: int, lang: Lang, today: dt.date) -> Message:
    """One party's part of the review: the ceiling split by the year's key (the same
    apportionment as the split table's column), or the amount the user gave, by the key."""
    title = topic(model.title).lower()
    party, year = part.party.short_name, split.year
    ceiling = model.max_amount
    if amount is None:
        index = split.parts.index(part)
        own = apportion(ceiling, [p.percent for p in split.parts])[index]
        text = say(lang, rich(f"{party}s del av {title}en {year}: högst ", Strong(kr(own)), "."),
                   rich(f"{party}'s part of the {topic(model.title)} in {year}: at most ",
                        Strong(kr(own)), "."))
        derivation = say(lang, f"Beräkning: högst {kr(ceiling)} × {percent(part.percent)} = "
                               f"{kr(own)}; styrgruppen kan godkänna högst {kr(ceiling)} per "
                               f"granskning.",
                         f"Derivation: at most {kr(ceiling)} × {percent(part.percent)} = "
                         f"{kr(own)}; the steering group may approve at most {kr(ceiling)} per "
                         f"review.")
    else:
        own = round_half_up(amount * part.percent / HUNDRED)  # whole kronor, as 001 §11.3
        text = say(lang, rich(f"{party} betalar ", Strong(kr(own)), f" av {title}en på "
                              f"{kr(amount)} med {year} års nyckel."),
                   rich(f"{party} pays ", Strong(kr(own)), f" of the {kr(amount)} "
                        f"{topic(model.title)} by the {year} key."))
        derivation = say(lang, f"Beräkning: {kr(amount)} × {percent(part.percent)} = {kr(own)} "
                               f"(avrundat till hela kronor).",
                         f"Derivation: {kr(amount)} × {percent(part.percent)} = {kr(own)} "
                         f"(rounded to whole kronor).")
    details = [derivation,
               say(lang, f"Fördelas med samma nyckel som driftskostnaden, utöver budgeten; "
                         f"vart {model.every_years}:e år från {model.first_year}.",
                   f"Split by the same key as the running costs, on top of the budget; every "
                   f"{model.every_years} years from {model.first_year}.")]
    if amount is not None and amount > ceiling:
        details.append(say(lang, f"Obs: styrgruppen kan bara godkänna högst {kr(ceiling)}.",
                           f"Note: the steering group may only approve at most {kr(ceiling)}."))
    if not due:
        details.append(say(lang, f"{year} är inget granskningsår; nästa är {next_due}.",
                           f"{year} is not a review year; the next is {next_due}."))
    return Message(lang=lang, text=text, details=tuple(details),
                   source=f"{split.model.source}; {model.source}", note=notes(split, lang, today))


def extra_years(agreement: Agreement, model: PeriodicExtraModel, year: int, after: int | None,
                lang: Lang) -> Message:
    """ "Kvalitetsgranskningen efter 2029 görs 2032." with the cycle it follows."""
    title = topic(model.title)
    cycle = ", ".join(str(y) for y in range(max(model.first_year, year - model.every_years),
                                             year + 2 * model.every_years + 1, model.every_years))
    if after is not None:
        text = say(lang, rich(f"{title}en i {agreement.short_name} efter {after} görs ",
                              Strong(str(year)), "."),
                   rich(f"The {title} in {agreement.short_name} after {after} is in ",
                        Strong(str(year)), "."))
    else:
        text = say(lang, rich(f"{title}en i {agreement.short_name} görs nästa gång ",
                              Strong(str(year)), "."),
                   rich(f"The next {title} in {agreement.short_name} is in ", Strong(str(year)),
                        "."))
    details = (say(lang, f"Vart {model.every_years}:e år från {model.first_year}: {cycle} …; "
                         f"högst {kr(model.max_amount)} per granskning.",
                   f"Every {model.every_years} years from {model.first_year}: {cycle} …; at most "
                   f"{kr(model.max_amount)} per review."),)
    return Message(lang=lang, text=text, details=details, source=model.source)
