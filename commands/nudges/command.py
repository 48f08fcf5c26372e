"""Which deadline reminders (nudges) are due on a day, what they say, and "Markera som klar".

Pure: agreements, today and what was already sent or marked done come in; ``Nudge``
objects and answers come out. ``bot/nudger.py`` claims and posts them, ``bot/scheduler.py``
decides when to run.

The rule, per deadline occurrence: its lead times (default 60, 30, 7 and 1 days before the
day to act, configurable per agreement and per rule) each give a send day — the last
working day on or before "act-by minus lead", so a reminder never lands on a Saturday. On
any day, only the *nearest* lead whose send day has come is due: after a week offline the
bot sends the 7-day reminder once, marked late, not the 60-, 30- and 7-day ones in a burst.
A lead that is skipped that way is never sent later. Nothing is sent once the act-by day
has passed, or after someone has marked the occurrence done.

A nudge's key is ``<occurrence key>/<lead days>/<channel key>``: the database records it in
the same transaction that posts it, so each (occurrence, lead, channel) is posted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.answers import Action, Answer, Column, Message, Problem, Table
from commands.core.context import Lang, Request
from commands.core.ports import NudgeRecords, Store
from commands.core.registry import Command
from commands.core.text import day, say
from commands.core.workdays import last_working_day_on_or_before, next_working_day_on_or_after
from commands.core.scope import agreements_for_channel
from commands.deadlines.question import match_agreements
from commands.deadlines.rules import FOLLOW_UP_RULE, Occurrence, follow_up_occurrence, occurrences
from commands.deadlines.wording import due_day_reason, window_text
from commands.reading.periods import find_period
from commands.reflection.command import follow_ups
from commands.reflection.model import FollowUp

DONE_ACTION = "deadline_done"


@dataclass(frozen=True)
class Nudge:
    occurrence: Occurrence
    lead_days: int
    channel: str  # where to post: the Slack channel id, or "#name" until an id is set
    send_on: dt.date  # the working day it is meant to go out
    late: bool

    @property
    def key(self) -> str:
        """``<occurrence>/<lead>/<channel key>``: the agreement's channel key, not the Slack
        address, so setting a channel's id later does not post the same reminder again."""
        return f"{self.occurrence.key}/{self.lead_days}/{self.occurrence.channel}"


def send_day(act_by: dt.date, lead_days: int) -> dt.date:
    """The working day a reminder ``lead_days`` before ``act_by`` goes out."""
    return last_working_day_on_or_before(act_by - dt.timedelta(days=lead_days))


def channel_address(agreement: Agreement, channel_key: str | None) -> str | None:
    """The Slack address of an agreement's channel: its id once the administrator set it,
    else its name ("#cmv-styrgrupp"), which chat.postMessage also accepts."""
    if channel_key is None:
        return None
    channel = agreement.channel(channel_key)
    return channel.slack_channel or channel.name


def nudge_for(occurrence: Occurrence, channel: str, today: dt.date) -> Nudge | None:
    """The one nudge due for ``occurrence`` on ``today``, or None."""
    if occurrence.act_by < today:
        return None
    for lead in sorted(set(occurrence.lead_days)):  # nearest first
        when = send_day(occurrence.act_by, lead)
        if when <= today:
            return Nudge(occurrence=occurrence, lead_days=lead, channel=channel, send_on=when,
                         late=when < today)
    return None


def _longest_lead(agreements: Sequence[Agreement]) -> int:
    return max((lead for a in agreements for r in a.deadlines
                for lead in (r.lead_days or a.default_lead_days)), default=60)


def due_nudges(
    agreements: Sequence[Agreement], today: dt.date, *, sent: Collection[str] = frozenset(),
    done: Collection[str] = frozenset(), goals: Sequence[FollowUp] = (),
) -> list[Nudge]:
    """Every nudge to post on ``today``: not yet sent, occurrence not marked done — for the
    agreements' deadlines and for the self-reflection rounds' priority goals (``goals``)."""
    by_id = {a.id: a for a in agreements}
    longest = _longest_lead(agreements)
    # act-by can be a couple of weeks before the due day (Christmas), and a send day a few
    # days before its lead: look a little further than the longest lead
    horizon = today + dt.timedelta(days=longest + 21)
    found: list[Nudge] = []
    for occurrence in occurrences(agreements, today, horizon):
        if occurrence.key in done:
            continue
        channel = channel_address(by_id[occurrence.agreement_id], occurrence.channel)
        if channel is None:
            continue
        nudge = nudge_for(occurrence, channel, today)
        if nudge is not None and nudge.key not in sent:
            found.append(nudge)
    for goal in goals:
        occurrence = follow_up_occurrence(goal, agreements)
        nudge = None if occurrence.key in done else nudge_for(occurrence, goal.channel, today)
        if nudge is not None and nudge.key not in sent:
            found.append(nudge)
    return found


@dataclass(frozen=True)
class PlannedNudge:
    """A nudge the scheduler will post on ``posts_on``, exactly as ``due_nudges`` returns it
    that day (a late one carries its missed ``send_on``)."""

    posts_on: dt.date
    nudge: Nudge


def _planned(occurrence: Occurrence, channel: str, first: dt.date, end: dt.date,
             sent: Collection[str]) -> list[PlannedNudge]:
    """One occurrence's nudges from the run day ``first`` to ``end``.

    On ``first`` it is whatever ``nudge_for`` gives (possibly a late one). After that the
    nearest lead only changes on a lead's own send day — a longer lead always has an earlier
    or the same send day — so each later nudge goes out on its send day, on time, unless a
    nearer lead shares that day (then only the nearer one goes, as ``nudge_for`` picks it).
    """
    found: list[PlannedNudge] = []
    at_start = nudge_for(occurrence, channel, first)
    if at_start is not None and at_start.key not in sent:
        found.append(PlannedNudge(first, at_start))
    last = min(end, occurrence.act_by)
    for lead in sorted(set(occurrence.lead_days)):
        when = send_day(occurrence.act_by, lead)
        if not first < when <= last:
            continue
        nudge = nudge_for(occurrence, channel, when)
        if nudge is not None and nudge.lead_days == lead and nudge.key not in sent:
            found.append(PlannedNudge(when, nudge))
    return found


def nudge_schedule(
    agreements: Sequence[Agreement], today: dt.date, end: dt.date, *,
    sent: Collection[str] = frozenset(), done: Collection[str] = frozenset(),
    goals: Sequence[FollowUp] = (),
) -> list[PlannedNudge]:
    """Every nudge the scheduler will post from ``today`` to ``end``, by day: what
    ``due_nudges`` returns on each working day (the scheduler's days) once the earlier days'
    nudges are sent. The first run is the first working day from ``today``; a reminder
    missed while the bot was down goes out then, late. Nothing already sent or marked done."""
    first = next_working_day_on_or_after(today)
    if end < first:
        return []
    by_id = {a.id: a for a in agreements}
    longest = _longest_lead(agreements)
    found: list[PlannedNudge] = []
    for occurrence in occurrences(agreements, first, end + dt.timedelta(days=longest + 21)):
        channel = channel_address(by_id[occurrence.agreement_id], occurrence.channel)
        if occurrence.key not in done and channel is not None:
            found += _planned(occurrence, channel, first, end, sent)
    for goal in goals:
        occurrence = follow_up_occurrence(goal, agreements)
        if occurrence.key not in done:
            found += _planned(occurrence, goal.channel, first, end, sent)
    return sorted(found, key=lambda p: (p.posts_on, p.nudge.occurrence.act_by, p.nudge.key))


def _days_left(days: int, lang: Lang) -> str:
    if days == 0:
        return say(lang, "i dag", "today")
    if days == 1:
        return say(lang, "i morgon", "tomorrow")
    return say(lang, f"om {days} dagar", f"in {days} days")


def nudge_message(nudge: Nudge, today: dt.date, lang: Lang = "sv") -> Message:
    """The reminder as posted: date, what, who, source, and a button to mark it done."""
    o = nudge.occurrence
    left = (o.act_by - today).days
    text = say(
        lang,
        f"⏰ Påminnelse: *{o.title}* ({o.agreement}) – senast {day(o.act_by, lang, week=True)}, "
        f"{_days_left(left, lang)}.",
        f"⏰ Reminder: *{o.title}* ({o.agreement}) – by {day(o.act_by, lang, week=True)}, "
        f"{_days_left(left, lang)}.",
    )
    details: list[str] = []
    window = window_text(o, lang)
    if window:
        details.append(say(lang, f"Period: {window}.", f"Period: {window}."))
    reason = due_day_reason(o, lang)
    if reason:
        details.append(say(
            lang,
            f"Förfallodagen {o.due.isoformat()} är {reason}, så sista arbetsdagen före gäller.",
            f"The due day {o.due.isoformat()} is {reason}, so the working day before counts.",
        ))
    if o.placeholder:
        details.append(say(lang, "Vid årets sista möte – inget möte är inlagt ännu.",
                           "At the year's last meeting – no meeting date is entered yet."))
    details.append(say(lang, f"Ansvarig: {o.responsible}.", f"Responsible: {o.responsible}."))
    if nudge.late:
        details.append(say(
            lang,
            f"Sen påminnelse ({nudge.lead_days} dagar före): den skulle ha skickats "
            f"{day(nudge.send_on, lang)}.",
            f"Late reminder ({nudge.lead_days} days before): it was due on "
            f"{day(nudge.send_on, lang)}.",
        ))
    return Message(
        lang=lang,
        text=text,
        details=tuple(details),
        source=o.source,
        actions=(Action(label=say(lang, "Markera som klar", "Mark as done"),
                        action_id=DONE_ACTION, value=o.key, style="primary"),),
    )


def nudge_line(nudge: Nudge) -> str:
    """One line for ``avtalsbot nudges --dry-run``."""
    o = nudge.occurrence
    late = " (sen)" if nudge.late else ""
    return (f"{nudge.channel}  {nudge.lead_days} dagar före{late}: {o.title} ({o.agreement}), "
            f"agera senast {o.act_by.isoformat()} – {o.responsible} [{o.source}]")


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


def _who(user: str) -> str:
    return f"<@{user}>" if user[:1] in {"U", "W"} else user


def mark_done(request: Request, value: str, store: Store) -> Answer:
    """The "Markera som klar" button: no more reminders for this occurrence."""
    lang = request.lang
    occurrence = _find(store, value)
    if occurrence is None:
        return Problem(lang=lang, message=say(
            lang, "Jag hittar inte den deadlinen längre; avtalet kan ha ändrats.",
            "I can no longer find that deadline; the agreement may have changed."))
    what = f"*{occurrence.title}* ({occurrence.agreement}, {occurrence.due.isoformat()})"
    if not store.mark_occurrence_done(occurrence_key=value, user=request.user):
        return Message(lang=lang, text=say(
            lang, f"{what} var redan markerad som klar.", f"{what} was already marked done."))
    return Message(
        lang=lang,
        text=say(lang, f"✅ Klar: {what} – markerad av {_who(request.user)}.",
                 f"✅ Done: {what} – marked by {_who(request.user)}."),
        details=(say(lang, "Inga fler påminnelser skickas för den här gången.",
                     "No more reminders will be sent for this occurrence."),),
        source=occurrence.source,
        replaces_clicked=True,
    )


ACTIONS = {DONE_ACTION: mark_done}


# --- `/avtal påminnelser [avtal] [period]` ---------------------------------------------

DEFAULT_SCHEDULE_DAYS = 30
# How far past the period to look for "the next one after that" when the period has none.
_LOOK_FURTHER_DAYS = 366


def _lead_text(nudge: Nudge, lang: Lang) -> str:
    days = say(lang, "dag" if nudge.lead_days == 1 else "dagar",
               "day" if nudge.lead_days == 1 else "days")
    late = say(lang, ", sen", ", late") if nudge.late else ""
    return say(lang, f"{nudge.lead_days} {days} före{late}",
               f"{nudge.lead_days} {days} before{late}")


def _channel_label(nudge: Nudge, agreements: Sequence[Agreement]) -> str:
    """The channel as people know it ("#cmv-styrgrupp"), also once its id is set."""
    o = nudge.occurrence
    agreement = next((a for a in agreements if a.id == o.agreement_id), None)
    if agreement is None or o.kind == "follow_up" or o.channel is None:
        return nudge.channel  # a priority goal is nudged in the centre's own channel
    return agreement.channel(o.channel).name


def schedule_answer(
    planned: Sequence[PlannedNudge], agreements: Sequence[Agreement], lang: Lang,
    start: dt.date, end: dt.date, *, later: PlannedNudge | None = None,
    note: str | None = None,
) -> Answer:
    """The coming nudges as a table: when, where, how long before, what, act by."""
    span = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
    if len(agreements) == 1:
        span = f"{agreements[0].short_name} {span}"
    explained = say(
        lang,
        "Boten skickar varje påminnelse en gång, på arbetsdagar, till avtalets kanal. Redan "
        "skickade påminnelser och deadlines som markerats som klara visas inte.",
        "The bot posts each reminder once, on working days, to the agreement's channel. "
        "Reminders already sent and deadlines marked done are not shown.",
    )
    if not planned:
        details = [explained]
        if later is not None:
            o = later.nudge.occurrence
            details.append(say(
                lang,
                f"Nästa därefter: {day(later.posts_on, lang)} – {o.title} ({o.agreement}).",
                f"Next after that: {day(later.posts_on, lang)} – {o.title} ({o.agreement}).",
            ))
        return Message(lang=lang, text=say(lang, f"Inga påminnelser går ut {span}.",
                                           f"No reminders go out {span}."),
                       details=tuple(details), note=note)
    return Table(
        lang=lang,
        title=say(lang, f"Påminnelser {span}", f"Reminders {span}"),
        columns=(Column(say(lang, "Skickas", "Posted")), Column(say(lang, "Kanal", "Channel")),
                 Column(say(lang, "Före", "Lead")), Column(say(lang, "Vad", "What")),
                 Column(say(lang, "Agera senast", "Act by"))),
        rows=tuple(
            (day(p.posts_on, lang), _channel_label(p.nudge, agreements),
             _lead_text(p.nudge, lang),
             f"{p.nudge.occurrence.title} ({p.nudge.occurrence.agreement})",
             day(p.nudge.occurrence.act_by, lang))
            for p in planned
        ),
        details=(explained,),
        source="; ".join(dict.fromkeys(p.nudge.occurrence.source for p in planned)),
        note=note,
        csv_name=f"paminnelser-{start.isoformat()}-{end.isoformat()}.csv",
        csv_rows=(
            ("posts_on", "channel", "lead_days", "late", "agreement", "title", "act_by", "key"),
            *((p.posts_on.isoformat(), p.nudge.channel, str(p.nudge.lead_days),
               "yes" if p.nudge.late else "no", p.nudge.occurrence.agreement_id,
               p.nudge.occurrence.title, p.nudge.occurrence.act_by.isoformat(), p.nudge.key)
              for p in planned),
        ),
    )


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
        triggers=("paminnelser", "paminnelserna", "reminders", "nudges"),
    ),
)
