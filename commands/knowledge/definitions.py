"""'Vad är en familjecentral?': the sentences that define a thing, quoted from each agreement
that defines it.

A definition question names one thing ("vad är en familjecentral?", "vad menas med
basverksamhet?", "what is a family centre?", "definition av familjecentral i VG"). The answer
is the sentence of a clause that begins with that thing and says what it is ("En familjecentral
är en samlokaliserad verksamhet …", 003 §8.2), one per agreement, a clause under "Definitioner"
first; "Med familjecentral avses …" only where no agreement says what it is. The ranking alone
scores such a question too low — the thing is a word of nearly every clause — or finds another
clause's "vad menas med".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commands.core.agreement import Agreement
from commands.core.answers import Message
from commands.core.text import fold
from commands.knowledge import wording
from commands.knowledge.question import Question, read
from commands.knowledge.rules.ranking import Index, Passage, sentences
from commands.knowledge.rules.terms import tokens

_ASKS = re.compile(
    r"^\s*(?:vad\s+(?:är|ar|betyder|innebär|innebar)|vad\s+menas\s+med|vad\s+avses\s+med|"
    r"definition(?:en)?\s+(?:av|på|pa)|what\s+is\s+meant\s+by|what\s+(?:is|are)|define)\s+"
    r"(?:en\s+|ett\s+|a\s+|an\s+|the\s+)?(?P<thing>.+?)"
    r"(?:\s+(?:enligt|i|in|according\s+to|för|for)\s+.+)?\s*[?.!]*\s*$",
    re.IGNORECASE)
# "En familjecentral är …", "Familjecentralen innebär …": the thing, then what it is
_IS = frozenset({"ar", "är", "avses", "innebar", "innebär", "betyder", "menas"})
_STRONG = frozenset({"ar", "är", "innebar", "innebär", "betyder"})  # says what it is
_AT_MOST_BEFORE = 8  # words before "är": a definition names its thing first
_MAX_AGREEMENTS = 3


def thing_asked(question: Question, index: Index, agreements: Sequence[Agreement]
                ) -> Question | None:
    """The thing a definition question asks about, read as a question of its own ("vad menas
    med samordnare?" -> "samordnare"), or None for any other question."""
    asked = _ASKS.match(question.text)
    if asked is None:
        return None
    thing = read(asked.group("thing"), question.lang, agreements, index)
    if not thing.groups or len(thing.groups) > 3:  # a definition is of a thing, not a sentence
        return None
    return thing


def answer(question: Question, thing: Question, index: Index, agreements: Sequence[Agreement]
           ) -> Message | None:
    """The definitions of ``thing`` (``thing_asked``) within the agreements ``question`` names,
    or None when none defines it."""
    found: dict[str, tuple[tuple[int, int, int], Passage, str]] = {}
    for number, passage in enumerate(index.passages):
        if question.agreements and passage.agreement not in question.agreements:
            continue
        defining = _defining(passage, thing.groups, index)
        if defining is None:
            continue
        strength, sentence = defining
        # a clause under "Definitioner" first, then "är" before "avses", then the first
        rank = (0 if _under_definitions(passage) else 1, strength, number)
        if passage.agreement not in found or rank < found[passage.agreement][0]:
            found[passage.agreement] = (rank, passage, sentence)
    if any(rank[1] == 0 for rank, _, _ in found.values()):  # what it is, where one says it
        found = {key: hit for key, hit in found.items() if hit[0][1] == 0}
    if not found:
        return None
    names = {a.id: a.short_name for a in agreements}
    chosen = [found[a.id] for a in agreements if a.id in found][:_MAX_AGREEMENTS]
    quoted = [(wording.where(names[p.agreement], p.document.title, p.section, p.reference),
               wording.quoted_lines([sentence])) for _, p, sentence in chosen]
    first = chosen[0][1]
    return wording.clause_answer(question.lang, quoted[0][0], quoted[0][1], first.reference,
                                 first.section.note, more=quoted[1:])


def _under_definitions(passage: Passage) -> bool:
    """In a clause headed "Definitioner", or under one ("8.2" under "8 Definitioner")."""
    number, titles = passage.section.number, {s.number: s.title for s in
                                              passage.document.sections}
    while number:
        if "definition" in fold(titles.get(number, "")):
            return True
        number = number.rpartition(".")[0]
    return False


def _defining(passage: Passage, groups: Sequence[tuple[str, ...]], index: Index
              ) -> tuple[int, str] | None:
    """The sentence of ``passage`` that defines the thing whose words are ``groups`` ("En
    familjecentral är …": 0; "Med familjecentral avses …": 1), if any.

    The thing's longest word (its head: "familjecentral" of "family centre", "basverksamhet"
    of "base operation") is one of the first two words of content, as itself — not in the
    genitive ("Samordnarens uppgift är …") nor as part of a compound ("Samordnarrollen är …");
    its other words may be parts of compounds ("family" of "familjecentral").
    """
    head = max(groups, key=lambda group: max(len(t) for t in group))
    others = [group for group in groups if group is not head]
    for sentence in sentences(passage.section.text):
        words = [w.casefold() for w in tokens(sentence)]
        verb = next((i for i, w in enumerate(words[:_AT_MOST_BEFORE + 1]) if w in _IS), None)
        if not verb:
            continue
        content = [w for w in words[:verb] if index.vocabulary.terms(w)]
        leading = [w for w in content[:2] if not _genitive(w, index)]
        if not any(index.vocabulary.lemma_of(w) in head for w in leading):
            continue
        named = {t for w in content for t in index.vocabulary.terms(w)}
        if all(any(t in n for t in group for n in named) for group in others):
            return (0 if words[verb] in _STRONG else 1), sentence
    return None


def _genitive(word: str, index: Index) -> bool:
    """ "samordnarens", "familjecentralens": an -s the lemma does not have."""
    return word.endswith("s") and not index.vocabulary.lemma_of(word).endswith("s")
