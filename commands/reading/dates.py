"""Dates as users write them, and the calendar they live in: the month and weekday words
(Swedish and English, folded), single dates ("2027-02-12", "12 februari 2027", "12/2",
"March 1, 2027" — day before month, as Swedes write), calendar arithmetic (whole months,
ISO weeks), and the guarded use of dateparser for what our own patterns do not read.

``periods`` builds ranges ("nästa månad", "v. 45–46", "före 1 mars") on top of this; split
from it so that neither module passes ~500 lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from commands.core.workdays import add_months as add_months
from commands.core.workdays import week_range as week_range
from commands.core.workdays import weeks_in_year as weeks_in_year

MONTHS: dict[str, int] = {
    # Swedish, folded
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
    # abbreviations that are not also ordinary words ("jul" is Christmas, "mar" is too short)
    "jan": 1, "feb": 2, "apr": 4, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10,
    "nov": 11, "dec": 12,
}
# Month words that are also ordinary English words count only after "in"/"during"/"before"
# or with a day or year next to them ("may we …", "march on").
AMBIGUOUS_MONTHS = frozenset({"may", "march"})

WEEKDAYS: dict[str, int] = {
    "mandag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lordag": 5, "sondag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

# Keeps the readers' regexes readable; every alternative is a folded word. Formatted with
# the group's name: MONTH_GROUP.format(name="m").
MONTH_GROUP = "(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
YEAR_GROUP = r"(?P<{name}>(?:19|20)\d\d)"

# dateparser reads "999999 dagar" as a date in the 48th century; nothing we answer is that far
MAX_YEARS_AWAY = 50


# --- calendar arithmetic ----------------------------------------------------------------


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def forward_year(today: dt.date, month: int, day: int) -> int:
    """The year that puts day/month on or after today (1 mars on 2026-11-25 -> 2027)."""
    this_year = safe_date(today.year, month, day)
    if this_year is None and month == 2 and day == 29:
        # 29 February without a year: the next leap year's
        year = today.year
        while not calendar.isleap(year) or dt.date(year, 2, 29) < today:
            year += 1
        return year
    return today.year if this_year is not None and this_year >= today else today.year + 1



# --- single dates ---------------------------------------------------------------------

_DATE_PATTERNS = (
    # 2027-02-12
    # 2027-02-12, 2027/02/12: year first, whatever the separator
    r"(?P<iso>(?:19|20)\d\d(?P<sep>[-/])\d\d?(?P=sep)\d\d?)",
    # 12 februari 2027, 12:e mars, den 1 mars
    r"(?P<d>\d{1,2})(?::?[ae]|st|nd|rd|th)?(?:\s+of)?\s+" + MONTH_GROUP.format(name="m")
    + r"(?:\s*,?\s*" + YEAR_GROUP.format(name="y") + ")?",
    # March 1, 2027
    MONTH_GROUP.format(name="m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*"
    + YEAR_GROUP.format(name="y2") + ")?",
    # 12/2, 12/2 2027, 12/2/2027, 12.2.2027 — day first, as Swedes write it
    r"(?P<d3>\d{1,2})[/.](?P<m3>\d{1,2})(?:(?:[/.]|\s+)(?P<y3>(?:19|20)?\d\d))?(?![\d/.]*\d)",
)
DATE_RE = re.compile(r"\b(?:" + "|".join(_DATE_PATTERNS) + r")\b")


def date_from(m: re.Match[str], today: dt.date) -> dt.date | None:
    if m["iso"]:
        y, mo, d = (int(part) for part in re.split(r"[-/]", m["iso"]))
        return safe_date(y, mo, d)
    if m["d"]:
        day, month, year = int(m["d"]), MONTHS[m["m"]], m["y"]
    elif m["d2"]:
        day, month, year = int(m["d2"]), MONTHS[m["m2"]], m["y2"]
    else:
        day, month, year = int(m["d3"]), int(m["m3"]), m["y3"]
        if year and len(year) == 2:
            year = "20" + year
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year:
        return safe_date(int(year), month, day)
    return safe_date(forward_year(today, month, day), month, day)


def dateparser_settings(today: dt.date) -> dict[str, Any]:
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time()),
        "PREFER_DAY_OF_MONTH": "first",
    }



def dateparser_date(fragment: str, today: dt.date) -> dt.date | None:
    if not looks_like_a_date(fragment):
        return None
    try:
        import dateparser

        found = dateparser.parse(
            fragment, languages=["sv", "en"], settings=dateparser_settings(today)
        )
    except Exception:  # dateparser raises assorted errors on odd input; none may reach a user
        return None
    if not isinstance(found, dt.datetime) or abs(found.year - today.year) > MAX_YEARS_AWAY:
        return None
    return found.date()


def looks_like_a_date(fragment: str) -> bool:
    """dateparser reads 'we', 'sa', '13' as dates; accept only fragments with a month name,
    a relative-day word, or a digit group that is not a lone one- or two-digit number."""
    tokens = re.findall(r"[a-z]+|\d+", fragment)
    if any(t in MONTHS and t not in AMBIGUOUS_MONTHS for t in tokens):
        return True
    if any(t in {"idag", "imorgon", "igar", "today", "tomorrow", "yesterday"} for t in tokens):
        return True
    digits = [t for t in tokens if t.isdigit()]
    if digits and any(t in _RELATIVE_UNITS for t in tokens):
        return True  # "3 weeks from now", "5 dagar sedan": a count of days, weeks …
    return bool(digits) and not (len(digits) == 1 and len(digits[0]) <= 2)


_RELATIVE_UNITS = frozenset(
    "dag dagar dagarna vecka veckor veckorna manad manader ar day days week weeks month "
    "months year years".split()
)
