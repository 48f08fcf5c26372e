"""Facts as data, for the questions a clause alone answers badly.

The Agreement model holds what the bot computes with — parties with their org numbers, the term
with its notice period in months, bodies with their meeting rules, the self-reflection
instrument — and some questions want exactly that: "vilka kommuner ingår?" wants the list (the
clause is an address block), "hur lång uppsägningstid?" wants "12 månader" also where the source
writes "tolv", "vad står i påståendet Samverkan?" wants one statement out of thirty. Each fact
line carries its source; the clause is quoted beside it by the command.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commands.core.agreement import Agreement, Category, Instrument
from commands.core.answers import Quote, Strong, Text, rich
from commands.core.context import Lang
from commands.core.cost_models import PopulationKeyModel
from commands.core.document import Document
from commands.core.text import fold, say, words
from commands.knowledge.question import Question
from commands.knowledge.rules.ranking import reference
from commands.knowledge.rules.terms import tokens
from commands.reading.names import bodies_named
from commands.reading.words import BODY_KINDS, speaks_of_notice

_TERM_TERMS = frozenset({"uppsagningstid", "uppsagning", "avtalstid", "avtalsperiod", "forlanga",
                         "forlangning", "forlangas"})
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "i": "I", "ii": "II",
          "iii": "III", "iv": "IV", "v": "V"}
_STEP = re.compile(r"\b(?:steg|step)\s+(i{1,3}|iv|v|[1-5])\b", re.IGNORECASE)


# "a party" alone is how English names any one party ("a party has 14 days to remedy …"):
# only the plural asks for the parties.
_PARTY_WORDS = re.compile(r"\b(?:parter|parterna|avtalsparter|avtalsparterna|parties|"
                          r"organisationsnummer|orgnr|org\.?\s*nr|organisation\s+number|"
                          r"postadress|adress|address)\b", re.IGNORECASE)
_MEMBERS = re.compile(r"\b(?:kommuner|kommunerna|municipalities)\b.*\b(?:ingår|ingar|med|part|"
                      r"members?)\b|\b(?:vilka|which|hur\s+många|hur\s+manga|how\s+many)\s+"
                      r"(?:kommuner|municipalities)\b", re.IGNORECASE)


# "… mellan parterna" ("hur fördelas kostnaderna mellan parterna?") asks what is shared
# between them, not who they are.
_BETWEEN_THEM = re.compile(r"\b(?:mellan|between)\s+(?:parterna|parter|the\s+parties|parties)\b",
                          re.IGNORECASE)


def asks_for_parties(question: Question) -> bool:
    """ "vilka är parter i …?", "orgnr Östersund", "vilka kommuner ingår?", "postal address"."""
    if _BETWEEN_THEM.search(question.text):
        return False
    return bool(_PARTY_WORDS.search(question.text) or _MEMBERS.search(question.text))


def party_lines(question: Question, agreement: Agreement, lang: Lang) -> list[Text]:
    """Parties (host marked) with org numbers, when the question asks about parties."""
    if not asks_for_parties(question):
        return []
    asked = {fold(w) for w in tokens(question.text)}
    named = [p for p in agreement.parties
             if fold(p.short_name) in asked or fold(p.short_name) + "s" in asked]
    shown = named if named and not _asks_for_all(question) else list(agreement.parties)
    municipalities = sum(1 for p in agreement.parties if p.kind == "kommun")
    others = len(agreement.parties) - municipalities
    lines: list[Text] = [say(
        lang,
        f"{agreement.short_name} har {len(agreement.parties)} parter ({municipalities} kommuner"
        f"{f' och {others} till' if others else ''}):",
        f"{agreement.short_name} has {len(agreement.parties)} parties ({municipalities} "
        f"municipalities{f' and {others} more' if others else ''}):")]
    for party in shown[:60]:
        host = say(lang, ", huvudman", ", host") if party.key == agreement.host else ""
        org = f", org.nr {party.org_number}" if party.org_number else ""
        lines.append(rich(Strong(party.name), f"{org}{host}"))
    return lines


def party_paragraphs(question: Question, agreement: Agreement,
                     documents: Sequence[Document]) -> list[Text]:
    """The source's own paragraph for each party named (name, address, org number), quoted
    from the agreement's clause on its parties."""
    asked = {fold(w) for w in tokens(question.text)}
    named = [p for p in agreement.parties
             if fold(p.short_name) in asked or fold(p.short_name) + "s" in asked]
    lines: list[Text] = []
    for document in documents:
        if document.agreement != agreement.id or document.kind != "avtal":
            continue
        for section in document.sections:
            for paragraph in section.text.split("\n\n"):
                first = paragraph.strip().split("\n")[0]
                if any(first == p.name for p in named):
                    lines.append(rich(Quote(" · ".join(paragraph.strip().splitlines())),
                                      f" ({reference(document, section)})"))
    return lines[:4]


def _asks_for_all(question: Question) -> bool:
    return bool(re.search(r"\b(?:vilka|which|alla|all|hur\s+många|how\s+many|utöver|utover|"
                          r"besides|förutom|forutom)\b", question.text, re.IGNORECASE))


# "när började avtalet gälla?", "hur länge gäller det?", "avtalstid VG", "när träder det i
# kraft?", "when does it expire?": the term as data. Questions about giving notice are the
# deadline list's ("sista dag att säga upp"), which counts working days to the date.
_TERM_ASK = re.compile(
    r"\bavtals(?:tid|tiden|period|perioden)\b|\bgiltighets(?:tid|tiden)\b"
    r"|\b(?:börja\w*|borja\w*|träd\w*|trad\w*)\b.{0,40}\b(?:gälla|galla|i\s+kraft)\b"
    r"|\b(?:från|fran|sedan)\s+när\s+gäller\b|\bhur\s+länge\s+(?:gäller|löper|varar|galler)\b"
    r"|\bnär\s+(?:upphör|slutar|löper|går)\s+(?:\w+\s+){0,3}?(?:avtal\w*|det)\b"
    r"|\b(?:start|slut)datum\b|\bin\s+force\b|\bhow\s+long\b.{0,40}\b(?:run|last|valid)"
    r"|\bwhen\s+(?:does|did)\b.{0,40}\b(?:start|begin|end|expire)\b|\bterm\s+of\s+the\b",
    re.IGNORECASE)
# ... and the history ("när började det ursprungliga avtalet gälla?") is in the clauses.
_EARLIER = re.compile(r"\b(?:ursprungl\w*|original\w*|tidigare|förra|forra|föregående|foregaende|"
                      r"första|forsta|previous|earlier|former|first)\b", re.IGNORECASE)
# ... and it must be the agreement whose term is asked, not a coordinator's assignment ("hur
# länge gäller uppdraget?") or a group's course ("how long does the women's group run?"); a
# document counts ("hur länge gäller Kalmardokumentet?": source 004 is one, not an agreement).
_AGREEMENT_WORD = re.compile(r"\b(?:\w*avtal\w*|\w*dokument(?:et|ets)?|agreement|contract|"
                             r"document)\b", re.IGNORECASE)


# "till när förlängs avtalet?", "VG-avtalet sades inte upp i tid, till vilket datum förlängdes
# det?", "is it renewed automatically?": the end it runs to now is the term's answer ("Nu löper
# det till …"), which the clause alone ("förlängs det automatiskt med 2 år") leaves to the reader.
_EXTENSION = re.compile(r"\b(?:förläng\w*|forläng\w*|forlang\w*|förny\w*|forny\w*|renew\w*|"
                        r"extend\w*|extension)\b", re.IGNORECASE)
# ... unless it asks for the day to give notice by, which is the deadline list's: "sista dag
# för att slippa förlängningen", "när säger vi upp det så att det inte förlängs?".
_NOTICE_DAY = re.compile(
    r"\b(?:senast|sista\s+dag\w*|deadline\w*|last\s+day|undvik\w*|avoid\w*|slippa|stoppa\w*|"
    r"förhindra\w*|forhindra\w*|prevent\w*)\b"
    r"|\b(?:inte|ej|not|innan|before)\s+(?:\w+\s+){0,2}?(?:förläng|forläng|forlang|förny|forny|"
    r"renew|extend)", re.IGNORECASE)


def asks_for_term(question: Question) -> bool:
    """When the agreement began, runs to, or how long it lasts, or to when it is extended —
    not when to give notice, nor what came before it."""
    text = question.text
    if question.template or not _AGREEMENT_WORD.search(text) or _EARLIER.search(text) \
            or speaks_of_notice(words(text), past=False):
        return False
    if _EXTENSION.search(text):
        return not _NOTICE_DAY.search(text)
    return bool(_TERM_ASK.search(text))


def term_lines(question: Question, agreement: Agreement, lang: Lang) -> list[Text]:
    """The term as data: start, end, renewal and notice in months."""
    if not set(question.terms) & _TERM_TERMS or question.template:
        return []
    term = agreement.term
    if term.until_terminated:
        notice = (say(lang, f"uppsägningstid {term.notice_months} månader",
                      f"notice period {term.notice_months} months")
                  if term.notice_months else say(lang, "ingen uppsägningstid anges",
                                                 "no notice period is given"))
        line = say(lang, f"gäller från {term.start.isoformat()} tills vidare; {notice}",
                   f"in force from {term.start.isoformat()} until terminated; {notice}")
    else:
        assert term.first_end is not None
        renewal = (say(lang, f", förlängs med {term.renewal_months} månader i taget",
                       f", renewed by {term.renewal_months} months at a time")
                   if term.renewal_months else "")
        line = say(lang,
                   f"avtalstid {term.start.isoformat()} – {term.first_end.isoformat()}{renewal}; "
                   f"uppsägningstid {term.notice_months} månader",
                   f"term {term.start.isoformat()} – {term.first_end.isoformat()}{renewal}; "
                   f"notice period {term.notice_months} months")
    return [rich(Strong(agreement.short_name), f": {line} ({term.source}).")]


_UPLIFT = re.compile(r"\b(?:uppräkn\w*|upprakn\w*|räkna\w*\s+(?:\S+\s+){0,2}upp|"
                     r"rakna\w*\s+(?:\S+\s+){0,2}upp|uplift|indexation|index\w*|"
                     r"(?:raised|increased?)\s+(?:each|every|per|a)\s+year)\b", re.IGNORECASE)


def uplift_lines(question: Question, agreement: Agreement, lang: Lang) -> list[Text]:
    """ "hur mycket räknas kostnaderna upp varje år?": the yearly uplift, as a figure."""
    if not _UPLIFT.search(question.text):
        return []
    return [rich(Strong(agreement.short_name),
                 say(lang, f": kostnaderna räknas upp med {model.uplift_percent} % per år",
                     f": costs are raised by {model.uplift_percent} % a year"),
                 f" ({model.source}).")
            for model in agreement.cost_models if isinstance(model, PopulationKeyModel)]


_HOW_OFTEN = re.compile(r"\b(?:hur\s+ofta|how\s+(?:often|many\s+times)|gånger|ganger|times)\b",
                        re.IGNORECASE)


def asks_how_often(text: str) -> bool:
    return _HOW_OFTEN.search(text) is not None


def body_lines(question: Question, agreement: Agreement, lang: Lang) -> list[Text]:
    """How often a body named in the question meets, by its rule — or that the agreement does
    not say, for a body it has no rule for (the clause quoted after says what it does say)."""
    if not asks_how_often(question.text):
        return []
    lines: list[Text] = []
    for _, body in bodies_named(question.text, [agreement], kinds=BODY_KINDS):
        rule = body.meeting_rule
        if rule is None:
            lines.append(rich(Strong(body.name), say(
                lang, ": avtalet anger inte hur ofta gruppen möts.",
                ": the agreement does not say how often the group meets.")))
            continue
        count = (f"{rule.per_year_min}–{rule.per_year_max}"
                 if rule.per_year_max and rule.per_year_max != rule.per_year_min
                 else str(rule.per_year_min))
        lines.append(rich(Strong(body.name), say(lang, f": {count} gånger per år",
                                                 f": {count} times a year"),
                          f" ({rule.source})."))
    return lines[:2]


def _category_line(category: Category, lang: Lang) -> Text:
    return rich(say(lang, "Kategorin ", "The category "), Strong(category.name),
                say(lang, f" har {len(category.statements)} påståenden: ",
                    f" has {len(category.statements)} statements: "),
                ", ".join(s.title for s in category.statements), ".")


def instrument_lines(question: Question, agreements: Sequence[Agreement],
                     documents: Sequence[Document], lang: Lang) -> list[Text]:
    """A statement, a category, the categories, the scale or a step of the instrument."""
    holders = [a for a in agreements if a.instrument is not None
               and (not question.agreements or a.id in question.agreements)]
    if not holders:
        return []
    instrument = holders[0].instrument
    assert instrument is not None
    terms = set(question.terms)
    folded = " ".join(fold(w) for w in tokens(question.text))
    step = _STEP.search(question.text)
    if step is not None:
        return _step(_ROMAN[step.group(1).casefold()], holders[0], documents)
    context = terms & {"sjalvreflektion", "reflektion", "pastaende", "kategori", "instrument",
                       "svarsalternativ", "skala", "alternativ"}
    if not context:
        return []  # "öppen förskola" is a base operation before it is a statement
    # "kategorin Samverkan" is the category, though a statement is called "Samverkan" too
    asks_category = bool(terms & {"kategori"}) or " category " in f" {folded} "
    for category in instrument.categories if asks_category else ():
        if f" {fold(category.name)} " in f" {folded} ":
            return [_category_line(category, lang)]
    for category in instrument.categories:
        for statement in category.statements:
            if f" {fold(statement.title)} " in f" {folded} ":
                return [rich(Strong(statement.title), say(lang, " (kategori ", " (category "),
                             Strong(category.name), "): ", Quote(statement.text))]
    for category in instrument.categories:
        if f" {fold(category.name)} " in f" {folded} ":
            return [_category_line(category, lang)]
    if terms & {"svarsalternativ", "skala", "alternativ", "svar"}:
        return [say(lang, f"Varje påstående besvaras med {instrument.scale[0]} eller "
                    f"{instrument.scale[1]} ({instrument.source}).",
                    f"Each statement is answered {instrument.scale[0]} or {instrument.scale[1]} "
                    f"({instrument.source}).")]
    if "kategori" in terms:
        return [_categories(instrument, lang)]
    return []


def _categories(instrument: Instrument, lang: Lang) -> Text:
    listed = "; ".join(f"{c.name} ({len(c.statements)})" for c in instrument.categories)
    return say(lang, f"{len(instrument.categories)} kategorier med sammanlagt "
               f"{len(instrument.statements())} påståenden: {listed}.",
               f"{len(instrument.categories)} categories with {len(instrument.statements())} "
               f"statements in all: {listed}.")


def _step(roman: str, agreement: Agreement, documents: Sequence[Document]) -> list[Text]:
    for document in documents:
        if document.agreement != agreement.id or document.kind != "instrument":
            continue
        section = document.section(f"Steg {roman}")
        if section is not None:
            return [rich(Strong(f"Steg {roman} – {section.title}"), ": ",
                         Quote(" ".join(section.text.split())))]
    return []
