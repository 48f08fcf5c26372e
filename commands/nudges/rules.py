"""Which deadline reminders (nudges) are due on a day, and the scheduler's plan for a period.

The rule, per deadline occurrence: its lead times (default 60, 30, 7 and 1 days before the
day to act, configurable per agreement and per rule) each give a send day — the last
working day on or before "act-by minus lead", so a reminder never lands on a Saturday. On
any day, only the *nearest* lead whose send day has come is due: after a week offline the
bot sends the 7-day reminder once, marked late, not the 60-, 30- and 7-day ones in a burst.
A lead that is skipped that way is never sent later. Nothing is sent once the act-by day
has passed, or after someone has marked the occurrence done.

Pure: agreements, today and the keys already sent or marked done come in; ``Nudge`` and
``PlannedNudge`` objects come out, no wording.

A nudge's key is ``<occurrence key>/<lead days>/<channel key>``: the database records it in
the same transaction that posts it, so each (occurrence, lead, channel) is posted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.workdays import last_working_day_on_or_before, next_working_day_on_or_after
from commands.deadlines.rules import Goal, Occurrence, follow_up_occurrence, occurrences


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
    done: Collection[str] = frozenset(), goals: Sequence[Goal] = (),
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
    goals: Sequence[Goal] = (),
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
