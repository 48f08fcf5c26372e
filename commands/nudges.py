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

from commands.agreement import Agreement
from commands.answers import Action, Answer, Message, Problem
from commands.context import Lang, Request
from commands.deadlines import (
    FOLLOW_UP_RULE,
    Occurrence,
    due_day_reason,
    follow_up_occurrence,
    occurrences,
    window_text,
)
from commands.ports import Store
from commands.reflection import follow_ups
from commands.reflection_model import FollowUp
from commands.text import day, say
from commands.workdays import last_working_day_on_or_before

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


def due_nudges(
    agreements: Sequence[Agreement], today: dt.date, *, sent: Collection[str] = frozenset(),
    done: Collection[str] = frozenset(), goals: Sequence[FollowUp] = (),
) -> list[Nudge]:
    """Every nudge to post on ``today``: not yet sent, occurrence not marked done — for the
    agreements' deadlines and for the self-reflection rounds' priority goals (``goals``)."""
    by_id = {a.id: a for a in agreements}
    longest = max((lead for a in agreements for r in a.deadlines
                   for lead in (r.lead_days or a.default_lead_days)), default=60)
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
