"""The words a question the router gave another command may hold and still not be ours
(``command.claim``): words that only shape a cost, date or meeting question, that command's
trigger words mistyped, and the words of what the other commands compute with (deadline
titles, bodies, cost models, parties). Only a word left over beside these makes the question
one about a clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement
from commands.core.cost_models import EqualSplitModel
from commands.core.text import fold
from commands.knowledge.rules.ranking import Index
from commands.knowledge.rules.terms import tokens

# Words that only shape a cost, date or meeting question ("tillsammans", "mest", "nästa"):
# left over beside another command's trigger words they do not make a question about a clause.
SHAPING = frozenset("""tillsammans together mer mest minst more most least utom except ovriga
    other others eller or an than jamfort compared nasta next kommande coming forra last
    senast latest dag day dagar days vecka veckor week weeks manad manader month months ar year
    years arligen yearly idag today imorgon tomorrow sa so alla all varje each hela whole
    total totalt mycket much manga many gang ganger times datum date period narmaste nearest
    kommande upcoming januari februari mars april maj juni juli augusti september oktober november
    december january february march may june july august october
    varen sommar sommaren host hosten vinter vintern jul julen spring summer autumn fall winter
    christmas
    mandag tisdag onsdag torsdag fredag lordag sondag monday tuesday wednesday thursday friday
    vecka veckan manaden aret halvaret kvartal quarter skicka skickas skickar send sent sends
    posta postas post posted""".split())


def typo_of(word: str, triggers: Sequence[str]) -> bool:
    """ "betalr" is the trigger "betalar" mistyped, not a word of its own."""
    if len(word) < 5:
        return False
    return process.extractOne(word, triggers, scorer=fuzz.ratio, score_cutoff=85) is not None


_cache: tuple[tuple[Agreement, ...], frozenset[str]] | None = None


def domain_words(agreements: tuple[Agreement, ...], index: Index) -> frozenset[str]:
    """Folded words and lemmas of what the other commands compute with: deadline titles,
    bodies, cost models, parties and the generic question words of the name reader."""
    global _cache
    cached = _cache
    if cached is not None and cached[0] == agreements:
        return cached[1]
    texts: list[str] = []
    for agreement in agreements:
        texts += [d.title for d in agreement.deadlines]
        texts += [b.name for b in agreement.bodies] + [a for b in agreement.bodies
                                                      for a in b.aliases]
        texts += [m.title for m in agreement.cost_models]
        texts += [f"{o.name} {' '.join(o.aliases)}" for m in agreement.cost_models
                  if isinstance(m, EqualSplitModel) for o in m.operations]
        texts += [p.name for p in agreement.parties]
    words: set[str] = set()
    for text in texts:
        for word in tokens(text):
            words.add(fold(word))
            words.update(index.vocabulary.terms(word))
    result = frozenset(words)
    _cache = (agreements, result)
    return result
