"""`/avtal kalender [avtal] [period]`: meetings and deadlines as a calendar file posted in
the channel, to import into Outlook (or any calendar).

The domain says what the file holds (``entries.calendar_file``, a ``CalendarFile``);
``bot/render/ical`` writes it as iCalendar, for Slack and for `avtalsbot calendar` alike.
"""

from __future__ import annotations

import datetime as dt

from commands.calendar.entries import calendar_file
from commands.core.answers import Answer, Attachment, Code, Delivery, Message, Outcome, rich
from commands.core.context import STOCKHOLM, Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.text import say, words
from commands.deadlines.question import match_agreements
from commands.reading.periods import find_period

DEFAULT_DAYS = 365
CLI = "avtalsbot calendar"  # the same file from the command line


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
    content = calendar_file(scope, start, end, stamp=_stamp(request))
    count = len(content.entries)
    span = f"{start.isoformat()} – {end.isoformat()}"
    names = ", ".join(a.short_name for a in scope) if named.agreements else say(
        lang, "alla avtal", "all agreements")
    reply = Message(
        lang=lang,
        text=say(lang, f"Kalender för {names}, {span}: {count} möten och deadlines.",
                 f"Calendar for {names}, {span}: {count} meetings and deadlines."),
        details=(rich(say(lang, "Filen (.ics) läggs i kanalen: öppna den i Outlook (eller en "
                          "annan kalender) för att importera. På kommandoraden: ",
                          "The file (.ics) is posted in the channel: open it in Outlook (or "
                          "another calendar) to import it. On the command line: "),
                      Code(CLI), "."),),
    )
    if request.channel is None:
        return Message(lang=lang, text=reply.text, details=(rich(
            say(lang, "Här kan jag inte skicka filer: kör ", "I can't send files here: run "),
            Code(CLI),
            say(lang, " på kommandoraden eller fråga i Slack.",
                " on the command line or ask in Slack.")),))
    filename = f"avtalsbot-{start.isoformat()}-{end.isoformat()}.ics"
    file = Attachment(filename=filename, content=content, title=say(
        lang, "Möten och deadlines", "Meetings and deadlines"))
    return Outcome(lang=lang, reply=reply,
                   deliveries=(Delivery(answer=reply, channel=request.channel, attachment=file),))


_CALENDAR_WORDS = ("kalender", "kalendern", "kalenderfil", "calendar", "ical", "ics", "outlook")

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
        triggers=_CALENDAR_WORDS,
        # "kan jag få deadlines i min kalender?": the file, not the deadlines list
        claims=lambda request: bool(set(words(request.text)) & set(_CALENDAR_WORDS)),
    ),
)
