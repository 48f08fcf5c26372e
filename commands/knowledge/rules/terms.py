"""Words -> search terms: Swedish lemmas, folded, with compounds split against the corpus.

The clauses and the questions go through the same steps, so "uppsägningstiden", "uppsagningstid"
and "uppsägning" meet: simplemma gives the lemma of a word written with å/ä/ö; a word typed
without them is looked up among the folded forms seen in the clauses (which carry their lemma);
a compound is split where both parts are words of the corpus ("jourlägenhet" -> "jour",
"lägenhet"), so a question may name either part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from commands.core.text import fold

_TOKEN = re.compile(r"[^\W_]+(?:[:/][0-9]+)*", re.UNICODE)
_MIN_PART = 3
_MIN_HEAD, _MIN_TAIL = 5, 6  # an unknown head is only split off a long known tail
REMEMBERED = 65536  # distinct words whose terms a vocabulary (or index) keeps; clauses: ~3 500
_ENDINGS = ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "er", "ar", "or", "n", "s")
# The same endings by length, longest first (the order above): a word ends in at most one
# ending of each length, so four look-ups try them all in that order.
_ENDINGS_BY_LENGTH = tuple((n, frozenset(e for e in _ENDINGS if len(e) == n))
                           for n in sorted({len(e) for e in _ENDINGS}, reverse=True))

# Function words and question words, folded: they say how something is asked, not what about.
STOPWORDS = frozenset(
    """och i pa for till av om med att det den de dem en ett som ar var vad vem vems vilka vilken
    vilket hur nar vart varfor ska skall kan far maste har hade blir blev bli vi man jag du ni oss
    var vart vara er sin sitt sina sig enligt mellan efter fore under over ut sa ocksa eller men
    inte finns gor gora star star dar har alla varje nagot nagon nagra mycket manga ofta
    ha hos fran nu da dessa denna detta vid mot utan just bara sker ske skulle kunna
    the a an of to in on for by with what who whom whose which how when does do did is are was
    were be been can could must should shall will would it its and or per many much from at as
    this that these those our we us there any about according under into than they their them
    you your i me my has have had if so not no whats against up out off down onto within""".split()
)


# Swedish particle verbs whose particle may stand apart ("avtalet sägs upp", "har inte sagts
# upp", "när säger vi upp", "ska följas upp"): read, in clauses and questions alike, also as the
# noun the other half of the texts uses ("uppsägning", "uppföljning").
PARTICLE_VERBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bs[aä](?:g|d)\w*\s+(?:[^\W\d_]+\s+){0,2}?upp\b", re.IGNORECASE), "uppsägning"),
    # "gå ur avtalet", "kommunen går ur": leaving is giving notice, as the agreements say it
    (re.compile(r"\bg[aå](?:r|tt)?\s+ur\b|\bgick\s+ur\b", re.IGNORECASE),
     "utträde uppsägning"),
    (re.compile(r"\bf[oö]lj\w*\s+(?:[^\W\d_]+\s+)?upp\b", re.IGNORECASE), "uppföljning"),
    (re.compile(r"\br[aä]kn\w*\s+(?:[^\W\d_]+\s+){0,2}?upp\b", re.IGNORECASE), "uppräkning"),
)


def particle_nouns(text: str) -> list[str]:
    """The nouns of the particle verbs in ``text``, once per occurrence."""
    return [noun for pattern, noun in PARTICLE_VERBS for _ in pattern.finditer(text)]


def tokens(text: str) -> list[str]:
    """Word tokens as written (keeps å/ä/ö for the lemmatiser; "2009:400" stays one token)."""
    return _TOKEN.findall(text.casefold())


# simplemma's lemma of every word of the bundled sources, folded: loading its Swedish
# dictionary took most of `avtalsbot ask`'s time, and with the table a question whose words
# the sources have never loads it (tests/knowledge/test_lemma_table.py writes and checks it).
LEMMA_TABLE = Path(__file__).with_name("lemmas.tsv")


@cache
def bundled_lemmas() -> dict[str, str]:
    with LEMMA_TABLE.open(encoding="utf-8") as lines:
        return dict(line.rstrip("\n").split("\t", 1) for line in lines if "\t" in line)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The folded lemma of one lower-case word ("lokalerna" -> "lokal")."""
    if len(word) < 3 or any(ch.isdigit() for ch in word):
        # simplemma keeps a token with a digit as it is ("2026", "u0anna", "sfs2009"): a
        # Slack id in a question does not load its dictionary (90 MB) to learn that
        return fold(word)
    known = bundled_lemmas().get(word)
    if known is not None:
        return known
    import simplemma  # a word the sources do not have: load the dictionary now

    return fold(simplemma.lemmatize(word, lang="sv"))


class Vocabulary:
    """The corpus' words: folded surface form -> folded lemma, and the set of lemmas.

    Built once from the clauses; questions are read against it.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.surface: dict[str, str] = {}
        for word in words:
            folded = fold(word)
            if folded not in self.surface or word != folded:
                self.surface[folded] = lemma(word)
        lemmas = set(self.surface.values())
        for folded, found in self.surface.items():
            if found == folded:  # the lemmatiser kept the word: a definite or plural form
                # of a lemma the corpus has ("familjecentralerna" -> "familjecentral")?
                stem = _stem(folded, lemmas, 5)
                if stem is not None:
                    self.surface[folded] = stem
        self.lemmas = frozenset(self.surface.values())
        # Each distinct word's terms, worked out once: the clauses repeat their words (an
        # index reads some 20 000 words, a few thousand distinct), and the answer depends on
        # the word and this vocabulary only, which does not change once built.
        self._terms: dict[str, tuple[str, ...]] = {}

    def lemma_of(self, word: str) -> str:
        folded = fold(word)
        if word == folded and folded in self.surface:  # typed without å/ä/ö, seen in a clause
            return self.surface[folded]
        return lemma(word)

    def terms(self, word: str) -> list[str]:
        """The lemma of ``word`` and, for a compound, the lemmas of its two parts."""
        found = self._terms.get(word)
        if found is None:
            found = self._work_out_terms(word)
            if len(self._terms) < REMEMBERED:  # questions bring new words: not without end
                self._terms[word] = found
        return list(found)

    def _work_out_terms(self, word: str) -> tuple[str, ...]:
        if fold(word) in STOPWORDS:
            return ()
        base = self.lemma_of(word)
        if base in STOPWORDS or (len(base) < 2 and not base.isdigit()):
            return ()
        if base not in self.lemmas and base.isalpha():
            # an inflection the lemmatiser missed ("familjecentralerna"): the corpus lemma
            base = self.known_form(base) or base
        return (base, *self.split(base))

    @lru_cache(maxsize=65536)  # noqa: B019 - one vocabulary per process, kept for its life
    def split(self, word: str) -> tuple[str, ...]:
        """ "jourlagenhet" -> ("jour", "lagenhet"); "uppsagningstid" -> ("uppsagning", "tid").

        The split with the longest first part whose both parts are corpus lemmas (a linking -s
        may end the first part); nothing when no such split exists.
        """
        if len(word) < 2 * _MIN_PART + 1 or not word.isalpha():
            return ()
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            tail_lemma = self.known_form(tail)
            if tail_lemma is None:
                continue
            if head in self.lemmas:
                return (head, tail_lemma)
            if head + "e" in self.lemmas:  # "samordnaruppdrag" -> "samordnare", "uppdrag"
                return (head + "e", tail_lemma)
            if head.endswith("s") and head[:-1] in self.lemmas and len(head) > _MIN_PART:
                return (head[:-1], tail_lemma)
        # A head the corpus never writes alone, joined by the linking -s ("kvinnogrupps|
        # verksamhet"): still a part a question may name ("kvinnogrupp"). Only at a linking -s,
        # or "årsberättelse" would hold "rättelse".
        for cut in range(_MIN_HEAD + 1, len(word) - _MIN_TAIL + 1):
            head, tail = word[:cut], word[cut:]
            tail_lemma = self.known_form(tail)
            if head.endswith("s") and tail_lemma is not None and len(tail_lemma) >= _MIN_TAIL:
                return (head[:-1], tail_lemma)
        return ()

    def known_form(self, word: str) -> str | None:
        """The corpus lemma of a folded word, trying common Swedish endings off (the
        lemmatiser does not know "enkäten" inside "besöksenkäten")."""
        if word in self.lemmas:
            return word
        if word in self.surface:
            return self.surface[word]
        return _stem(word, self.lemmas, _MIN_PART)


def _stem(word: str, lemmas: frozenset[str] | set[str], shortest: int) -> str | None:
    """``word`` without the first of ``_ENDINGS`` that leaves a lemma of at least ``shortest``
    letters, or None."""
    for length, endings in _ENDINGS_BY_LENGTH:
        if word[-length:] in endings:
            stem = word[:-length]
            if len(stem) >= shortest and stem in lemmas:
                return stem
    return None
