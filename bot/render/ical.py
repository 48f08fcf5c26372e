"""A ``CalendarFile`` -> iCalendar bytes (RFC 5545) that Outlook, Google Calendar and Apple
Calendar import: `avtalsbot calendar`, and the file `/avtal kalender` posts in Slack.

Written with the `icalendar` package rather than by hand, so escaping, line folding and CRLF
are right. Timed events are written as Europe/Stockholm wall-clock times with the zone's
VTIMEZONE included as a yearly rule (Outlook needs a definition for each TZID it meets);
whole-day events are dates with RFC 5545's exclusive DTEND. UIDs are the entries' stable keys
under one domain, so importing a newer file updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from commands.core.answers import CalendarEntry, CalendarFile
from commands.core.context import STOCKHOLM

PRODID = "-//Avtalsbot//Samverkansavtal//SV"
UID_DOMAIN = "avtalsbot"
TZID = "Europe/Stockholm"


def ics(calendar: CalendarFile) -> bytes:
    """The file's bytes: VCALENDAR, the Stockholm VTIMEZONE when an event has a time, events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar.name)
    cal.add("x-wr-timezone", TZID)
    stamp = _aware(calendar.stamp, "stamp").astimezone(dt.UTC)
    if any(entry.timed for entry in calendar.entries):
        cal.add_component(stockholm_vtimezone())  # Outlook needs the TZID defined
    for entry in calendar.entries:
        cal.add_component(_event(entry, stamp))
    return bytes(cal.to_ical())


def _event(entry: CalendarEntry, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", entry.summary)
    if isinstance(entry.start, dt.datetime):
        if not isinstance(entry.end, dt.datetime):
            raise ValueError(f"{entry.uid}: a timed entry needs an end time")
        # Only Stockholm's VTIMEZONE is in the file, so every time is written in that zone
        event.add("dtstart", _aware(entry.start, entry.uid).astimezone(STOCKHOLM))
        event.add("dtend", _aware(entry.end, entry.uid).astimezone(STOCKHOLM))
    else:
        if isinstance(entry.end, dt.datetime):
            raise ValueError(f"{entry.uid}: a whole-day entry ends on a date")
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + dt.timedelta(days=1))  # DTEND is exclusive for dates
    if not entry.busy:
        event.add("transp", "TRANSPARENT")
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.categories:
        event.add("categories", list(entry.categories))
    return event


def _aware(moment: dt.datetime, what: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what}: a calendar time needs a time zone")
    return moment


def stockholm_vtimezone() -> Timezone:
    """Europe/Stockholm as the EU rule (since 1996): CEST from the last Sunday of March at
    02:00, CET from the last Sunday of October at 03:00. A rule, not a list of dates, is
    what Outlook itself writes and reads, and it holds for any year."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
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
