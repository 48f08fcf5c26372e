"""The knowledge command: any question about what an agreement says, answered from its clauses.

How a question is answered, in this order, and why:

1. a clause asked for by number ("visa §11.3", "CMV §22", "mallen §7") is shown whole;
2. an agreement named alone ("CMV", "om CMV", "tell me about the VG agreement") gets its card,
   and "vilka avtal finns?" the list of agreements;
3. a budget line asked for by name ("lokalerna 2027", "overhead 2026") gets its amount from the
   cost rule, since the clause holds only the base year's figure;
4. a count of the self-reflection instrument's statements comes from the instrument as data;
   how often a group meets from its rule; "vad är en familjecentral?" from each agreement's
   defining sentence (``definitions``);
5. everything else is retrieval: the clauses ranked with BM25 over lemmas, compounds and
   synonyms, restricted to the agreement named, and the best one or two quoted verbatim with
   agreement, document, § and source. Retrieval rather than a fact table, because the sources
   already state each fact in a clause a person can check, and a quoted clause cannot contradict
   its source; the structured facts above are only where the answer must be computed.

Below the threshold the answer is "Jag hittar inget i avtalen om …", never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Many, Message, Rich, Strong, Text, rich
from commands.core.context import Request
from commands.core.document import Document
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.text import fold, say
from commands.knowledge import budget, definitions, facts, wording
from commands.knowledge.card import card, overview, term_line
from commands.knowledge.claim_words import SHAPING, domain_words, typo_of
from commands.knowledge.question import CLAUSE, TEMPLATE_TERMS, Question, read
from commands.knowledge.rules.ranking import Hit, Index, best_sentences, build_index, reference
from commands.knowledge.rules.remembered import Remembered
from commands.knowledge.rules.terms import tokens
from commands.reading.names import bodies_named, is_name_word
from commands.reading.periods import find_period
from commands.reading.words import VOCABULARY

# Below this share of the question's weight found in the best clause, nothing is quoted.
MIN_COVERAGE = 0.34
MIN_SCORE = 3.0
SECOND_HIT = 0.75  # a second clause is quoted when it scores at least this share of the first

# Words that, beside an agreement's name, still ask for the agreement as such.
_CARD_WORDS = frozenset("""om avtal avtalet avtalen agreement contract the tell me about visa
    show info information kort card oversikt overview i for of in pa sammanfattning summary
    berätta beratta what whats is vad ar""".split())
_LIST = re.compile(r"\b(?:vilka|which|what|list)\s+(?:avtal|agreements)\b|\bavtalen\s*\??$"
                   r"|\b(?:lista|visa)\s+(?:alla\s+)?avtal(?:en)?\b", re.IGNORECASE)
_WHEN = re.compile(r"\b(?:när|nar|when|senast|datum|date|vilken\s+(?:dag|månad|manad|vecka)|"
                   r"which\s+(?:day|month|week)|by\s+when)\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(r"\b(?:när|nar|vem|vilka|vilken|vilket|hur|varför|varfor|vart|who|"
                            r"which|how|when|why|where)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\d[\d\s\u00a0]*\s*(?:kr|kronor|sek|tkr|mkr)\b|\b\d{1,3}(?:[ \u00a0]\d{3})+\b"
                     r"|\b\d{5,}\b", re.IGNORECASE)
_CONSEQUENCE = re.compile(r"\b(?:vad\s+h[aä]nder|vad\s+g[aä]ller|what\s+happens|what\s+applies)"
                          r"\s+(?:om|ifall|if|when|n[aä]r)\b", re.IGNORECASE)
_MEMBERSHIP = re.compile(r"\b(?:vilka|vem|who)\s+(?:ska\s+|should\s+)?(?:sitter|sitta|ingår|ingar|"
                         r"är\s+med|ar\s+med|sits|sit|"
                         r"is\s+on|are\s+on|are\s+in)\b|\bmembers?\s+of\b|\bbest[aå]r\b|\bconsists?\b",
                         re.IGNORECASE)
_HOW_MANY = re.compile(r"\b(?:hur\s+m[aå]ng\w*|how\s+many|antal)\b", re.IGNORECASE)

_index: Remembered[Index] = Remembered()


def index_for(documents: Sequence[Document]) -> Index:
    """The search index, built once per set of documents (the store hands out the same
    objects until they change; building lemmatises every word of the sources)."""
    return _index.get(documents, lambda: build_index(documents))


def handle(request: Request, store: Store) -> Answer:
    """``/avtal fråga …``, ``/avtal visa §11.3`` and every free question routed here."""
    result = answer(request, store)
    if result is None:
        about = " ".join(w for w in request.text.split()) or "?"
        return wording.nothing_found(request.lang, about.strip("?!. "))
    return result


def answer(request: Request, store: Store, *, routed: bool = False) -> Answer | None:
    """The knowledge answer, or None when the clauses hold nothing good enough.

    ``routed``: another command's trigger words matched; then only questions that clearly
    ask for a clause, a card, a budget line or a fact no other command gives are taken.
    """
    agreements = store.agreements()
    documents = store.documents()
    index = index_for(documents)
    question = read(request.text, request.lang, agreements, index)
    if question.clause is not None:
        return _clause(question, agreements, documents)
    if _LIST.search(request.text) and not question.agreements:
        return overview(agreements, request.lang)
    if question.agreements and _asks_for_agreement(question, request.text):
        chosen = [a for a in agreements if a.id in question.agreements]
        cards = tuple(card(a, documents, request.lang, request.today) for a in chosen)
        return cards[0] if len(cards) == 1 else Many(lang=request.lang, parts=cards)
    precise = _precise(request, question, agreements, documents, index)
    if precise is not None:
        return precise
    thing = definitions.thing_asked(question, index, agreements)
    if thing is not None:
        defined = definitions.answer(question, thing, index, agreements)
        if defined is not None:
            return defined
        # no definition: the clauses about the thing, not those that also say "vad menas med"
        question = replace(question, terms=thing.terms, groups=thing.groups,
                           content_words=thing.content_words, content_terms=thing.content_terms)
    return _retrieve(question, index, agreements, routed=routed)


def _precise(request: Request, question: Question, agreements: Sequence[Agreement],
             documents: Sequence[Document], index: Index) -> Answer | None:
    """A budget line, the instrument's counts and content, or how often a body meets: facts
    the Agreement model states exactly (see ``facts``)."""
    line = budget.find_line(request.text, agreements, question.agreements, index.vocabulary)
    if line is not None:
        return _budget(line, request)
    counted = _instrument_count(question, agreements)
    if counted is not None:
        return counted
    instrument = facts.instrument_lines(question, agreements, documents, request.lang)
    if instrument:
        holder = next(a for a in agreements if a.instrument is not None)
        assert holder.instrument is not None
        return Message(lang=request.lang, text=instrument[0], details=tuple(instrument[1:]),
                       source=holder.instrument.source)
    named = [a for a in agreements if a.id in question.agreements]
    if facts.asks_for_term(question):
        return _terms(named or agreements, request)
    if len(named) == 1 and facts.asks_for_parties(question) and not question.template:
        parties = facts.party_lines(question, named[0], request.lang)
        own = facts.party_paragraphs(question, named[0], documents)
        quoted = _retrieve(question, index, agreements, routed=False) if not own else None
        details = own or (quoted.details if isinstance(quoted, Message) else ())
        return Message(lang=request.lang, text=parties[0], details=(*parties[1:], *details),
                       source=named[0].parties[0].source)
    bodies = [line for a in named[:1] for line in facts.body_lines(question, a, request.lang)]
    if bodies:
        quoted = _retrieve(question, index, agreements, routed=False)
        # the clause answer states the same facts first: each once
        details = tuple(d for d in quoted.details if d not in bodies) if isinstance(
            quoted, Message) else ()
        return Message(lang=request.lang, text=bodies[0], details=(*bodies[1:], *details),
                       source=quoted.source if isinstance(quoted, Message) else None)
    return None


def _terms(agreements: Sequence[Agreement], request: Request) -> Answer:
    """Each agreement's term: from when, to when, renewal, notice — with the chosen reading."""
    parts = tuple(Message(lang=request.lang,
                          text=rich(Strong(a.short_name), ": ",
                                    term_line(a, request.lang, request.today)),
                          source=a.term.source, note=a.term.note)
                  for a in agreements)
    return parts[0] if len(parts) == 1 else Many(lang=request.lang, parts=parts)


def _asks_for_agreement(question: Question, text: str) -> bool:
    """ "CMV", "avtalet i Kalmar", "om CMV", "tell me about the VG agreement": the agreement
    itself is named and every other word only points at it."""
    if not question.direct or _INTERROGATIVE.search(text) or any(ch.isdigit() for ch in text):
        return False
    return all(w in _CARD_WORDS or w in question.naming
               for w in (fold(t) for t in tokens(text.replace("-", " "))))


# --- clauses by number ----------------------------------------------------------------------


def _clause(question: Question, agreements: Sequence[Agreement],
            documents: Sequence[Document]) -> Answer:
    lang = question.lang
    pool = [d for d in documents if not question.agreements or d.agreement in question.agreements]
    if question.template:
        kind_pool = [d for d in pool if d.kind == "mall" and ("nyttjander" in fold(d.title))
                     == question.use_right and d.title.startswith("Bilaga")]
    elif question.appendix is not None:
        kind_pool = [d for d in pool if d.title.startswith(f"Bilaga {question.appendix}")]
    else:
        kind_pool = [d for d in pool if d.kind == "avtal"] or pool
    found = [(d, s) for d in kind_pool for s in d.sections if s.number == question.clause]
    names = {a.id: a.short_name for a in agreements}
    if not found:
        places = sorted({names.get(d.agreement, d.agreement) for d in kind_pool}) or ["avtalen"]
        return wording.no_such_clause(lang, question.clause or "", places)
    shown = [wording.whole_clause(lang, wording.where(names.get(d.agreement, d.agreement),
                                                      d.title, s, reference(d, s)),
                                  s, reference(d, s)) for d, s in found[:4]]
    return shown[0] if len(shown) == 1 else Many(lang=lang, parts=tuple(shown))


# --- budget lines and the instrument --------------------------------------------------------


def _budget(line: budget.LineAsk, request: Request) -> Answer:
    lang = request.lang
    year = line.year or request.today.year
    model = line.model
    if year < model.base_year:
        return wording.nothing_found(lang, f"{line.line} {year}")
    now, then, total = budget.amount(line, year)
    title = {budget.OVERHEAD: say(lang, f"OH-kostnader ({model.overhead_percent} %)",
                                  f"Overhead ({model.overhead_percent} %)"),
             budget.BEFORE_OVERHEAD: say(lang, "Budget före OH", "Budget before overhead")
             }.get(line.line, line.line)
    return wording.budget_line(lang, line.agreement.short_name, title, year, now, then,
                               model.base_year, str(model.uplift_percent), model.source, total)


def _instrument_count(question: Question, agreements: Sequence[Agreement]) -> Answer | None:
    if not _HOW_MANY.search(question.text) or "pastaende" not in question.terms:
        return None
    holders = [a for a in agreements if a.instrument is not None
               and (not question.agreements or a.id in question.agreements)]
    if not holders:
        return None
    instrument = holders[0].instrument
    assert instrument is not None
    lang = question.lang
    asked = {fold(t) for t in tokens(question.text)}
    for category in instrument.categories:
        category_words = {fold(t) for t in tokens(category.name)} - {"-"}
        if category_words and category_words <= asked:
            names = ", ".join(s.title for s in category.statements)
            return Message(lang=lang, text=rich(
                say(lang, "Kategorin ", "The category "), Strong(category.name),
                say(lang, " har ", " has "), Strong(str(len(category.statements))),
                say(lang, " påståenden: ", " statements: "), names, "."),
                source=instrument.source)
    counts = "; ".join(f"{c.name} {len(c.statements)}" for c in instrument.categories)
    return Message(lang=lang, text=rich(
        Strong(instrument.name), say(lang, " har ", " has "),
        Strong(str(len(instrument.statements()))),
        say(lang, f" påståenden i {len(instrument.categories)} kategorier.",
            f" statements in {len(instrument.categories)} categories.")),
        details=(counts,), source=instrument.source)


# --- retrieval ------------------------------------------------------------------------------


# A cover page, a table of contents or a list of appendices repeats every word of the document
# and answers nothing.
_FRONT_MATTER = frozenset({"Försättsblad", "Innehåll", "Bilagor", "Underskrift", "Underskrifter",
                           "Beslutsunderlag", "Dagordning", "Final Audit Report", "OBS"})


def _weights(question: Question) -> dict[str, float]:
    if question.template:
        return {"mall": 1.6, "avtal": 0.6, "protokoll": 0.5, "beslut": 0.5}
    if question.local:
        return {"mall": 1.0, "avtal": 1.0, "protokoll": 0.6, "beslut": 0.6}
    return {"mall": 0.45, "protokoll": 0.7, "beslut": 0.7, "avtal": 1.15, "instrument": 1.1}


def _retrieve(question: Question, index: Index, agreements: Sequence[Agreement], *,
              routed: bool, only: Sequence[str] = ()) -> Answer | None:
    """The best clause quoted, or None below the threshold. ``only``: the words coverage is
    measured on (a routed question's own words, not the other command's triggers)."""
    terms = [t for t in question.terms if index.known(t)]
    if not terms:
        return None
    if question.template:  # the words that name the template are in every clause of it
        terms = [t for t in terms if t not in TEMPLATE_TERMS] or terms
    hits = index.search(terms, agreements=question.agreements, weights=_weights(question),
                        limit=12)
    hits = [h for h in hits if h.passage.section.number not in _FRONT_MATTER] or hits
    if question.template:
        hits = [h for h in hits if h.passage.document.kind == "mall" and (
            "nyttjander" in fold(h.passage.document.title)) == question.use_right] or hits
    if not hits:
        return None
    wanted = {t: index.idf(t) for t in set(terms)}
    needed = 0.5 if routed else MIN_COVERAGE
    # The best-scoring clause that answers enough of the question's words: a clause that only
    # repeats a common word many times must not win over one that holds the rare word asked.
    answering = [h for h in hits[:6] if h.score >= max(MIN_SCORE, hits[0].score * 0.5)
                 and coverage(question, index, h, only) >= needed]
    own = _body_clause(question, index, agreements)
    if not answering and own is None:
        return None
    # Among those, the clause answering most of the question, its score breaking ties: a
    # short clause without the rare word asked ("SRO") must not win over one holding it.
    # Who sits in a group, or how often it meets, is in the group's own clause.
    best = own or max(answering, key=lambda h: (coverage(question, index, h, only) ** 2)
                      * h.score)
    hits = [best, *(h for h in hits if h is not best)]
    names = {a.id: a.short_name for a in agreements}
    by_id = {a.id: a for a in agreements}
    agreement = by_id.get(question.agreements[0] if len(question.agreements) == 1
                          else best.passage.agreement)
    data: list[Text] = []
    if agreement is not None and best.passage.document.kind != "mall":
        data = [*facts.term_lines(question, agreement, question.lang),
                *facts.body_lines(question, agreement, question.lang),
                *facts.uplift_lines(question, agreement, question.lang)]
    heading, lines = _quote(best, index, terms, wanted, names)
    more = []
    for other in hits[1:3]:
        if other.score >= best.score * SECOND_HIT and other.passage.section is not \
                best.passage.section:
            more.append(_quote(other, index, terms, wanted, names, budget_chars=450))
            break
    return wording.clause_answer(
        question.lang, heading, lines, best.passage.reference, best.passage.section.note,
        more=more, template=best.passage.document.kind == "mall", facts=data)


def _body_clause(question: Question, index: Index, agreements: Sequence[Agreement]
                 ) -> Hit | None:
    """ "vilka sitter i den lokala styrgruppen?", "hur ofta möts SRO?": one group named by its
    name (not just "styrgruppen") and asked who is in it or how often it meets — its own
    clause, the one its entry in the agreement file cites."""
    if not (_MEMBERSHIP.search(question.text) or facts.asks_how_often(question.text)):
        return None
    named = bodies_named(question.text, agreements)
    if len(named) != 1:
        return None
    source = named[0][1].source
    passage = next((p for p in index.passages if p.reference == source), None)
    return Hit(passage, MIN_SCORE, frozenset()) if passage is not None else None


def coverage(question: Question, index: Index, hit: Hit, only: Sequence[str] = ()) -> float:
    """The share of the question's words (weighted by how rare they are in the clauses) that
    the clause answers; a word is answered by its lemma, a compound part or a synonym."""
    asked = answered = 0.0
    groups = question.groups
    if only:
        groups = tuple(g for w, g in zip(question.content_words, question.content_terms,
                                         strict=True) if w in only)
    for group in groups:
        if question.template and set(group) <= TEMPLATE_TERMS:
            continue  # the words that name the template were not searched for
        known = [index.idf(t) for t in group if index.known(t)]
        if not known:
            continue
        weight = max(known)
        asked += weight
        found = [index.idf(t) for t in group if t in hit.matched]
        answered += max(found) if found else 0.0
    return answered / asked if asked else 0.0


def _quote(hit: Hit, index: Index, terms: Sequence[str], idf: dict[str, float],
           names: dict[str, str], *, budget_chars: int = 700) -> tuple[Rich, list[Text]]:
    passage = hit.passage
    section = passage.section
    heading = wording.where(names.get(passage.agreement, passage.agreement),
                            passage.document.title, section, passage.reference)
    pieces = best_sentences(index.vocabulary, section.text, terms, idf, budget=budget_chars)
    lines: list[Text] = list(wording.quoted_lines(pieces)) if section.text.strip() else []
    wanted = set(terms)
    for table in section.tables:
        # the rows that hold the most of the question, in the table's order
        scored = [sum(idf.get(t, 0.0) for t in {t for cell in row for w in tokens(cell)
                                                 for t in index.vocabulary.terms(w)} & wanted)
                  for row in table.rows]
        top = max(scored, default=0.0)
        rows = [row for row, score in zip(table.rows, scored, strict=True)
                if top and score >= top * 0.7]
        if rows and len(rows) < len(table.rows):
            lines += wording.table_lines(table, rows[:8])
        elif len(table.rows) <= 14:
            lines += wording.table_lines(table)
        else:
            lines += wording.table_lines(table, table.rows[:10])
    if not lines:
        lines = [wording.ELLIPSIS]
    return heading, lines


COMMANDS = (
    Command(
        name="fråga",
        words=("fraga", "ask", "klausul", "clause", "paragraf"),
        handler=handle,
        help_sv="Allt annat avtalen säger: huvudman, parter, avtalstid, tvister, mallen … med "
                "klausulen citerad. Ett avtals namn ger en översikt.",
        help_en="Anything else the agreements say (host, parties, term, disputes …), with the "
                "clause quoted. An agreement's name gives an overview.",
        usage="fråga <vad som helst> · visa §<nr> · <avtal>",
        example_sv="/avtal vem är huvudman för CMV?",
        example_en="/avtal who is the host of CMV?",
    ),
)


# --- taking questions from the other commands ------------------------------------------------

# A budget line named after a cost command's own word ("kostnad lokaler 2025", "budget
# overhead 2026") is that line, not a party the cost command does not know.
_COST_COMMAND_WORDS = frozenset({"budget", "kostnad", "kostnader", "cost", "costs"})


def claim(request: Request, store: Store, routed: Command | None, *,
          by_word: bool = False) -> Answer | None:
    """The knowledge answer when it should win over ``routed`` (the command the trigger words
    chose, or None when none did); None leaves the question to that command.

    A clause by number, an agreement named alone, a budget line and the instrument's counts
    are always ours. A question another command's words matched is taken only when it holds
    words that command knows nothing of — neither its trigger words nor words of its data
    (deadline titles, bodies, cost models, parties) — and those words find a clause well.
    ``by_word``: the question began with the command's own word ("budget 2026"); then only a
    clause by number or a budget line named is taken.
    """
    if routed is None:
        return answer(request, store)
    if by_word and not set(routed.words) & _COST_COMMAND_WORDS \
            and not CLAUSE.search(request.text):
        return None  # "/avtal möten" names its command, and no clause: not ours, unread
    try:
        agreements = store.agreements()
    except Exception:
        return None
    documents = store.documents()
    index = index_for(documents)
    question = read(request.text, request.lang, agreements, index)
    if question.clause is not None or (not by_word and question.agreements
                                       and _asks_for_agreement(question, request.text)):
        return answer(request, store)
    if by_word and not set(routed.words) & _COST_COMMAND_WORDS:
        return None
    precise = _precise(request, question, agreements, documents, index)
    if precise is not None or by_word:
        return precise
    if question.template:
        # a template is never the county agreement the other commands compute with
        return handle(request, store)
    if _CONSEQUENCE.search(request.text) or _MEMBERSHIP.search(request.text):
        # "vad händer om vi säger upp avtalet?" asks what the clauses say follows, not the
        # date the deadline list would give; "vilka ingår i ledningsgruppen?" who the clause
        # names, not when the group meets
        found = _retrieve(question, index, agreements, routed=False)
        if found is not None:
            return found
    # A when-question belongs to the dated commands when its words are their data ("när ska
    # verksamhetsberättelsen lämnas?"); any other question ("vart skickas årsberättelsen?",
    # "vem utser samordnaren?") only leaves them the words they trigger on.
    known = set(routed.triggers) | set(VOCABULARY)
    # "vad ska vi göra på familjecentralen nästa månad?" is dated by its period as much as
    # "när …" dates a question: the dated commands' data words are theirs then too.
    if _WHEN.search(request.text) or find_period(request.text, request.today) is not None:
        known |= domain_words(tuple(agreements), index)
    residual = [w for w, terms in zip(question.content_words, question.content_terms,
                                      strict=True)
                if w not in known and w not in SHAPING
                and not any(w.startswith(p) for p in routed.prefix_triggers)
                and not (set(terms) & known) and not typo_of(w, routed.triggers)
                and not is_name_word(w, agreements)]
    if not residual or _AMOUNT.search(request.text):
        return None  # "samordnaren kostar 480 000 kr – vad betalar BVC?" is arithmetic
    return _retrieve(question, index, agreements, routed=True, only=residual)


def knows_words(request: Request, store: Store) -> bool:
    """Whether the question has words the clauses use (then "nothing found about …" is the
    honest reply; otherwise the question was not understood)."""
    index = index_for(store.documents())
    question = read(request.text, request.lang, store.agreements(), index)
    return any(index.known(t) and index.idf(t) > 1.0 for t in question.terms)
