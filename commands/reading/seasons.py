"""Times of year in a question: "i vår", "hösten 2027", "nästa sommar", "in the spring",
"före jul", "till sommaren" -> a (start, end) date range, both ends inclusive.

The seasons are the calendar's, as Swedish planning speaks of them: spring March–May, summer
June–August, autumn September–November, winter December–February. A season without a year is
the one not yet over ("i höst" asked in October is this autumn; "i vår" asked in November is
next spring); "nästa" is the one after that, "förra" the one before. "Före jul" and "till
sommaren" end the day before Christmas Eve's day is over (24 December) or the summer begins.

Read from the text as written, before folding: "vår" folded is "var" ("i var kommun" is "in
each municipality"), so the Swedish names are matched with their letters (or as "våren" /
"varen", which is no other word).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# season -> (first month, last month); winter's last month is in the next year
_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
_NAMES = {
    "vår": "spring", "våren": "spring", "varen": "spring", "spring": "spring",
    "sommar": "summer", "sommaren": "summer", "summer": "summer",
    "höst": "autumn", "hösten": "autumn", "hosten": "autumn", "autumn": "autumn", "fall": "autumn",
    "vinter": "winter", "vintern": "winter", "winter": "winter",
}
_SEASON = (r"(?P<season>vår(?:en)?|varen|sommar(?:en)?|höst(?:en)?|hosten|vinter(?:n)?|spring|"
           r"summer|autumn|winter)")
_WHICH = r"(?P<which>nästa|nasta|kommande|förra|forra|next|last|this|denna|detta)"
_PHRASE = re.compile(
    # "före jul", "till sommaren", "before Christmas": from today to the day before it begins
    r"\b(?P<before>före|fore|innan|till|tills|before|until)\s+(?P<holiday>jul(?:en)?|christmas|"
    r"sommar(?:en)?|summer)\b"
    # "i vår", "nästa höst", "hösten 2027", "in the spring", "next winter"
    rf"|\b(?:(?:i|in|under|during)\s+(?:the\s+)?)?(?:{_WHICH}\s+)?{_SEASON}"
    r"(?:\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE)
# a bare "sommar"/"vinter" in "sommarsemester" is part of a word; "vår" needs "i", "nästa" …
_BARE_NEEDS_LEAD = frozenset({"vår", "höst", "sommar", "vinter", "fall", "spring", "summer",
                              "autumn", "winter"})


@dataclass(frozen=True)
class Season:
    start: dt.date
    end: dt.date
    span: tuple[int, int]  # where the phrase stands in the text


def find_season(text: str, today: dt.date) -> Season | None:
    """The first time of year ``text`` names, or None."""
    for m in _PHRASE.finditer(text):
        if m["holiday"]:
            return Season(today, _until(m["holiday"].casefold(), today), m.span())
        word = m["season"].casefold()
        if word in _BARE_NEEDS_LEAD and not (m["which"] or m["year"] or m.group(0)[
                :len(m.group(0)) - len(m["season"])].strip()):
            continue  # "höst" alone could be a word of something else
        start, end = _season(_NAMES[word], m["which"], m["year"], today)
        return Season(start, end, m.span())
    return None


def _until(holiday: str, today: dt.date) -> dt.date:
    if holiday.startswith(("jul", "christmas")):
        eve = dt.date(today.year, 12, 24)
        return eve if eve >= today else dt.date(today.year + 1, 12, 24)
    summer = dt.date(today.year, 5, 31)  # the day before summer begins
    return summer if summer >= today else dt.date(today.year + 1, 5, 31)


def _season(season: str, which: str | None, year: str | None, today: dt.date
            ) -> tuple[dt.date, dt.date]:
    if year is not None:
        return _span(season, int(year) - (1 if season == "winter" else 0))
    which = (which or "").casefold()
    first = today.year - 2
    if which in ("nästa", "nasta", "next"):  # the first to begin after today
        while _span(season, first)[0] <= today:
            first += 1
    elif which in ("förra", "forra", "last"):  # the last to have ended
        while _span(season, first + 1)[1] < today:
            first += 1
    else:  # the one not over yet: this autumn in October, next spring in November
        while _span(season, first)[1] < today:
            first += 1
    return _span(season, first)


def _span(season: str, year: int) -> tuple[dt.date, dt.date]:
    """The season beginning in ``year`` (a winter ends in February of the next)."""
    first, last = _MONTHS[season]
    end_year = year + 1 if last < first else year
    after = dt.date(end_year + (last == 12), last % 12 + 1, 1)
    return dt.date(year, first, 1), after - dt.timedelta(days=1)
