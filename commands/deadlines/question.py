"""Reading a deadline question: which agreements it names and which deadline (topic) it is
about — "när ska verksamhetsberättelsen vara klar?", "when is the quality review?", "när ska
vi säga upp CMV-avtalet?".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from commands.core.agreement import Agreement, DeadlineRule, NoticeSchedule
from commands.core.answers import Problem
from commands.core.context import Lang
from commands.core.text import ENGLISH_MARKERS, SWEDISH_MARKERS, words
from commands.deadlines.wording import unknown_name
from commands.reading.names import agreements_named, definite_stem
from commands.reading.periods import MONTHS, NUMBER_WORDS, WEEKDAYS
from commands.reading.words import NOTICE_VERBS, NOTICE_WORDS, speaks_of_notice

# Words that are ordinary words in a question and never a deadline's topic.
_COMMON = (
    ENGLISH_MARKERS
    | SWEDISH_MARKERS
    | frozenset(
        """vara mark are berg ale hjo orust skara tanum tibro kan nar vad ska
        deadline deadlines datum nasta narmaste kommande inom dagar moten mote""".split()
    )
)


@dataclass(frozen=True)
class AgreementMatch:
    agreements: tuple[Agreement, ...]
    problem: Problem | None = None


def match_agreements(text: str, agreements: Sequence[Agreement], lang: Lang) -> AgreementMatch:
    """The agreements a question names — by id, short name, alias, or a party or base
    operation of theirs (``reading.names``, the one matcher), with this domain's words known.

    Nothing named: no agreements and no problem (the caller decides what "all" means). A close
    typo, or a word placed as a name that names nothing, gets a ``Problem`` with suggestions.
    """
    named = agreements_named(text, agreements, lang=lang, vocabulary=_vocabulary(agreements))
    if named.unclear is not None:
        return AgreementMatch((), unknown_name(named.unclear.word,
                                               named.unclear.suggestions, agreements, lang))
    return AgreementMatch(named.agreements)


# The store hands out the same agreement objects until one changes (as ``reading.names``
# relies on too): the vocabulary is built once per change, not per question. The tuple keeps
# the objects alive, so comparing by identity is safe.
_last_vocabulary: tuple[tuple[Agreement, ...], frozenset[str]] | None = None


def _vocabulary(agreements: Sequence[Agreement]) -> frozenset[str]:
    """The words of deadline questions, which are never taken for names: periods, topics,
    notice words, and the agreements' own rule titles, roles and bodies."""
    global _last_vocabulary
    cached = _last_vocabulary
    if cached is not None and len(cached[0]) == len(agreements) and all(
            a is b for a, b in zip(cached[0], agreements, strict=True)):
        return cached[1]
    vocabulary = _vocabulary_of(agreements)
    _last_vocabulary = (tuple(agreements), vocabulary)
    return vocabulary


def _vocabulary_of(agreements: Sequence[Agreement]) -> frozenset[str]:
    known = set(MONTHS) | set(WEEKDAYS) | set(NUMBER_WORDS) | set(_COMMON) | set(_STOP)
    for agreement in agreements:
        for rule in agreement.deadlines:
            known.update(words(rule.title))
            known.update(words(rule.responsible))
            known.update(words(rule.key.replace("-", " ")))
        for body in agreement.bodies:
            known.update(words(body.name))
            for alias in body.aliases:
                known.update(words(alias))
    for topic_words in _TOPICS.values():
        known.update(topic_words)
    known.update(NOTICE_WORDS | NOTICE_VERBS | _TERM_WORDS)
    return frozenset(known)


def _name_words(agreement: Agreement) -> set[str]:
    """The folded words of an agreement's and its parties' names: never a topic."""
    names = [agreement.id, agreement.short_name, agreement.name, *agreement.aliases,
             *(n for p in agreement.parties for n in (p.key, p.short_name, p.name, *p.aliases))]
    return {w for n in names for w in words(n)}


# Question words that say nothing about *which* deadline.
_STOP = frozenset(
    """vilka vilken vilket nar vad hur ska skall maste har finns gora gor hander hande
    klar klart vara bli blir dags datum deadline deadlines frist frister senast sista
    foljande kommande narmaste nasta inom dagar dagarna veckor manader avtal avtalet
    avtalets avtalen for med till fran och eller som den det de att pa om alla all oss
    when what which must should will does the a an of on for in to is are we our us
    due by be done ready next coming days weeks months agreement agreements happen
    happens happening list show give visa lista""".split()
)

# English and everyday words for the Swedish words in rule titles.
_TOPICS: dict[str, tuple[str, ...]] = {
    "faktur": ("invoice", "invoices", "invoiced", "invoicing", "billing", "billed", "bill",
               "faktura", "fakturor"),
    "verksamhetsberattelse": ("annual", "verksamhetsberattelsen", "arsrapport"),
    "arsberattelse": ("annual", "arsberattelsen"),
    "kvalitetsgranskning": ("quality", "review", "granskning", "granskningen"),
    "enkat": ("survey", "surveys", "questionnaire", "enkaten", "enkater", "enkaterna"),
    "sjalvreflektion": ("reflection", "self-reflection", "sjalvreflektionen"),
    "verksamhetsbesok": ("visit", "visits", "besok"),
    "statistik": ("statistics", "stats"),
    "semester": ("holiday", "holidays", "vacation", "sommarsemester"),
    "mal": ("goals", "goal", "malen"),
    "revider": ("revision", "revise", "revised", "revideras"),
    "uppfoljning": ("follow-up", "followup", "uppfoljningen"),
}

# Words for the term running on or ending: with the words for giving notice
# (``reading.words``), what makes a question the notice day's.
_TERM_WORDS = frozenset(
    """forlangning forlangs forlangas forlanga renewal renew renewed extend extended expiry expire
    expires utgang upphor upphora loper avtalstid avtalstiden sade sades""".split()
)


# Folded words that ask what passed undone: "har vi missat något?", "did we miss anything?"
MISSED_WORDS = ("missat", "missade", "missa", "missed", "miss", "passerat", "passerade",
                "overdue", "forsenad", "forsenade", "forfallna", "forfallit")


def asks_missed(tokens: Sequence[str]) -> bool:
    return any(t in MISSED_WORDS for t in tokens)


def is_notice_question(tokens: Sequence[str]) -> bool:
    return any(t in _TERM_WORDS for t in tokens) or speaks_of_notice(tokens)


# "vi vill att avtalet upphör 2027-12-31", "for the agreement to end on 2025-12-31": the date
# is the end wanted, and the question is the notice day for it.
_END_DATE = re.compile(r"\b(?:upph[oö]r\w*|sluta\w*|l[oö]per\s+ut|ends?|ending|expires?|"
                       r"terminated)\s+(?:on\s+|den\s+|per\s+|vid\s+)?(\d{4}-\d{2}-\d{2})\b",
                       re.IGNORECASE)
_ANY_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True)
class NoticeDate:
    """A date a notice question gives: the end wanted, or the day notice is given."""

    date: dt.date
    is_end: bool


def notice_date(text: str) -> NoticeDate | None:
    """The end date wanted ("upphör 2027-12-31") or the day of notice ("om vi säger upp
    avtalet 2026-03-01, när upphör det?") in a notice question; None when it gives no date."""
    for pattern, is_end in ((_END_DATE, True), (_ANY_DATE, False)):
        match = pattern.search(text)
        if match:
            try:
                return NoticeDate(dt.date.fromisoformat(match.group(1)), is_end)
            except ValueError:
                return None
    return None


def _word_matches(query: str, target: str) -> bool:
    q, t = definite_stem(query), definite_stem(target)
    if q == t:
        return True
    shortest = min(len(q), len(t))
    if shortest < 5:
        return False
    # compounds: "enkät" matches "föräldraenkät", "faktura" matches "fakturering"
    return t.startswith(q) or q.startswith(t) or t.endswith(q) or q.endswith(t) or (
        len(q) >= 7 and len(t) >= 7 and fuzz.ratio(q, t) >= 88
    )


def _topic_tokens(tokens: Sequence[str]) -> list[str]:
    """The question's words that may name a deadline, with English mapped to Swedish."""
    out: list[str] = []
    for token in tokens:
        if token in _STOP or token in _COMMON or len(token) < 3 or token.isdigit():
            continue
        mapped = [
            topic for topic, synonyms in _TOPICS.items()
            if token in synonyms or definite_stem(token) in synonyms or token.startswith(topic)
        ]
        out.extend(mapped or [token])
    return out


# In a question about a period ("vad ska vi göra enligt årshjulet nästa månad?") these words
# say where the tasks come from, not which task.
_LISTING_WORDS = frozenset("enligt according arshjul arshjulet arshjulets wheel".split())


def matching_rules(
    tokens: Sequence[str], agreements: Sequence[Agreement], *, listing: bool = False,
) -> list[tuple[Agreement, DeadlineRule]]:
    """Rules whose title or key shares a significant word with the question.

    ``listing``: the question names a period, so it lists what falls in it unless it names a
    task; the agreement's own name ("på familjecentralerna nästa månad") and the year wheel
    are then where, not what — they picked one rule and left the month looking empty."""
    topics = _topic_tokens([t for t in tokens if not (listing and t in _LISTING_WORDS)])
    if not topics:
        return []
    scored: list[tuple[int, Agreement, DeadlineRule]] = []
    for agreement in agreements:
        names = _name_words(agreement)
        own = [q for q in topics if q not in names and not (listing and any(
            _word_matches(q, n) for n in names if len(n) >= 5))]
        for rule in agreement.deadlines:
            if isinstance(rule.schedule, NoticeSchedule):
                continue  # notice questions are answered from the term, see is_notice_question
            rule_words = [w for w in set(words(rule.title)) | set(words(rule.key.replace("-", " ")))
                          if w not in _STOP and len(w) >= 3]
            hits = sum(1 for q in set(own) if any(_word_matches(q, w) for w in rule_words))
            if hits:
                scored.append((hits, agreement, rule))
    if not scored and not listing:
        return _owned_by(topics, agreements)
    # The rules that hold the most of the question's words: "ledningsgruppen gör
    # verksamhetsbesök med arbetsmiljörond" is that task, not every rule of a ledningsgrupp.
    best = max((hits for hits, _, _ in scored), default=0)
    return [(agreement, rule) for hits, agreement, rule in scored if hits == best]


def _owned_by(topics: Sequence[str], agreements: Sequence[Agreement]
              ) -> list[tuple[Agreement, DeadlineRule]]:
    """ "vad ska samordnaren göra?": no task named, but who does it — the rules that person or
    group is responsible for, by the first word of who ("Samordnare", "Ledningsgruppen")."""
    found = []
    for agreement in agreements:
        for rule in agreement.deadlines:
            if isinstance(rule.schedule, NoticeSchedule):
                continue
            owner = words(rule.responsible)
            if owner and any(_word_matches(q, owner[0]) for q in topics):
                found.append((agreement, rule))
    return found
