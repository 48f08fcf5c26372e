"""The clause index: every section of every document as a passage, ranked with BM25.

Why BM25 written here rather than rank-bm25: the ranking needs per-passage weights (a template
or a meeting protocol ranks below the agreement itself unless asked for) and a filter on the
agreement named in the question, and the whole thing is forty lines over plain dicts; the
library would add a dependency and still need both around it. The index is built once per set
of documents (the store hands out the same objects until they change) and scored in Python over
plain objects, so SQLite and PostgreSQL give the same answers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from commands.core.document import Document, Section, SectionTable
from commands.knowledge.rules.terms import REMEMBERED, Vocabulary, particle_nouns, tokens

K1 = 1.2
B = 0.6
TITLE_WEIGHT = 3  # a word in the clause's title counts as if written three times in its text
# A clause whose whole title is asked for ("vad är en familjecentral?" and §8.2 Familjecentral)
# is the clause about it, before the many that only mention the word.
TITLE_MATCH = 1.4

_NUMERIC = re.compile(r"^\d+(?:\.\d+)*$")
_APPENDIX = re.compile(r"^(Bilaga \d+)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])|\n+")


@dataclass(frozen=True)
class Passage:
    """One section of one document, with what the search needs to know about it."""

    document: Document
    section: Section
    reference: str  # "001 §11.3", "003 Bilaga 1 §2", "002 Årshjul 2019"

    @property
    def agreement(self) -> str:
        return self.document.agreement


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    matched: frozenset[str]


@dataclass
class Index:
    vocabulary: Vocabulary
    passages: list[Passage] = field(default_factory=list)
    counts: list[Counter[str]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    document_frequency: Counter[str] = field(default_factory=Counter)
    titles: list[frozenset[str]] = field(default_factory=list)
    # term -> the closest term of the clauses (None: none close), remembered: a question
    # reads the same unknown words again ("betalar" on every cost question)
    _closest: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def closest(self, term: str) -> str | None:
        """The word of the clauses a typo ("huvudmna", "kosatr") stands for, if close enough."""
        if term in self._closest:
            return self._closest[term]
        best = process.extractOne(term, self.document_frequency.keys(), scorer=fuzz.ratio,
                                  score_cutoff=80)
        found = best[0] if best else None
        if len(self._closest) < REMEMBERED:
            self._closest[term] = found
        return found

    def idf(self, term: str) -> float:
        n = len(self.passages)
        df = self.document_frequency.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def known(self, term: str) -> bool:
        return term in self.document_frequency

    def search(self, terms: Sequence[str], *, agreements: Iterable[str] = (),
               weights: dict[str, float] | None = None, limit: int = 5) -> list[Hit]:
        """The best passages for ``terms`` (repeats count), within ``agreements`` if given."""
        allowed = set(agreements)
        wanted = Counter(terms)
        average = sum(self.lengths) / max(len(self.lengths), 1)
        hits: list[Hit] = []
        for i, passage in enumerate(self.passages):
            if allowed and passage.agreement not in allowed:
                continue
            counts, length = self.counts[i], self.lengths[i]
            score = 0.0
            matched = set()
            for term, times in wanted.items():
                tf = counts.get(term, 0)
                if not tf:
                    continue
                matched.add(term)
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
                score += times * self.idf(term) * norm
            if score:
                score *= (weights or {}).get(passage.document.kind, 1.0)
                if self.titles[i] and self.titles[i] <= wanted.keys():
                    score *= TITLE_MATCH
                hits.append(Hit(passage, score, frozenset(matched)))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def build_index(documents: Sequence[Document]) -> Index:
    # Each clause's words are read once: the vocabulary is built from them all, then each
    # passage's terms are looked up in it.
    read = [(document, section, _words(section)) for document in documents
            for section in document.sections]
    index = Index(Vocabulary(w for _, section, (body, nouns) in read
                             for w in [*tokens(section.title), *body, *nouns]))
    for document, section, words in read:
        terms = passage_terms(index.vocabulary, section, words)
        if not terms:
            continue
        index.passages.append(Passage(document, section, reference(document, section)))
        index.titles.append(frozenset(t for w in tokens(section.title)
                                      for t in index.vocabulary.terms(w)[:1]))
        counts = Counter(terms)
        index.counts.append(counts)
        index.lengths.append(len(terms))
        index.document_frequency.update(counts.keys())
    return index


def _words(section: Section) -> tuple[list[str], list[str]]:
    """The word tokens of a clause's text and tables, and the nouns of its particle verbs."""
    body = _body(section)
    return tokens(body), particle_nouns(body)


def passage_terms(vocabulary: Vocabulary, section: Section,
                  words: tuple[list[str], list[str]]) -> list[str]:
    # The number belongs to the title: "Steg III", "Bilaga 3", "Årshjul 2019" are asked for.
    label = (section.title if section.number in section.title
             else f"{section.number} {section.title}")
    title = [t for w in tokens(label) for t in vocabulary.terms(w)]
    body, nouns = words
    return title * TITLE_WEIGHT + [t for w in [*body, *nouns] for t in vocabulary.terms(w)]


def reference(document: Document, section: Section) -> str:
    """How a person cites the section: "001 §11.3", "003 Bilaga 1 §2", "003 Mötesanteckning
    SRO p. 4"; a section named rather than numbered is cited by its name."""
    appendix = _APPENDIX.match(document.title)
    numbered = bool(_NUMERIC.match(section.number))
    if numbered and document.kind in ("protokoll", "beslut"):
        where = f"{document.title} p. {section.number}"
    elif numbered:
        where = f"{appendix.group(1)} §{section.number}" if appendix else f"§{section.number}"
    elif appendix and not section.number.startswith("Bilaga"):
        where = f"{appendix.group(1)}, {section.number}"
    else:
        where = section.number
    return f"{document.source_document} {where}"


def _body(section: Section) -> str:
    return "\n".join([section.text, *(table_text(t) for t in section.tables)])


def table_text(table: SectionTable) -> str:
    lines = [table.title or "", " ".join(table.columns)]
    lines += [" ".join(row) for row in table.rows]
    return "\n".join(lines)


# --- the part of a clause worth quoting ---------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def best_sentences(vocabulary: Vocabulary, text: str, terms: Iterable[str], idf: dict[str, float],
                   *, budget: int = 700) -> list[str | None]:
    """The sentences of ``text`` that hold the question's terms, in order; ``None`` marks
    where sentences were left out ("…"). A short text is kept whole. A sentence that ends in
    ":" keeps the list that follows it, since the list is its answer."""
    parts = sentences(text)
    if len(text) <= budget or len(parts) <= 2:
        return list(parts)
    wanted = set(terms)
    scores = []
    for part in parts:
        found = {t for w in tokens(part) for t in vocabulary.terms(w)} & wanted
        scores.append(sum(idf.get(t, 0.0) for t in found))
    top = max(scores)
    if top == 0:
        return [*parts[:2], None]
    keep: set[int] = {0}  # the lead sentence names who or what the clause is about
    used = len(parts[0])
    for i in sorted(range(len(parts)), key=lambda i: -scores[i]):
        if scores[i] < top * 0.5 or (used and used + len(parts[i]) > budget):
            continue
        keep.add(i)
        used += len(parts[i])
        if parts[i].endswith(":"):
            for j in range(i + 1, min(i + 13, len(parts))):
                if parts[j].endswith(":"):
                    break
                keep.add(j)
                used += len(parts[j])
    chosen: list[str | None] = []
    for i, part in enumerate(parts):
        if i in keep:
            chosen.append(part)
        elif not chosen or chosen[-1] is not None:
            chosen.append(None)
    return chosen
