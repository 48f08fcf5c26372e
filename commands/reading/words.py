"""The ordinary words of cost, date and meeting questions, in Swedish and English (folded):
never taken for a name by the name matcher (``names``), whatever the command; and the words for
giving notice on an agreement, which the deadline list and the term question read alike.

Kept apart from the matcher so that the lists can grow without the matcher growing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commands.core.text import ENGLISH_MARKERS, SWEDISH_MARKERS

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
    storst hogst lagst vilket maste som eller ocksa ha haft far fick ska skulle kunna
    sex sju atta nio tio elva tolv ovriga ovrig utom forutom tillsammans sammanlagt
    sammantaget bada varandra innan part parten parter parterna""".split()
)
ENGLISH_WORDS = ENGLISH_MARKERS | frozenset(
    """a an all amount amounts be breakdown by can coordinator coordinators current each
    from give how i increase it item items its least line lines me municipality
    municipalities much operation operations paid please previous projection quality review
    sek shares sum tell than that them their they three to total upcoming will with would
    years you your kr kronor biggest largest smallest highest lowest coming which what must
    or together other others except excluding besides both combined seven eight six should
    could shall might month months per go through party parties""".split()
)
VOCABULARY = SWEDISH_WORDS | ENGLISH_WORDS

# Giving notice on an agreement (folded): "uppsägning", "notice", "terminate"; a word that begins
# like "uppsäg…" or "terminat…" counts too ("uppsägnigstid" mistyped, "terminated").
NOTICE_WORDS = frozenset("""uppsagning uppsagningen uppsagningstid uppsagningstiden uppsaga
    notice terminate termination terminating cancel cancellation""".split())
NOTICE_STEMS = ("uppsag", "terminat")
# "säga upp" is a split verb ("när säger vi upp CMV?"): the particle may stand a word or two
# after the verb. Its past forms tell what was (not) done: "sades inte upp i tid".
NOTICE_VERBS = frozenset("saga sager sags sagas".split())
NOTICE_VERBS_PAST = frozenset("sade sades sagt sagts".split())
_SPLIT = "|".join(sorted(NOTICE_VERBS))
_SPLIT_PAST = "|".join(sorted(NOTICE_VERBS | NOTICE_VERBS_PAST))
_SPLIT_NOTICE = re.compile(rf"\b(?:{_SPLIT})\b(?:\s+\S+){{0,2}}?\s+upp\b")
_SPLIT_NOTICE_PAST = re.compile(rf"\b(?:{_SPLIT_PAST})\b(?:\s+\S+){{0,2}}?\s+upp\b")


def speaks_of_notice(tokens: Sequence[str], *, past: bool = True) -> bool:
    """Whether folded ``tokens`` speak of giving notice. ``past=False``: "sades inte upp" is
    not counted (a question that tells what happened, and asks something else)."""
    if any(t in NOTICE_WORDS or t.startswith(NOTICE_STEMS) for t in tokens):
        return True
    return bool((_SPLIT_NOTICE_PAST if past else _SPLIT_NOTICE).search(" ".join(tokens)))


# Word beginnings that name a kind of body in both languages ("styrgruppsmötet"), for
# ``names.bodies_named``: the meeting, role and knowledge questions read bodies alike.
BODY_KINDS: tuple[tuple[str, str], ...] = (
    ("styrgrupp", "steering_group"),
    ("steering", "steering_group"),
    ("lansstyrgrupp", "steering_group"),
    ("ledningsgrupp", "management_group"),
    ("management", "management_group"),
    ("politisk", "political_group"),
    ("political", "political_group"),
    ("natverk", "network"),
    ("network", "network"),
    ("referensgrupp", "other"),
)
