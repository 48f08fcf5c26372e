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
from commands.core.cost_models import EqualSplitModel, PopulationKeyModel
from commands.core.text import fold, words
from commands.reading.amounts import find_amount
from commands.reading.names import Mentions, scan
from commands.reading.numbers import count_of, number_pattern
from commands.reading.years import FoundYears, find_years


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
    SUM = "sum"  # what several parties pay together ("Ragunda och Bräcke tillsammans")
    EXTRA_YEAR = "extra_year"  # which year the extra cost falls due ("vilket år blir …?")


_INTENT_WORDS: tuple[tuple[Intent, frozenset[str]], ...] = tuple(
    (intent, frozenset(text.split()))
    for intent, text in (
        (Intent.EXTRA, "kvalitetsgranskning kvalitetsgranskningen kvalitetsgranskningar "
                       "kvalitetsgranskningens granskning granskningen granskningens review"),
        (Intent.DIFFERENCE, "skillnad skillnaden jamfor jamfort jamforelse jamfora compare "
                            "comparison difference diff okning okningen increase change "
                            "mer more okar okade increases rises"),
        (Intent.MOST, "mest storst hogst most biggest largest highest"),
        (Intent.LEAST, "minst lagst least smallest lowest"),
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
# "tillsammans" sums what the parties named pay; "utom Östersund" and "de övriga" sum the
# others (001 calls every party but the host "övriga kommuner").
_TOGETHER = frozenset("tillsammans together sammanlagt sammantaget combined summa sum".split())
_EXCEPT = frozenset("utom forutom except excluding besides".split())
_OTHERS = frozenset("ovriga others other".split())
# "vilket år blir kvalitetsgranskningen?", "when is the next review?": a year, not an amount.
_WHICH_YEAR = re.compile(r"\b(?:vilket|vilka|which|what)\s+(?:år|ar|years?)\b|\b(?:när|nar|when)\b",
                         re.IGNORECASE)
_AMOUNT_WORDS = frozenset("kosta kostar kostnad kostnaden belopp betala betalar much pay pays "
                          "cost costs kr kronor mycket".split())
_BUDGET_LINE_CONTEXT = frozenset(
    "budget budgeten per by cost kostnadspost kostnadsposter".split())
_COST_VERBS = frozenset("kostar kosta kostade cost costs".split())
# The cost words themselves are never names ("kostnadspost" is not a misspelt party).
_VOCABULARY = frozenset().union(*(cue for _, cue in _INTENT_WORDS), _BUDGET_LINE_CONTEXT,
                                _COST_VERBS, _TOGETHER, _EXCEPT, _OTHERS,
                                "stor stora storre hog hogt lag lagt blev ungefar "
                                "cirka ca big high low about roughly".split())
# "fyra basverksamheter", "3 parter", "split four ways": a count of two or more (one is no
# split, and "a"/"en" before "share"/"del" are articles).
_PARTICIPANTS = re.compile(
    r"(?<![\w])(\d|" + number_pattern(at_least=2) + r")\s+(?:st\s+)?(?:bas)?"
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
    # what the amount is for, in the asker's words: "lokalerna" in "lokalerna kostar 120 000
    # kr – vad betalar BVC?"; None when not said
    subject: str | None = None

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

    def excludes(self) -> bool:
        """ "alla utom Östersund", "de övriga": the parties named are left out, not chosen."""
        return bool(self.tokens & (_EXCEPT | _OTHERS))


def read_question(
    request: Request, agreements: Sequence[Agreement], default: Intent | None = None,
) -> Question:
    amount, masked = find_amount(request.text)
    years = find_years(masked, request.today)
    mentions = scan(masked, agreements, lang=request.lang, vocabulary=_VOCABULARY)
    tokens = frozenset(words(masked))
    intent = classify(tokens, mentions, default)
    if amount is not None and intent in _A_SPLIT_OF_IT and _shares_equally(mentions):
        intent = Intent.EQUAL_SPLIT  # "om de gemensamma insatserna kostar 90 000 kr … i VG?"
    if intent is Intent.EXTRA and _WHICH_YEAR.search(masked) and not tokens & _AMOUNT_WORDS:
        intent = Intent.EXTRA_YEAR
    return Question(request.text, request.lang, request.today, tokens, mentions, years, amount,
                    find_participants(masked), intent,
                    subject=_subject(request.text) if amount is not None else None)


# What a question with an amount asks of an agreement that shares costs equally: its share.
_A_SPLIT_OF_IT = frozenset({Intent.PARTY, Intent.BUDGET, Intent.TABLE})


def _shares_equally(mentions: Mentions) -> bool:
    """Whether every agreement the question names shares its costs equally and by no key: a
    cost given for it can only be asked to be split that way, even with no operation named."""
    named = {a.id: a for a in mentions.agreements} | {
        h.agreement.id: h.agreement for h in mentions.parties}
    return bool(named) and all(
        any(isinstance(m, EqualSplitModel) for m in a.cost_models)
        and not any(isinstance(m, PopulationKeyModel) for m in a.cost_models)
        for a in named.values())


# "lokalerna kostar 120 000 kr", "om de gemensamma insatserna kostar …", "the premises cost …"
_SUBJECT = re.compile(r"(?:^|[,–—:;]\s*|\b(?:om|if|när|nar|when)\s+)"
                      r"(?P<subject>(?:[^\W\d_]+\s+){0,3}?[^\W\d_]+)\s+"
                      r"(?:kostar|kostade|cost|costs)\b", re.IGNORECASE)
_NOT_A_SUBJECT = frozenset({"det", "den", "it", "this", "that", "vad", "what", "som", "hen", "han",
                            "hon", "he", "she", "they", "de", "dom", "denne", "dessa"})


def _subject(text: str) -> str | None:
    found = _SUBJECT.search(text.strip())
    if found is None:
        return None
    subject = re.sub(r"^(?:(?:om|if|när|nar|och|and|så|sa)\s+)+", "", found.group("subject"),
                     flags=re.IGNORECASE)
    return None if not subject or subject.casefold() in _NOT_A_SUBJECT else subject


def classify(tokens: frozenset[str], mentions: Mentions, default: Intent | None) -> Intent:
    named = len(mentions.parties) + len(mentions.unknown)
    if tokens & _TOGETHER and (named >= 2 or tokens & (_EXCEPT | _OTHERS)):
        return Intent.SUM
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


def find_participants(text: str) -> int | None:
    match = _PARTICIPANTS.search(fold(text))
    if match is None:
        return None
    word = match.group(1)
    return count_of(word)
