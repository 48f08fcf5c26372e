"""Finding agreements, parties and base operations in what a user typed.

Users write "Krokom", "Krokoms kommun", "krokoms", "Ostersund", "Östersnd", "barnhälsovården",
"CMV". Names are compared folded (no case, no diacritics); a trailing genitive -s is
tried off ("Bräckes" -> "Bräcke"); "kommun"/"kommuns" are just words. A word that is
close to a name but not close enough to be sure ("Krokum") is not guessed: it comes back
as unknown with "Menade du …?" suggestions, so the user confirms.

The API is small because other commands (deadlines, meetings) use it too:

- ``scan(text, agreements)`` -> ``Mentions``: everything named, in one pass;
- ``find_parties(text, agreements)`` -> ``PartyMatch``;
- ``find_agreements(text, agreements)`` -> ``AgreementMatch``;
- ``suggest(word, candidates)`` -> the closest candidate names.

Pass the command's own words as ``vocabulary`` so they are not reported as unknown names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement, EqualSplitModel, Operation, Party
from commands.core.context import Lang
from commands.core.text import ENGLISH_MARKERS, SWEDISH_MARKERS, fold
from commands.reading.places import PLACE_WORDS

# A typo this close is taken as the name ("Östersnd" -> Östersund: 94); below it the user is
# asked ("Krokum" -> Krokom: 83), because confidently answering for the wrong party is worse
# than one extra question. Below SUGGEST_SCORE a name is too far off to be worth suggesting.
ACCEPT_SCORE = 88.0
SUGGEST_SCORE = 60.0
_MIN_FUZZY_LENGTH = 4  # "Hjo" and "Ale" are names; fuzzing 3-letter words finds nonsense

SWEDISH_WORDS = SWEDISH_MARKERS | frozenset(
    """a aret arets ars av alla andel andelar avtal avtalet avtalen avtalsbot att basverksamhet
    basverksamheter basverksamheterna betala betalade betalar betalat bli blir budget budgeten
    dag de dela delar delas delat dem den det detta drift driften driftkostnad driftkostnader
    du en er ett fem fjol for fordela fordelas fordelat fordelningen fran fyra ganger granskning
    hela hos hur ifjol ingen inte ja jag jamforelse kan kommande kommunen kommunerna kommer
    kosta kostnaden kostnadsfordelning kostnadsposter kostade kr kronor kvalitetsgranskning
    kvalitetsgranskningen kommuner lan lika manga med medan mer minst mot nagon nar nasta
    nastkommande nej nu oss okning okar om pa post poster prognos region sa samma samordnare
    samordnaren samordnarens samordnartjansten sek ska skall snalla stad summa tabellen till
    tot total totalt tre tva under upp utan vad var vara varje varfor ver verksamhet verksamheten
    verksamheter vart vid vilken vill tack hej kommunens kostnadsfordelningen alla fordelningar
    forra forrforra nastnasta innevarande sedan gentemot andelen betalning betalningar
    storst hogst lagst""".split()
)
ENGLISH_WORDS = ENGLISH_MARKERS | frozenset(
    """a an all amount amounts be breakdown by can coordinator coordinators current each
    from give how i increase it item items its least line lines me municipality
    municipalities much operation operations paid please previous projection quality review
    sek shares sum tell than that them their they three to total upcoming will with would
    years you your kr kronor biggest largest smallest highest lowest coming""".split()
)
VOCABULARY = SWEDISH_WORDS | ENGLISH_WORDS
_TOKEN = re.compile(r"[^\W_]+(?:[-–][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class PartyHit:
    agreement: Agreement
    party: Party
    said: str  # the words as typed
    exact: bool = True  # False: taken from a close typo


@dataclass(frozen=True)
class OperationHit:
    agreement: Agreement
    model: EqualSplitModel
    operation: Operation
    said: str


@dataclass(frozen=True)
class Unknown:
    """A word that looks like a name but is none; ``suggestions`` are display names."""

    word: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentions:
    parties: tuple[PartyHit, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    operations: tuple[OperationHit, ...] = ()
    unknown: tuple[Unknown, ...] = ()

    def suggestions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for u in self.unknown for s in u.suggestions))

    def best_unknown(self) -> Unknown | None:
        """The unknown word most worth asking about: one with suggestions, else the first."""
        with_suggestions = [u for u in self.unknown if u.suggestions]
        candidates = with_suggestions or list(self.unknown)
        return candidates[0] if candidates else None


@dataclass(frozen=True)
class PartyMatch:
    hits: tuple[PartyHit, ...]
    unknown: tuple[Unknown, ...] = ()

    def suggestions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for u in self.unknown for s in u.suggestions))


@dataclass(frozen=True)
class AgreementMatch:
    """Agreements named outright, and those of the parties named (for "när säger Krokom upp")."""

    agreements: tuple[Agreement, ...]
    via_parties: tuple[Agreement, ...] = ()
    unknown: tuple[Unknown, ...] = ()

    def all(self) -> tuple[Agreement, ...]:
        return _unique_agreements((*self.agreements, *self.via_parties))


def find_parties(
    text: str, agreements: Sequence[Agreement], *, lang: Lang = "sv",
    vocabulary: Collection[str] = (),
) -> PartyMatch:
    """The parties named in ``text`` (one hit per agreement a party is in)."""
    found = scan(text, agreements, lang=lang, vocabulary=vocabulary)
    return PartyMatch(found.parties, found.unknown)


def find_agreements(
    text: str, agreements: Sequence[Agreement], *, lang: Lang = "sv",
    vocabulary: Collection[str] = (),
) -> AgreementMatch:
    """The agreements named in ``text``, and the agreements of any parties named."""
    found = scan(text, agreements, lang=lang, vocabulary=vocabulary)
    via = _unique_agreements(hit.agreement for hit in found.parties)
    return AgreementMatch(found.agreements, via, found.unknown)


def suggest(
    word: str, candidates: Iterable[str] | Mapping[str, str], *, limit: int = 3,
) -> tuple[str, ...]:
    """The candidates closest to ``word`` (compared folded), best first, at most ``limit``.

    A mapping compares its keys (spellings, aliases) and returns their values (display names).
    """
    pairs = candidates.items() if isinstance(candidates, Mapping) else ((c, c) for c in candidates)
    choices = {fold(spelling): display for spelling, display in pairs}
    ranked = process.extract(fold(word), list(choices), scorer=fuzz.ratio, limit=limit * 3,
                             score_cutoff=SUGGEST_SCORE)
    return tuple(dict.fromkeys(choices[key] for key, _, _ in ranked))[:limit]


# --- the scanner ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    kind: str  # "party" | "agreement" | "operation"
    agreement: Agreement
    display: str
    party: Party | None = None
    model: EqualSplitModel | None = None
    operation: Operation | None = None


@dataclass
class _Index:
    phrases: dict[str, list[_Target]] = field(default_factory=dict)
    # Phrases that are only a word out of an agreement's name ("gotaland" of "Västra Götaland"):
    # matched as typed, never as the target of a typo (see _fuzzy_pass).
    fragments: set[str] = field(default_factory=set)

    def add(self, phrase: str, target: _Target) -> None:
        key = " ".join(_fold_tokens(phrase))
        if key and target not in self.phrases.setdefault(key, []):
            self.phrases[key].append(target)

    @property
    def longest(self) -> int:
        return max((key.count(" ") + 1 for key in self.phrases), default=1)


@dataclass(frozen=True)
class _Token:
    text: str  # as typed
    folded: str
    position: int


def scan(
    text: str, agreements: Sequence[Agreement], *, lang: Lang = "sv",
    vocabulary: Collection[str] = (),
) -> Mentions:
    """Everything ``text`` names: parties, agreements, operations, and unknown name-like words."""
    index = _build_index(agreements)
    tokens = [_Token(m.group(0), fold(m.group(0)), i) for i, m in enumerate(_TOKEN.finditer(text))]
    known = _known_words(frozenset(vocabulary))
    language_words = SWEDISH_WORDS if lang == "sv" else ENGLISH_WORDS
    consumed: set[int] = set()
    targets: list[tuple[int, _Target, str, bool]] = []  # (position, target, said, exact)
    _exact_pass(tokens, index, language_words, consumed, targets)
    unknown = _fuzzy_pass(tokens, index, known, consumed, targets)
    return _mentions(targets, unknown)


# The store hands out the same agreement objects until an agreement changes, so the index
# is built once per change, not per question (it folds every name and alias: ~5 ms).
_last_index: tuple[Sequence[Agreement], _Index] | None = None


@lru_cache(maxsize=16)
def _known_words(vocabulary: frozenset[str]) -> frozenset[str]:
    return VOCABULARY | {fold(w) for w in vocabulary}


def _build_index(agreements: Sequence[Agreement]) -> _Index:
    global _last_index
    cached = _last_index
    if cached is not None and len(cached[0]) == len(agreements) and all(
            a is b for a, b in zip(cached[0], agreements, strict=True)):
        return cached[1]
    index = _index_of(agreements)
    _last_index = (tuple(agreements), index)
    return index


def _index_of(agreements: Sequence[Agreement]) -> _Index:
    index = _Index()
    for agreement in agreements:
        target = _Target("agreement", agreement, agreement.short_name)
        for phrase in (agreement.id, agreement.short_name, agreement.name, *agreement.aliases):
            index.add(phrase, target)
        for party in agreement.parties:
            party_target = _Target("party", agreement, party.short_name, party=party)
            for phrase in (party.key, party.short_name, party.name, *party.aliases):
                index.add(phrase, party_target)
        for model in agreement.cost_models:
            if isinstance(model, EqualSplitModel):
                for operation in model.operations:
                    op_target = _Target("operation", agreement, operation.name, model=model,
                                        operation=operation)
                    for phrase in (operation.key, operation.name, *operation.aliases):
                        index.add(phrase, op_target)
    _add_distinctive_words(index, agreements)
    return index


def _add_distinctive_words(index: _Index, agreements: Sequence[Agreement]) -> None:
    """Single words of an agreement's short name that no other agreement shares ("jämtland")."""
    owners: dict[str, set[str]] = {}
    for agreement in agreements:
        for word in _fold_tokens(agreement.short_name):
            owners.setdefault(word, set()).add(agreement.id)
    for agreement in agreements:
        for word in _fold_tokens(agreement.short_name):
            if len(owners[word]) == 1 and len(word) >= 3 and word not in VOCABULARY:
                if word not in index.phrases:
                    index.fragments.add(word)
                index.add(word, _Target("agreement", agreement, agreement.short_name))


def _exact_pass(
    tokens: list[_Token], index: _Index, language_words: frozenset[str], consumed: set[int],
    targets: list[tuple[int, _Target, str, bool]],
) -> None:
    """Longest exact phrase first, so "Lilla Edet" wins over a lone "Edet"."""
    for size in range(min(index.longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = range(start, start + size)
            if consumed.intersection(span):
                continue
            words = [tokens[i].folded for i in span]
            hits = _lookup(index, words)
            if not hits or (size == 1 and _is_plain_word(tokens[start], language_words)):
                continue
            said = " ".join(tokens[i].text for i in span)
            targets.extend((start, target, said, True) for target in hits)
            consumed.update(span)


def _lookup(index: _Index, words: list[str]) -> list[_Target]:
    phrase = " ".join(words)
    if phrase in index.phrases:
        return index.phrases[phrase]
    last = words[-1]
    # Genitive: "Krokoms", "Bräckes", "Östersunds kommuns" -> the name without its -s.
    if len(last) > 3 and last.endswith("s"):
        return index.phrases.get(" ".join([*words[:-1], last[:-1]]), [])
    return []


def _is_plain_word(token: _Token, language_words: frozenset[str]) -> bool:
    """ "are" in an English question is a verb, "Åre" or a mid-sentence "Are" is the town."""
    if token.folded not in language_words:
        return False
    has_diacritics = token.folded != token.text.casefold()
    capitalised_mid_sentence = token.text[:1].isupper() and token.position > 0
    return not (has_diacritics or capitalised_mid_sentence)


def _fuzzy_pass(
    tokens: list[_Token], index: _Index, known: Collection[str], consumed: set[int],
    targets: list[tuple[int, _Target, str, bool]],
) -> list[Unknown]:
    """Close typos of names are taken as the name; other name-like words come back unknown.

    Edit distance alone cannot tell a typo from another place: "Gotland" is one letter from
    "Götaland" (93) just as "Östersnd" is from "Östersund" (94), and "Linköping" is one from
    "Lidköping" (89) just as "Harjedal" is from "Härjedalen". Two rules keep a real place from
    being answered for as another:

    - a word that is itself the name of a Swedish municipality or region (PLACE_WORDS) is that
      place: it is never a typo, and gets no "Menade du …?" (Linköping is not Lidköping);
    - a typo is only taken onto a whole name (a party's, an agreement's or an alias), never
      onto a *fragment*, a single word lifted out of an agreement's name ("Götaland" of
      "Västra Götaland"): a fragment is already a guess, and a guess on a guess is too far.
      A fragment still comes up as a suggestion.
    """
    names = list(index.phrases)
    unknown: list[Unknown] = []
    for token in tokens:
        if token.position in consumed or not _name_like(token, known):
            continue
        if _place_word(token.folded):
            unknown.append(Unknown(token.text))
            continue
        ranked = process.extract(token.folded, names, scorer=fuzz.ratio, limit=6,
                                 score_cutoff=SUGGEST_SCORE)
        whole = [(name, score) for name, score, _ in ranked if name not in index.fragments]
        if whole and whole[0][1] >= ACCEPT_SCORE and len(token.folded) >= _MIN_FUZZY_LENGTH:
            targets.extend((token.position, target, token.text, False)
                           for target in index.phrases[whole[0][0]])
            continue
        displays = (t.display for name, _, _ in ranked for t in index.phrases[name])
        unknown.append(Unknown(token.text, tuple(dict.fromkeys(displays))[:3]))
    return unknown


def _without_genitive(word: str) -> str:
    """ "krokoms" -> "krokom"; short words keep their -s ("ses")."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _place_word(word: str) -> bool:
    """ "Linköping", "Gotlands": the name of a Swedish municipality or region."""
    return word in PLACE_WORDS or _without_genitive(word) in PLACE_WORDS


def _name_like(token: _Token, known: Collection[str]) -> bool:
    word = token.folded
    stripped = _without_genitive(word)
    return (
        len(word) >= 2 and not any(ch.isdigit() for ch in word)
        and word not in known and stripped not in known
    )


def _mentions(targets: list[tuple[int, _Target, str, bool]], unknown: list[Unknown]) -> Mentions:
    parties: dict[tuple[str, str], PartyHit] = {}
    agreements: dict[str, Agreement] = {}
    operations: dict[tuple[str, str, str], OperationHit] = {}
    # In the order the user wrote them, whichever pass found them.
    for _, target, said, exact in sorted(targets, key=lambda item: item[0]):
        if target.party is not None:
            parties.setdefault((target.agreement.id, target.party.key),
                               PartyHit(target.agreement, target.party, said, exact))
        elif target.operation is not None and target.model is not None:
            key = (target.agreement.id, target.model.key, target.operation.key)
            operations.setdefault(key, OperationHit(target.agreement, target.model,
                                                    target.operation, said))
        else:
            agreements.setdefault(target.agreement.id, target.agreement)
    return Mentions(tuple(parties.values()), tuple(agreements.values()),
                    tuple(operations.values()), tuple(unknown))


def _fold_tokens(phrase: str) -> list[str]:
    return [fold(m.group(0)) for m in _TOKEN.finditer(phrase)]


def _unique_agreements(agreements: Iterable[Agreement]) -> tuple[Agreement, ...]:
    return tuple({a.id: a for a in agreements}.values())
