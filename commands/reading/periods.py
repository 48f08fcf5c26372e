"""Relative periods in questions: "de närmaste 60 dagarna", "nästa månad", "vecka 45",
"before 1 March", "i år", "2027" -> a (start, end) date range, both ends inclusive.

dateparser reads many single dates in both languages, but not "nästa fredag", Swedish week
numbers or ranges ("inom 30 dagar" is one *date* to it, not a window), and its search mode
happily reads English "we" as a Wednesday. So the phrases a user actually types about
deadlines are matched here first, on folded text (lower case, å/ä/ö folded, so "nasta
manad" works too); only then is dateparser asked, with Swedish day-month order, future
dates preferred and ``today`` as its base, and its finds are kept only when they contain a
digit or a month name. (A little over 500 lines: the phrase patterns and the range reading
are one grammar, read top to bottom; split, each half would need the other.) Single dates,
the month and weekday words and calendar arithmetic are in ``dates``; seasons and "före jul" in
``seasons`` (read first, from the text as written); number words in
``numbers``.

Year-less dates and months are read forward: on 2026-11-25, "1 mars" is 2027-03-01 and "i
januari" is January 2027, while "i november" is this month.

Explicit ranges ("2026-12-01 – 2026-12-20", "mellan 1 december och 20 december", "från 1/12 till
20/12", "1–20 december", "januari–mars 2027") keep both ends; a year written on one end is the
other's too. An end before its start crosses the new year only when its month comes earlier
("20 december – 10 januari"); any other reversed range is returned with ``problem`` set, its
dates in order, for the command to say so rather than list nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from commands.core.text import fold
from commands.reading.dates import (
    AMBIGUOUS_MONTHS,
    MAX_YEARS_AWAY,
    MONTH_GROUP,
    YEAR_GROUP,
    date_from,
    dateparser_date,
    dateparser_settings,
    forward_year,
    looks_like_a_date,
    month_range,
    safe_date,
)

# Names other readers import from here (deadlines, meetings) live in ``dates`` and ``numbers``.
from commands.reading.dates import DATE_RE as DATE_RE
from commands.reading.dates import MONTHS as MONTHS
from commands.reading.dates import WEEKDAYS as WEEKDAYS
from commands.reading.dates import add_months as add_months
from commands.reading.dates import week_range as week_range
from commands.reading.dates import weeks_in_year as weeks_in_year
from commands.reading.numbers import NUMBER_WORDS as NUMBER_WORDS
from commands.reading.numbers import count_of, number_pattern

# NUMBER_WORDS is re-exported for readers that still import it from here (deadlines).
from commands.reading.seasons import find_season

_ONE_DAY = dt.timedelta(days=1)


# Keeps the regexes readable; every alternative is a folded word.
_NUM = r"(?P<{name}>\d{{1,3}}|" + number_pattern() + ")"

# the longest span of days a relative period may cover: keeps "inom 999999 dagar" harmless
_MAX_DAYS = 366 * 20


@dataclass(frozen=True)
class Period:
    """A date range read from a question; ``rest`` is the folded question without it."""

    start: dt.date
    end: dt.date
    phrase: str
    rest: str
    # (Swedish, English) when the text names a range that cannot be meant as written
    # ("från 20/12 till 1/12 2026"); start and end are then the two dates in order
    problem: tuple[str, str] | None = None

    def message(self, lang: str) -> str | None:
        """The problem in the user's language, or None when the period is fine."""
        if self.problem is None:
            return None
        return self.problem[0] if lang == "sv" else self.problem[1]

    def __contains__(self, date: object) -> bool:
        return isinstance(date, dt.date) and self.start <= date <= self.end

    def as_tuple(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end



# --- phrase matchers --------------------------------------------------------------------


def _relative(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    found = count_of(m["n"]) if m["n"] else None
    count = 1 if found is None else found  # "närmaste veckan": one
    unit = m["unit"]
    if unit.startswith(("dag", "day", "dygn")):
        days = count
    elif unit.startswith(("veck", "week")):
        days = count * 7
    elif unit.startswith(("man", "month")):
        end = add_months(today, min(count, 12 * 20))
        return today, end
    else:  # år / year
        end = add_months(today, 12 * min(count, 20))
        return today, end
    return today, today + dt.timedelta(days=min(days, _MAX_DAYS))


def _calendar_unit(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    which, unit = m["which"], m["unit"]
    step = 1 if which in {"nasta", "next", "kommande"} else -1 if which in {
        "forra", "foregaende", "last", "previous"} else 0
    if unit.startswith(("veck", "week")):
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=step)
        return monday, monday + dt.timedelta(days=6)
    if unit.startswith(("man", "month")):
        first = add_months(today.replace(day=1), step)
        return month_range(first.year, first.month)
    return dt.date(today.year + step, 1, 1), dt.date(today.year + step, 12, 31)


def _weekday(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    # "nästa fredag" / "next Friday" / "på fredag": the first such day *after* today. Some
    # Swedes mean the Friday of next week by "nästa fredag"; the nearest one is the reading
    # that never skips a deadline.
    target = WEEKDAYS[m["weekday"]]
    ahead = (target - today.weekday() - 1) % 7 + 1
    day = today + dt.timedelta(days=ahead)
    return day, day


def _weeks(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    first = int(m["w1"])
    last = int(m["w2"]) if m["w2"] else first
    if not 1 <= first <= 53 or not 1 <= last <= 53:
        return None
    if m["year"]:
        year = int(m["year"])
    else:
        iso = today.isocalendar()
        # forward reading: a week already past this year is next year's ("v. 52–2" is read
        # by its first week, it crosses the new year)
        reference = first if last < first else last
        year = iso.year if reference >= iso.week else iso.year + 1
    if first > weeks_in_year(year):
        return None
    start = week_range(year, first)[0]
    end_year = year if last >= first else year + 1  # "v. 52–2" crosses the new year
    if last > weeks_in_year(end_year):
        return None
    end = week_range(end_year, last)[1]
    return start, end


def _month_year(month: int, year_text: str | None, today: dt.date) -> int:
    if year_text:
        return int(year_text)
    return today.year if month >= today.month else today.year + 1


def _months(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    word = m["month"]
    if word in AMBIGUOUS_MONTHS and not (m["lead"] or m["year"]):
        return None
    month = MONTHS[word]
    year = _month_year(month, m["year"], today)
    if m["month2"]:
        month2 = MONTHS[m["month2"]]
        year2 = int(m["year2"]) if m["year2"] else (year if month2 >= month else year + 1)
        if (year2, month2) < (year, month):
            return None
        return month_range(year, month)[0], month_range(year2, month2)[1]
    return month_range(year, month)


def _year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    first = int(m["y1"])
    last = int(m["y2"]) if m["y2"] else first
    if last < first:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def _this_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def _single_day(offset: int) -> Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date]]:
    def matcher(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
        day = today + dt.timedelta(days=offset)
        return day, day

    return matcher



def parse_date(text: str, today: dt.date) -> dt.date | None:
    """One date from a short fragment: '2027-02-12', '12 februari 2027', '12/2', 'nästa fredag',
    'tomorrow'. Our own patterns first, then dateparser (sv, en; day before month)."""
    folded = " ".join(fold(text).split())
    if not folded:
        return None
    m = DATE_RE.search(folded)
    if m:
        return date_from(m, today)
    period = _match_phrases(folded, today)
    if period is not None and period.start == period.end:
        return period.start
    return dateparser_date(folded, today)



# --- bounds: "före 1 mars", "from 1 March to 15 April" ---------------------------------

_BEFORE = r"(?P<before>fore|innan|before|prior\s+to)"
_UNTIL = (
    r"(?P<until>senast|till\s+och\s+med|t\.?\s?o\.?\s?m\.?|fram\s+till|tills|until|till|by|"
    r"up\s+to|through|no\s+later\s+than)"
)
_AFTER = r"(?P<after>efter|after)"
_FROM = r"(?P<from>fran\s+och\s+med|fr\.?\s?o\.?\s?m\.?|fran|from|since|starting)"
_BETWEEN = r"(?P<between>mellan|between|fran\s+och\s+med|fran|from)"


def _bound_target(fragment: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The date or month a bound word points at, as a range (a month is its whole range)."""
    m = DATE_RE.match(fragment)
    if m:
        day = date_from(m, today)
        return (day, day) if day else None
    m = re.match(MONTH_GROUP.format(name="month") + r"(?:\s+" + YEAR_GROUP.format(name="year")
                 + r")?\b", fragment)
    if m:
        month = MONTHS[m["month"]]
        return month_range(_month_year(month, m["year"], today), month)
    m = re.match(YEAR_GROUP.format(name="year") + r"\b", fragment)
    if m:
        year = int(m["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    m = re.match(r"(?:vecka|veckan|v\.?|week|wk)\s*(?P<w>\d{1,2})\b", fragment)
    if m and 1 <= int(m["w"]) <= 53:
        iso = today.isocalendar()
        week = int(m["w"])
        return week_range(iso.year if week >= iso.week else iso.year + 1, week)
    return None


_TARGET = (
    r"(?P<{name}>(?:(?:19|20)\d\d-\d\d?-\d\d?|\d{{1,2}}(?::?[ae]|st|nd|rd|th)?(?:\s+of)?\s+[a-z]+"
    r"(?:\s*,?\s*(?:19|20)\d\d)?|\d{{1,2}}[/.]\d{{1,2}}(?:[/.](?:19|20)?\d\d|\s+(?:19|20)\d\d)?|"
    r"[a-z]+\s+\d{{1,2}}"
    r"(?:\s*,?\s*(?:19|20)\d\d)?|[a-z]+(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d|"
    r"(?:vecka|veckan|v\.?|week|wk)\s*\d{{1,2}}))"
)


class _Reversed(Exception):
    """A range whose end comes before its start however its years are read."""

    def __init__(self, first: dt.date, second: dt.date) -> None:
        super().__init__(first, second)
        self.first, self.second = first, second


def _has_year(fragment: str) -> bool:
    m = DATE_RE.match(fragment)
    if m:
        return bool(m["iso"] or m["y"] or m["y2"] or m["y3"])
    return re.search(r"(?:19|20)\d\d", fragment) is not None


def _shift_years(span: tuple[dt.date, dt.date], years: int) -> tuple[dt.date, dt.date]:
    return add_months(span[0], 12 * years), add_months(span[1], 12 * years)


def _is_calendar_target(fragment: str) -> bool:
    """A date or a month (not a week or a bare year): these ends share a year."""
    return bool(DATE_RE.match(fragment) or re.match(MONTH_GROUP.format(name="month"), fragment))


def _join(first: tuple[dt.date, dt.date], first_text: str,
          second: tuple[dt.date, dt.date], second_text: str) -> tuple[dt.date, dt.date]:
    """One range from its two ends. A year written on one end is the other's too; with no
    year at all the range is the next one that has not ended. An end before the start moves
    into the next year only across the new year (its month earlier than the start's:
    "20 december – 10 januari"); otherwise the range is reversed and ``_Reversed`` raised."""
    first_year, second_year = _has_year(first_text), _has_year(second_text)
    if not (_is_calendar_target(first_text) and _is_calendar_target(second_text)):
        if second[1] < first[0] and not second_year:
            second = _shift_years(second, 1)  # "från v. 50 till v. 2"
    elif first_year and not second_year:
        second = _shift_years(second, first[0].year - second[0].year)
        if second[1] < first[0] and second[0].month < first[0].month:
            second = _shift_years(second, 1)
    elif not first_year:
        # anchored on the end: it is already the next one, or the year written on it
        first = _shift_years(first, second[0].year - first[0].year)
        if first[0] > second[1] and first[0].month > second[0].month:
            first = _shift_years(first, -1)
    if second[1] < first[0]:
        raise _Reversed(first[0], second[1])
    return first[0], second[1]


def _between(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    first, second = _bound_target(m["t1"], today), _bound_target(m["t2"], today)
    if first is None or second is None:
        return None
    return _join(first, m["t1"], second, m["t2"])


def _day_span(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    """"1–20 december", "December 1–20, 2027": days of one month."""
    month = MONTHS[m["m"] or m["m2"]]
    first, last = int(m["d1"] or m["e1"]), int(m["d2"] or m["e2"])
    year_text = m["y"] or m["y2"]
    year = int(year_text) if year_text else forward_year(today, month, last)
    start, end = safe_date(year, month, first), safe_date(year, month, last)
    if start is None or end is None:
        return None
    if end < start:
        raise _Reversed(start, end)
    return start, end


def _bounded(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    target = _bound_target(m["t"], today)
    if target is None:
        return None
    if m["before"]:
        end = target[0] - _ONE_DAY
        return (today, end) if end >= today else None
    if m["until"]:
        return (today, target[1]) if target[1] >= today else None
    if m["after"]:
        start = target[1] + _ONE_DAY
        return start, add_months(start, 12) - _ONE_DAY
    # "från 1 mars": a year from then unless an end follows (handled by "between")
    return target[0], add_months(target[0], 12) - _ONE_DAY


# --- the table of phrases, tried in order ---------------------------------------------

_UNIT = (
    r"(?P<unit>dagarna|dagar|dag|dygn|days|day|veckorna|veckor|veckan|vecka|weeks|week|"
    r"manaderna|manader|manaden|manad|months|month|aren|aret|ar|years|year)"
)
_Matcher = Callable[[re.Match[str], dt.date], "tuple[dt.date, dt.date] | None"]

# a date alone, for ranges written without "från"/"mellan": "2026-12-01 – 2026-12-20"
_DATE_TARGET = (
    r"(?P<{name}>(?:19|20)\d\d-\d\d?-\d\d?|\d{{1,2}}(?::?[ae]|st|nd|rd|th)?\s+(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\b(?:\s*,?\s*(?:19|20)\d\d)?|"
    r"\d{{1,2}}[/.]\d{{1,2}}(?:[/.](?:19|20)?\d\d|\s+(?:19|20)\d\d)?)"
)
_DASH = r"(?:-|–|—|till|to|until)"

_PHRASES: tuple[tuple[re.Pattern[str], _Matcher], ...] = (
    # "mellan 1 mars och 15 april", "between 1 March and 15 April", "från … till …"
    (re.compile(
        r"\b" + _BETWEEN + r"\s+" + _TARGET.format(name="t1")
        + r"\s*(?:och|and|till|to|until|-|–)\s*" + _TARGET.format(name="t2") + r"\b"
    ), _between),
    # "2026-12-01 – 2026-12-20", "20 december – 10 januari", "1/12-20/12"
    (re.compile(
        r"\b" + _DATE_TARGET.format(name="t1") + r"\s*" + _DASH + r"\s*"
        + _DATE_TARGET.format(name="t2") + r"(?![\d/.-]*\d)"
    ), _between),
    # "1–20 december", "1-20 dec 2027", "December 1–20"
    (re.compile(
        r"\b(?:(?P<d1>\d{1,2})\s*(?:-|–|—)\s*(?P<d2>\d{1,2})(?::?[ae]|st|nd|rd|th)?\s+"
        + MONTH_GROUP.format(name="m") + r"(?:\s*,?\s*" + YEAR_GROUP.format(name="y") + r")?|"
        + MONTH_GROUP.format(name="m2") + r"\s+(?P<e1>\d{1,2})\s*(?:-|–|—)\s*(?P<e2>\d{1,2})"
        r"(?:st|nd|rd|th)?(?:\s*,?\s*" + YEAR_GROUP.format(name="y2") + r")?)\b"
    ), _day_span),
    # "de närmaste 60 dagarna", "inom 30 dagar", "within two weeks", "the next 3 months"
    (re.compile(
        r"\b(?:(?:de|den|det|the)\s+)?(?:narmaste|kommande|nasta|inom|within|next|coming|"
        r"in\s+the\s+next|over\s+the\s+next|during\s+the\s+next|om|in)\s+"
        + _NUM.format(name="n") + r"\s+" + _UNIT + r"\b"
    ), _relative),
    # "närmaste veckan", "the coming month" (no number: one)
    (re.compile(
        r"\b(?:(?:de|den|det|the)\s+)?(?:narmaste|kommande|coming)\s+(?P<n>)"
        r"(?P<unit>veckan|manaden|aret|week|month|year)\b"
    ), _relative),
    # "före 1 mars", "senast 28/2", "before 1 March", "until v. 45", "efter 1 mars", "from May"
    (re.compile(
        r"\b(?:" + _BEFORE + "|" + _UNTIL + "|" + _AFTER + "|" + _FROM + r")\s+(?:den\s+|the\s+)?"
        + _TARGET.format(name="t") + r"\b"
    ), _bounded),
    # "v. 45–46", "vecka 45", "week 45 2027"
    (re.compile(
        r"\b(?:vecka|veckan|veckorna|v\.?|week|weeks|wk)\s*(?P<w1>\d{1,2})"
        r"(?:\s*(?:-|–|till|to|och|and)\s*(?:v\.?\s*|vecka\s+|week\s+)?(?P<w2>\d{1,2}))?"
        r"(?:\s*,?\s*(?:ar\s+)?" + YEAR_GROUP.format(name="year") + r")?\b"
    ), _weeks),
    # "nästa vecka", "this month", "förra året", "next year"
    (re.compile(
        r"\b(?P<which>nasta|next|kommande|denna|detta|den\s+har|det\s+har|this|forra|foregaende|"
        r"last|previous)\s+(?P<unit>veckan|vecka|week|manaden|manad|month|aret|ar|year)\b"
    ), _calendar_unit),
    # "nästa fredag", "next Friday", "på fredag", "fredag"
    (re.compile(
        r"\b(?:(?:nasta|next|pa|on|this|kommande|denna)\s+)?(?P<weekday>"
        + "|".join(WEEKDAYS) + r")\b"
    ), _weekday),
    # "i dag", "imorgon", "tomorrow"
    (re.compile(r"\b(?:idag|i\s+dag|today)\b"), _single_day(0)),
    (re.compile(r"\b(?:imorgon|i\s+morgon|tomorrow)\b"), _single_day(1)),
    (re.compile(r"\b(?:i\s+overmorgon|overmorgon)\b"), _single_day(2)),
    # "i år", "this year" ("i år" is also "in is" after folding, which nobody writes)
    (re.compile(r"\b(?:i\s+ar|innevarande\s+ar|in\s+the\s+current\s+year)\b"), _this_year),
)

# Single dates are tried after the phrases above (which may contain a date) and before
# months and years (which a date contains).
_MONTH_PHRASE = re.compile(
    r"\b(?P<lead>i|in|under|during|for|av|of)?\s*" + MONTH_GROUP.format(name="month")
    + r"(?:\s*(?:-|–|till|to|och|and|through)\s*" + MONTH_GROUP.format(name="month2")
    + r"(?:\s+" + YEAR_GROUP.format(name="year2") + r")?)?"
    + r"(?:\s+" + YEAR_GROUP.format(name="year") + r")?\b"
)
_YEAR_PHRASE = re.compile(
    r"\b(?:ar|aret|year|i|in)?\s*" + YEAR_GROUP.format(name="y1")
    + r"(?:\s*(?:-|–|till|to)\s*" + YEAR_GROUP.format(name="y2") + r")?\b"
)


def _period(folded: str, m: re.Match[str], span: tuple[dt.date, dt.date]) -> Period:
    rest = (folded[: m.start()] + " " + folded[m.end():]).split()
    return Period(start=span[0], end=span[1], phrase=m.group(0).strip(), rest=" ".join(rest))


def _reversed(folded: str, m: re.Match[str], error: _Reversed) -> Period:
    first, second = error.first, error.second
    phrase = m.group(0).strip()
    found = _period(folded, m, (second, first))
    return Period(
        start=found.start, end=found.end, phrase=phrase, rest=found.rest,
        problem=(f"Perioden slutar {second.isoformat()}, innan den börjar "
                 f"{first.isoformat()}. Skriv det tidigaste datumet först, t.ex. "
                 f"”{second.isoformat()} – {first.isoformat()}”.",
                 f"The period ends on {second.isoformat()}, before it starts on "
                 f"{first.isoformat()}. Put the earlier date first, e.g. "
                 f"“{second.isoformat()} – {first.isoformat()}”."),
    )


def _match_phrases(folded: str, today: dt.date) -> Period | None:
    for pattern, matcher in _PHRASES:
        for m in pattern.finditer(folded):
            try:
                span = matcher(m, today)
            except _Reversed as reversed_range:
                return _reversed(folded, m, reversed_range)
            if span is not None:
                return _period(folded, m, span)
    return None


def find_period(text: str, today: dt.date) -> Period | None:
    """The first period named in ``text``, or None when it names none.

    Never raises: odd input ("vecka 99", "31/2", a wall of emoji) is simply no period.
    """
    try:
        return _find_period(text, today)
    except (ValueError, OverflowError, KeyError):
        return None


def _find_period(text: str, today: dt.date) -> Period | None:
    folded = " ".join(fold(text).split())
    if not folded:
        return None
    season = find_season(text, today)  # from the text as written: "vår" folds to "var"
    if season is not None:
        phrase = text[season.span[0]:season.span[1]]
        rest = " ".join(fold(text[:season.span[0]] + " " + text[season.span[1]:]).split())
        return Period(start=season.start, end=season.end, phrase=fold(phrase), rest=rest)
    found = _match_phrases(folded, today)
    if found is not None:
        return found
    for m in DATE_RE.finditer(folded):
        day = date_from(m, today)
        if day is not None:
            return _period(folded, m, (day, day))
    for m in _MONTH_PHRASE.finditer(folded):
        span = _months(m, today)
        if span is not None:
            return _period(folded, m, span)
    for m in _YEAR_PHRASE.finditer(folded):
        span = _year(m, today)
        if span is not None:
            return _period(folded, m, span)
    return _dateparser_period(folded, today)


def _dateparser_period(folded: str, today: dt.date) -> Period | None:
    """Last resort: dateparser's search, keeping only finds that look like real dates."""
    try:
        from dateparser.search import search_dates

        found = search_dates(
            folded, languages=["sv", "en"], settings=dateparser_settings(today)
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    for fragment, when in found or ():
        if looks_like_a_date(fragment) and abs(when.year - today.year) <= MAX_YEARS_AWAY:
            start = folded.find(fragment)
            rest = (folded[:start] + " " + folded[start + len(fragment):]).split()
            day = when.date()
            return Period(start=day, end=day, phrase=fragment, rest=" ".join(rest))
    return None

