"""Reading a free question for the knowledge command: search terms, the agreement it is about,
whether it asks about a template, a clause by number, a budget line, or an agreement as such.

Swedish and English questions become the same Swedish search terms: English words through a
small English→Swedish term table, then every word through the clause vocabulary (lemmas,
compounds), then the domain synonyms ("träffas" also searches "sammanträda", "säga upp" also
"uppsägning") — the words a coordinator uses are not always the words the agreement uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.context import Lang
from commands.core.text import fold
from commands.knowledge.rules.ranking import Index
from commands.knowledge.rules.remembered import Remembered
from commands.knowledge.rules.terms import PARTICLE_VERBS, tokens
from commands.reading.names import bodies_named, scan
from commands.reading.places import PLACE_WORDS

# Folded lemma -> more folded lemmas to search for. Both directions where the words are
# interchangeable in the sources; one direction where a user's word is vaguer.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "betala": ("kostnad", "finansiera"),
    "kosta": ("kostnad",),
    "pengar": ("kostnad", "budget"),
    "traffa": ("sammantrada", "mote"),
    "traffas": ("sammantrada", "mote"),
    "motas": ("sammantrada", "mote"),
    "mote": ("sammantrada",),
    "sammantrada": ("mote",),
    "uppsagningstid": ("uppsagning", "uppsaga"),
    "uppsaga": ("uppsagning", "uppsagningstid"),
    "huvudman": ("huvudmannaskap", "arbetsgivare"),
    "arbetsgivare": ("huvudman", "anstalld"),
    "anstalla": ("arbetsgivare", "huvudman"),
    "tvist": ("tvist", "domstol", "forhandling"),
    "brak": ("tvist",),
    "tystnadsplikt": ("sekretess", "offentlighet"),
    "sekretess": ("tystnadsplikt", "offentlighet"),
    "forsakra": ("forsakring",),
    "forsakring": ("forsakra",),
    "overskott": ("overskott", "underskott"),
    "underskott": ("underskott", "overskott"),
    "faktura": ("fakturera", "faktureras"),
    "fakturera": ("faktura",),
    "andra": ("andring", "tillagg"),
    "andring": ("tillagg",),
    "personal": ("bemanning", "tjanst"),
    "bemanning": ("personal", "grundbemanning", "tjanst"),
    "tjanst": ("grundbemanning", "bemanning"),
    "anstallda": ("personal",),
    "kommun": ("avtalspart",),
    "diarienummer": ("dnr", "drn", "diarienr"),
    "sitta": ("ledamot", "representant", "representation", "besta", "inga"),
    "medlem": ("ledamot", "representation", "besta"),
    "parter": ("avtalspart",),
    "malgrupp": ("malgrupp", "rikta"),
    "rikta": ("malgrupp",),
    "lokal": ("lokal", "lokalhyra"),
    "hyra": ("lokalhyra", "lokal"),
    "avtalstid": ("avtalsperiod", "galla"),
    "avtalsperiod": ("avtalstid",),
    "forlanga": ("forlangning", "forlangas"),
    "samordnare": ("samordnaruppdrag", "samordnarfunktion"),
    "sammankalla": ("sammankallande",),
    "orgnr": ("organisationsnummer",),
    "adress": ("box",),
    "utse": ("utses",),
    "steg": ("steg",),
    "pastaende": ("pastaende",),
    "statistik": ("statistik",),
    "vald": ("vald",),
    "avgora": ("beslut",),
    "stor": ("omfattning", "hogst"),
    "befolkningssiffra": ("befolkningsmangd", "befolkning", "invanare"),
    "invanare": ("befolkningsmangd", "befolkning"),
    "inga": ("besta", "ledamot", "representant", "representation"),
    # one group for "who sits in it": its members are "represented", it "consists of" them
    "representation": ("representant", "besta", "utgora"),
    "bestamma": ("beslut", "besluta"),
}

# English words (folded) -> Swedish lemmas (folded). Only what the sources talk about.
ENGLISH: dict[str, tuple[str, ...]] = {
    "agreement": ("avtal",), "contract": ("avtal",), "party": ("avtalspart",),
    "parties": ("avtalspart",), "municipality": ("kommun",), "municipalities": ("kommun",),
    "region": ("region",), "host": ("huvudman",), "principal": ("huvudman",),
    "employ": ("arbetsgivare",), "employs": ("arbetsgivare",), "employer": ("arbetsgivare",),
    "staff": ("personal",), "staffing": ("bemanning",), "employees": ("personal",),
    "convene": ("sammankalla",), "convenes": ("sammankalla",), "chair": ("ordforande",),
    "steering": ("styrgrupp",), "group": ("grupp",), "political": ("politisk",),
    "body": ("organ",), "meet": ("sammantrada", "mote"), "meets": ("sammantrada", "mote"),
    "meeting": ("mote",), "meetings": ("mote",), "dispute": ("tvist",), "disputes": ("tvist",),
    "settled": ("losa",), "court": ("domstol",), "confidentiality": ("sekretess", "tystnadsplikt"),
    "secrecy": ("sekretess",), "law": ("lag",), "governs": ("reglera",),
    "information": ("information",),
    "exchange": ("overforing",), "notice": ("uppsagning", "uppsagningstid"),
    "terminate": ("uppsagning",), "termination": ("uppsagning",), "period": ("tid", "period"),
    "leave": ("uttrade", "uppsagning"), "leaves": ("uttrade", "uppsagning"),
    "extended": ("forlanga",), "extension": ("forlangning",), "renewal": ("forlangning",),
    "apply": ("galla",), "applies": ("galla",), "valid": ("galla",), "start": ("borja",),
    "started": ("borja",), "original": ("ursprunglig",), "first": ("forsta",),
    "surplus": ("overskott",), "deficit": ("underskott",), "invoice": ("faktura", "fakturera"),
    "invoiced": ("fakturera",), "insurance": ("forsakring",), "insures": ("forsakra",),
    "insure": ("forsakra",), "premises": ("lokal",), "rent": ("hyra", "lokalhyra"),
    "financed": ("finansiera", "finansiering"), "funding": ("finansiering",),
    "financing": ("finansiering",), "budget": ("budget",), "cost": ("kostnad",),
    "costs": ("kostnad",), "overhead": ("overhead",), "midwife": ("barnmorska",),
    "clinic": ("mottagning",), "midwife's": ("barnmorska",), "hours": ("timme",),
    "hour": ("timme",), "term": ("termin",), "semester": ("termin",),
    "collaboration": ("samverkan",), "cooperation": ("samverkan", "samarbete"),
    "visitor": ("besok", "besoksenkat"), "visitors": ("besok",), "survey": ("enkat",),
    "surveys": ("enkat",), "forms": ("enkat",), "smaller": ("mindre",), "larger": ("storre",),
    "family": ("familj",), "centre": ("familjecentral",), "centres": ("familjecentral",),
    "center": ("familjecentral",), "statement": ("pastaende",), "statements": ("pastaende",),
    "category": ("kategori",), "categories": ("kategori",), "belong": ("kategori",),
    "instrument": ("instrument",), "self-reflection": ("sjalvreflektion",),
    "reflection": ("reflektion",), "step": ("steg",), "steps": ("steg",),
    "coordinator": ("samordnare",), "coordinators": ("samordnare",),
    # "base operation(s)": basverksamhet, the family centre's four core services
    "base": ("basverksamhet",), "operation": ("verksamhet",), "operations": ("verksamhet",),
    "assignment": ("uppdrag",), "maximum": ("hogst",), "size": ("omfattning",),
    "women's": ("kvinnogrupp",), "women": ("kvinnogrupp", "kvinna"), "run": ("pagar",),
    "runs": ("pagar",),
    "week": ("vecka",), "weeks": ("vecka",), "month": ("manad",), "months": ("manad",),
    "health": ("halsa", "halsovecka"), "wheel": ("arshjul",), "year": ("ar",),
    "management": ("ledningsgrupp",), "visits": ("verksamhetsbesok",), "visit": ("besok",),
    "reference": ("diarienummer", "dnr", "drn"), "number": ("nummer",),
    "organisation": ("organisationsnummer",),
    "organization": ("organisationsnummer",), "inhabitants": ("invanare", "befolkning"),
    "population": ("befolkning", "invanare"), "address": ("adress", "box"),
    "postal": ("adress", "box"), "decided": ("besluta",), "decide": ("besluta",),
    "decides": ("besluta",), "recommended": ("rekommendera",), "adopt": ("anta",),
    "review": ("revidera", "oversyn"), "reviews": ("revidera",), "initiative": ("initiativ",),
    "followed": ("folja", "uppfoljning"), "follow-up": ("uppfoljning",), "report": ("rapport",),
    "annual": ("arsberattelse",), "target": ("malgrupp",), "goals": ("mal",), "goal": ("mal",),
    "purpose": ("syfte",), "aim": ("syfte",), "training": ("utbildning",),
    "violence": ("vald",), "quality": ("kvalitet",), "responsible": ("ansvara",),
    "responsibility": ("ansvar",), "definition": ("definition",), "changes": ("andring",),
    "change": ("andring",), "amend": ("andring",), "amendments": ("andring",),
    "transfer": ("overlata",), "sign": ("underteckna",), "signed": ("underteckna",),
    "local": ("lokal",), "template": ("mall",),
    "breach": ("avtalsbrott", "asidosatta", "kontraktsbrott"),
    "withdraw": ("uttrade",), "withdrawal": ("uttrade",), "days": ("dag",),
    "together": ("gemensam", "tillsammans"), "through": ("igenom",), "go": ("ga",),
    "site": ("verksamhetsbesok",),
    "parents": ("foraldrar",), "options": ("alternativ",),
    "answer": ("svar",), "scale": ("skala",), "date": ("datum",), "current": ("gallande", "galla"),
    "members": ("ledamot", "representant", "representation", "besta"),
    "sits": ("ledamot",), "who's": (),
    "mandate": ("mandat",), "children": ("barn",), "child": ("barn",),
    "remedy": ("rattelse",), "rectify": ("rattelse",), "document": ("dokument",),
    "documents": ("dokument",), "follow": ("folja", "uppfoljning"), "written": ("rikta",),
    "intended": ("rikta",), "aimed": ("rikta",), "fixed": ("fast",), "appointed": ("utse",),
    "appoint": ("utse",), "appoints": ("utse",),
}

# "mallen" asks for the template; "lokalt samverkansavtal" may ask what the county agreement
# says about local agreements (003 §15), so it only leans towards the templates.
TEMPLATE_WORDS = frozenset({"mall", "mallen", "mallar", "template", "nyttjanderattsavtal",
                            "nyttjanderattsavtalet", "nyttjanderatt"})
LOCAL_WORDS = frozenset({"lokalt", "lokala", "local", "vart", "vara"})
# The search terms of the words that name a template: every clause of the template has them.
TEMPLATE_TERMS = frozenset({"mall", "lokal", "lokalhyra", "samverkansavtal", "samverkan", "avtal",
                            "nyttjanderattsavtal", "nyttjanderatt", "template"})
USE_RIGHT_WORDS = frozenset({"nyttjanderattsavtal", "nyttjanderattsavtalet", "nyttjanderatt"})
CLAUSE = re.compile(
    r"(?:§|\b(?:paragraf|klausul|clause|section|punkt|avsnitt)\s*)\s*(\d+(?:\.\d+)*)",
    re.IGNORECASE)
_APPENDIX = re.compile(r"\b(?:bilaga|appendix)\s*(\d+)", re.IGNORECASE)
_PHRASES = (  # split verbs and fixed phrases, before single words are read
    (re.compile(r"\bs[aä]g(?:a|er|s|ts|tes|des)?\s+(?:vi\s+|man\s+|ni\s+)?upp\b"), " uppsägning "),
    (re.compile(r"\bs[aä]de[s]?\s+(?:inte\s+)?upp\b"), " uppsägning "),
    (re.compile(r"\bg[aå]r?\s+med\s+(överskott|overskott)"), " överskott "),
    (re.compile(r"\bhow\s+long\b"), " tid "),
    # "vilka sitter i styrgruppen?", "who sits on it?": its members ("sitter" is no "sätta")
    (re.compile(r"\b(?:sitter|sitta|sits|sit)\s+(?:med\s+)?(?:i|på|pa|on|in)\b"),
     " representation "),
    (re.compile(r"\bhur\s+l[aä]nge\b"), " tid "),
    (re.compile(r"\bhow\s+often\b|\bhur\s+ofta\b"), " gång år "),
)


@dataclass(frozen=True)
class Question:
    text: str
    lang: Lang
    terms: tuple[str, ...]
    # One group per word asked: its lemma, compound parts and synonyms. A clause answers the
    # word when it holds any of them (see coverage in the command).
    groups: tuple[tuple[str, ...], ...]
    agreements: tuple[str, ...]  # ids named (or through their parties), in order
    direct: bool  # the agreements were named themselves, not through a party
    naming: frozenset[str]  # folded words of the named agreements' ids, short names, aliases
    template: bool  # asks about a template (mallen för lokalt samverkansavtal …)
    local: bool  # asks about a local agreement: the templates weigh more
    use_right: bool  # asks about the template for a local use-right agreement
    clause: str | None  # "11.3" in "visa §11.3"
    appendix: str | None  # "1" in "bilaga 1 §2"
    content_words: tuple[str, ...]  # folded words that are not names, numbers or stopwords
    content_terms: tuple[tuple[str, ...], ...]  # the search terms of each content word


def read(text: str, lang: Lang, agreements: Sequence[Agreement], index: Index) -> Question:
    folded_words = {fold(w) for w in tokens(text)}
    lowered = text.casefold()
    for pattern, replacement in _PHRASES:
        lowered = pattern.sub(replacement, lowered)
    for pattern, noun in PARTICLE_VERBS:
        lowered = pattern.sub(f" {noun} ", lowered)
    found = scan(text.replace("-", " "), agreements, lang=lang)
    named = named_agreements(text, agreements, index)
    direct = bool(named)
    if not named:
        named = list(dict.fromkeys(hit.agreement.id for hit in found.parties))
    if not named:  # "den lokala styrgruppen", "SocSam": a body of one agreement, by its name
        owners = list(dict.fromkeys(a.id for a, _ in bodies_named(text, agreements)))
        named = owners if len(owners) == 1 else []
    name_words = {fold(w) for hit in found.parties for w in tokens(hit.said)}
    # An unknown name ("Krokum", "Gotland") is a name the user meant: it is searched for like
    # any word, but it is no word of content that another command would not know.
    unknown_names = {fold(w) for u in found.unknown for w in tokens(u.word)
                     if (u.word[:1].isupper() or fold(w) in PLACE_WORDS)
                     and not index.known(index.vocabulary.lemma_of(w.casefold()))}
    name_words |= {fold(w) for a in agreements if a.id in named
                   for phrase in (a.short_name, *a.aliases) for w in tokens(phrase)}
    # Words that only repeat the named agreement's name ("familjecentraler i Jönköping",
    # "the VG family-centre agreement") say which agreement, not what about it.
    name_terms = {t for a in agreements if direct and a.id in named
                  for w in tokens(f"{a.name} {a.short_name}") for t in index.vocabulary.terms(w)}
    name_terms |= {"avtal", "familjecentral", "familj"} if direct else set()
    terms: list[str] = []
    groups: list[tuple[str, ...]] = []
    skipped: list[tuple[str, ...]] = []
    content: list[str] = []
    content_terms: list[tuple[str, ...]] = []
    for word in tokens(lowered):
        folded = fold(word)
        if folded in name_words:
            continue  # the agreement or party named restricts the search instead
        if lang == "en" and folded in ENGLISH:
            swedish = list(ENGLISH[folded])
        else:
            swedish = index.vocabulary.terms(word)
            if swedish and not index.known(swedish[0]) and not swedish[0].isdigit() \
                    and folded not in unknown_names:  # "Gotland" is no typo of "Götaland"
                swedish = _closest(index, swedish[0]) or swedish
        if swedish and set(swedish) <= name_terms:
            skipped.append(tuple(swedish))
            continue
        group = [t for term in swedish for t in (term, *SYNONYMS.get(term, ()))]
        terms.extend(group)
        if group:
            groups.append(tuple(dict.fromkeys(group)))
        if swedish and not folded.isdigit() and folded not in unknown_names:
            content.append(folded)
            content_terms.append(tuple(group))
    if not groups and skipped:  # "vad är en familjecentral enligt VG-avtalet?": the name is it
        groups = skipped
        terms = [t for group in skipped for t in group]
    template = bool(folded_words & TEMPLATE_WORDS)
    local = template or bool(folded_words & LOCAL_WORDS)
    clause = CLAUSE.search(text)
    appendix = _APPENDIX.search(text)
    return Question(text=text, lang=lang, terms=tuple(terms), groups=tuple(groups),
                    agreements=tuple(named), direct=direct,
                    naming=frozenset(fold(w) for a in agreements if direct and a.id in named
                                     for phrase in (a.id, a.short_name, *a.aliases)
                                     for w in tokens(phrase.replace("-", " "))),
                    template=template, local=local, use_right=bool(folded_words & USE_RIGHT_WORDS),
                    clause=clause.group(1) if clause else None,
                    appendix=appendix.group(1) if appendix else None,
                    content_words=tuple(content), content_terms=tuple(content_terms))


def named_agreements(text: str, agreements: Sequence[Agreement], index: Index) -> list[str]:
    """Agreements named by id, short name or alias — also inside a compound ("kalmardokumentet",
    "jönköpingsavtalet") or before a hyphen ("VG-avtalet", "CMV:s")."""
    words = [fold(w) for w in tokens(text.replace("-", " "))]
    folded = " " + " ".join(words) + " "
    heads: set[str] | None = None  # the first parts of compounds, read only when needed
    found: list[str] = []
    for agreement, keys in _naming_keys(agreements):
        for key in keys:
            if f" {key} " in folded or f" {key}s " in folded:
                found.append(agreement.id)
                break
            if " " not in key:
                if heads is None:
                    heads = {part for w in words for part in index.vocabulary.split(w)[:1]}
                if key in heads:
                    found.append(agreement.id)
                    break
    return found


_naming: Remembered[list[tuple[Agreement, list[str]]]] = Remembered()


def _naming_keys(agreements: Sequence[Agreement]) -> list[tuple[Agreement, list[str]]]:
    """Each agreement with the folded phrases that name it (id, short name, aliases), worked
    out once per set of agreements."""

    def work_out() -> list[tuple[Agreement, list[str]]]:
        keys = []
        for agreement in agreements:
            phrases = (agreement.id.replace("-", " "), agreement.short_name, *agreement.aliases)
            keys.append((agreement, [key for phrase in phrases
                                     if (key := " ".join(fold(w) for w in tokens(phrase)))]))
        return keys

    return _naming.get(agreements, work_out)


def _closest(index: Index, term: str) -> list[str]:
    """A typo ("huvudmna", "kosatr") read as the closest word of the clauses, if close."""
    if len(term) < 5:
        return []
    best = index.closest(term)
    return [best] if best else []
