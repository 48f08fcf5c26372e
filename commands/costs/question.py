"""What a cost question asks, read once: which parties, agreements and base operations it
names, which years, an amount ("180 000 kr"), how many operations share, and the intent —
one party, the whole split, the budget, a ranking, a comparison, an equal split, the review.

Only reading here: names, years, amounts and number words come from ``commands.reading``;
this module adds the cost words and decides what they mean together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from commands.core.agreement import Agreement
from commands.core.context import Lang, Request
from commands.core.text import fold, words
from commands.reading.names import Mentions, scan
from commands.reading.years import AMOUNT, FoundYears, find_years

KRONA = Decimal(1)


class Intent(Enum):
    PARTY = "party"  # what one party pays (the default)
    TABLE = "table"
    BUDGET = "budget"
    BUDGET_LINES = "budget_lines"
    MOST = "most"
    LEAST = "least"
    DIFFERENCE = "difference"
    EQUAL_SPLIT = "equal_split"
    EXTRA = "extra"


_INTENT_WORDS: tuple[tuple[Intent, frozenset[str]], ...] = tuple(
    (intent, frozenset(text.split()))
    for intent, text in (
        (Intent.DIFFERENCE, "skillnad skillnaden jamfor jamfort jamforelse jamfora compare "
                            "comparison difference diff okning okningen increase change "
                            "mer more okar okade increases rises"),
        (Intent.MOST, "mest storst hogst most biggest largest highest"),
        (Intent.LEAST, "minst lagst least smallest lowest"),
        (Intent.EXTRA, "kvalitetsgranskning kvalitetsgranskningen kvalitetsgranskningar "
                       "granskning granskningen review"),
        (Intent.EQUAL_SPLIT, "samordnare samordnaren samordnarens samordnartjansten coordinator "
                             "coordinators coordinator's basverksamheter basverksamheterna"),
        (Intent.BUDGET_LINES, "post poster posten kostnadspost kostnadsposter lines line items "
                              "item"),
        (Intent.TABLE, "fordelning fordelningen kostnadsfordelning kostnadsfordelningen split "
                       "breakdown tabell tabellen table andelar andelarna shares alla all "
                       "kommunerna kommuner municipalities varje each"),
        (Intent.BUDGET, "budget budgeten"),
    )
)
_BUDGET_LINE_CONTEXT = frozenset(
    "budget budgeten per by cost kostnadspost kostnadsposter".split())
_COST_VERBS = frozenset("kostar kosta kostade cost costs".split())
# The cost words themselves are never names ("kostnadspost" is not a misspelt party).
_VOCABULARY = frozenset().union(*(cue for _, cue in _INTENT_WORDS), _BUDGET_LINE_CONTEXT,
                                _COST_VERBS, "stor stora storre hog hogt lag lagt blev ungefar "
                                "cirka ca big high low about roughly".split())
_MULTIPLIERS = {"tkr": Decimal(1000), "k": Decimal(1000), "mkr": Decimal(1_000_000),
                "miljoner": Decimal(1_000_000), "million": Decimal(1_000_000)}
# Without "kr", only a grouped ("180 000") or six-digit number is money: "20266" is a typo'd year.
_BARE_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{6,})(?![\d,.]\d)(?!\d)"
)
_COUNT_WORDS = {"tva": 2, "two": 2, "tre": 3, "three": 3, "fyra": 4, "four": 4, "fem": 5,
                "five": 5}
_PARTICIPANTS = re.compile(
    r"(?<![\w])(\d|tva|two|tre|three|fyra|four|fem|five)\s+(?:st\s+)?(?:bas)?"
    r"(?:verksamheter|verksamheterna|parter|delar|delas|deltar|operations|parties|share|"
    r"sharing|ways|participants)(?![\w])"
)


@dataclass(frozen=True)
class Question:
    """What a cost question names, read once."""

    text: str
    lang: Lang
    today: dt.date
    tokens: frozenset[str]
    mentions: Mentions
    years: FoundYears
    amount: Decimal | None
    participants: int | None
    intent: Intent

    def one_year(self) -> int:
        """The first year named, or this year."""
        years = self.years.years()
        return years[0] if years else self.today.year

    def two_years(self) -> tuple[int, ...]:
        """The two years to compare; one year is compared with the year before it."""
        years = self.years.years()
        if len(years) >= 2:
            return (years[0], years[-1])
        later = years[0] if years else self.today.year
        return (later - 1, later)


def read_question(
    request: Request, agreements: Sequence[Agreement], default: Intent | None = None,
) -> Question:
    amount, masked = find_amount(request.text)
    years = find_years(masked, request.today)
    mentions = scan(masked, agreements, lang=request.lang, vocabulary=_VOCABULARY)
    tokens = frozenset(words(masked))
    intent = classify(tokens, mentions, default)
    return Question(request.text, request.lang, request.today, tokens, mentions, years, amount,
                    find_participants(masked), intent)


def classify(tokens: frozenset[str], mentions: Mentions, default: Intent | None) -> Intent:
    for intent, cue in _INTENT_WORDS:
        if tokens & cue:
            if intent is Intent.BUDGET_LINES and not tokens & _BUDGET_LINE_CONTEXT:
                continue  # "post" or "line" alone is too common a word to mean budget lines
            return intent
    if mentions.operations:
        return Intent.EQUAL_SPLIT
    if tokens & _COST_VERBS and not mentions.parties:
        return Intent.BUDGET  # "vad kostar CMV 2026?"
    return default or Intent.PARTY


def find_amount(text: str) -> tuple[Decimal | None, str]:
    """The first money amount ("180 000 kr", "1,2 mkr", "180000") and the text without it."""
    match = AMOUNT.search(text) or _BARE_AMOUNT.search(text)
    if match is None:
        return None, text
    groups = match.groupdict()
    digits = re.sub(r"\D", "", groups["number"])
    decimals = (groups.get("decimals") or "")[1:]
    unit = (groups.get("unit") or "").casefold()
    value = Decimal(f"{digits}.{decimals or 0}") * _MULTIPLIERS.get(unit, KRONA)
    masked = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return (value if value > 0 else None), masked


def find_participants(text: str) -> int | None:
    match = _PARTICIPANTS.search(fold(text))
    if match is None:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word)
