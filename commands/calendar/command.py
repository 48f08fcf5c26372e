"""Meetings and deadlines as an iCalendar file (RFC 5545) that Outlook, Google Calendar and
Apple Calendar import: `avtalsbot calendar`, and `/avtal kalender` as a Slack file.

Built with the `icalendar` package rather than by hand, so escaping, line folding and CRLF
are right. Meetings with a time are Europe/Stockholm wall-clock times with the zone's
VTIMEZONE included as a yearly rule (Outlook needs a definition for each TZID); they last two hours,
since the agreements state no length. Deadlines are all-day events on the day to act
(the last working day on or before the due day), with the due day, who is responsible
and the source in the description. UIDs are the stable occurrence and meeting keys, so
importing a newer file updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Attachment, Delivery, Message, Outcome
from commands.core.context import STOCKHOLM, Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.text import say
from commands.deadlines.question import match_agreements
from commands.deadlines.rules import Occurrence, occurrences
from commands.deadlines.wording import window_text
from commands.meetings.command import ScheduledMeeting, meetings_between
from commands.reading.periods import find_period

MEETING_LENGTH = dt.timedelta(hours=2)
DEFAULT_DAYS = 365
_UID_DOMAIN = "avtalsbot"


def _meeting_event(meeting: ScheduledMeeting, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.key}@{_UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"Möte: {meeting.body}")
    starts = meeting.starts_at
    if starts is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        event.add("dtstart", starts)
        event.add("dtend", starts + MEETING_LENGTH)
    if meeting.place:
        event.add("location", meeting.place)
    lines = [f"{meeting.agreement}.", f"Källa: {meeting.source}."]
    if meeting.note:
        lines.insert(1, meeting.note)
    event.add("description", "\n".join(lines))
    event.add("categories", ["Avtalsbot", "Möte"])
    return event


def _deadline_event(occurrence: Occurrence, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{occurrence.key}@{_UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"Deadline: {occurrence.title} ({occurrence.agreement})")
    event.add("dtstart", occurrence.act_by)
    event.add("dtend", occurrence.act_by + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    lines = [f"Agera senast {occurrence.act_by.isoformat()}."]
    if occurrence.due != occurrence.act_by:
        lines.append(f"Förfallodag {occurrence.due.isoformat()}.")
    window = window_text(occurrence, "sv")
    if window:
        lines.append(f"Period: {window}.")
    lines += [f"Ansvarig: {occurrence.responsible}.", f"Källa: {occurrence.source}."]
    event.add("description", "\n".join(lines))
    event.add("categories", ["Avtalsbot", "Deadline"])
    return event


def stockholm_vtimezone() -> Timezone:
    """Europe/Stockholm as the EU rule (since 1996): CEST from the last Sunday of March at
    02:00, CET from the last Sunday of October at 03:00. A rule, not a list of dates, is
    what Outlook itself writes and reads, and it holds for any year."""
    zone = Timezone()
    zone.add("tzid", "Europe/Stockholm")
    zone.add("x-lic-location", "Europe/Stockholm")
    zone.add_component(_observance(TimezoneDaylight(), "CEST", dt.datetime(1996, 3, 31, 2), 1, 2))
    zone.add_component(_observance(TimezoneStandard(), "CET", dt.datetime(1996, 10, 27, 3), 2, 1))
    return zone


def _observance(part: TimezoneDaylight | TimezoneStandard, name: str, first: dt.datetime,
                hours_from: int, hours_to: int) -> TimezoneDaylight | TimezoneStandard:
    """One half of the year: from ``first``, again on the last Sunday of that month."""
    part.add("tzname", name)
    part.add("dtstart", first)
    part.add("tzoffsetfrom", dt.timedelta(hours=hours_from))
    part.add("tzoffsetto", dt.timedelta(hours=hours_to))
    part.add("rrule", {"freq": "yearly", "bymonth": first.month, "byday": "-1su"})
    return part


def calendar_ics(agreements: Sequence[Agreement], start: dt.date, end: dt.date, *,
                 stamp: dt.datetime) -> tuple[bytes, int]:
    """The .ics bytes for [start, end] and how many events it holds."""
    cal = Calendar()
    cal.add("prodid", "-//Avtalsbot//Samverkansavtal//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Avtalsbot: möten och deadlines")
    cal.add("x-wr-timezone", "Europe/Stockholm")
    stamp = stamp.astimezone(dt.UTC)
    events = [_meeting_event(m, stamp) for m in meetings_between(agreements, start, end)]
    events += [_deadline_event(o, stamp) for o in occurrences(agreements, start, end)]
    if any(isinstance(e.get("dtstart").dt, dt.datetime) for e in events):
        cal.add_component(stockholm_vtimezone())  # Outlook needs the TZID defined
    for event in events:
        cal.add_component(event)
    return cal.to_ical(), len(events)


def _stamp(request: Request) -> dt.datetime:
    if request.now is not None:
        return request.now
    return dt.datetime.combine(request.today, dt.time(), tzinfo=STOCKHOLM)


def handle(request: Request, store: Store) -> Answer:
    """`/avtal kalender [avtal] [period]`: the .ics file, posted in the channel."""
    lang = request.lang
    agreements = list(store.agreements())
    period = find_period(request.text, request.today)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    if named.problem is not None and not named.agreements:
        return named.problem
    scope = list(named.agreements) or agreements
    start, end = (period.start, period.end) if period else (
        request.today, request.today + dt.timedelta(days=DEFAULT_DAYS))
    content, count = calendar_ics(scope, start, end, stamp=_stamp(request))
    span = f"{start.isoformat()} – {end.isoformat()}"
    names = ", ".join(a.short_name for a in scope) if named.agreements else say(
        lang, "alla avtal", "all agreements")
    reply = Message(
        lang=lang,
        text=say(lang, f"Kalender för {names}, {span}: {count} möten och deadlines.",
                 f"Calendar for {names}, {span}: {count} meetings and deadlines."),
        details=(say(lang, "Filen (.ics) läggs i kanalen: öppna den i Outlook (eller en annan "
                     "kalender) för att importera. På kommandoraden: `avtalsbot calendar`.",
                     "The file (.ics) is posted in the channel: open it in Outlook (or another "
                     "calendar) to import it. On the command line: `avtalsbot calendar`."),),
    )
    if request.channel is None:
        return Message(lang=lang, text=reply.text, details=(say(
            lang, "Här kan jag inte skicka filer: kör `avtalsbot calendar` på kommandoraden "
            "eller fråga i Slack.",
            "I can't send files here: run `avtalsbot calendar` on the command line or ask in "
            "Slack."),))
    filename = f"avtalsbot-{start.isoformat()}-{end.isoformat()}.ics"
    file = Attachment(filename=filename, content=content, title=say(
        lang, "Möten och deadlines", "Meetings and deadlines"))
    return Outcome(lang=lang, reply=reply,
                   deliveries=(Delivery(answer=reply, channel=request.channel, attachment=file),))


COMMANDS = (
    Command(
        name="kalender",
        words=("kalender", "kalendern", "calendar", "ical", "ics"),
        handler=handle,
        help_sv="Möten och deadlines som kalenderfil (.ics) att importera i Outlook.",
        help_en="Meetings and deadlines as a calendar file (.ics) to import into Outlook.",
        usage="kalender [avtal] [period]",
        example_sv="/avtal kalender CMV 2027",
        example_en="/avtal calendar CMV 2027",
        triggers=("kalender", "kalendern", "kalenderfil", "calendar", "ical", "ics", "outlook"),
    ),
)
