"""Years in a question: "2026", "i år", "nästa år", "förra året", "2025–2030", "sedan 2025".

Relative words are resolved against ``today`` from the request (never a clock), so "nästa
år" asked on 2026-03-01 is 2027 in every test. Money in the same question ("180 000 kr")
is not a year: amounts are masked out first.

``find_years`` reports what was written, in order; a command decides what several years
mean (a range is a table, two single years may be a comparison). Numbers that look like
a mistyped year ("20266", a range written backwards) come back in ``invalid`` so the
user is told, instead of silently getting the current year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from commands.core.text import fold
from commands.reading.amounts import mask_amounts
from commands.reading.numbers import count_of

_DASH = r"\s*(?:-|–|—|till|to|until|through|tom|t\.o\.m\.|och|and)\s*"
_RANGE = re.compile(
    rf"(?<!\d)(?:(mellan|between|fran|from)\s+)?(\d{{4}}){_DASH}(\d{{4}}|\d{{2}})(?!\d)"
)
_YEAR = re.compile(r"(?<![\d,.])(\d{4})(?![\d,.]\d)(?!\d)")
# A five-digit number starting like a year is a mistyped year ("20266"), not an amount.
_BAD_NUMBER = re.compile(r"(?<![\d,.])\b((?:19|20)\d{3})\b(?![,.]\d)")
_AFTER_YEAR_WORD = re.compile(r"\b(?:ar|aret|year)\s+(\d{1,3}|\d{5,})\b")

# Relative phrases on folded text, longest first so "forrforra aret" wins over "forra aret".
_RELATIVE: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])"), offset)
    for pattern, offset in (
        (r"forrforra (?:ar|aret)|year before last", -2),
        (r"forra (?:ar|aret)|i fjol|ifjol|fjolaret|last year|previous year|past year", -1),
        (r"i ar|iar|detta ar|det har aret|innevarande ar|arets|this year|current year", 0),
        (r"nasta ar|nastkommande ar|kommande ar|next year|coming year|upcoming year", 1),
        (r"nastnasta ar|year after next", 2),
    )
)
# "sedan 2025", "since 2025": from that year to this one
_SINCE = re.compile(
    r"(?<![a-z])(?:sedan|sen|since|fran och med|fr\.?\s?o\.?\s?m\.?)\s+(\d{4})(?!\d)")
_IN_YEARS = re.compile(
    r"(?<![a-z])(?:om|in)\s+(\d{1,2}|[a-z]+)\s+(?:ar|years?)(?:\s+(?:fran nu|from now))?(?![a-z])"
)


@dataclass(frozen=True)
class YearMention:
    """One year, or a range of years, as written in the question."""

    first: int
    last: int
    said: str
    relative: bool = False  # "nästa år" rather than "2027"

    @property
    def is_range(self) -> bool:
        return self.last != self.first

    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))


@dataclass(frozen=True)
class FoundYears:
    mentions: tuple[YearMention, ...]
    invalid: tuple[str, ...] = ()

    def years(self) -> tuple[int, ...]:
        """Every year mentioned, ranges expanded, in order of mention, no repeats."""
        seen: dict[int, None] = {}
        for mention in self.mentions:
            for year in mention.years():
                seen.setdefault(year, None)
        return tuple(seen)

    @property
    def has_range(self) -> bool:
        return any(m.is_range for m in self.mentions)


def find_years(text: str, today: dt.date) -> FoundYears:
    """The years a question names, resolved against ``today``."""
    folded = fold(mask_amounts(text))
    found: list[tuple[int, YearMention]] = []
    invalid: list[str] = []
    taken = _find_ranges(folded, found, invalid)
    for match in _SINCE.finditer(taken):
        first = int(match.group(1))
        if first < today.year:
            found.append((match.start(), YearMention(first, today.year, match.group(0))))
            taken = _blank(taken, match)
    for match in _YEAR.finditer(taken):
        year = int(match.group(1))
        found.append((match.start(), YearMention(year, year, match.group(1))))
    for pattern, offset in _RELATIVE:
        for match in pattern.finditer(taken):
            year = today.year + offset
            found.append((match.start(), YearMention(year, year, match.group(0), relative=True)))
            taken = _blank(taken, match)
    for match in _IN_YEARS.finditer(taken):
        count = count_of(match.group(1))
        if count is not None:
            year = today.year + count
            found.append((match.start(), YearMention(year, year, match.group(0), relative=True)))
    invalid += [m.group(1) for m in _BAD_NUMBER.finditer(taken)]
    invalid += [m.group(1) for m in _AFTER_YEAR_WORD.finditer(taken)]
    found.sort(key=lambda item: item[0])
    return FoundYears(tuple(m for _, m in found), tuple(dict.fromkeys(invalid)))


def _find_ranges(folded: str, found: list[tuple[int, YearMention]], invalid: list[str]) -> str:
    """Record "2025–2030" style ranges and return the text with them blanked out."""
    taken = folded
    for match in _RANGE.finditer(folded):
        joiner = match.group(0)
        # "2025 och 2026" is two years, not a range, unless it follows "mellan"/"between".
        if re.search(r"\s(och|and)\s", joiner) and match.group(1) is None:
            continue
        first = int(match.group(2))
        end = match.group(3)
        last = int(end) if len(end) == 4 else (first // 100) * 100 + int(end)
        if last < first:
            invalid.append(match.group(0).strip())
        else:
            found.append((match.start(), YearMention(first, last, match.group(0).strip())))
        taken = _blank(taken, match)
    return taken


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]

