"""The one name matcher: agreements, parties, bodies and base operations in what a user typed.

Users write "Krokom", "Krokoms kommun", "krokoms", "Ostersund", "Östersnd", "barnhälsovården",
"CMV", "CMV-avtalet", "Jönköpingsavtalet". Names are compared folded (no case, no
diacritics); a trailing genitive -s and an "-avtalet" are tried off ("Bräckes" -> "Bräcke",
"cmvavtalet" -> "CMV"); "kommun"/"kommuns" are just words. A word within ``ACCEPT_SCORE`` of
a whole name is a *typo hit* (marked ``exact=False``); a word that only resembles a name
("Krokum") is not guessed: it comes back as ``Unknown`` with "Menade du …?" suggestions.
There is one threshold for each, for every command.

Two readings over the same scan:

- ``scan(text, agreements)`` -> ``Mentions``: everything named, in one pass (costs, router);
- ``agreements_named(text, agreements)`` -> ``NamedAgreements``: the agreements a question is
  about — named outright, or through a party or base operation — and the one word to ask
  about when the name is unclear (deadlines, reminders, meetings, calendar);
- ``bodies_named(text, agreements, kinds=…)`` -> the bodies (steering groups, networks …) a
  question names, by name or alias, else by the caller's words for kinds of body (meetings).

Callers pass their own words as ``vocabulary`` (cost words, deadline topics, notice words …)
so those are not taken for unknown names; this module knows no domain. (A little over 500
lines: the index, the typo rule and the three readings share one scan and are read together;
the language word lists are already apart, in ``words``.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement, Body, Party
from commands.core.context import Lang
from commands.core.cost_models import EqualSplitModel, Operation
from commands.core.text import fold, words
from commands.reading.places import PLACE_WORDS, REGIONS

# re-exported: callers have imported these from the matcher
from commands.reading.words import ENGLISH_WORDS as ENGLISH_WORDS
from commands.reading.words import SWEDISH_WORDS as SWEDISH_WORDS
from commands.reading.words import VOCABULARY as VOCABULARY

# A typo this close is taken as the name ("Östersnd" -> Östersund: 94); below it the user is
# asked ("Krokum" -> Krokom: 83), because confidently answering for the wrong party is worse
# than one extra question. Below SUGGEST_SCORE a name is too far off to be worth suggesting.
ACCEPT_SCORE = 88.0
SUGGEST_SCORE = 60.0
_MIN_FUZZY_LENGTH = 4  # "Hjo" and "Ale" are names; fuzzing 3-letter words finds nonsense

# A word after one of these is where a name goes ("deadlines för Jönkping", "on CMW"): if it
# is no name, it is the word to ask about. Elsewhere only a capital makes a word look like one.
NAME_PREPOSITIONS = frozenset(
    "for on med hos about with avtalet agreement i in till pa of".split()
)
# Compounds and definite forms of an agreement's name: "Jönköpingsavtalet", "CMV-avtalet".
_AGREEMENT_SUFFIXES = ("savtalet", "savtalets", "savtal", "avtalet", "avtalets", "avtal",
                       "dokumentet", "dokumentets")  # "Kalmardokumentet": 004 is a document
# A caller's word this long also covers its inflections and compounds as known words
# ("kvalitetsgransk…" -> "kvalitetsgranskningen"); shorter ones must match whole.
_KNOWN_PREFIX_LENGTH = 5
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
    """A word that looks like a name but is none; ``suggestions`` are display names.

    ``placed_as_name``: written with a capital mid-sentence or right after a preposition
    ("för Jönkping"), so the user most likely meant a name by it.
    """

    word: str
    suggestions: tuple[str, ...] = ()
    placed_as_name: bool = False


@dataclass(frozen=True)
class NamedAgreements:
    """The agreements a question is about, and the word to ask about if a name was unclear.

    ``agreements``: named outright first, then those of the parties and base operations named,
    in the order written. ``unclear`` is set only when nothing was named exactly: a close typo
    of a name (its suggestions are the names it is close to), or a word placed as a name that
    is none (its suggestions are the nearest names, or every agreement when none is near).
    """

    agreements: tuple[Agreement, ...] = ()
    unclear: Unknown | None = None


@dataclass(frozen=True)
class AgreementGuess:
    """An agreement named only through a close typo of its name ("Jönkping")."""

    agreement: Agreement
    said: str


@dataclass(frozen=True)
class Mentions:
    parties: tuple[PartyHit, ...] = ()
    agreements: tuple[Agreement, ...] = ()  # named outright, or guessed (see ``guessed``)
    operations: tuple[OperationHit, ...] = ()
    unknown: tuple[Unknown, ...] = ()
    guessed: tuple[AgreementGuess, ...] = ()  # those of ``agreements`` named by a typo only

    def suggestions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for u in self.unknown for s in u.suggestions))

    def best_unknown(self) -> Unknown | None:
        """The unknown word most worth asking about: one with suggestions, else the first."""
        with_suggestions = [u for u in self.unknown if u.suggestions]
        candidates = with_suggestions or list(self.unknown)
        return candidates[0] if candidates else None


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
    # Every word of a name of several words ("familjecentraler" of "Familjecentraler Kalmar"):
    # typed alone it is part of a name, neither a typo of the whole nor an unknown name.
    name_words: set[str] = field(default_factory=set)
    # The most words in a phrase: kept as phrases are added, since every question asks it.
    longest: int = 1

    def add(self, phrase: str, target: _Target) -> None:
        key = " ".join(_fold_tokens(phrase))
        if key and target not in self.phrases.setdefault(key, []):
            self.phrases[key].append(target)
        if key:
            self.longest = max(self.longest, key.count(" ") + 1)
        if " " in key:
            self.name_words.update(key.split())


@dataclass(frozen=True)
class _Token:
    text: str  # as typed
    folded: str
    position: int
    after_preposition: bool = False

    @property
    def capitalised_mid_sentence(self) -> bool:
        return self.text[:1].isupper() and self.position > 0


def scan(
    text: str, agreements: Sequence[Agreement], *, lang: Lang = "sv",
    vocabulary: Collection[str] = (),
) -> Mentions:
    """Everything ``text`` names: parties, agreements, operations, and unknown name-like words."""
    index = _build_index(agreements)
    tokens = _tokens(text)
    known = _known_words(frozenset(vocabulary))
    language_words = SWEDISH_WORDS if lang == "sv" else ENGLISH_WORDS
    consumed: set[int] = set()
    targets: list[tuple[int, _Target, str, bool]] = []  # (position, target, said, exact)
    regions = _region_pass(tokens, index, consumed)
    _exact_pass(tokens, index, language_words, consumed, targets)
    unknown = _fuzzy_pass(tokens, index, known, consumed, targets)
    return _mentions(targets, [*regions, *unknown])


def _tokens(text: str) -> list[_Token]:
    found = [m.group(0) for m in _TOKEN.finditer(text)]
    folded = [fold(word) for word in found]
    return [_Token(word, folded[i], i, i > 0 and folded[i - 1] in NAME_PREPOSITIONS)
            for i, word in enumerate(found)]


def agreements_named(
    text: str, agreements: Sequence[Agreement], *, lang: Lang = "sv",
    vocabulary: Collection[str] = (),
) -> NamedAgreements:
    """The agreements ``text`` is about (see ``NamedAgreements``); nothing named and nothing
    unclear means the question is about no agreement in particular (the caller decides)."""
    found = scan(text, agreements, lang=lang, vocabulary=vocabulary)
    guessed = {guess.agreement.id for guess in found.guessed}
    exact = _unique_agreements((
        *(a for a in found.agreements if a.id not in guessed),
        *(hit.agreement for hit in found.parties if hit.exact),
        *(hit.agreement for hit in found.operations),
    ))
    if exact:
        return NamedAgreements(agreements=exact)
    typos = [hit for hit in found.parties if not hit.exact]
    if typos or found.guessed:
        # A typo does not choose the agreements on its own: a listing for the wrong agreement
        # reads as right, so the user confirms the name through "Menade du …?" first.
        said = found.guessed[0].said if found.guessed else typos[0].said
        names = (*(guess.agreement.short_name for guess in found.guessed),
                 *(hit.party.short_name for hit in typos))
        return NamedAgreements(unclear=Unknown(said, tuple(dict.fromkeys(names)), True))
    placed = [u for u in found.unknown if u.placed_as_name and len(fold(u.word)) >= 3]
    with_suggestions = [u for u in placed if u.suggestions]
    if with_suggestions:
        return NamedAgreements(unclear=with_suggestions[0])
    capitalised = [u for u in placed if u.word[:1].isupper()]
    if capitalised and agreements:
        every = tuple(a.short_name for a in agreements)
        return NamedAgreements(unclear=Unknown(capitalised[0].word, every, True))
    return NamedAgreements()


def bodies_named(
    text: str, agreements: Sequence[Agreement], *, kinds: Sequence[tuple[str, str]] = (),
) -> list[tuple[Agreement, Body]]:
    """Bodies named in ``text``: by name or alias first; else every body of a kind whose word
    begins a word of the text (``kinds``: (word beginning, kind), e.g. ("styrgrupp",
    "steering_group") for "styrgruppsmötet" — the caller's vocabulary)."""
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    by_name: list[tuple[str, Agreement, Body]] = []
    for agreement in agreements:
        for body in agreement.bodies:
            said = [folded for name in (body.key.replace("-", " "), body.name, *body.aliases)
                    if (folded := " ".join(words(name)))
                    # "styrgruppen", "steering group": the kind, said in one language or the
                    # other; both must find the same bodies, so the kind decides (below)
                    and not _kind_only(folded, kinds) and f" {folded} " in padded]
            if said:
                by_name.append((max(said, key=len), agreement, body))
    if by_name:
        # "politisk ledningsgrupp" names SocSam; don't also add every "ledningsgrupp"; and a
        # name said inside a longer one is that one: "den lokala styrgruppen" is VG's group,
        # not every "styrgruppen" (two groups named apart are both kept)
        return [(a, b) for said, a, b in by_name
                if not any(said != longer and f" {said} " in f" {longer} "
                           for longer, _, _ in by_name)]
    named_kinds = {kind for t in tokens for prefix, kind in kinds if t.startswith(prefix)}
    if "political_group" in named_kinds:
        named_kinds.discard("management_group")  # "politisk ledningsgrupp" is one body
    return [(a, b) for a in agreements for b in a.bodies if b.kind in named_kinds]


_KIND_FILLERS = frozenset("group groups grupp gruppen the".split())


def _kind_only(folded: str, kinds: Sequence[tuple[str, str]]) -> bool:
    """Whether a body's name or alias is only a kind word ("styrgruppen", "steering group")."""
    parts = folded.split()
    named = [w for w in parts if any(w.startswith(prefix) for prefix, _ in kinds)]
    return bool(named) and all(w in named or w in _KIND_FILLERS for w in parts)


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


def _region_pass(tokens: list[_Token], index: _Index, consumed: set[int]) -> list[Unknown]:
    """ "Region Jämtland Härjedalen" is a region, not the municipality Härjedalen in its name:
    a region that is no party is a name the agreements do not know ("Region Kalmar län", a
    party, is left to the exact pass)."""
    unknown: list[Unknown] = []
    for token in tokens:
        if token.folded != "region" or token.position in consumed:
            continue
        for size in (2, 1):
            span = tokens[token.position + 1: token.position + 1 + size]
            name = " ".join(t.folded for t in span)
            if len(span) == size and name in REGIONS and f"region {name}" not in index.phrases:
                consumed.update(range(token.position, token.position + 1 + size))
                unknown.append(Unknown(" ".join(t.text for t in (token, *span)), (), True))
                break
    return unknown


def _lookup(index: _Index, words: list[str]) -> list[_Target]:
    phrase = " ".join(words)
    if phrase in index.phrases:
        return index.phrases[phrase]
    last = words[-1]
    # Genitive: "Krokoms", "Bräckes", "Östersunds kommuns" -> the name without its -s;
    # "Jönköpingsavtalet", "CMV-avtalet", "cmvavtalet" -> the agreement's name.
    for stem in (_without_genitive(last), _without_agreement_suffix(last)):
        if stem != last and (hits := index.phrases.get(" ".join([*words[:-1], stem]))):
            return hits
    return []


def _without_agreement_suffix(word: str) -> str:
    """ "jonkopingsavtalet" -> "jonkoping", "cmv-avtalet" and "cmvavtalet" -> "cmv",
    "vg-avtalet" -> "vg" (but "avtalet" alone, or "ett avtal", is no name)."""
    for suffix in _AGREEMENT_SUFFIXES:
        if not word.endswith(suffix):
            continue
        before = word[: -len(suffix)]
        stem = before.rstrip("-")
        # a hyphen marks the name off, so two letters are enough: "VG-avtalet" is VG
        if len(stem) >= 3 or (len(stem) == 2 and before != stem):
            return stem
    return word


def _is_plain_word(token: _Token, language_words: frozenset[str]) -> bool:
    """ "are" in an English question is a verb, "Åre" or a mid-sentence "Are" is the town."""
    if token.folded not in language_words:
        return False
    has_diacritics = token.folded != token.text.casefold()
    return not (has_diacritics or token.capitalised_mid_sentence)


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
        if _name_word(token.folded, index):
            # "familjecentraler" is a word of three agreements' names: one word of a name is
            # not a misspelling of the whole ("vgr familjecentraler" scores 89), and not a
            # name the bot does not know either.
            continue
        placed = token.after_preposition or token.capitalised_mid_sentence
        if _place_word(token.folded):
            unknown.append(Unknown(token.text, (), placed))
            continue
        ranked = process.extract(token.folded, names, scorer=fuzz.ratio, limit=6,
                                 score_cutoff=SUGGEST_SCORE)
        whole = [(name, score) for name, score, _ in ranked if name not in index.fragments]
        if whole and whole[0][1] >= ACCEPT_SCORE and len(token.folded) >= _MIN_FUZZY_LENGTH:
            targets.extend((token.position, target, token.text, False)
                           for target in index.phrases[whole[0][0]])
            continue
        displays = (t.display for name, _, _ in ranked for t in index.phrases[name])
        unknown.append(Unknown(token.text, tuple(dict.fromkeys(displays))[:3], placed))
    return unknown


def is_name_word(word: str, agreements: Sequence[Agreement]) -> bool:
    """Whether a word is one word of a longer name ("familjecentralerna" of "Familjecentraler
    Kalmar län"): it points at agreements without naming one."""
    return _name_word(fold(word), _build_index(agreements))


def _name_word(word: str, index: _Index) -> bool:
    """A word of a name of several words, also inflected ("familjecentralen", "-erna")."""
    if word in index.name_words or _without_genitive(word) in index.name_words:
        return True
    if len(word) < 8:  # short words' inflections are too close to other words
        return False
    # only words that are no name of their own: "Jönkping" is a typo of the name Jönköping
    plain = [w for w in index.name_words if w not in index.phrases]
    return process.extractOne(word, plain, scorer=fuzz.ratio,
                              score_cutoff=ACCEPT_SCORE) is not None


def _without_genitive(word: str) -> str:
    """ "krokoms" -> "krokom"; short words keep their -s ("ses")."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _place_word(word: str) -> bool:
    """ "Linköping", "Gotlands": the name of a Swedish municipality or region."""
    return word in PLACE_WORDS or _without_genitive(word) in PLACE_WORDS


def _name_like(token: _Token, known: Collection[str]) -> bool:
    word = token.folded
    return len(word) >= 2 and not any(ch.isdigit() for ch in word) and not _known(word, known)


def _known(word: str, known: Collection[str]) -> bool:
    """A known word, as written, without its genitive or definite ending, or a compound or
    inflection of a long known word ("kvalitetsgranskningen", "besök" of "besöksenkät")."""
    stem = definite_stem(word)
    if word in known or _without_genitive(word) in known or stem in known:
        return True
    return any(len(k) >= _KNOWN_PREFIX_LENGTH
               and (word.startswith(k) or (len(stem) >= 3 and k.startswith(stem)))
               for k in known)


def definite_stem(word: str) -> str:
    """A folded word without a Swedish definite or plural ending, when at least five letters
    are left: "granskningen" -> "granskning", "enkaterna" -> "enkat"."""
    for ending in ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def _mentions(targets: list[tuple[int, _Target, str, bool]], unknown: list[Unknown]) -> Mentions:
    parties: dict[tuple[str, str], PartyHit] = {}
    agreements: dict[str, Agreement] = {}
    guessed: dict[str, AgreementGuess] = {}
    exactly_named: set[str] = set()
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
            if exact:
                exactly_named.add(target.agreement.id)
            else:
                guessed.setdefault(target.agreement.id, AgreementGuess(target.agreement, said))
    return Mentions(tuple(parties.values()), tuple(agreements.values()),
                    tuple(operations.values()), tuple(unknown),
                    tuple(g for key, g in guessed.items() if key not in exactly_named))


def _fold_tokens(phrase: str) -> list[str]:
    return [fold(m.group(0)) for m in _TOKEN.finditer(phrase)]


def _unique_agreements(agreements: Iterable[Agreement]) -> tuple[Agreement, ...]:
    return tuple({a.id: a for a in agreements}.values())
