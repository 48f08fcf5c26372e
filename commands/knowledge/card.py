"""The agreement card: an agreement at a glance, with buttons to the details.

Parties (host marked), purpose in the source's own sentence, term and next notice day, bodies
and how often they meet, the cost model in one line, channels and sources. The facts come from
the Agreement model (what the bot computes with), the purpose from the clauses (what the
source says); each button asks the follow-up question through the router.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commands.core.agreement import Agreement
from commands.core.answers import Action, ChannelRef, Message, Quote, Strong, Text, rich
from commands.core.context import Lang
from commands.core.cost_models import (
    BudgetLinesModel,
    EqualSplitModel,
    OwnFinancingModel,
    PeriodicExtraModel,
    PopulationKeyModel,
)
from commands.core.document import Document
from commands.core.term import next_notice
from commands.core.text import kr, months_text, say
from commands.core.workdays import why_not_working
from commands.knowledge.rules.ranking import reference, sentences

ASK = "ask"  # the router's button that asks its value as a question


def card(agreement: Agreement, documents: Sequence[Document], lang: Lang,
         today: dt.date) -> Message:
    details: list[Text] = [_parties(agreement, lang)]
    purpose = _purpose(agreement, documents)
    if purpose is not None:
        details.append(rich(say(lang, "Syfte: ", "Purpose: "), Quote(purpose[0]),
                            f" ({purpose[1]})"))
    details.append(term_line(agreement, lang, today))
    for body in agreement.bodies:
        rule = body.meeting_rule
        how_often = ""
        if rule is not None:
            count = (f"{rule.per_year_min}–{rule.per_year_max}"
                     if rule.per_year_max and rule.per_year_max != rule.per_year_min
                     else str(rule.per_year_min))
            how_often = say(lang, f", {count} gånger per år", f", {count} times a year")
        details.append(rich(Strong(body.name), how_often, f" ({body.source})"))
    costs = [_cost_line(m, lang) for m in agreement.cost_models]
    if costs:
        details.append(rich(say(lang, "Kostnader: ", "Costs: "), "; ".join(c for c in costs if c)))
    if agreement.channels:
        spans: list[object] = [say(lang, "Kanaler: ", "Channels: ")]
        for i, channel in enumerate(agreement.channels):
            spans += [", " if i else "", ChannelRef(channel.slack_channel or channel.name)]
        details.append(rich(*spans))  # type: ignore[arg-type]
    own = [d for d in documents if d.agreement == agreement.id]
    unique = list(dict.fromkeys(d.title for d in own))
    titles = "; ".join(unique[:6]) + (" …" if len(unique) > 6 else "")
    details.append(say(lang, f"Källa {agreement.source_document}: {titles}",
                       f"Source {agreement.source_document}: {titles}"))
    return Message(
        lang=lang,
        text=rich(Strong(agreement.name), f" ({agreement.short_name})"),
        details=tuple(details),
        source=agreement.term.source,
        note=agreement.term.note,
        actions=_buttons(agreement, lang, today),
    )


def overview(agreements: Sequence[Agreement], lang: Lang) -> Message:
    """ "vilka avtal finns?": one line per agreement, a button to each card."""
    lines = tuple(
        rich(Strong(a.short_name), f" – {a.name} ({len(a.parties)} ",
             say(lang, "parter", "parties"), f", {say(lang, 'källa', 'source')} "
             f"{a.source_document})")
        for a in agreements)
    return Message(
        lang=lang,
        text=say(lang, f"Jag känner till {len(agreements)} avtal:",
                 f"I know {len(agreements)} agreements:"),
        details=lines,
        actions=tuple(Action(label=a.short_name, action_id=ASK, value=f"om {a.short_name}")
                      for a in agreements),
    )


def _parties(agreement: Agreement, lang: Lang) -> Text:
    host = agreement.host
    names = [f"{p.short_name} ({say(lang, 'huvudman', 'host')})" if p.key == host
             else p.short_name for p in agreement.parties]
    shown = ", ".join(names[:10]) + (f" och {len(names) - 10} till" if len(names) > 10 else "")
    if len(names) > 10 and lang == "en":
        shown = ", ".join(names[:10]) + f" and {len(names) - 10} more"
    return rich(say(lang, f"Parter ({len(names)}): ", f"Parties ({len(names)}): "), shown)


def _purpose(agreement: Agreement, documents: Sequence[Document]) -> tuple[str, str] | None:
    """The first sentence of the agreement's purpose clause (or its background)."""
    own = sorted((d for d in documents if d.agreement == agreement.id),
                 key=lambda d: d.kind not in ("avtal", "rutin"))
    for wanted in ("syfte", "mål", "inledning", "bakgrund"):
        for document in own:
            for section in document.sections:
                if wanted in section.title.casefold() and section.text.strip():
                    first = sentences(section.text)[0]
                    return first, reference(document, section)
    return None


def term_line(agreement: Agreement, lang: Lang, today: dt.date) -> Text:
    """Start, first end, renewal and notice; for a renewing term the end it runs to now and
    the last day to give notice for it to end then."""
    term = agreement.term
    if term.until_terminated:
        notice = (say(lang, f", uppsägningstid {term.notice_months} månader",
                      f", notice period {term.notice_months} months")
                  if term.notice_months else "")
        return say(lang, f"Gäller från {term.start.isoformat()} tills vidare{notice}.",
                   f"In force from {term.start.isoformat()} until terminated{notice}.")
    assert term.first_end is not None
    renewal = (say(lang, f", förlängs med {months_text(term.renewal_months, lang)} i taget",
                   f", renewed {months_text(term.renewal_months, lang)} at a time")
               if term.renewal_months else "")
    period = say(lang, f"Avtalstid {term.start.isoformat()} – {term.first_end.isoformat()}"
                 f"{renewal}; uppsägningstid {term.notice_months} månader.",
                 f"Term {term.start.isoformat()} – {term.first_end.isoformat()}{renewal}; "
                 f"notice {term.notice_months} months.")
    upcoming = next_notice(term, today)  # the deadline list's rule, so the dates agree
    if upcoming is None:
        ends = term.first_end.isoformat()
        return say(lang, f"{period} Det löper ut {ends} utan förlängning; det finns ingen "
                   "uppsägningsdag kvar.",
                   f"{period} It expires on {ends} without renewal; there is no notice day left.")
    end, last = upcoming.expiry.isoformat(), upcoming.last_notice_day.isoformat()
    act = ""
    if upcoming.act_by != upcoming.last_notice_day:  # as the deadline list says it
        reason = why_not_working(upcoming.last_notice_day, lang)
        act = say(lang, f" ({reason}: agera senast {upcoming.act_by.isoformat()})",
                  f" ({reason}: act by {upcoming.act_by.isoformat()})")
    return say(lang, f"{period} Nu löper det till {end}; säg upp senast {last}{act} för att "
               "det ska upphöra då.",
               f"{period} It now runs to {end}; give notice by {last}{act} for it to end "
               "then.")


def _cost_line(model: object, lang: Lang) -> str:
    if isinstance(model, PopulationKeyModel):
        return say(lang,
                   f"befolkningsnyckel ({model.base_year}: {kr(model.base_total)}, "
                   f"+{model.uplift_percent} % per år, {model.source})",
                   f"population key ({model.base_year}: {kr(model.base_total)}, "
                   f"+{model.uplift_percent} % a year, {model.source})")
    if isinstance(model, EqualSplitModel):
        return say(lang, f"{model.title.lower()}: lika delar mellan basverksamheterna "
                   f"({model.source})",
                   f"{model.title.lower()}: equal parts between the base operations "
                   f"({model.source})")
    if isinstance(model, PeriodicExtraModel):
        return say(lang, f"{model.title.lower()} vart {model.every_years}:e år, högst "
                   f"{kr(model.max_amount)} ({model.source})",
                   f"{model.title.lower()} every {model.every_years} years, at most "
                   f"{kr(model.max_amount)} ({model.source})")
    if isinstance(model, OwnFinancingModel):
        return say(lang, f"{model.title.lower()} ({model.source})",
                   f"{model.title.lower()} ({model.source}; each party pays its own part)")
    if isinstance(model, BudgetLinesModel):
        return ""
    return ""


def _buttons(agreement: Agreement, lang: Lang, today: dt.date) -> tuple[Action, ...]:
    name = agreement.short_name
    buttons = [Action(label=say(lang, "Parter och org.nr", "Parties"), action_id=ASK,
                      value=say(lang, f"vilka är parter i {name}?", f"parties of {name}"))]
    if agreement.cost_models:
        buttons.append(Action(label=say(lang, "Kostnader", "Costs"), action_id=ASK,
                              value=f"fördelning {name} {today.year}"))
    if agreement.deadlines:
        buttons.append(Action(label=say(lang, "Deadlines", "Deadlines"), action_id=ASK,
                              value=f"deadlines {name}"))
    buttons.append(Action(label=say(lang, "Uppsägning", "Notice"), action_id=ASK,
                          value=say(lang, f"uppsägningstid {name}", f"notice period {name}")))
    return tuple(buttons)
