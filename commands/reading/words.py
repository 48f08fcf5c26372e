"""The ordinary words of cost, date and meeting questions, in Swedish and English (folded):
never taken for a name by the name matcher (``names``), whatever the command.

Kept apart from the matcher so that the lists can grow without the matcher growing.
"""

from __future__ import annotations

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
    sammantaget bada varandra""".split()
)
ENGLISH_WORDS = ENGLISH_MARKERS | frozenset(
    """a an all amount amounts be breakdown by can coordinator coordinators current each
    from give how i increase it item items its least line lines me municipality
    municipalities much operation operations paid please previous projection quality review
    sek shares sum tell than that them their they three to total upcoming will with would
    years you your kr kronor biggest largest smallest highest lowest coming which what must
    or together other others except excluding besides both combined seven eight six should
    could shall might month months per go through""".split()
)
VOCABULARY = SWEDISH_WORDS | ENGLISH_WORDS
