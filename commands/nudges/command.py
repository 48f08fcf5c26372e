"""Nudges: the "Markera som klar" button and `/avtal påminnelser [avtal] [period]`, with
their rows in the command table. Which nudges are due is ``rules``; what they say ``wording``;
``bot/nudger.py`` claims and posts them, ``bot/scheduler.py`` decides when to run.
"""

from __future__ import annotations

import datetime as dt

from commands.core.answers import Answer, Message, Problem, Strong, UserRef, rich
from commands.core.context import Request
from commands.core.ports import NudgeRecords, Store
from commands.core.registry import Command
from commands.core.scope import agreements_for_channel
from commands.core.text import say, words
from commands.deadlines.question import match_agreements
from commands.deadlines.rules import FOLLOW_UP_RULE, Occurrence, follow_up_occurrence, occurrences
from commands.nudges.rules import nudge_schedule
from commands.nudges.wording import DONE_ACTION, schedule_answer
from commands.reading.periods import find_period
from commands.reading.words import speaks_of_notice
from commands.reflection.command import follow_ups
from commands.roles.facts import asker_of, in_channel
from commands.roles.rules import Refused, may_mark_done
from commands.roles.wording import refusal

__all__ = ["ACTIONS", "COMMANDS", "DONE_ACTION", "mark_done", "schedule"]


def _parse_key(key: str) -> tuple[str, str, dt.date] | None:
    parts = key.split("/")
    if len(parts) != 3:
        return None
    try:
        return parts[0], parts[1], dt.date.fromisoformat(parts[2])
    except ValueError:
        return None


def _find(store: Store, key: str) -> Occurrence | None:
    parsed = _parse_key(key)
    if parsed is None:
        return None
    agreement_id, rule_key, due = parsed
    agreements = store.agreements()
    if rule_key.startswith(FOLLOW_UP_RULE):
        goals = (follow_up_occurrence(g, agreements) for g in follow_ups(store))
        return next((o for o in goals if o.key == key), None)
    pool = [a for a in agreements if a.id == agreement_id]
    found = occurrences(pool, due - dt.timedelta(days=400), due, rule_keys=[(agreement_id,
                                                                              rule_key)])
    return next((o for o in found if o.key == key), None)


def mark_done(request: Request, value: str, store: Store) -> Answer:
    """The "Markera som klar" button: no more reminders for this occurrence."""
    lang = request.lang
    occurrence = _find(store, value)
    if occurrence is None:
        return Problem(lang=lang, message=say(
            lang, "Jag hittar inte den deadlinen längre; avtalet kan ha ändrats.",
            "I can no longer find that deadline; the agreement may have changed."))
    channel = _responsible_channel(request, store, occurrence)
    decision = may_mark_done(asker_of(request, store), channel=channel,
                             in_channel=in_channel(request, channel))
    if isinstance(decision, Refused):
        return refusal(decision, lang)
    what = rich(Strong(occurrence.title),
                f" ({occurrence.agreement}, {occurrence.due.isoformat()})")
    if not store.mark_occurrence_done(occurrence_key=value, user=request.user):
        return Message(lang=lang, text=rich(
            what, say(lang, " var redan markerad som klar.", " was already marked done.")))
    # UserRef: a mention in Slack, the user id as written in the console
    return Message(
        lang=lang,
        text=rich(say(lang, "✅ Klar: ", "✅ Done: "), what,
                  say(lang, " – markerad av ", " – marked by "), UserRef(request.user), "."),
        details=(say(lang, "Inga fler påminnelser skickas för den här gången.",
                     "No more reminders will be sent for this occurrence."),),
        source=occurrence.source,
        replaces_clicked=True,
    )


def _responsible_channel(request: Request, store: Store, occurrence: Occurrence) -> str | None:
    """The Slack channel responsible for the occurrence: where its nudges go. A goal's
    follow-up names the centre's channel itself; a rule names a channel of its agreement,
    by Slack id when the file gives one. A channel known only by name ("#cmv-styrgrupp") is
    the one the button was clicked in: the bot posts the button only in that channel's
    nudges (never in a DM)."""
    if occurrence.channel is None:
        return None
    agreement = next((a for a in store.agreements() if a.id == occurrence.agreement_id), None)
    known = {c.key: c.slack_channel for c in agreement.channels} if agreement else {}
    if occurrence.channel not in known:
        return occurrence.channel
    if known[occurrence.channel]:
        return known[occurrence.channel]
    clicked = request.channel
    return clicked if clicked and not clicked.startswith("D") else None


ACTIONS = {DONE_ACTION: mark_done}


# --- `/avtal påminnelser [avtal] [period]` ---------------------------------------------

DEFAULT_SCHEDULE_DAYS = 30
# How far past the period to look for "the next one after that" when the period has none.
_LOOK_FURTHER_DAYS = 366


def schedule(request: Request, store: Store) -> Answer:
    """Påminnelser: the nudges the scheduler will post in the coming period (30 days)."""
    lang, today = request.lang, request.today
    agreements = list(store.agreements())
    period = find_period(request.text, today)
    if period is not None and (trouble := period.message(lang)) is not None:
        return Problem(lang=lang, message=trouble)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    scope = list(named.agreements)
    note: str | None = None
    if not scope and named.problem is not None:
        return named.problem
    if not scope:
        scope = agreements_for_channel(request.channel, agreements)
        if scope:
            note = say(lang, f"Visar {', '.join(a.short_name for a in scope)} eftersom frågan "
                             "ställdes i avtalets kanal.",
                       f"Showing {', '.join(a.short_name for a in scope)} because the question "
                       "was asked in the agreement's channel.")
    scope = scope or agreements
    start = max(period.start, today) if period else today
    end = period.end if period else today + dt.timedelta(days=DEFAULT_SCHEDULE_DAYS)
    if end < today:
        return Message(lang=lang, text=say(
            lang, f"{end.isoformat()} har redan varit; här visas bara kommande påminnelser.",
            f"{end.isoformat()} has already passed; this shows only coming reminders."))
    records = store if isinstance(store, NudgeRecords) else None
    # All agreements, then the scope: the schedule is exactly what the scheduler sees.
    planned = [
        p for p in nudge_schedule(
            agreements, today, end + dt.timedelta(days=_LOOK_FURTHER_DAYS),
            sent=records.sent_nudge_keys() if records else frozenset(),
            done=records.done_occurrences() if records else frozenset(),
            goals=follow_ups(store),
        )
        if p.nudge.occurrence.agreement_id in {a.id for a in scope} and p.posts_on >= start
    ]
    within = [p for p in planned if p.posts_on <= end]
    later = next((p for p in planned if p.posts_on > end), None)
    return schedule_answer(within, scope, lang, start, end, later=later, note=note)


_REMINDER_WORDS = ("paminnelser", "paminnelserna", "paminnelse", "paminnelsen", "reminders",
                   "reminder", "nudges")

def _asks_the_schedule(request: Request) -> bool:
    """ "när skickas nästa påminnelse?": reminders asked about, not the notice day's reminders
    ("vem får påminnelserna om uppsägningen?" stays the notice answer)."""
    said = words(request.text)
    return bool(set(said) & set(_REMINDER_WORDS)) and not speaks_of_notice(said, past=False)


COMMANDS = (
    Command(
        name="påminnelser",
        words=("paminnelser", "paminnelse", "reminders", "reminder", "nudges"),
        handler=schedule,
        help_sv=("Påminnelserna som går ut de närmaste 30 dagarna (eller en period): dag, "
                 "kanal, hur långt före och vad."),
        help_en=("The reminders that go out in the next 30 days (or a period): day, channel, "
                 "how long before, and what."),
        usage="påminnelser [avtal] [period]",
        example_sv="/avtal påminnelser CMV de närmaste 60 dagarna",
        example_en="/avtal reminders CMV next 60 days",
        triggers=(*_REMINDER_WORDS,
                  # "vilka kanaler får påminnelser?": where they go is the schedule's column
                  # (not "channel": "<!channel>" in any message would count)
                  "kanal", "kanaler", "kanalen", "kanalerna"),
        # "när skickas nästa påminnelse?" asks the schedule, though "när" and "skickas" are the
        # deadlines' words ("Årsberättelsen skickas …")
        claims=_asks_the_schedule,
    ),
)
