"""Reading a meeting question: which bodies, which period, and for ``möte lägg till`` /
``flytta`` / ``ta bort`` the day, time and place.

Dates are read day before month, as Swedes write them ("2/12" is 2 December), then by
dateparser ("12 februari 2027"); times as "kl 13", "kl. 13.30", "13:00" or "1 pm". What cannot
be read comes back as an ``Unclear`` that says what was missing; ``wording`` phrases it, so
this module holds no sentence a user reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from commands.core.agreement import Agreement, Body, Meeting
from commands.core.answers import Problem
from commands.core.context import Request
from commands.core.scope import agreements_for_channel
from commands.core.text import fold, words
from commands.deadlines.question import match_agreements
from commands.meetings.rules import DEFAULT_LIST_DAYS, MAX_YEARS_AHEAD
from commands.reading.names import bodies_named
from commands.reading.periods import DATE_RE, find_period, parse_date
from commands.reading.words import BODY_KINDS

# How many of a body's meetings to offer when the one named cannot be found.
MAX_SUGGESTED = 6

# "lägger jag till", "tar vi bort", "bokar man om": a Swedish particle verb takes its subject
# between verb and particle in a question
_WHO = r"(?:(?:jag|vi|man|du|ni)\s+)?"
_ADD = re.compile(
    rf"\b(?:lagg\s+till|lagga\s+till|lagger\s+{_WHO}till|add|boka|bokar|book|registrera|"
    r"register|schedule|nytt\s+mote|new\s+meeting)\b"
)
# "ställ in" (call off) and "stryk" are what a Swedish secretary writes; "ta bort" is Slack's.
_REMOVE = re.compile(rf"\b(?:ta\s+bort|tar\s+{_WHO}bort|tabort|radera|stryk|stryker|stall\s+in|"
                     rf"stalla\s+in|staller\s+{_WHO}in|remove|delete|cancel)\b")
_MOVE = re.compile(rf"\b(?:flytta|flyttas|flyttar|boka\s+om|bokar\s+{_WHO}om|move|reschedule)\b")
# "hur lägger jag till ett möte?", "can we cancel the meeting?": how, not yet a command
_HOW = re.compile(r"\b(?:hur|how|kan\s+(?:jag|vi|man|du)|far\s+(?:jag|vi|man)|can\s+(?:i|we|you)|"
                  r"gar\s+det\s+att)\b")
# "… 12/2 2027 till 19/2 2027": what stands after the first "till"/"to" is the new day
_TO = re.compile(r"\s(?:till|to)\s")
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

_NEXT_WORDS = frozenset("nasta nar next when kommande upcoming".split())

Action = Literal["add", "move", "remove"]
UnclearKind = Literal[
    "bad_time",  # ``text``: the time as written ("kl 25")
    "no_target",  # moving, but no "till"/"to" and new day
    "no_meetings",  # the body has no meetings to change
    "no_meeting_on",  # nothing on ``date``; ``meetings`` are the nearest
    "no_old_date",  # no date for the meeting to change; ``meetings`` to pick from
    "no_date",  # no date for a new meeting
    "no_new_date",  # moving, but the new day cannot be read
    "past",  # ``date`` has passed
    "too_far",  # ``date`` is more than MAX_YEARS_AHEAD years ahead
    "taken",  # the body already meets on the new ``date``
    "unchanged",  # the move would change nothing; ``meetings`` holds the meeting
    "which_body",  # ``options``: bodies to choose from
    "which_agreement",  # ``options``: agreements to choose from
]


@dataclass(frozen=True)
class Unclear:
    """What a meeting command lacks or gets wrong, for ``wording`` to put into words."""

    kind: UnclearKind
    action: Action
    agreement: Agreement | None = None
    body: Body | None = None
    date: dt.date | None = None
    text: str = ""
    meetings: tuple[Meeting, ...] = ()
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewMeeting:
    agreement: Agreement
    body: Body
    meeting: Meeting


@dataclass(frozen=True)
class MeetingChange:
    """One meeting to remove (``new`` is None) or to move to another day or time."""

    agreement: Agreement
    body: Body
    old: Meeting
    new: Meeting | None


@dataclass(frozen=True)
class MeetingQuery:
    """A read-only question: the next meeting of some bodies, or their meetings in a period."""

    pairs: tuple[tuple[Agreement, Body], ...]
    next_only: bool
    start: dt.date
    end: dt.date


def is_add_request(text: str) -> bool:
    return bool(_ADD.search(" ".join(fold(text).split())))


def asks_how_to(text: str, today: dt.date) -> Action | None:
    """The change asked about without a day to make it: "när flyttas mötet?", "kan vi flytta
    styrgruppsmötet?" (moving needs both days, so any such question), "hur lägger jag till
    ett möte?", "hur tar man bort ett möte?" (a question word: "möte ta bort styrgrupp CMV"
    is a command short of its day, answered with what is missing)."""
    folded = " ".join(fold(text).split())
    if _meeting_date(folded, today) is not None:
        return None
    if _MOVE.search(folded) is not None:
        return "move" if not _TO.search(f" {folded} ") else None
    if _HOW.search(folded) is None:
        return None
    if _REMOVE.search(folded) is not None:
        return "remove"
    return "add" if _ADD.search(folded) is not None else None


# "möte", "mötet", "styrgruppsmötet", "meeting": the meeting itself is named
_MEETING = re.compile(r"(?:mote|moten|motet|motena|sammantrade|sammantradet)\b|\bmeetings?\b")


def asks_how_to_change_a_meeting(request: Request) -> bool:
    """A question about adding, moving or removing a meeting that names one ("hur lägger jag
    till ett möte?", "can we move the steering group meeting?"): the meeting command's to
    answer, not the clauses' ("vad gäller om den vuxna flyttar från jourlägenheten?" names
    none)."""
    folded = " ".join(fold(request.text).split())
    return _MEETING.search(folded) is not None and asks_how_to(
        request.text, request.today) is not None


def is_change_request(text: str) -> bool:
    folded = " ".join(fold(text).split())
    return bool(_REMOVE.search(folded) or _MOVE.search(folded))


def match_bodies(text: str, agreements: Sequence[Agreement]) -> list[tuple[Agreement, Body]]:
    """Bodies named in ``text`` (``reading.names``, with this domain's words for kinds)."""
    return bodies_named(text, agreements, kinds=BODY_KINDS)


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


def read_query(request: Request, agreements: Sequence[Agreement]
               ) -> MeetingQuery | Problem:
    """'när är nästa styrgruppsmöte?', 'möten 2027 CMV': the bodies and the period.

    No body named means every body that has a meeting rule or meetings; ``pairs`` is empty
    when the agreements state none."""
    today = request.today
    period = find_period(request.text, today)
    if period is not None and (trouble := period.message(request.lang)) is not None:
        return Problem(lang=request.lang, message=trouble)
    rest = period.rest if period else request.text
    scope, problem = _scope(request, rest, agreements)
    if problem is not None:
        return problem
    pool = scope or list(agreements)
    pairs = match_bodies(rest, pool)
    if not pairs:
        pairs = [(a, b) for a in pool for b in a.bodies if b.meeting_rule or b.meetings]
    if period is not None:
        return MeetingQuery(tuple(pairs), False, period.start, period.end)
    next_only = bool(set(words(rest)) & _NEXT_WORDS)
    return MeetingQuery(tuple(pairs), next_only, today,
                        today + dt.timedelta(days=DEFAULT_LIST_DAYS))


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


def _read_time(folded: str, action: Action) -> tuple[dt.time | None, str] | Unclear:
    """``parse_time``, refusing a time that was meant but cannot be ("kl 25")."""
    time, rest = parse_time(folded)
    bad_time = _BAD_TIME.search(rest) if time is None else None
    if bad_time:
        return Unclear("bad_time", action, text=bad_time.group(0))
    return time, rest


def _meeting_date(folded: str, today: dt.date) -> dt.date | None:
    m = DATE_RE.search(folded)
    if m:
        return parse_date(m.group(0), today)
    period = find_period(folded, today)
    if period is not None and period.start == period.end:
        return period.start
    return None


def _one_body(
    request: Request, folded: str, agreements: Sequence[Agreement], action: Action
) -> tuple[Agreement, Body] | Problem | Unclear:
    """The one body a meeting command names, or what to ask about it."""
    scope, problem = _scope(request, folded, agreements)
    if problem is not None:
        return problem
    pairs = match_bodies(folded, scope or agreements)
    if not pairs:
        return _which_body(scope or list(agreements), action)
    if len({a.id for a, _ in pairs}) > 1:
        return Unclear("which_agreement", action,
                       options=tuple(dict.fromkeys(a.short_name for a, _ in pairs)))
    if len(pairs) > 1:
        return _which_body([pairs[0][0]], action)
    return pairs[0]


def _which_body(agreements: Sequence[Agreement], action: Action) -> Unclear:
    names = [b.aliases[0] if b.aliases else b.key for a in agreements for b in a.bodies]
    return Unclear("which_body", action, options=tuple(dict.fromkeys(names))[:6])


def _refuse_new_date(date: dt.date, today: dt.date, action: Action) -> Unclear | None:
    """A meeting can be put on a coming day within ten years, no other."""
    if date < today:
        return Unclear("past", action, date=date)
    if date.year > today.year + MAX_YEARS_AHEAD:
        return Unclear("too_far", action, date=date)
    return None


def parse_new_meeting(
    request: Request, agreements: Sequence[Agreement]
) -> NewMeeting | Problem | Unclear:
    """Read body, agreement, date, time and place from '/avtal möte lägg till …'."""
    place, text = _split_place(request.text)
    folded = _ADD.sub(" ", " ".join(fold(text).split()))
    timed = _read_time(folded, "add")
    if isinstance(timed, Unclear):
        return timed
    time, folded = timed
    found = _one_body(request, folded, agreements, "add")
    if not isinstance(found, tuple):
        return found
    agreement, body = found
    date = _meeting_date(folded, request.today)
    if date is None:
        return Unclear("no_date", "add")
    refused = _refuse_new_date(date, request.today, "add")
    if refused is not None:
        return refused
    return NewMeeting(agreement=agreement, body=body,
                      meeting=Meeting(date=date, time=time, place=place))


def _pick_meeting(agreement: Agreement, body: Body, date: dt.date | None,
                  action: Action) -> Unclear:
    """No meeting on ``date`` (or no date at all): the body's meetings to pick from."""
    if not body.meetings:
        return Unclear("no_meetings", action, agreement=agreement, body=body)
    nearest = sorted(body.meetings, key=lambda m: abs((m.date - date).days) if date else 0)
    picked = tuple(sorted(nearest[:MAX_SUGGESTED], key=lambda m: m.date))
    return Unclear("no_meeting_on" if date is not None else "no_old_date", action,
                   agreement=agreement, body=body, date=date, meetings=picked)


def parse_change(request: Request, agreements: Sequence[Agreement]
                 ) -> MeetingChange | Problem | Unclear:
    """Read '/avtal möte ta bort styrgrupp CMV 12/2 2027' or '… flytta … 12/2 2027 till 19/2
    2027 kl 13': the body, the meeting's present day and, when moving, the new day and time.
    Dates are read as in ``möte lägg till`` (day before month, then dateparser)."""
    today = request.today
    place, text = _split_place(request.text)
    folded = " ".join(fold(text).split())
    moving = _MOVE.search(folded) is not None
    action: Action = "move" if moving else "remove"
    folded = _MOVE.sub(" ", _REMOVE.sub(" ", folded))
    target = ""
    if moving:
        parts = _TO.split(f" {folded} ", maxsplit=1)
        if len(parts) < 2:
            return Unclear("no_target", action)
        folded, target = parts
    found = _one_body(request, folded, agreements, action)
    if not isinstance(found, tuple):
        return found
    agreement, body = found
    date = _meeting_date(folded, today)
    old = next((m for m in body.meetings if m.date == date), None)
    if old is None:
        return _pick_meeting(agreement, body, date, action)
    if not moving:
        return MeetingChange(agreement=agreement, body=body, old=old, new=None)
    timed = _read_time(target, action)
    if isinstance(timed, Unclear):
        return timed
    time, target = timed
    new_date = _meeting_date(target, today)
    if new_date is None:
        return Unclear("no_new_date", action)
    refused = _refuse_new_date(new_date, today, action)
    if refused is not None:
        return refused
    if new_date != old.date and any(m.date == new_date for m in body.meetings):
        return Unclear("taken", action, agreement=agreement, body=body, date=new_date)
    new = old.model_copy(update={"date": new_date, "time": time or old.time,
                                 "place": place or old.place})
    if new == old:
        return Unclear("unchanged", action, agreement=agreement, body=body, meetings=(old,))
    return MeetingChange(agreement=agreement, body=body, old=old, new=new)
