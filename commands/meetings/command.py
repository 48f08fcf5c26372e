"""Meetings of the agreements' bodies: the next one, those in a period, adding one, and a
warning when fewer are scheduled than the agreement requires.

A body's rule ("Styrgruppen sammanträder 4 gånger per år", 001 §9.1; SRO "4–5 gånger per
år", 003) says how many meetings a year there should be; the concrete dates come from YAML
or from Slack: ``/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13`` or "… 12 februari
2027 kl 13.30". Dates are read day before month, as Swedes write them ("2/12" is 2
December); times are Stockholm wall-clock times, stored without a zone, because that is
what the meeting invitation says whatever the season.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement, Body, Meeting, MeetingRule
from commands.core.answers import Answer, Column, Message, Problem, Table
from commands.core.context import STOCKHOLM, Lang, Request
from commands.core.ports import Store
from commands.core.registry import WHEN_WORDS, Command
from commands.core.scope import agreements_for_channel
from commands.core.text import day, fold, say, words
from commands.core.workdays import why_not_working
from commands.deadlines.question import match_agreements
from commands.reading.names import bodies_named
from commands.reading.periods import DATE_RE, find_period, parse_date

log = logging.getLogger(__name__)

# How far ahead a listing without a period looks, and how far ahead a new meeting may be.
DEFAULT_LIST_DAYS = 365
MAX_YEARS_AHEAD = 10


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting of one body, with what a reader needs to place it."""

    agreement_id: str
    agreement: str  # short name
    body_key: str
    body: str  # body name, e.g. "Styrgrupp CMV"
    date: dt.date
    time: dt.time | None
    place: str | None
    note: str | None
    channel: str | None
    source: str

    @property
    def starts_at(self) -> dt.datetime | None:
        """Start as an aware Stockholm time (CET or CEST as the date requires)."""
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=STOCKHOLM)

    @property
    def key(self) -> str:
        """Stable id: one meeting per body and day (the store refuses a second)."""
        return f"{self.agreement_id}/{self.body_key}/{self.date.isoformat()}"


@dataclass(frozen=True)
class Shortfall:
    """Fewer meetings entered for a year than the body's rule requires."""

    agreement: str
    body: str
    year: int
    scheduled: int
    required_min: int
    required_max: int | None
    source: str

    def text(self, lang: Lang) -> str:
        rule = (f"{self.required_min}" if self.required_max in (None, self.required_min)
                else f"{self.required_min}–{self.required_max}")
        return say(
            lang,
            f"⚠️ {self.body} ({self.agreement}): {self.scheduled} av {rule} möten inlagda för "
            f"{self.year}; avtalet säger {rule} per år ({self.source}).",
            f"⚠️ {self.body} ({self.agreement}): {self.scheduled} of {rule} meetings entered for "
            f"{self.year}; the agreement says {rule} a year ({self.source}).",
        )


def scheduled(agreement: Agreement, body: Body, meeting: Meeting) -> ScheduledMeeting:
    return ScheduledMeeting(
        agreement_id=agreement.id,
        agreement=agreement.short_name,
        body_key=body.key,
        body=body.name,
        date=meeting.date,
        time=meeting.time,
        place=meeting.place,
        note=meeting.note,
        channel=body.channel,
        source=body.meeting_rule.source if body.meeting_rule else body.source,
    )


def meetings_between(
    agreements: Iterable[Agreement],
    start: dt.date,
    end: dt.date,
    *,
    bodies: Iterable[tuple[str, str]] | None = None,
) -> list[ScheduledMeeting]:
    """Meetings in [start, end], by date and time; optionally only some (agreement, body)."""
    wanted = set(bodies) if bodies is not None else None
    found = [
        scheduled(agreement, body, meeting)
        for agreement in agreements
        for body in agreement.bodies
        if wanted is None or (agreement.id, body.key) in wanted
        for meeting in body.meetings
        if start <= meeting.date <= end
    ]
    return sorted(found, key=_order)


def _order(m: ScheduledMeeting) -> tuple[dt.date, dt.time, str, str]:
    return m.date, m.time or dt.time(0), m.agreement_id, m.body_key


def next_meeting(
    agreement: Agreement, body: Body, today: dt.date, now: dt.datetime | None = None
) -> ScheduledMeeting | None:
    """The first meeting from today on; with ``now``, one that already began today is past."""
    upcoming = [
        m for m in (scheduled(agreement, body, meeting) for meeting in body.meetings)
        if m.date > today
        or (m.date == today and (now is None or m.starts_at is None or m.starts_at >= now))
    ]
    return min(upcoming, key=_order) if upcoming else None


def shortfall(agreement: Agreement, body: Body, year: int) -> Shortfall | None:
    """A warning when ``year`` has fewer meetings than the rule's minimum."""
    rule = body.meeting_rule
    if rule is None or rule.per_year_min == 0:
        return None
    count = sum(1 for m in body.meetings if m.date.year == year)
    if count >= rule.per_year_min:
        return None
    return Shortfall(
        agreement=agreement.short_name, body=body.name, year=year, scheduled=count,
        required_min=rule.per_year_min, required_max=rule.per_year_max, source=rule.source,
    )


def shortfalls(
    pairs: Iterable[tuple[Agreement, Body]], years: Iterable[int]
) -> list[Shortfall]:
    years = list(years)
    return [s for a, b in pairs for y in years if (s := shortfall(a, b, y)) is not None]


# --- which bodies a question is about ---------------------------------------------------

# Word beginnings that name a kind of body in both languages ("styrgruppsmötet").
_KIND_PREFIXES: tuple[tuple[str, str], ...] = (
    ("styrgrupp", "steering_group"),
    ("steering", "steering_group"),
    ("lansstyrgrupp", "steering_group"),
    ("ledningsgrupp", "management_group"),
    ("management", "management_group"),
    ("politisk", "political_group"),
    ("political", "political_group"),
    ("natverk", "network"),
    ("network", "network"),
    ("referensgrupp", "other"),
)


def match_bodies(text: str, agreements: Sequence[Agreement]) -> list[tuple[Agreement, Body]]:
    """Bodies named in ``text`` (``reading.names``, with this domain's words for kinds)."""
    return bodies_named(text, agreements, kinds=_KIND_PREFIXES)


def _scope(
    request: Request, text: str, agreements: Sequence[Agreement]
) -> tuple[list[Agreement], Problem | None]:
    named = match_agreements(text, agreements, request.lang)
    if named.agreements:
        return list(named.agreements), None
    if named.problem is not None:
        # ``text`` may be folded; quote the unknown name as the user wrote it
        as_written = match_agreements(request.text, agreements, request.lang).problem
        return [], as_written or named.problem
    return agreements_for_channel(request.channel, agreements), None


def _body_label(agreement: Agreement, body: Body) -> str:
    """'Styrgrupp CMV' as is; 'Familjecentralens lokala styrgrupp (Familjecentraler VG)'."""
    if any(fold(part) in fold(body.name) for part in (agreement.short_name, *agreement.aliases)):
        return body.name
    return f"{body.name} ({agreement.short_name})"


def _time_text(time: dt.time | None, lang: Lang) -> str:
    if time is None:
        return ""
    return f"kl. {time:%H.%M}" if lang == "sv" else f"{time:%H:%M}"


def _years_to_check(today: dt.date) -> list[int]:
    # From October on, the coming year's dates are what is being planned; a warning about
    # the nearly finished year would only be noise.
    return [today.year + 1] if today.month >= 10 else [today.year]


# --- answers --------------------------------------------------------------------------


def next_meeting_answer(
    pairs: Sequence[tuple[Agreement, Body]], lang: Lang, today: dt.date,
    now: dt.datetime | None = None,
) -> Answer:
    """'När är nästa styrgruppsmöte?' — one body in full, several as a table."""
    upcoming = [(a, b, m) for a, b in pairs if (m := next_meeting(a, b, today, now)) is not None]
    warnings = tuple(s.text(lang) for s in shortfalls(pairs, _years_to_check(today)))
    if not upcoming:
        names = ", ".join(_body_label(a, b) for a, b in pairs) or say(lang, "organen", "the bodies")
        return Message(
            lang=lang,
            text=say(lang, f"Inget kommande möte är inlagt för {names}.",
                     f"No upcoming meeting is entered for {names}."),
            details=(*warnings, say(
                lang,
                "Lägg till ett möte: `/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13`.",
                "Add a meeting: `/avtal meeting add styrgrupp CMV 2027-02-12 at 13`.",
            )),
            source=_sources(pairs),
        )
    if len(upcoming) == 1:
        agreement, body, meeting = upcoming[0]
        when = " ".join(part for part in (day(meeting.date, lang, week=True),
                                          _time_text(meeting.time, lang)) if part)
        details: list[str] = []
        if meeting.place:
            details.append(say(lang, f"Plats: {meeting.place}.", f"Place: {meeting.place}."))
        if meeting.note:
            details.append(meeting.note)
        after = [m for m in (scheduled(agreement, body, x) for x in body.meetings)
                 if _order(m) > _order(meeting)]
        if after:
            following = min(after, key=_order)
            details.append(say(lang, f"Därefter: {day(following.date, lang)}.",
                               f"After that: {day(following.date, lang)}."))
        missing = [(a, b) for a, b in pairs if (a, b) != (agreement, body)]
        if missing:
            others = ", ".join(_body_label(a, b) for a, b in missing)
            details.append(say(
                lang, f"Inga kommande möten inlagda för {others}.",
                f"No upcoming meetings entered for {others}.",
            ))
        return Message(
            lang=lang,
            text=say(lang, f"Nästa möte i {_body_label(agreement, body)}: {when}.",
                     f"Next meeting of {_body_label(agreement, body)}: {when}."),
            details=tuple(details) + warnings,
            source=meeting.source,
        )
    rows = tuple(
        (_body_label(a, b), day(m.date, lang, week=True), _time_text(m.time, lang), m.place or "")
        for a, b, m in sorted(upcoming, key=lambda x: _order(x[2]))
    )
    return Table(
        lang=lang,
        title=say(lang, "Nästa möte", "Next meeting"),
        columns=(Column(say(lang, "Organ", "Body")), Column(say(lang, "Datum", "Date")),
                 Column(say(lang, "Tid", "Time")), Column(say(lang, "Plats", "Place"))),
        rows=rows,
        details=warnings,
        source=_sources(pairs),
    )


def _sources(pairs: Sequence[tuple[Agreement, Body]]) -> str | None:
    sources = list(dict.fromkeys(
        b.meeting_rule.source if b.meeting_rule else b.source for _, b in pairs
    ))
    return "; ".join(sources) if sources else None


def meetings_answer(
    pairs: Sequence[tuple[Agreement, Body]], lang: Lang, start: dt.date, end: dt.date
) -> Answer:
    """'möten 2027' — every meeting in the period, with shortfall warnings per year."""
    agreements = list({a.id: a for a, _ in pairs}.values())
    found = meetings_between(agreements, start, end, bodies=[(a.id, b.key) for a, b in pairs])
    labels = {(a.id, b.key): _body_label(a, b) for a, b in pairs}
    years = range(start.year, end.year + 1) if end.year - start.year <= 10 else range(0)
    warnings = tuple(s.text(lang) for s in shortfalls(pairs, years))
    span = (str(start.year) if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            and start.year == end.year else f"{start.isoformat()} – {end.isoformat()}")
    if not found:
        return Message(
            lang=lang,
            text=say(lang, f"Inga möten inlagda {span}.", f"No meetings entered for {span}."),
            details=warnings,
            source=_sources(pairs),
        )
    return Table(
        lang=lang,
        title=say(lang, f"Möten {span}", f"Meetings {span}"),
        columns=(Column(say(lang, "Datum", "Date")), Column(say(lang, "Tid", "Time")),
                 Column(say(lang, "Organ", "Body")), Column(say(lang, "Plats", "Place"))),
        rows=tuple(
            (day(m.date, lang, week=True), _time_text(m.time, lang),
             labels.get((m.agreement_id, m.body_key), m.body), m.place or "")
            for m in found
        ),
        details=warnings,
        source=_sources(pairs),
        csv_name=f"moten-{start.isoformat()}-{end.isoformat()}.csv",
        csv_rows=(
            ("agreement", "body", "date", "time", "place"),
            *((m.agreement_id, m.body_key, m.date.isoformat(),
               m.time.isoformat(timespec="minutes") if m.time else "", m.place or "")
              for m in found),
        ),
    )


# --- adding a meeting -------------------------------------------------------------------

_ADD = re.compile(
    r"\b(?:lagg\s+till|lagga\s+till|add|boka|book|registrera|register|schedule|nytt\s+mote|"
    r"new\s+meeting)\b"
)
_TIME = re.compile(
    r"\b(?:kl\.?|klockan|at)\s*(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?(?:\s*(?P<ampm>am|pm))?"
    r"(?:\s*(?:-|–)\s*\d{1,2}(?:[.:]\d{2})?)?\b"
    r"|\b(?P<h2>\d{1,2}):(?P<m2>\d{2})\b"
    r"|\b(?P<h3>\d{1,2})\s*(?P<ampm3>am|pm)\b"
)
_PLACE = re.compile(r"\b(?:plats|lokal|place|location)\s*[:=]?\s+(?P<place>.+)$",
                    re.IGNORECASE)


# "kl 25", "klockan 13.75": a time was meant but none could be read
_BAD_TIME = re.compile(r"\b(?:kl\.?|klockan|at)\s*\d{1,2}(?:[.:]\d{1,2})?\b")


@dataclass(frozen=True)
class NewMeeting:
    agreement: Agreement
    body: Body
    meeting: Meeting


def parse_time(folded: str) -> tuple[dt.time | None, str]:
    """'kl 13', 'kl. 13.30', '13:00', '1 pm' -> a time, and the text without it."""
    m = _TIME.search(folded)
    if not m:
        return None, folded
    hour = int(m["h"] or m["h2"] or m["h3"])
    minute = int(m["m"] or m["m2"] or 0)
    ampm = m["ampm"] or m["ampm3"]
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None, folded
    rest = folded[: m.start()] + " " + folded[m.end():]
    return dt.time(hour, minute), rest


def _split_place(text: str) -> tuple[str | None, str]:
    """'… plats: Rådhuset' -> the place, and the text before it."""
    match = _PLACE.search(text)
    if not match:
        return None, text
    return match["place"].strip().strip(".") or None, text[: match.start()]


def _read_time(folded: str, lang: Lang,
               examples: tuple[str, ...]) -> tuple[dt.time | None, str] | Problem:
    """``parse_time``, refusing a time that was meant but cannot be ("kl 25")."""
    time, rest = parse_time(folded)
    bad_time = _BAD_TIME.search(rest) if time is None else None
    if bad_time:
        return Problem(
            lang=lang,
            message=say(lang, f"”{bad_time.group(0)}” är ingen giltig tid; skriv t.ex. kl 13 eller "
                              "kl 13.30.",
                        f"“{bad_time.group(0)}” is not a valid time; write e.g. at 13 or "
                        "at 13:30."),
            examples=examples,
        )
    return time, rest


def is_add_request(text: str) -> bool:
    return bool(_ADD.search(" ".join(fold(text).split())))


def parse_new_meeting(
    request: Request, agreements: Sequence[Agreement]
) -> NewMeeting | Problem:
    """Read body, agreement, date, time and place from '/avtal möte lägg till …'."""
    lang, today = request.lang, request.today
    text = request.text
    place, text = _split_place(text)
    folded = " ".join(fold(text).split())
    folded = _ADD.sub(" ", folded)
    timed = _read_time(folded, lang, (_example(lang),))
    if isinstance(timed, Problem):
        return timed
    time, folded = timed
    found = _one_body(request, folded, agreements, (_example(lang),))
    if isinstance(found, Problem):
        return found
    agreement, body = found
    date = _meeting_date(folded, today)
    if date is None:
        return Problem(
            lang=lang,
            message=say(lang, "Jag hittar inget datum för mötet.",
                        "I can't find a date for the meeting."),
            examples=(_example(lang),
                      say(lang, "/avtal möte lägg till styrgrupp CMV 12 februari 2027 kl 13",
                          "/avtal meeting add styrgrupp CMV 12 February 2027 at 13")),
        )
    refused = _refuse_new_date(date, today, lang, (_example(lang),))
    if refused is not None:
        return refused
    return NewMeeting(agreement=agreement, body=body,
                      meeting=Meeting(date=date, time=time, place=place))


def _meeting_date(folded: str, today: dt.date) -> dt.date | None:
    m = DATE_RE.search(folded)
    if m:
        return parse_date(m.group(0), today)
    period = find_period(folded, today)
    if period is not None and period.start == period.end:
        return period.start
    return None


def _one_body(
    request: Request, folded: str, agreements: Sequence[Agreement], examples: tuple[str, ...]
) -> tuple[Agreement, Body] | Problem:
    """The one body a meeting command names, or what to ask about it."""
    lang = request.lang
    scope, problem = _scope(request, folded, agreements)
    if problem is not None:
        return problem
    pairs = match_bodies(folded, scope or agreements)
    if not pairs:
        return _which_body(scope or list(agreements), lang, examples)
    if len({a.id for a, _ in pairs}) > 1:
        return Problem(
            lang=lang,
            message=say(lang, "Vilket avtal gäller mötet?", "Which agreement is the meeting for?"),
            suggestions=tuple(dict.fromkeys(a.short_name for a, _ in pairs)),
            examples=examples,
        )
    if len(pairs) > 1:
        return _which_body([pairs[0][0]], lang, examples)
    return pairs[0]


def _refuse_new_date(
    date: dt.date, today: dt.date, lang: Lang, examples: tuple[str, ...]
) -> Problem | None:
    """A meeting can be put on a coming day within ten years, no other."""
    if date < today:
        return Problem(
            lang=lang,
            message=say(lang, f"{day(date, lang)} har redan varit; ange ett kommande datum.",
                        f"{day(date, lang)} has already passed; give a future date."),
            examples=examples,
        )
    if date.year > today.year + MAX_YEARS_AHEAD:
        return Problem(
            lang=lang,
            message=say(lang, f"{date.isoformat()} ligger för långt fram.",
                        f"{date.isoformat()} is too far ahead."),
            examples=examples,
        )
    return None


def _example(lang: Lang) -> str:
    return say(lang, "/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13",
               "/avtal meeting add styrgrupp CMV 2027-02-12 at 13")


def _which_body(agreements: Sequence[Agreement], lang: Lang,
                examples: tuple[str, ...]) -> Problem:
    names = [b.aliases[0] if b.aliases else b.key for a in agreements for b in a.bodies]
    return Problem(
        lang=lang,
        message=say(lang, "Vilket organ gäller mötet?", "Which body is the meeting for?"),
        suggestions=tuple(dict.fromkeys(names))[:6],
        examples=examples,
    )


def add_meeting(request: Request, store: Store) -> Answer:
    """Parse and store one meeting; confirm it with the year's count against the rule."""
    lang = request.lang
    agreements = list(store.agreements())
    parsed = parse_new_meeting(request, agreements)
    if isinstance(parsed, Problem):
        return parsed
    agreement, body, meeting = parsed.agreement, parsed.body, parsed.meeting
    added = store.add_meeting(agreement_id=agreement.id, body_key=body.key, meeting=meeting)
    label = _body_label(agreement, body)
    when = " ".join(
        p for p in (day(meeting.date, lang, week=True), _time_text(meeting.time, lang)) if p
    )
    if not added:
        return Message(
            lang=lang,
            text=say(lang, f"{label} har redan ett möte {day(meeting.date, lang)}; inget ändrat.",
                     f"{label} already has a meeting on {day(meeting.date, lang)}; "
                     "nothing changed."),
        )
    count = sum(1 for m in body.meetings if m.date.year == meeting.date.year) + 1
    details: list[str] = []
    closed = why_not_working(meeting.date, lang)
    if closed:
        details.append(say(lang, f"Obs: {meeting.date.isoformat()} är {closed}.",
                           f"Note: {meeting.date.isoformat()} is {closed}."))
    if meeting.place:
        details.append(say(lang, f"Plats: {meeting.place}.", f"Place: {meeting.place}."))
    rule = body.meeting_rule
    if rule is not None:
        wanted = _per_year(rule)
        details.append(say(
            lang,
            f"{count} av {wanted} möten inlagda för {meeting.date.year} ({rule.source}).",
            f"{count} of {wanted} meetings entered for {meeting.date.year} ({rule.source}).",
        ))
    return Message(
        lang=lang,
        text=say(lang, f"Inlagt: {label} {when}.", f"Added: {label} {when}."),
        details=tuple(details),
        source=rule.source if rule else body.source,
    )


def _per_year(rule: MeetingRule) -> str:
    """'4' or '4–5': how many meetings a year the rule asks for."""
    if rule.per_year_max in (None, rule.per_year_min):
        return f"{rule.per_year_min}"
    return f"{rule.per_year_min}–{rule.per_year_max}"


# --- correcting a meeting: remove it or move it -----------------------------------------

# "ställ in" (call off) and "stryk" are what a Swedish secretary writes; "ta bort" is Slack's.
_REMOVE = re.compile(r"\b(?:ta\s+bort|tabort|radera|stryk|stall\s+in|remove|delete|cancel)\b")
_MOVE = re.compile(r"\b(?:flytta|flyttas|boka\s+om|move|reschedule)\b")
# "… 12/2 2027 till 19/2 2027": what stands after the first "till"/"to" is the new day
_TO = re.compile(r"\s(?:till|to)\s")
MAX_SUGGESTED = 6


@dataclass(frozen=True)
class MeetingChange:
    """One meeting to remove (``new`` is None) or to move to another day or time."""

    agreement: Agreement
    body: Body
    old: Meeting
    new: Meeting | None


def is_change_request(text: str) -> bool:
    folded = " ".join(fold(text).split())
    return bool(_REMOVE.search(folded) or _MOVE.search(folded))


def _change_examples(lang: Lang, moving: bool) -> tuple[str, ...]:
    if moving:
        return (say(lang, "/avtal möte flytta styrgrupp CMV 12/2 2027 till 19/2 2027 kl 13",
                    "/avtal meeting move styrgrupp CMV 2027-02-12 to 2027-02-19 at 13"),)
    return (say(lang, "/avtal möte ta bort styrgrupp CMV 12/2 2027",
                "/avtal meeting remove styrgrupp CMV 2027-02-12"),)


def _pick_meeting(agreement: Agreement, body: Body, date: dt.date | None, lang: Lang,
                  examples: tuple[str, ...]) -> Problem:
    """No meeting on ``date`` (or no date at all): list the body's meetings to pick from."""
    label = _body_label(agreement, body)
    if not body.meetings:
        return Problem(lang=lang, message=say(lang, f"{label} har inga inlagda möten.",
                                              f"{label} has no meetings entered."))
    nearest = sorted(body.meetings, key=lambda m: abs((m.date - date).days) if date else 0)
    picked = sorted(nearest[:MAX_SUGGESTED], key=lambda m: m.date)
    what = (say(lang, f"{label} har inget möte {day(date, lang)}.",
                f"{label} has no meeting on {day(date, lang)}.") if date is not None
            else say(lang, "Vilket möte menar du? Jag hittar inget datum.",
                     "Which meeting do you mean? I can't find a date."))
    return Problem(
        lang=lang,
        message=what,
        suggestions=tuple(" ".join(p for p in (day(m.date, lang), _time_text(m.time, lang)) if p)
                          for m in picked),
        examples=examples,
    )


def parse_change(request: Request, agreements: Sequence[Agreement]) -> MeetingChange | Problem:
    """Read '/avtal möte ta bort styrgrupp CMV 12/2 2027' or '… flytta … 12/2 2027 till 19/2
    2027 kl 13': the body, the meeting's present day and, when moving, the new day and time.
    Dates are read as in ``möte lägg till`` (day before month, then dateparser)."""
    lang, today = request.lang, request.today
    text = request.text
    place, text = _split_place(text)
    folded = " ".join(fold(text).split())
    moving = _MOVE.search(folded) is not None
    examples = _change_examples(lang, moving)
    folded = _MOVE.sub(" ", _REMOVE.sub(" ", folded))
    target = ""
    if moving:
        parts = _TO.split(f" {folded} ", maxsplit=1)
        if len(parts) < 2:
            return Problem(
                lang=lang,
                message=say(lang, "Vart ska mötet flyttas? Skriv ”till” och det nya datumet.",
                            "Where should the meeting move? Write “to” and the new date."),
                examples=examples,
            )
        folded, target = parts
    found = _one_body(request, folded, agreements, examples)
    if isinstance(found, Problem):
        return found
    agreement, body = found
    date = _meeting_date(folded, today)
    old = next((m for m in body.meetings if m.date == date), None)
    if old is None:
        return _pick_meeting(agreement, body, date, lang, examples)
    if not moving:
        return MeetingChange(agreement=agreement, body=body, old=old, new=None)
    timed = _read_time(target, lang, examples)
    if isinstance(timed, Problem):
        return timed
    time, target = timed
    new_date = _meeting_date(target, today)
    if new_date is None:
        return Problem(lang=lang, message=say(lang, "Jag hittar inget nytt datum för mötet.",
                                              "I can't find a new date for the meeting."),
                       examples=examples)
    refused = _refuse_new_date(new_date, today, lang, examples)
    if refused is not None:
        return refused
    label = _body_label(agreement, body)
    if new_date != old.date and any(m.date == new_date for m in body.meetings):
        return Problem(
            lang=lang,
            message=say(lang, f"{label} har redan ett möte {day(new_date, lang)}; inget ändrat. "
                              "Ta bort det först eller välj en annan dag.",
                        f"{label} already has a meeting on {day(new_date, lang)}; nothing "
                        "changed. Remove it first or pick another day."),
            examples=examples,
        )
    new = old.model_copy(update={"date": new_date, "time": time or old.time,
                                 "place": place or old.place})
    if new == old:
        return Problem(lang=lang, message=say(
            lang, f"{label} har redan mötet {_when(old, lang)}; inget ändrat.",
            f"{label} already meets on {_when(old, lang)}; nothing changed."), examples=examples)
    return MeetingChange(agreement=agreement, body=body, old=old, new=new)


def _when(meeting: Meeting, lang: Lang) -> str:
    return " ".join(p for p in (day(meeting.date, lang, week=True),
                                _time_text(meeting.time, lang)) if p)


def rule_status(body: Body, before: Sequence[Meeting], after: Sequence[Meeting], year: int,
                lang: Lang) -> str | None:
    """Whether the body's rule ("4 per år") is met for ``year`` after a change, and was."""
    rule = body.meeting_rule
    if rule is None:
        return None

    def met(meetings: Sequence[Meeting]) -> bool:
        return sum(1 for m in meetings if m.date.year == year) >= rule.per_year_min

    count = sum(1 for m in after if m.date.year == year)
    wanted = _per_year(rule)
    was, now = met(before), met(after)
    sv_state = {(True, True): "är fortfarande uppfylld", (False, True): "är nu uppfylld",
                (True, False): "är inte längre uppfylld",
                (False, False): "är fortfarande inte uppfylld"}[(was, now)]
    en_state = {(True, True): "is still met", (False, True): "is now met",
                (True, False): "is no longer met", (False, False): "is still not met"}[(was, now)]
    mark = "" if now else "⚠️ "
    return say(
        lang,
        f"{mark}Regeln {wanted} möten per år ({rule.source}) {sv_state} för {year}: {count} av "
        f"{wanted} inlagda.",
        f"{mark}The rule of {wanted} meetings a year ({rule.source}) {en_state} for {year}: "
        f"{count} of {wanted} entered.",
    )


def change_meeting(request: Request, store: Store) -> Answer:
    """Remove or move one meeting; confirm it and say whether the rule is still met."""
    lang = request.lang
    parsed = parse_change(request, list(store.agreements()))
    if isinstance(parsed, Problem):
        return parsed
    agreement, body, old, new = parsed.agreement, parsed.body, parsed.old, parsed.new
    if new is None:
        changed = store.remove_meeting(agreement_id=agreement.id, body_key=body.key,
                                       date=old.date)
    else:
        changed = store.move_meeting(agreement_id=agreement.id, body_key=body.key,
                                     date=old.date, meeting=new)
    label = _body_label(agreement, body)
    if not changed:  # someone else changed the same meeting a moment ago
        return Problem(lang=lang, message=say(
            lang, f"Mötena i {label} ändrades just av någon annan; inget ändrat. Försök igen.",
            f"The meetings of {label} were just changed by someone else; nothing changed. "
            "Try again."))
    before = body.meetings
    after = tuple(m for m in before if m.date != old.date) + ((new,) if new else ())
    details: list[str] = []
    if new is None:
        text = say(lang, f"Borttaget: {label} {_when(old, lang)}.",
                   f"Removed: {label} {_when(old, lang)}.")
    elif new.date == old.date:
        was = _time_text(old.time, lang) or say(lang, "utan tid", "no time")
        text = say(lang, f"Ändrat: {label} {_when(new, lang)} (tidigare {was}).",
                   f"Changed: {label} {_when(new, lang)} (before: {was}).")
    else:
        text = say(lang, f"Flyttat: {label} från {_when(old, lang)} till {_when(new, lang)}.",
                   f"Moved: {label} from {_when(old, lang)} to {_when(new, lang)}.")
    if new is not None:
        closed = why_not_working(new.date, lang)
        if closed:
            details.append(say(lang, f"Obs: {new.date.isoformat()} är {closed}.",
                               f"Note: {new.date.isoformat()} is {closed}."))
    years = sorted({old.date.year, *((new.date.year,) if new else ())})
    details += [line for y in years if (line := rule_status(body, before, after, y, lang))]
    rule = body.meeting_rule
    return Message(lang=lang, text=text, details=tuple(details),
                   source=rule.source if rule else body.source)


# --- the handler ------------------------------------------------------------------------

_NEXT_WORDS = frozenset("nasta nar next when kommande upcoming".split())


def answer(request: Request, agreements: Sequence[Agreement]) -> Answer:
    """The read-only questions: next meeting, meetings in a period."""
    lang, today = request.lang, request.today
    period = find_period(request.text, today)
    if period is not None and (trouble := period.message(lang)) is not None:
        return Problem(lang=lang, message=trouble)
    rest = period.rest if period else request.text
    scope, problem = _scope(request, rest, agreements)
    if problem is not None:
        return problem
    pool = scope or list(agreements)
    pairs = match_bodies(rest, pool)
    if not pairs:
        pairs = [(a, b) for a in pool for b in a.bodies if b.meeting_rule or b.meetings]
    if not pairs:
        return Message(lang=lang, text=say(lang, "Avtalen anger inga möten.",
                                           "The agreements state no meetings."))
    tokens = set(words(rest))
    if period is None and tokens & _NEXT_WORDS:
        return next_meeting_answer(pairs, lang, today, request.now)
    if period is None:
        return meetings_answer(pairs, lang, today, today + dt.timedelta(days=DEFAULT_LIST_DAYS))
    return meetings_answer(pairs, lang, period.start, period.end)


def handle(request: Request, store: Store) -> Answer:
    """Möten: nästa möte, möten i en period, lägg till, ta bort eller flytta ett möte."""
    try:
        if is_change_request(request.text):
            return change_meeting(request, store)
        if is_add_request(request.text):
            return add_meeting(request, store)
        return answer(request, list(store.agreements()))
    except Exception:  # a chat answer must never be a traceback; the log keeps the cause
        log.exception("meeting question failed")  # not the text: it may name a person
        return Problem(
            lang=request.lang,
            message=say(request.lang, "Jag kunde inte svara på den frågan om möten.",
                        "I could not answer that question about meetings."),
            examples=(say(request.lang, "när är nästa styrgruppsmöte?",
                          "when is the next steering group meeting?"),
                      say(request.lang, "möten 2027", "meetings 2027"), _example(request.lang)),
        )


HOME_DAYS = 90
HOME_ROWS = 5


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: the meetings of the coming 90 days."""
    lang, today = request.lang, request.today
    agreements = list(store.agreements())
    found = meetings_between(agreements, today, today + dt.timedelta(days=HOME_DAYS))
    if not found:
        return None
    labels = {(a.id, b.key): _body_label(a, b) for a in agreements for b in a.bodies}
    lines = tuple(
        f"• {' '.join(p for p in (day(m.date, lang), _time_text(m.time, lang)) if p)} – "
        f"{labels.get((m.agreement_id, m.body_key), m.body)}"
        for m in found[:HOME_ROWS]
    )
    return Message(lang=lang, text=say(lang, "*Kommande möten*", "*Upcoming meetings*"),
                   details=lines)


COMMANDS = (
    Command(
        name="möten",
        words=("mote", "moten", "motet", "meeting", "meetings", "sammantrade", "sammantraden"),
        handler=handle,
        help_sv=("Nästa möte, möten ett år, eller lägg till, ta bort eller flytta ett möte "
                 "(varnar om för få är inlagda)."),
        help_en=("Next meeting, meetings in a year, or add, remove or move a meeting (warns if "
                 "too few are entered)."),
        usage="möte [nästa | år | lägg till | ta bort | flytta … till …] [organ avtal datum]",
        example_sv="/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13",
        example_en="/avtal meeting add styrgrupp CMV 2027-02-12 at 13",
        triggers=("mote", "moten", "motet", "motena", "meeting", "meetings", "meet", "ses",
                  "sammantrader", "sammantrade", *WHEN_WORDS),  # "när/when": see deadlines
        # "20…": a year counts for every dated command (as for costs and deadlines)
        prefix_triggers=("styrgrupp", "ledningsgrupp", "natverk", "motes", "sammantrad", "20"),
    ),
)
