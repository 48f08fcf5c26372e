"""`årshjul [avtal] [år]`: a calendar year's recurring tasks month by month, with who does
what — the Jönköping year wheel (002) is the model; any agreement's rules can be shown so.
"""

from __future__ import annotations

import datetime as dt

from commands.core.answers import Answer, Column, Many, Message, Table
from commands.core.context import Lang, Request
from commands.core.ports import Store
from commands.core.scope import agreements_for_channel
from commands.core.text import day, say
from commands.deadlines.question import match_agreements
from commands.deadlines.rules import Occurrence, occurrences
from commands.deadlines.wording import CSV_HEADER, csv_row, month_name, window_text
from commands.reading.periods import find_period


def _wheel_month(occurrence: Occurrence, lang: Lang) -> str:
    """'januari', 'september–november', 'september (v. 39)': where a task sits in the year."""
    start = occurrence.window_start or occurrence.due
    first = month_name(start.month, lang)
    if occurrence.kind == "weeks":
        return f"{first} ({window_text(occurrence, lang)})".replace(f" {start.year})", ")")
    if start.month != occurrence.due.month:
        return f"{first}–{month_name(occurrence.due.month, lang)}"
    return first


def year_wheel(request: Request, store: Store) -> Answer:
    """`årshjul [avtal] [år]`: a calendar year's deadlines month by month, with who does what
    (the Jönköping year wheel, 002, is the model; any agreement's rules can be shown so)."""
    lang, today = request.lang, request.today
    agreements = list(store.agreements())
    period = find_period(request.text, today)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    if named.problem is not None and not named.agreements:
        return named.problem
    scope = (list(named.agreements) or agreements_for_channel(request.channel, agreements)
             or agreements)
    year = period.start.year if period else today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # "årshjulet i december", "årshjul nästa månad": the wheel's months in that period only.
    part = period is not None and (period.start, period.end) != (start, end) and \
        period.end.year == year
    shown = f"{year}" if not part or period is None else \
        f"{period.start.isoformat()} – {period.end.isoformat()}"
    wheels: list[Answer] = []
    for agreement in scope:
        found = [o for o in occurrences([agreement], start, end)
                 if o.due.year == year and o.kind != "notice"
                 and (not part or period is None or o.overlaps(period.start, period.end))]
        if not found:
            continue
        found.sort(key=lambda o: (o.first_day, o.due, o.rule_key))
        wheels.append(Table(
            lang=lang,
            title=say(lang, f"Årshjul {agreement.short_name} {shown}",
                      f"Year wheel {agreement.short_name} {shown}"),
            columns=(Column(say(lang, "Månad", "Month")), Column(say(lang, "Vad", "What")),
                     Column(say(lang, "Ansvarig", "Responsible")),
                     Column(say(lang, "Agera senast", "Act by"))),
            rows=tuple((_wheel_month(o, lang), o.title, o.responsible,
                        day(o.act_by, lang)) for o in found),
            source="; ".join(dict.fromkeys(part for o in found for part in o.source.split("; "))),
            csv_name=f"arshjul-{agreement.id}-{year}.csv",
            csv_rows=(CSV_HEADER, *(csv_row(o) for o in found)),
        ))
    if not wheels:
        return Message(lang=lang, text=say(lang, f"Inga återkommande uppgifter {shown}.",
                                           f"No recurring tasks in {shown}."))
    return wheels[0] if len(wheels) == 1 else Many(lang=lang, parts=tuple(wheels))
