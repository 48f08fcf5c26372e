"""Deadlines: the handlers behind `/avtal deadlines …` and `/avtal årshjul …`, and their rows
in the command table.

The handlers answer "vilka deadlines har vi de närmaste 60 dagarna?", "when must we give
notice on the CMV agreement?", "när ska verksamhetsberättelsen vara klar?", "vad händer i
januari?" and "deadlines för Jönköping". They never raise: any text gets an answer or a
``Problem`` that says what to type instead. The engine is ``rules``, the reading of a
question ``question``, the texts ``wording``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace

from commands.core.agreement import Agreement, DeadlineRule, NoticeSchedule
from commands.core.answers import Answer, Many, Message, Problem
from commands.core.context import Lang, Request
from commands.core.ports import NudgeRecords, Store
from commands.core.registry import WHEN_WORDS, Command
from commands.core.scope import agreements_for_channel
from commands.core.text import say, words
from commands.deadlines.home import home_section
from commands.deadlines.question import (
    MISSED_WORDS,
    asks_missed,
    is_notice_question,
    match_agreements,
    matching_rules,
    notice_date,
)
from commands.deadlines.rules import follow_up_occurrence, next_occurrence, occurrences
from commands.deadlines.wording import (
    listing,
    notice_for_date,
    notice_message,
    occurrence_message,
)
from commands.deadlines.yearwheel import year_wheel
from commands.reading.periods import MONTHS, Period, add_months, find_period
from commands.reflection.command import follow_ups
from commands.reflection.model import FollowUp

__all__ = ["COMMANDS", "answer", "handle", "home_section", "year_wheel"]


# The default windows when a question names no period: the longest default lead time for
# all agreements (what will be nudged soon), a whole year for one agreement (its year wheel).
DEFAULT_DAYS_ALL = 60
DEFAULT_DAYS_ONE = 365
# "har vi missat något?" looks this far back when no period is named
MISSED_DAYS = 60


def handle(request: Request, store: Store) -> Answer:
    """Deadlines: in a period, for an agreement, one named deadline, or the notice day.

    Nothing that fails is caught here: the brain words a database that does not answer
    (a temporary error) apart from a bug."""
    done = store.done_occurrences() if isinstance(store, NudgeRecords) else frozenset()
    return answer(request, list(store.agreements()), goals=follow_ups(store), done=done)


def answer(request: Request, agreements: Sequence[Agreement],
           goals: Sequence[FollowUp] = (), done: Collection[str] = frozenset()) -> Answer:
    """The pure part of ``handle``: text, agreements, the self-reflection rounds' priority
    goals and the occurrences marked done in, an answer out. Goals show in listings of a
    period beside the rules' deadlines; what is marked done leaves "har vi missat något?"."""
    lang, today = request.lang, request.today
    if not agreements:
        return Problem(lang=lang, message=say(lang, "Det finns inga avtal inlästa ännu.",
                                              "No agreements are loaded yet."))
    period = find_period(request.text, today)
    if period is not None and (trouble := period.message(lang)) is not None:
        return Problem(lang=lang, message=trouble)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    scope = list(named.agreements)
    note: str | None = None
    if not scope:
        if named.problem is not None:
            return named.problem
        from_channel = agreements_for_channel(request.channel, agreements)
        if from_channel:
            scope = from_channel
            note = say(lang, f"Visar {', '.join(a.short_name for a in scope)} eftersom frågan "
                             "ställdes i avtalets kanal.",
                       f"Showing {', '.join(a.short_name for a in scope)} because the question "
                       "was asked in the agreement's channel.")
    tokens = words(rest)
    if asks_missed(tokens):
        return _missed(scope or list(agreements), period, done, lang, today, note)
    if is_notice_question(words(request.text)) and (given := notice_date(request.text)):
        return _many(lang, [notice_for_date(a, given.date, given.is_end, lang, today)
                            for a in scope or agreements])
    if is_notice_question(tokens) and period is None:
        return _notice_answer(scope or list(agreements), lang, today)
    rules = matching_rules(tokens, scope or list(agreements), listing=period is not None)
    if rules and period is None:
        return _next_of(rules, scope or list(agreements), lang, today)
    start, end = _window(period, bool(scope), today)
    pool = scope or list(agreements)
    wanted = [(a.id, r.key) for a, r in rules] if rules else None
    if period is not None and is_notice_question(tokens):
        wanted = [(a.id, r.key) for a in pool for r in a.deadlines
                  if isinstance(r.schedule, NoticeSchedule)]
    found = occurrences(pool, start, end, rule_keys=wanted)
    if wanted is None:
        in_scope = {a.id for a in pool}
        found += [o for o in (follow_up_occurrence(g, agreements) for g in goals)
                  if o.agreement_id in in_scope and o.overlaps(start, end)]
    if not _whole_months(start, end):
        # "de närmaste 60 dagarna" lists what must be done within them: a task whose month
        # begins inside the window but whose day to act lies after it belongs to a later
        # question ("i januari" still lists the January invoicing, a whole month asked).
        found = [o for o in found if o.act_by <= end]
    return listing(found, pool, lang, today, start, end, note=note)


def _missed(agreements: Sequence[Agreement], period: Period | None, done: Collection[str],
            lang: Lang, today: dt.date, note: str | None) -> Answer:
    """ "har vi missat någon deadline?": what was to be done in the period asked (by default the
    last MISSED_DAYS days) whose day to act has passed and that no one marked done."""
    if period is not None and period.start >= today and _month_named(period.phrase):
        # "missade vi något i november?" asked in December: the November that has been
        period = replace(period, start=add_months(period.start, -12),
                         end=add_months(period.end, -12))
    start = period.start if period else today - dt.timedelta(days=MISSED_DAYS)
    end = min(period.end, today - dt.timedelta(days=1)) if period else today - dt.timedelta(
        days=1)
    if end < start:
        return Message(lang=lang, text=say(
            lang, "Den perioden har inte passerat ännu; fråga vad som kommer i stället.",
            "That period has not passed yet; ask what is coming instead."))
    found = [o for o in occurrences(agreements, start, end)
             if o.act_by < today and o.key not in done]
    if not found:
        return Message(lang=lang, text=say(
            lang, f"Ingen deadline {start.isoformat()} – {end.isoformat()} står som missad: "
                  "allt har antingen markerats som klart eller ligger framåt.",
            f"No deadline {start.isoformat()} – {end.isoformat()} shows as missed: everything "
            "was marked done or is still ahead."), note=note)
    return listing(found, agreements, lang, today, start, end, note=" ".join(p for p in (say(
        lang, "Passerade och inte markerade som klara (”Markera som klar” på en påminnelse).",
        "Passed and not marked done (“Mark as done” on a reminder)."), note) if p))


def _month_named(phrase: str) -> bool:
    """ "i november", "in May": a month by name alone (no year, not "nästa månad")."""
    return all(w in MONTHS or w in ("i", "in", "under", "during") for w in words(phrase))


def _whole_months(start: dt.date, end: dt.date) -> bool:
    """Whether [start, end] is whole calendar months ("i december", "nästa månad", "2027")."""
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def _window(period: Period | None, one_agreement: bool, today: dt.date) -> tuple[dt.date, dt.date]:
    if period is not None:
        return period.start, period.end
    days = DEFAULT_DAYS_ONE if one_agreement else DEFAULT_DAYS_ALL
    return today, today + dt.timedelta(days=days)


def _many(lang: Lang, parts: Sequence[Answer]) -> Answer:
    return parts[0] if len(parts) == 1 else Many(lang=lang, parts=tuple(parts))


def _notice_answer(agreements: Sequence[Agreement], lang: Lang, today: dt.date) -> Answer:
    messages = [notice_message(a, lang, today) for a in agreements]
    return messages[0] if len(messages) == 1 else Many(lang=lang, parts=tuple(messages))


def _next_of(
    rules: Sequence[tuple[Agreement, DeadlineRule]], agreements: Sequence[Agreement], lang: Lang,
    today: dt.date,
) -> Answer:
    upcoming = [
        (agreement, o) for agreement, rule in rules
        if (o := next_occurrence(agreement, rule, today)) is not None
    ]
    if not upcoming:
        return Message(lang=lang, text=say(lang, "Den deadlinen har inga kommande datum.",
                                           "That deadline has no upcoming dates."))
    if len(upcoming) == 1:
        agreement, occurrence = upcoming[0]
        return occurrence_message(occurrence, agreement, lang, today)
    found = [o for _, o in upcoming]
    start = today
    end = max(o.due for o in found)
    return listing(found, agreements, lang, today, start, end)


COMMANDS = (
    Command(
        name="deadlines",
        words=("deadlines", "deadline", "frister", "frist"),
        handler=handle,
        help_sv=("Deadlines i en period, för ett avtal, en viss deadline eller sista "
                 "uppsägningsdag."),
        help_en="Deadlines in a period, for an agreement, one deadline, or the last notice day.",
        usage="deadlines [avtal] [period]",
        example_sv="/avtal deadlines de närmaste 60 dagarna",
        example_en="/avtal deadlines next 60 days",
        triggers=(
            "deadline", "deadlines", "frist", "frister", "senast", "uppsagning", "uppsagningen",
            "notice", "terminate", "klar", "klart", "ready", "due", "hander", "happens",
            "happening", "forlangs", "renewal", "expire", "expires",
            # "när ska vi säga upp avtalet?": the verb is split in two words
            "saga", "sager", "sags", "sagas", "sade", "sades",
            "gora", "loper", "upphor", "utgang", "avtalstid", "avtalstiden",
            # "har vi missat någon deadline?": what passed without being marked done
            *MISSED_WORDS,
            # "when is the quality review?": the English for "kvalitetsgransk…" below
            "review",
            # "när är kvalitetsgranskningen?" asks for its date, "vad kostar …" its amount
            *WHEN_WORDS,
        ),
        # "20…": a year counts for every dated command (costs has it too), so that a year in
        # "vilka deadlines har vi 2027?" does not tip the question over to costs
        # …and the year wheel's tasks ("när gör ledningsgruppen verksamhetsbesök med
        # arbetsmiljörond?" is a task of the wheel, not a meeting of the management group)
        prefix_triggers=("verksamhetsberattelse", "arsberattelse", "kvalitetsgransk", "faktur",
                         "uppsag", "invoic", "verksamhetsbesok", "arbetsmiljorond", "halsovecka",
                         "sommarsemester", "20"),
    ),
    Command(
        name="årshjul",
        words=("arshjul", "arshjulet", "yearwheel"),
        handler=year_wheel,
        help_sv="Årets uppgifter månad för månad, med vem som ansvarar (årshjulet).",
        help_en="The year's tasks month by month, with who is responsible (the year wheel).",
        usage="årshjul [avtal] [år]",
        example_sv="/avtal årshjul Jönköping 2027",
        example_en="/avtal yearwheel Jönköping 2027",
        triggers=("arshjul", "arshjulet", *WHEN_WORDS),  # "när/when": see deadlines
        prefix_triggers=("20",),  # a year counts for every dated command, see deadlines
    ),
)

