"""Text helpers shared by every command: normalising what users type, and Swedish
number and date style for what the bot answers.

Users write with or without å/ä/ö, in Swedish or English, with typos; everything that
matches words compares *normalised* text (lower case, diacritics folded). Numbers are
always written Swedish style — `4 744 767 kr`, `11,780 %`, `1,03⁴`, `+17 268 kr` — via Babel
so the grouping character is the same no-break space everywhere. This is the only place
that formats numbers, percentages and dates for people (and the decimal comma for files).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import TypeVar

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

from commands.core.context import Lang

_PUNCT = re.compile(r"[^\w\s\-–—/.:]", re.UNICODE)
_WORD = re.compile(r"[a-z0-9]+(?:[-–][a-z0-9]+)*")

ENGLISH_MARKERS = frozenset(
    """what whats when which who how much does do pay pays paying payment cost costs share
    the next year this last meeting meetings deadline deadlines due notice give must we is are
    of in for and per table split budget compare difference between most help show list
    before after within days week weeks month months agreement agreements our my vote
    by line lines reminders reminder""".split()
)
SWEDISH_MARKERS = frozenset(
    """vad nar vem vilka vilken hur mycket betalar betala kostar kostnad kostnader andel ar
    nasta forra i och for per tabell fordelning budget jamfor skillnad mellan mest hjalp visa
    lista fore efter inom dagar vecka veckor manad manader avtal avtalet mote moten vi ska
    kommun kommuns region deadlines uppsagning sista dag har""".split()
)


def fold(text: str) -> str:
    """Lower-case and strip diacritics: 'Östersunds' -> 'ostersunds'."""
    # A question folds the same short words (names, triggers) a couple of hundred times:
    # those are remembered; long texts (clauses, documents) are folded as they come.
    return _fold_short(text) if len(text) <= 40 else _fold(text)


@lru_cache(maxsize=16384)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded word tokens; keeps year ranges like '2025-2030' together."""
    return _WORD.findall(fold(_PUNCT.sub(" ", text)))


def detect_language(text: str) -> Lang:
    """English when English function words clearly outnumber Swedish ones; Swedish by default."""
    tokens = words(text)
    english = sum(1 for t in tokens if t in ENGLISH_MARKERS and t not in SWEDISH_MARKERS)
    swedish = sum(1 for t in tokens if t in SWEDISH_MARKERS and t not in ENGLISH_MARKERS)
    return "en" if english > swedish else "sv"


def written_in_swedish(text: str) -> bool:
    """True when the words show they are Swedish (å/ä/ö, or more Swedish function words
    than English); a bare number or name says nothing either way."""
    tokens = words(text)
    if any(ch in text.lower() for ch in "åäö"):
        return True
    swedish = sum(1 for t in tokens if t in SWEDISH_MARKERS and t not in ENGLISH_MARKERS)
    english = sum(1 for t in tokens if t in ENGLISH_MARKERS and t not in SWEDISH_MARKERS)
    return swedish > english


_SWEDISH = Locale.parse("sv_SE")


@cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _swedish(value: Decimal, pattern: str) -> str:
    """Babel's ``format_decimal`` in Swedish, with the locale and the pattern parsed once
    (parsing them on every number was a sixth of a cost answer's time), and each figure
    formatted once: an answer shows the same few amounts again and again, and applying the
    pattern was still a seventh of it."""
    return _formatted(str(value), pattern)


@lru_cache(maxsize=4096)
def _formatted(value: str, pattern: str) -> str:
    # keyed by the text of the Decimal, not the Decimal: 1.0 == 1, but not "-0" == "0"
    return str(_pattern(pattern).apply(Decimal(value), _SWEDISH))


def kr(amount: Decimal | int) -> str:
    """'575 702 kr' — whole kronor unless the amount has öre."""
    value = Decimal(amount)
    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return f"{_swedish(value, pattern)}\u00a0kr"


def number(value: Decimal | int) -> str:
    """'132 466' — a whole number, grouped."""
    return _swedish(Decimal(value), "#,##0")


def decimal(value: Decimal) -> str:
    """'1,03', '9', '2,5' — decimal comma, no trailing zeros (a rate or a factor)."""
    return _swedish(value.normalize(), "#,##0.######")


def decimal_comma(value: Decimal | int) -> str:
    """'11,780' — the value as written, with a decimal comma and no grouping: how Swedish Excel
    reads a number in a CSV file. Keeps every decimal the value has (no rounding)."""
    return str(value).replace(".", ",")


def percent(value: Decimal, decimals: int = 3) -> str:
    """'11,780 %' — a percentage already in percent units (11.780, not 0.1178)."""
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return f"{_swedish(value, pattern)}\u00a0%"


def signed_kr(value: Decimal) -> str:
    """'+17 268 kr', '−5 kr', '0 kr' — a change, with a real minus sign."""
    return f"+{kr(value)}" if value > 0 else kr(value).replace("-", "\u2212")


def signed_percent(value: Decimal, decimals: int = 1) -> str:
    """'+3,0 %', '−1,2 %' — a relative change, rounded half up to ``decimals``."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = percent(rounded, decimals)
    return f"+{text}" if rounded > 0 else text.replace("-", "\u2212")


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def power(base: Decimal, exponent: int) -> str:
    """'1,03' for the first power, '1,03⁴' for the fourth."""
    text = decimal(base)
    return text if exponent == 1 else f"{text}{str(exponent).translate(_SUPERSCRIPT)}"


def fraction_words(count: int, lang: Lang) -> str:
    """'en fjärdedel' / 'one quarter' — one part of ``count`` equal parts, in words."""
    sv = {2: "hälften", 3: "en tredjedel", 4: "en fjärdedel", 5: "en femtedel"}
    en = {2: "half", 3: "one third", 4: "one quarter", 5: "one fifth"}
    fallback = f"1/{count}"
    return say(lang, sv.get(count, fallback), en.get(count, fallback))


def months_text(months: int, lang: Lang) -> str:
    """A span as agreements write it: "2 år" for 24 months, "18 månader" stays months."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} år" if lang == "sv" else f"{years} year{'s' if years != 1 else ''}"
    return f"{months} månader" if lang == "sv" else f"{months} months"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, at most."""
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,:") + "…"


def day(date: dt.date, lang: Lang = "sv", *, week: bool = False) -> str:
    """'2026-12-31 (torsdag)' or with week: '2026-12-31 (torsdag, v. 53)'."""
    weekday = format_date(date, "EEEE", locale="sv_SE" if lang == "sv" else "en_GB")
    extra = f", {'v.' if lang == 'sv' else 'wk'} {date.isocalendar().week}" if week else ""
    return f"{date.isoformat()} ({weekday}{extra})"


_Wording = TypeVar("_Wording")


def say(lang: Lang, sv: _Wording, en: _Wording) -> _Wording:
    """Pick the wording for the language of the question (a str, or a Rich text)."""
    return en if lang == "en" else sv


def inert(text: str) -> str:
    """Someone's own words, made safe to repeat in a chat message: Slack reads ``<!channel>``,
    ``<@U…>`` and ``<url|…>`` in any posted text as a ping or a link, so a comment or an echoed
    question could otherwise alert a whole channel. The angle brackets become look-alike
    quotation marks (‹ ›), which read the same in Slack and in the console."""
    return text.replace("<", "‹").replace(">", "›")
