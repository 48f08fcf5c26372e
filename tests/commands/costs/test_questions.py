"""Cost questions as chairs type them, through the router and the command table: Swedish and
English, with and without å/ä/ö, with typos — each with the figure the answer must carry —
and every way a question can go wrong, with the message the user gets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.render.csv import table_csv
from bot.render.files import file_bytes
from commands.core.agreement import PopulationFigure
from commands.core.answers import (
    Answer,
    HelpAnswer,
    Many,
    Message,
    Outcome,
    Problem,
    Table,
    plain,
)
from commands.core.context import Request
from commands.core.text import kr, percent
from commands.costs.question import Intent, Question, read_question
from commands.costs.rules import population_model
from commands.routing import router
from storage import files
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)
NBSP = "\u00a0"


BUNDLED = tuple(files.read_agreement(p) for p in files.bundled_paths())
CMV = next(a for a in BUNDLED if a.id == "cmv-jamtland")


def ask(text: str, store: MemoryStore | None = None, today: dt.date = TODAY) -> Answer:
    return router.answer(Request(text=text, today=today), store or MemoryStore(BUNDLED))


def flat(answer: Answer) -> str:
    """Every user-visible string of an answer, no-break spaces as plain spaces."""
    if isinstance(answer, Many):
        return "\n".join(flat(part) for part in answer.parts)
    if isinstance(answer, Outcome):
        return flat(answer.reply)
    if isinstance(answer, Message):
        parts = [answer.text, *answer.details, answer.source or "", answer.note or ""]
    elif isinstance(answer, Table):
        parts = [answer.title, *(c.header for c in answer.columns),
                 *(" | ".join(row) for row in answer.rows), " | ".join(answer.total or ()),
                 *answer.details, answer.source or "", answer.note or ""]
    elif isinstance(answer, Problem):
        parts = [answer.message, answer.suggestion_line() or "", *answer.examples]
    else:
        parts = [repr(answer)]
    return "\n".join(plain(part) for part in parts).replace(NBSP, " ")


# (question, language of the answer, answer type, figures the answer must state)
PHRASINGS = [
    # one party, one year — 001 §11.3: 558 934 × 1,03 = 575 702
    ("vad betalar Krokom 2026?", "sv", Message, ["575 702 kr", "11,780 %", "4 887 110 kr",
                                                 "001 §11.3"]),
    ("vad betalar krokom 2026", "sv", Message, ["Krokom betalar 575 702 kr"]),
    ("Vad betalar Krokoms kommun 2026?", "sv", Message, ["575 702 kr"]),
    ("hur mycket ska krokoms kommun betala 2026?", "sv", Message, ["575 702 kr"]),
    ("vad blir Krokoms andel 2026", "sv", Message, ["575 702 kr"]),
    ("/avtal kostnad Krokom 2026", "sv", Message, ["575 702 kr", "1,03"]),
    ("kostnad Krokom 2026", "sv", Message, ["575 702 kr"]),
    ("vad betalr Krokom 2026", "sv", Message, ["575 702 kr"]),  # typo in the verb
    ("vad betalar Krokomm 2026", "sv", Message, ["575 702 kr"]),  # typo in the name
    ("Krokoms kommun 2025", "sv", Message, ["558 934 kr", "4 744 767 kr × 11,780 %"]),
    ("vad betalar Krokom i år", "sv", Message, ["575 702 kr", "2026"]),
    ("Vad betalar krokom i ar", "sv", Message, ["575 702 kr"]),  # no diacritics
    ("vad betalar Krokom nästa år", "sv", Message, ["592 973 kr", "2027"]),
    ("vad betalar krokom nasta ar", "sv", Message, ["592 973 kr"]),
    ("vad betalar Krokom förra året", "sv", Message, ["558 934 kr", "2025"]),
    ("vad betalar krokom forra aret", "sv", Message, ["558 934 kr"]),
    ("vad betalar Östersund 2026", "sv", Message, ["2 393 315 kr", "48,972 %"]),
    ("vad betalar ostersund 2026", "sv", Message, ["2 393 315 kr"]),
    ("vad betalar Östersnd 2026", "sv", Message, ["2 393 315 kr"]),
    ("vad betalar Östersunds kommun nästa år?", "sv", Message, ["2 465 115 kr"]),
    ("Bräckes andel nästa år", "sv", Message, ["Bräcke betalar 231 450 kr", "2027"]),
    ("brackes andel nasta ar", "sv", Message, ["231 450 kr"]),
    ("hur mycket betalar Are 2026", "sv", Message, ["Åre betalar 456 603 kr"]),
    ("hur mycket betalar Åre 2026", "sv", Message, ["456 603 kr", "9,343 %"]),
    ("stromsund 2026", "sv", Message, ["Strömsund betalar 410 957 kr"]),
    ("Harjedalens kostnad 2026", "sv", Message, ["Härjedalen betalar 373 962 kr"]),
    ("vad betalar Härjedalem 2026", "sv", Message, ["373 962 kr"]),
    ("Ragunda 2025", "sv", Message, ["183 907 kr", "3,876 %"]),
    # 001 §11.5: the review ceiling in review years
    ("vad betalar Krokom 2026?", "sv", Message, ["Kvalitetsgranskning 2026: högst 17 670 kr"]),
    # English
    ("what does Krokom pay in 2026?", "en", Message, ["Krokom pays 575 702 kr", "Share 11,780 %"]),
    ("what does Östersund pay in 2027", "en", Message, ["Östersund pays 2 465 115 kr"]),
    ("what does Ostersund pay in 2027", "en", Message, ["2 465 115 kr"]),
    ("how much does Are pay in 2026", "en", Message, ["Åre pays 456 603 kr"]),
    ("how much does Bracke pay 2026?", "en", Message, ["Bräcke pays 224 709 kr"]),
    ("what will Krokom pay next year", "en", Message, ["592 973 kr", "2027"]),
    ("what did Krokom pay last year", "en", Message, ["558 934 kr", "2025"]),
    ("Krokom's share this year", "en", Message, ["575 702 kr"]),
    # the whole split, with a sum row
    ("fördelning CMV 2026", "sv", Table, ["Summa | 132 466 | 100,000 % | 4 887 110 kr",
                                          "Krokom | 15 604 | 11,780 % | 575 702 kr"]),
    ("fordelning cmv 2026", "sv", Table, ["4 887 110 kr"]),
    ("/avtal fördelning 2026", "sv", Table, ["Östersund | 64 871 | 48,972 % | 2 393 315 kr"]),
    ("fördelning CMV 2025", "sv", Table, ["Summa | 132 466 | 100,000 % | 4 744 767 kr"]),
    ("split CMV 2026", "en", Table, ["Cost split", "Total | 132 466 | 100,000 % | 4 887 110 kr"]),
    # one party over several years
    ("Krokom 2025–2030", "sv", Table, ["2025 | 11,780 % | 558 934 kr",
                                       "2030 | 11,780 % | 647 958 kr", "prognos",
                                       "Summa |  | 3 615 414 kr"]),
    ("krokom 2025-2030", "sv", Table, ["647 958 kr"]),
    ("Krokom 2025 till 2030", "sv", Table, ["647 958 kr"]),
    # the budget
    ("vad kostar CMV 2026?", "sv", Message, ["CMV Jämtland kostar 4 887 110 kr 2026",
                                             "001 §11.2"]),
    ("vad kostar cmv i år", "sv", Message, ["4 887 110 kr"]),
    ("what does CMV cost in 2026?", "en", Message, ["CMV Jämtland costs 4 887 110 kr"]),
    ("budget per post 2025", "sv", Table, ["Personal 4,75 inkl. PO | 3 189 656 kr",
                                           "OH-kostnader (9 %) | 391 770 kr",
                                           "Totalt inkl. OH | 4 744 767 kr"]),
    ("budgeten per kostnadspost 2026", "sv", Table, ["4 887 110 kr"]),
    ("budget by line 2026", "en", Table, ["Total incl. overhead | 4 744 767 kr | 4 887 110 kr"]),
    # comparisons
    ("vem betalar mest?", "sv", Message, ["Östersund betalar mest", "2 393 315 kr"]),
    ("vem betalar minst 2025", "sv", Message, ["Ragunda betalar minst", "183 907 kr"]),
    ("who pays the most?", "en", Message, ["Östersund pays the most", "2 393 315 kr"]),
    ("who pays the least in 2025", "en", Message, ["Ragunda pays the least"]),
    ("skillnad Krokom 2025 och 2026", "sv", Message, ["16 768 kr mer 2026 än 2025",
                                                      "+3,0 %"]),
    ("jämför Krokom 2025 och 2026", "sv", Message, ["16 768 kr"]),
    ("difference Krokom 2025 and 2026", "en", Message, ["16 768 kr more in 2026"]),
    ("hur mycket betalar Åre mer än Berg 2026", "sv", Message,
     ["Åre betalar 194 165 kr mer än Berg 2026", "Berg: 262 438 kr (5,370 %)"]),
    ("how much more does Krokom pay than Berg in 2026", "en", Message,
     ["Krokom pays 313 264 kr more than Berg in 2026"]),
    ("hur mycket mer betalar Krokom 2027", "sv", Message, ["17 271 kr mer 2027 än 2026"]),
    ("hur mycket ökar Krokoms kostnad 2027", "sv", Message, ["17 271 kr mer 2027 än 2026"]),
    ("hur stor är budgeten 2026", "sv", Message, ["CMV Jämtland kostar 4 887 110 kr 2026"]),
    # equal split (002 "Samordnare", 003 §14.1)
    ("Samordnaren kostar 180 000 kr — vad betalar barnhälsovården?", "sv", Many,
     ["Barnhälsovården betalar 45 000 kr", "180 000 kr / 4 = 45 000 kr", "003 §14.1"]),
    ("samordnaren kostar 180000 kr vad betalar barnhalsovarden i jonkoping", "sv", Message,
     ["45 000 kr"]),
    ("the coordinator costs 180 000 kr, what does child health care pay?", "en", Many,
     ["45 000 kr each"]),
    # a year far ahead is answered, and marked as a projection
    ("vad betalar Krokom 2060?", "sv", Message, ["1 572 763 kr", "prognos"]),
    ("what does Krokom pay in 2045", "en", Message, ["1 009 497 kr", "projection"]),
]


@pytest.mark.parametrize(("question", "lang", "kind", "expected"), PHRASINGS,
                         ids=[p[0] for p in PHRASINGS])
def test_phrasing(question: str, lang: str, kind: type, expected: list[str]) -> None:
    answer = ask(question)
    assert isinstance(answer, kind), flat(answer)
    assert answer.lang == lang
    text = flat(answer)
    for figure in expected:
        assert figure in text, f"{figure!r} not in:\n{text}"


def test_at_least_thirty_phrasings_in_both_languages() -> None:
    assert len(PHRASINGS) >= 30
    assert sum(1 for p in PHRASINGS if p[1] == "en") >= 10


def test_near_years_are_not_projections_but_later_ones_are() -> None:
    assert "prognos" not in flat(ask("vad betalar Krokom 2027?"))
    assert "prognos" in flat(ask("vad betalar Krokom 2028?"))


def test_swedish_number_style_is_babels_no_break_space_everywhere() -> None:
    answer = ask("vad betalar Krokom 2026?")
    assert isinstance(answer, Message)
    assert plain(answer.text) == f"Krokom betalar {kr(575702)} för CMV Jämtland 2026."
    assert kr(575702) == "575\u00a0702\u00a0kr"
    assert percent(Decimal("11.780")) == "11,780\u00a0%"
    assert "575 702" not in plain(answer.text)  # grouping is never an ordinary space


def test_the_table_offers_a_csv_that_swedish_excel_opens() -> None:
    table = ask("fördelning CMV 2025")
    assert isinstance(table, Table) and table.csv_name == "cmv-jamtland-fordelning-2025.csv"
    data = table_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Kommun;Befolkning;Andel;Belopp"
    assert lines[1] == "Ragunda;5135;3,876;183907"
    assert lines[-2] == "Summa;132466;100,000;4744767"
    assert lines.count(lines[0]) == 1  # the header once


def test_the_csv_button_delivers_the_table_as_a_file_in_slack() -> None:
    store = MemoryStore(BUNDLED)
    table = router.answer(Request(text="fördelning CMV 2026", today=TODAY), store)
    assert isinstance(table, Table) and table.csv_query == "fördelning CMV 2026"
    outcome = router.act(Request(text="", today=TODAY, channel="C1"), "table_csv",
                         table.csv_query, store)
    assert isinstance(outcome, Outcome)
    (delivery,) = outcome.deliveries
    assert delivery.channel == "C1" and delivery.attachment is not None
    assert delivery.attachment.filename == "cmv-jamtland-fordelning-2026.csv"
    assert file_bytes(delivery.attachment) == table_csv(table)


# --- loaded population figures -------------------------------------------------------------


def figures_for(date: dt.date, **changed: int) -> list[PopulationFigure]:
    model = population_model(CMV)
    assert model is not None
    published = {s.party: s.population for s in model.shares}
    return [PopulationFigure(municipality_code=p.municipality_code or "", name=p.name,
                             population=changed.get(p.key, published[p.key]), date=date)
            for p in CMV.parties]


def test_an_answer_names_the_population_date_it_rests_on() -> None:
    store = MemoryStore(BUNDLED, figures_for(dt.date(2025, 11, 1), krokom=31208))
    text = flat(ask("vad betalar Krokom 2026?", store))
    assert "Nyckeln bygger på inlästa befolkningssiffror per 2025-11-01" in text
    assert "31 208 av 148 070 invånare 2025-11-01" in text
    assert "575 702 kr" not in text  # the key changed, so the amount did
    # without figures, it says it uses the latest key and which figures are missing
    text = flat(ask("vad betalar Krokom 2026?"))
    assert "Senaste nyckeln används" in text and "siffror per 2025-11-01 är inte inlästa" in text


def test_older_loaded_figures_are_the_latest_key_and_that_is_said() -> None:
    store = MemoryStore(BUNDLED, figures_for(dt.date(2025, 11, 1), krokom=31208))
    text = flat(ask("vad betalar Krokom 2027?", store))
    assert "31 208 av 148 070 invånare 2025-11-01" in text
    assert ("Senaste nyckeln används: inlästa befolkningssiffror per 2025-11-01; siffror per "
            "2026-11-01 är inte inlästa.") in text
    table = ask("Krokom 2025-2028", store)
    assert isinstance(table, Table)
    assert [row[-1] for row in table.rows] == ["", "befolkning 2025-11-01",
                                               "befolkning 2025-11-01",
                                               "prognos, befolkning 2025-11-01"]


def test_figures_missing_a_party_are_not_used_and_that_is_said() -> None:
    store = MemoryStore(BUNDLED, figures_for(dt.date(2025, 11, 1))[:-1])
    text = flat(ask("vad betalar Krokom 2026?", store))
    assert "575 702 kr" in text and "siffrorna per 2025-11-01 saknar någon part" in text


# --- a party in several agreements -------------------------------------------------------


def test_a_party_in_two_agreements_is_answered_for_each() -> None:
    second = CMV.model_copy(update={"id": "cmv-kopia", "short_name": "CMV Kopia",
                                    "name": "Kopia av CMV", "aliases": ()})
    answer = ask("vad betalar Krokom 2026?", MemoryStore((*BUNDLED, second)))
    assert isinstance(answer, Many) and len(answer.parts) == 2
    text = flat(answer)
    assert "575 702 kr för CMV Jämtland 2026" in text
    assert "575 702 kr för CMV Kopia 2026" in text


def test_a_party_in_an_agreement_without_a_key_is_told_so_with_the_financing_clause() -> None:
    answer = ask("vad betalar Kalmar 2026")
    text = flat(answer)
    assert ("Kalmar ingår i Familjecentraler Kalmar län, som inte fördelar kostnader per part"
            in text)
    # what the agreement says instead, in its own words and with its clause
    assert ("Varje verksamhet finansierar sina insatser: Alla fyra verksamheter har ansvar för "
            "och finansierar sina insatser enligt gällande verksamhetsbeskrivningar.") in text
    assert isinstance(answer, Message) and answer.source == "004 Bakgrund"


# --- what goes wrong -------------------------------------------------------------------------


ERRORS = [
    ("vad betalar Krokum 2026?", ['Jag hittar ingen part som heter "Krokum"',
                                  "Menade du Krokom?"]),
    ("what does Krokum pay in 2026", ['I can\'t find a party called "Krokum"',
                                      "Did you mean Krokom?"]),
    ("fördelning Foo 2026", ['Jag hittar inget avtal eller någon part som heter "Foo"',
                             "Avtal med kostnadsfördelning: CMV Jämtland"]),
    ("split Foo 2026", ['I can\'t find an agreement or a party called "Foo"']),
    ("vad betalar Krokom 20266", ['Jag förstår inte årtalet "20266"', "2025–2030"]),
    ("vad betalar Krokom 2200", ['Jag förstår inte årtalet "2200"', "högst 100 år framåt"]),
    ("vad betalar Krokom år 26", ['Jag förstår inte årtalet "26"']),
    ("Krokom 2030-2025", ['Jag förstår inte årtalet "2030-2025"']),
    ("vad betalar Krokom 2024", ["CMV Jämtland har ingen kostnadsfördelning för 2024",
                                 "avtalet gäller från 2025-01-01",
                                 "fördelning CMV Jämtland 2025"]),
    ("what does Krokom pay in 2024", ["CMV Jämtland has no cost split for 2024"]),
    ("fördelning CMV 2020", ["ingen kostnadsfördelning för 2020"]),
    ("budget per post 2019", ["ingen kostnadsfördelning för 2019"]),
    ("Krokom 2025-2099", ["för många år på en gång"]),
]


@pytest.mark.parametrize(("question", "expected"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_say_what_is_wrong(question: str, expected: list[str]) -> None:
    answer = ask(question)
    assert isinstance(answer, Problem), flat(answer)
    text = flat(answer)
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"


def test_a_range_starting_before_the_agreement_keeps_the_years_it_can_answer() -> None:
    answer = ask("Krokom 2020-2027")
    assert isinstance(answer, Table) and [row[0] for row in answer.rows] == ["2025", "2026",
                                                                             "2027"]


# --- real places that are no party, and typos that are --------------------------------------

# Swedish municipalities in none of the agreements: the answer says so and names no other
# place ("Gotland" is one letter from "Götaland", "Linköping" one from "Lidköping").
NOT_PARTIES = [
    ("fördelning Gotland 2026", 'Jag hittar inget avtal eller någon part som heter "Gotland"'),
    ("vad betalar Gotland 2026", 'Jag hittar ingen part som heter "Gotland"'),
    ("what does Gotland pay in 2026", 'I can\'t find a party called "Gotland"'),
    ("vad betalar Gotlands kommun 2026", 'Jag hittar ingen part som heter "Gotlands"'),
    ("vad betalar Umeå 2026", 'Jag hittar ingen part som heter "Umeå"'),
    ("vad betalar Kalix 2026", 'Jag hittar ingen part som heter "Kalix"'),
    ("vad betalar Linköping 2026", 'Jag hittar ingen part som heter "Linköping"'),
]


@pytest.mark.parametrize(("question", "expected"), NOT_PARTIES, ids=[q for q, _ in NOT_PARTIES])
def test_a_municipality_in_no_agreement_is_not_answered_as_another(question: str,
                                                                   expected: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Problem), flat(answer)
    text = flat(answer)
    assert expected in text
    for other in ("Västra Götaland", "Lidköping", "Götene"):
        assert f"Menade du {other}" not in text and f"Did you mean {other}" not in text


# Parties that are real places, and true typos: still answered.
STILL_PARTIES = [
    ("vad betalar Borås 2026", "Borås ingår i Familjecentraler Västra Götaland"),
    ("vad betalar Kalmar 2026", "Kalmar ingår i Familjecentraler Kalmar län"),
    ("vad betalar Jönköping 2026", "Jönköping ingår i Familjecentraler Jönköping"),
    ("vad betalar Lidköping 2026", "Lidköping ingår i Familjecentraler Västra Götaland"),
    ("fördelning Västra Götaland 2026", "Familjecentraler Västra Götaland"),
    ("vad betalar Krokm 2026", "Krokom betalar 575 702 kr"),
    ("vad betalar Östersnd 2026", "Östersund betalar 2 393 315 kr"),
    ("vad betalar Harjedal 2026", "Härjedalen betalar 373 962 kr"),
    ("vad betalar Bräke 2026", "Bräcke betalar 224 709 kr"),
]


@pytest.mark.parametrize(("question", "expected"), STILL_PARTIES,
                         ids=[q for q, _ in STILL_PARTIES])
def test_parties_and_their_typos_are_still_found(question: str, expected: str) -> None:
    answer = ask(question)
    assert not isinstance(answer, Problem), flat(answer)
    assert expected in flat(answer)


def test_no_swedish_municipality_is_taken_as_a_typo_of_a_party() -> None:
    from commands.reading.names import scan
    from commands.reading.places import MUNICIPALITIES

    for name in sorted(MUNICIPALITIES):
        found = scan(f"vad betalar {name.title()} 2026", BUNDLED)
        assert all(hit.exact for hit in found.parties), (name, found.parties)
        if not found.parties:
            assert not found.agreements or name in {"kalmar", "jonkoping"}, (name, found)


def test_a_typo_of_a_word_out_of_an_agreement_name_is_asked_not_answered() -> None:
    # "Götaland" alone is a fragment of "Västra Götaland": a typo of it is a guess on a guess
    answer = ask("fördelning Götalnd 2026")
    assert isinstance(answer, Problem), flat(answer)
    assert "Menade du Familjecentraler Västra Götaland" in flat(answer)


# --- a message that only names a party -----------------------------------------------------

@pytest.mark.parametrize(("question", "expected"), [
    ("Krokom", "Krokom betalar 575 702 kr för CMV Jämtland 2026."),
    ("krokom?", "Krokom betalar 575 702 kr för CMV Jämtland 2026."),
    ("Östersund", "Östersund betalar 2 393 315 kr för CMV Jämtland 2026."),
    ("Krokm", "Krokom betalar 575 702 kr för CMV Jämtland 2026."),
    ("/avtal Krokoms kommun", "Krokom betalar 575 702 kr för CMV Jämtland 2026."),
])
def test_a_party_named_alone_is_asked_what_it_pays_this_year(question: str,
                                                             expected: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert flat(answer).startswith(expected)
    # "this year" is the bot's today, not the year the test was written
    assert "2027." in flat(ask(question, today=dt.date(2027, 3, 1))).split("\n")[0]


@pytest.mark.parametrize("question", ["blaha", "Gotland", "Krokom blaha", ""])
def test_a_word_that_names_no_party_still_gets_the_help(question: str) -> None:
    answer = ask(question)
    assert isinstance(answer, HelpAnswer), flat(answer)
    assert answer.understood is (not question)


def test_an_unknown_agreement_lists_the_agreements_instead_of_guessing() -> None:
    answer = ask("fördelning Foo 2026")
    assert isinstance(answer, Problem)
    assert plain(answer.message) == (
        'Jag hittar inget avtal eller någon part som heter "Foo". Avtal med kostnadsfördelning: '
        "CMV Jämtland, Familjecentraler Jönköping, Familjecentraler Västra Götaland.")
    assert answer.suggestions == ()  # nothing is close: no "Menade du …?"


# --- the question reader on its own (question.py) ------------------------------------------


def read(text: str, today: dt.date = TODAY) -> Question:
    return read_question(Request(text=text, today=today), BUNDLED)


@pytest.mark.parametrize(("text", "intent"), [
    ("vad betalar Krokom 2026", Intent.PARTY),
    ("fördelning CMV 2026", Intent.TABLE),
    ("vem betalar mest i CMV", Intent.MOST),
    ("who pays the least", Intent.LEAST),
    ("skillnad Krokom 2025 och 2026", Intent.DIFFERENCE),
    ("budget per post 2025", Intent.BUDGET_LINES),
    ("vad kostar CMV 2026", Intent.BUDGET),
    ("kvalitetsgranskning 2026", Intent.EXTRA),
    ("vad betalar barnhälsovården", Intent.EQUAL_SPLIT),
    ("ett inlägg i posten", Intent.PARTY),  # "post" alone is no budget line
])
def test_the_intent_of_a_question(text: str, intent: Intent) -> None:
    assert read(text).intent is intent


@pytest.mark.parametrize(("text", "count"), [
    ("samordnaren delas av tre basverksamheter", 3),
    ("4 parter delar", 4),
    ("split four ways", 4),
    ("fem st verksamheter", 5),
    ("vad betalar barnhälsovården", None),
    ("what is a share of the coordinator", None),  # "a" is an article, not one
])
def test_how_many_operations_share(text: str, count: int | None) -> None:
    assert read(text).participants == count


def test_the_amount_is_read_and_not_taken_for_a_year() -> None:
    question = read("samordnaren kostar 2 000 kr 2027")
    assert question.amount == Decimal(2000)
    assert question.years.years() == (2027,)


def test_one_year_and_two_years_default_to_today() -> None:
    assert read("vad betalar Krokom").one_year() == 2026
    assert read("skillnad Krokom").two_years() == (2025, 2026)
    assert read("skillnad Krokom 2028").two_years() == (2027, 2028)
    assert read("skillnad Krokom 2025 och 2030").two_years() == (2025, 2030)


def test_an_equal_share_names_the_cost_the_asker_named_and_the_reading() -> None:
    answer = ask("lokalerna kostar 120 000 kr – vad betalar socialtjänsten i VG?")
    assert isinstance(answer, Message)
    assert flat(answer).startswith("Socialtjänst (förebyggande) betalar 30 000 kr av 120 000 kr "
                                   "för lokalerna i Familjecentraler Västra Götaland.")
    assert answer.note is not None
    assert ("Avtalet delar samordnarens kostnad lika (003 §14.1); här räknas lokalerna på samma "
            "sätt.") in str(answer.note)


@pytest.mark.parametrize(("text", "each"), [
    ("om de gemensamma insatserna kostar 90 000 kr, hur delas det i VG?",
     "90 000 kr för de gemensamma insatserna i Familjecentraler Västra Götaland delas lika: "
     "22 500 kr var."),
    ("om lokalerna kostar 60 000 kr, hur fördelas det i VG?",
     "60 000 kr för lokalerna i Familjecentraler Västra Götaland delas lika: 15 000 kr var."),
    ("if the shared activities cost 90000 kr, how is it split in VG?",
     "90 000 kr for the shared activities in Familjecentraler Västra Götaland is shared "
     "equally: 22 500 kr each."),
])
def test_a_cost_for_an_agreement_that_only_shares_equally_is_split_with_no_operation_named(
        text: str, each: str) -> None:
    answer = ask(text)
    assert flat(answer).startswith(each)
    assert "/ 4 =" in flat(answer)  # the derivation, over the four base operations


def test_without_an_amount_an_equal_sharing_agreement_still_says_it_has_no_shares() -> None:
    assert flat(ask("fördelning VG 2026")).startswith(
        "Familjecentraler Västra Götaland fördelar inte kostnader per part.")
    assert read("vad kostar CMV 2026? 100 000 kr").intent is Intent.BUDGET  # a key: unchanged


@pytest.mark.parametrize(("text", "subject"), [
    ("lokalerna kostar 120 000 kr – vad betalar BVC?", "lokalerna"),
    ("om de gemensamma insatserna kostar 90 000 kr, vad betalar BVC?", "de gemensamma insatserna"),
    ("the premises cost 120 000 kr – what does BVC pay?", "the premises"),
    ("samordnaren kostar 180 000 kr – vad betalar BVC?", "samordnaren"),
    ("vad betalar BVC i VG om lokalerna kostar 120 000 kr?", "lokalerna"),
    ("det kostar 100 000 kr, vad betalar BVC?", None),
    ("vad betalar BVC av 100 000 kr?", None),
])
def test_what_the_amount_is_for_is_read_in_the_askers_words(text: str,
                                                            subject: str | None) -> None:
    request = Request(text=text, today=TODAY)
    assert read_question(request, MemoryStore().agreements()).subject == subject


def test_the_coordinators_cost_keeps_its_own_wording_and_no_extra_note() -> None:
    answer = ask("samordnaren kostar 180 000 kr – vad betalar barnhälsovården i Jönköping?")
    assert isinstance(answer, Message)
    assert "av samordnarens 180 000 kr" in flat(answer)
    assert answer.note is None or "på samma sätt" not in str(answer.note)


def test_costs_between_the_parties_are_a_cost_question_not_the_list_of_parties() -> None:
    assert flat(ask("finns det någon kostnadsfördelning mellan parterna i Kalmardokumentet?")
                ).startswith("Kalmar ingår i Familjecentraler Kalmar län, som inte fördelar "
                             "kostnader per part.")
    assert "har 8 parter" not in flat(ask("hur fördelas kostnaderna mellan parterna i CMV?"))
    assert flat(ask("vilka är parterna i CMV?")).startswith("CMV Jämtland har 8 parter")


def test_a_pronoun_for_the_coordinator_is_the_coordinator() -> None:
    """ "om hen kostar 600 000": "hen" is the coordinator just named, not a cost of its own."""
    text = flat(ask("vad betalar barnhälsovården för samordnaren i Jönköping om hen kostar "
                    "600 000?"))
    assert text.startswith("Barnhälsovården betalar 150 000 kr av samordnarens 600 000 kr i "
                           "Familjecentraler Jönköping."), text
