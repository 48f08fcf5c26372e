"""Reading a deadline question: which agreements it names and which deadline (topic) it is
about — "när ska verksamhetsberättelsen vara klar?", "when is the quality review?", "när ska
vi säga upp CMV-avtalet?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement, DeadlineRule, NoticeSchedule
from commands.core.answers import Problem
from commands.core.context import Lang
from commands.core.text import ENGLISH_MARKERS, SWEDISH_MARKERS, fold, say, words

# Words that are ordinary words as well as municipality names (Vara, Mark, Åre, Berg …):
# such a name counts only when written with a capital letter and not as the first word.
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


def _names(agreement: Agreement) -> list[tuple[str, bool]]:
    """(folded name, is the agreement's own name) — party names point to it too."""
    own = [agreement.id, agreement.short_name, agreement.name, *agreement.aliases]
    parties = [n for p in agreement.parties for n in (p.key, p.short_name, p.name, *p.aliases)]
    return ([(" ".join(words(n)), True) for n in own]
            + [(" ".join(words(n)), False) for n in parties])


def _capitalised_words(text: str) -> set[str]:
    """Folded words written with a capital letter, except the first word of the text."""
    raw = re.findall(r"[^\W\d_]+", text)
    return {fold(w) for w in raw[1:] if w[:1].isupper()}


def match_agreements(text: str, agreements: Sequence[Agreement], lang: Lang) -> AgreementMatch:
    """The agreements a question names — by id, short name, alias, or one of its parties.

    Nothing named: no agreements and no problem (the caller decides what "all" means). A
    capitalised word or a near miss that names nothing gets a ``Problem`` with suggestions.
    """
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    # genitive s ("Jönköpings", "CMV:s") is tried as well
    stripped = f" {' '.join(_without_agreement_suffix(t) for t in tokens)} "
    capitals = _capitalised_words(text)
    own_hits: list[Agreement] = []
    party_hits: list[Agreement] = []
    used: set[str] = set()
    for agreement in agreements:
        for name, own in _names(agreement):
            if not name:
                continue
            if " " not in name and name in _COMMON and name not in capitals:
                continue
            if f" {name} " in padded or f" {name} " in stripped:
                (own_hits if own else party_hits).append(agreement)
                used.update(name.split())
    found = _unique(own_hits + party_hits)
    if found:
        return AgreementMatch(agreements=tuple(found))
    return AgreementMatch(agreements=(), problem=_unknown_name(text, tokens, agreements, lang))


_AGREEMENT_SUFFIXES = ("savtalet", "savtalets", "savtal", "avtalet", "avtalets", "avtal")


def _without_agreement_suffix(token: str) -> str:
    """'jonkopingsavtalet' -> 'jonkoping', 'cmv-avtalet' and 'cmvs' -> 'cmv'."""
    for suffix in _AGREEMENT_SUFFIXES:
        stem = token[: -len(suffix)].rstrip("-")  # "cmv-avtalet" as well as "cmvavtalet"
        if token.endswith(suffix) and len(stem) >= 3:
            return stem
    return token[:-1] if len(token) > 3 and token.endswith("s") else token


def _unique(agreements: Iterable[Agreement]) -> list[Agreement]:
    seen: dict[str, Agreement] = {}
    for agreement in agreements:
        seen.setdefault(agreement.id, agreement)
    return list(seen.values())


def _known_vocabulary(agreements: Sequence[Agreement]) -> set[str]:
    from commands.reading.periods import MONTHS, NUMBER_WORDS, WEEKDAYS

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
    known.update(_NOTICE_WORDS)
    return known


def _unknown_name(
    text: str, tokens: list[str], agreements: Sequence[Agreement], lang: Lang
) -> Problem | None:
    """A Problem when the question seems to name an agreement or party we do not know."""
    if not agreements:
        return None
    known = _known_vocabulary(agreements)
    # folded name -> what to suggest: the agreement's short name, or the party's
    choices: dict[str, str] = {}
    for agreement in agreements:
        for name in (agreement.id, agreement.short_name, *agreement.aliases):
            choices.setdefault(" ".join(words(name)), agreement.short_name)
        for party in agreement.parties:
            for name in (party.short_name, party.name, *party.aliases):
                folded = " ".join(words(name))
                if " " not in folded:
                    choices.setdefault(folded, party.short_name)
    capitals = {t for t in _capitalised_words(text) if len(t) >= 3 and not _is_known(t, known)}
    # Only a word placed where a name goes ("för Jönkping", "on CMW") or written with a
    # capital is taken for a name: ordinary words ("klara") must not become "Skara?".
    after_preposition = {
        token for previous, token in pairwise(tokens) if previous in _NAME_PREPOSITIONS
    }
    candidates = [
        t for t in tokens
        if (t in after_preposition or t in capitals) and len(t) >= 3 and not t.isdigit()
        and not _is_known(t, known)
    ]
    for token in candidates:
        best = process.extract(token, list(choices), scorer=fuzz.ratio, limit=5)
        # one wrong letter in a short name ("CMW") scores 67; longer names need 80
        threshold = 66 if len(token) <= 4 else 80
        close = [choices[name] for name, score, _ in best if score >= threshold]
        if close:
            return _problem(_as_written(text, token), _unique_names(close), agreements, lang)
    if capitals:
        first = sorted(capitals, key=lambda t: tokens.index(t) if t in tokens else 0)[0]
        return _problem(_as_written(text, first), [a.short_name for a in agreements],
                        agreements, lang)
    return None


_NAME_PREPOSITIONS = frozenset(
    "for on med hos about with avtalet agreement i in till pa of".split()
)


def _is_known(token: str, known: set[str]) -> bool:
    return token in known or _stem(token) in known or any(
        len(k) >= 5 and (token.startswith(k) or k.startswith(_stem(token))) for k in known
    )


def _as_written(text: str, folded: str) -> str:
    """The word as the user wrote it ('Jönkping'), for quoting it back."""
    for word in re.findall(r"[\w-]+", text):
        if fold(word) == folded:
            return str(word)
    return folded


def _unique_names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _problem(word: str, suggestions: list[str], agreements: Sequence[Agreement],
             lang: Lang) -> Problem:
    return Problem(
        lang=lang,
        message=say(
            lang,
            f"Jag hittar inget avtal eller någon part som heter ”{word}”.",
            f"I can't find an agreement or party called “{word}”.",
        ),
        suggestions=tuple(suggestions[:4]),
        examples=(
            say(lang, f"deadlines för {agreements[0].short_name}",
                f"deadlines for {agreements[0].short_name}"),
        ),
    )


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
    "faktur": ("invoice", "invoices", "invoicing", "billing", "bill", "faktura", "fakturor"),
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

_NOTICE_WORDS = frozenset(
    """uppsagning uppsagningen uppsagningstid uppsagningstiden uppsaga saga sager sags
    notice terminate termination terminating cancel cancellation forlangning forlangs
    forlangas forlanga renewal renew renewed extend extended expiry expire expires
    utgang upphor upphora loper avtalstid avtalstiden""".split()
)


def is_notice_question(tokens: Sequence[str]) -> bool:
    joined = f" {' '.join(tokens)} "
    if any(t in _NOTICE_WORDS - {"saga", "sager", "sags"} for t in tokens):
        return True
    return any(f" {w} upp " in joined for w in ("saga", "sager", "sags", "sagas"))


def _stem(word: str) -> str:
    for ending in ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def _word_matches(query: str, target: str) -> bool:
    q, t = _stem(query), _stem(target)
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
            if token in synonyms or _stem(token) in synonyms or token.startswith(topic)
        ]
        out.extend(mapped or [token])
    return out


def matching_rules(
    tokens: Sequence[str], agreements: Sequence[Agreement]
) -> list[tuple[Agreement, DeadlineRule]]:
    """Rules whose title or key shares a significant word with the question."""
    topics = _topic_tokens(tokens)
    if not topics:
        return []
    found: list[tuple[Agreement, DeadlineRule]] = []
    for agreement in agreements:
        names = {w for n, _ in _names(agreement) for w in n.split()}
        for rule in agreement.deadlines:
            if isinstance(rule.schedule, NoticeSchedule):
                continue  # notice questions are answered from the term, see is_notice_question
            rule_words = set(words(rule.title)) | set(words(rule.key.replace("-", " ")))
            if any(
                _word_matches(q, w) for q in topics if q not in names for w in rule_words
                if w not in _STOP and len(w) >= 3
            ):
                found.append((agreement, rule))
    return found
