"""Meetings and deadlines as calendar entries: what a ``CalendarFile`` holds, not its format.

Meetings with a time are Stockholm wall-clock times and last two hours, since the agreements
state no length; meetings without a time take the whole day. Deadlines are whole-day entries
on the day to act (the last working day on or before the due day), shown as free time, with
the due day, who is responsible and the source in the description. The uids are the stable
meeting and occurrence keys, so a newer file updates the events instead of duplicating them.
``bot/render/ical`` writes the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commands.core.agreement import Agreement
from commands.core.answers import CalendarEntry, CalendarFile
from commands.deadlines.rules import Occurrence, occurrences
from commands.deadlines.wording import window_text
from commands.meetings.rules import ScheduledMeeting, meetings_between

MEETING_LENGTH = dt.timedelta(hours=2)
CALENDAR_NAME = "Avtalsbot: möten och deadlines"


def meeting_entry(meeting: ScheduledMeeting) -> CalendarEntry:
    starts = meeting.starts_at
    lines = [f"{meeting.agreement}.", f"Källa: {meeting.source}."]
    if meeting.note:
        lines.insert(1, meeting.note)
    return CalendarEntry(
        uid=meeting.key,
        summary=f"Möte: {meeting.body}",
        start=starts if starts is not None else meeting.date,
        end=starts + MEETING_LENGTH if starts is not None else meeting.date,
        description="\n".join(lines),
        location=meeting.place or "",
        categories=("Avtalsbot", "Möte"),
    )


def deadline_entry(occurrence: Occurrence) -> CalendarEntry:
    lines = [f"Agera senast {occurrence.act_by.isoformat()}."]
    if occurrence.due != occurrence.act_by:
        lines.append(f"Förfallodag {occurrence.due.isoformat()}.")
    window = window_text(occurrence, "sv")
    if window:
        lines.append(f"Period: {window}.")
    lines += [f"Ansvarig: {occurrence.responsible}.", f"Källa: {occurrence.source}."]
    return CalendarEntry(
        uid=occurrence.key,
        summary=f"Deadline: {occurrence.title} ({occurrence.agreement})",
        start=occurrence.act_by,
        end=occurrence.act_by,
        description="\n".join(lines),
        categories=("Avtalsbot", "Deadline"),
        busy=False,  # a reminder, not a busy day
    )


def calendar_file(agreements: Sequence[Agreement], start: dt.date, end: dt.date, *,
                  stamp: dt.datetime) -> CalendarFile:
    """The meetings and deadlines in [start, end]: meetings first, then deadlines."""
    entries = [meeting_entry(m) for m in meetings_between(agreements, start, end)]
    entries += [deadline_entry(o) for o in occurrences(agreements, start, end)]
    return CalendarFile(name=CALENDAR_NAME, entries=tuple(entries), stamp=stamp)
