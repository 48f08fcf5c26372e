"""The knowledge command through the router: clauses by number, the agreement card, budget
lines, retrieval with the clause quoted, the template kept apart, and the short reply when
nothing is understood."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_blocks, to_text
from commands.core.answers import Answer, HelpAnswer, Message, Problem
from commands.core.context import Request
from commands.core.text import detect_language
from commands.knowledge.command import index_for
from commands.knowledge.rules.terms import Vocabulary
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

STORE = MemoryStore()


def ask(text: str) -> Answer:
    request = Request(text=text, today=dt.date(2026, 11, 25), lang=detect_language(text))
    return router.answer(request, STORE)


def flat(answer: Answer) -> str:
    return to_text(answer).replace("\u00a0", " ")


def test_words_meet_their_lemmas_and_compound_parts() -> None:
    vocabulary = index_for(STORE.documents()).vocabulary
    assert "uppsagning" in vocabulary.terms("uppsägningstiden")
    assert vocabulary.terms("uppsagningstid")[0] == vocabulary.terms("uppsägningstid")[0]
    assert vocabulary.terms("jourlägenheterna")[0] == "jourlagenhet"
    assert vocabulary.split("besoksenkaten") == ("besok", "enkat")
    assert Vocabulary(["lokaler"]).terms("och") == []  # a function word is no search term


@pytest.mark.parametrize(("question", "reference", "holds"), [
    ("visa §11.3", "001 §11.3", "Krokom | 15 604 | 11,780% | 558 934"),
    ("CMV §22", "001 §22", "Avtalet gäller från och med 1 januari 2025."),
    ("show clause 14.1 of the VG agreement", "003 §14.1", "003 §14.1"),
    ("mallen §7", "003 Bilaga 1 §7", "Bilaga 1. Mall för lokalt samverkansavtal"),
])
def test_a_clause_asked_for_by_number_is_shown_whole(question: str, reference: str,
                                                     holds: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert answer.source == reference
    assert holds in flat(answer)


def test_a_clause_that_does_not_exist_is_said_so() -> None:
    answer = ask("CMV §99")
    assert isinstance(answer, Problem)
    assert answer.message == "Jag hittar ingen §99 i CMV Jämtland."


@pytest.mark.parametrize("question", ["CMV", "om CMV", "avtalet i Kalmar",
                                      "tell me about the VG agreement"])
def test_an_agreement_named_alone_gets_its_card(question: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert answer.actions and all(a.action_id == "ask" for a in answer.actions)
    assert "Parter" in flat(answer) or "Parties" in flat(answer)


def test_the_card_marks_the_host_quotes_the_purpose_and_gives_the_next_notice_day() -> None:
    text = flat(ask("CMV"))
    assert "Östersund (huvudman)" in text
    assert "Syfte: Syftet med den gemensamma verksamheten är att säkra tillgången" in text
    assert "säg upp senast 2026-12-31" in text
    assert "Styrgrupp CMV, 4 gånger per år (001 §9.1)" in text


def test_a_card_button_asks_its_question_through_the_router() -> None:
    card = ask("CMV")
    assert isinstance(card, Message)
    parties = next(a for a in card.actions if a.label == "Parter och org.nr")
    answer = router.act(Request(text="", today=dt.date(2026, 11, 25)), parties.action_id,
                        parties.value, STORE)
    assert "Krokoms kommun, org.nr 212000-2478" in flat(answer)


def test_which_agreements_are_there() -> None:
    answer = ask("vilka avtal finns?")
    assert isinstance(answer, Message)
    assert answer.text == "Jag känner till 4 avtal:"
    assert [a.label for a in answer.actions] == [
        "CMV Jämtland", "Familjecentraler Jönköping", "Familjecentraler Västra Götaland",
        "Familjecentraler Kalmar län"]


@pytest.mark.parametrize(("question", "holds"), [
    ("vad kostar lokalerna för CMV 2027?", "Lokalkostnader i CMV Jämtland 2027: 543 098 kr."),
    ("overhead 2026 CMV", "OH-kostnader (9 %) i CMV Jämtland 2026: 403 523 kr."),
    ("budget före OH 2025 för CMV?", "Budget före OH i CMV Jämtland 2025: 4 352 997 kr."),
    ("jourlägenheter 2027 cmv", "Jourlägenheter i CMV Jämtland 2027: 234 251 kr."),
])
def test_a_budget_line_asked_by_name_gets_its_amount_for_the_year(question: str,
                                                                   holds: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert flat(answer).startswith(holds)
    assert answer.source == "001 §11.2, Figur 1"


@pytest.mark.parametrize("question", [
    "kostnad lokalkostnader 2025", "kostnader för lokaler 2025", "vad kostar hyran för CMV 2025?",
    "lokalkostnader 2025",
])
def test_a_budget_line_is_never_headed_with_the_grand_total(question: str) -> None:
    # After the cost command's own word the line was read as an unknown party ("Jag hittar
    # ingen part som heter lokalkostnader"), and "hyran" as the whole budget (4 744 767 kr).
    text = flat(ask(question))
    assert text.startswith("Lokalkostnader i CMV Jämtland 2025: 511 922 kr."), text
    assert "kostar 4 744 767" not in text


def test_a_fact_is_answered_with_the_clause_quoted_and_its_source() -> None:
    answer = ask("vem är huvudman för CMV?")
    assert isinstance(answer, Message)
    assert answer.source == "001 §8"
    assert "Östersunds kommun är huvudman för verksamheten" in flat(answer)
    blocks = str(to_blocks(answer))
    assert "Östersunds kommun är huvudman" in blocks and "001 §8" in blocks


def test_an_english_question_gets_the_swedish_clause_in_an_english_frame() -> None:
    answer = ask("Who convenes SocSam?")
    assert isinstance(answer, Message)
    assert answer.text == "The agreement says (quoted in Swedish):"
    assert "SocSam sammankallas av Kommunförbundet Jämtland Härjedalen" in flat(answer)


def test_the_template_is_never_the_county_agreement() -> None:
    answer = ask("uppsägningstid i mallen för lokalt samverkansavtal?")
    assert isinstance(answer, Message), flat(answer)
    assert answer.source is not None and answer.source.startswith("003 Bilaga 1")
    assert "inte i själva avtalet" in flat(answer)
    assert "12 månader" not in flat(answer)  # the county agreement's notice period


def test_the_other_commands_keep_their_questions() -> None:
    assert flat(ask("vad betalar Krokom 2026?")).startswith(
        "Krokom betalar 575 702 kr för CMV Jämtland 2026.")
    assert "Krokom" in flat(ask("Krokom"))


def test_nothing_found_is_said_instead_of_a_guess() -> None:
    answer = ask("fråga rymdfärder och marsbaser")
    assert isinstance(answer, Problem)
    assert answer.message == 'Jag hittar inget i avtalen om "rymdfärder och marsbaser".'


def test_not_understood_gets_a_short_reply_with_a_guess_and_three_examples() -> None:
    answer = ask("deadlinez")
    assert isinstance(answer, HelpAnswer) and not answer.understood
    assert "Jag förstod inte riktigt \"deadlinez\". Menade du deadline" in str(answer.intro)
    assert len(answer.entries) == 3


def test_nothing_found_never_pings_a_channel_with_the_echoed_words() -> None:
    answer = ask("fråga marsbaser <!channel>")
    assert isinstance(answer, Problem)
    assert "<!channel>" not in str(answer.message) and "‹!channel›" in str(answer.message)


def test_a_number_the_source_writes_in_words_is_also_given_in_figures() -> None:
    answer = ask("uppsagningstid i mallen for lokalt samverkansavtal?")
    assert "sex månaders varsel" in flat(answer)  # the quote stays verbatim
    figures = next(line for line in flat(answer).splitlines() if "I siffror:" in line)
    assert "6 månaders" in figures


def test_a_question_about_the_word_in_the_agreements_name_still_searches_it() -> None:
    answer = ask("vad är en familjecentral enligt VG-avtalet?")
    assert isinstance(answer, Message), flat(answer)
    assert answer.source is not None and answer.source.startswith("003")


def test_a_particle_verb_meets_its_noun_in_clauses_and_questions() -> None:
    from commands.knowledge.rules.terms import particle_nouns
    assert particle_nouns("Om avtalet inte sagts upp skriftligen") == ["uppsägning"]
    assert particle_nouns("när säger vi upp avtalet?") == ["uppsägning"]
    assert particle_nouns("Avtalet ska följas upp") == ["uppföljning"]
    assert particle_nouns("säga att vi tar upp det") == []  # the particle too far off
    # VG §4 writes "sagts upp" and "Uppföljning ska ske gentemot Vårdsamverkan"
    text = flat(ask("mot vem ska VG-avtalet följas upp?"))
    assert "003 §4" in text and "Vårdsamverkan Västra Götaland" in text


def test_a_date_the_source_writes_in_words_is_also_given_as_iso() -> None:
    text = flat(ask("When did the original CMV cooperation agreement start to apply?"))
    assert "1 jan 2016 = 2016-01-01" in text
    assert "20 februari 2015 = 2015-02-20" in flat(ask("när permanentades Centrum mot våld?"))


def test_inflections_the_lemmatiser_misses_meet_their_corpus_lemma() -> None:
    vocabulary = index_for(STORE.documents()).vocabulary
    assert vocabulary.terms("familjecentralerna")[0] == "familjecentral"
    # a head joined by the linking -s is a part a question may name …
    assert "kvinnogrupp" in vocabulary.split("kvinnogruppsverksamhet")
    # … but a word is not split anywhere a corpus word ends it ("års|berättelse", not
    # "årsbe|rättelse": the report is no correction)
    assert "rattelse" not in vocabulary.terms("årsberättelsen")


@pytest.mark.parametrize(("question", "source", "holds"), [
    # the clause titled with the word asked for, before those that only mention it
    ("vad är en familjecentral enligt VG-avtalet?", "003 §8.2", "barnmorskemottagning"),
    # the clause holding the rare word asked ("SRO"), before a short one without it
    ("kan SRO fatta beslut om familjecentralsavtalet?", "003", "SRO"),
    # who sits in a body: the clause naming its members, not its meeting dates
    ("vilka ska sitta i styrgruppen for en familjecentral i vastra gotaland?", "003 §11.1",
     "närmaste cheferna"),
    ("vilka ingår i ledningsgruppen för familjecentralerna i jönköping?", "002",
     "vårdenhetschefer"),
    # "a party" is any one party, not a request for the list of parties
    ("How many days does a party have to remedy a breach of the CMV agreement?", "001 §19",
     "fjorton (14) dagar"),
])
def test_the_clause_that_answers_is_quoted_first(question: str, source: str, holds: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert answer.source is not None and answer.source.startswith(source), answer.source
    assert holds in flat(answer)


def test_the_coordinator_named_without_a_cost_word_is_no_cost_question() -> None:
    text = flat(ask("vad ska samordnaren göra i januari enligt årshjulet?"))
    assert "Självreflektion (januari 2027)" in text
    assert "delas lika" not in text


def test_the_population_date_of_the_key_is_found_by_its_everyday_word() -> None:
    text = flat(ask("vilket datum gäller befolkningssiffrorna i CMV:s tabell för 2025?"))
    assert "001 §11.3" in text and "1 november 2023 = 2023-11-01" in text
    from commands.knowledge.rules.terms import particle_nouns
    assert particle_nouns("hur mycket räknas kostnaderna upp?") == ["uppräkning"]


@pytest.mark.parametrize(("question", "holds"), [
    ("när börjar avtalet i Västra Götaland gälla?",
     "Familjecentraler Västra Götaland: Avtalstid 2024-03-01 – 2025-12-31, förlängs med 2 år"),
    ("avtalstid Västra Götaland", "Nu löper det till 2027-12-31"),
    ("när började avtalet i Jönköping gälla?", "Gäller från 2014-01-01 tills vidare"),
    ("från när gäller CMV-avtalet?", "Avtalstid 2025-01-01 – 2025-12-31, förlängs med 1 år"),
    ("hur länge gäller avtalet i Kalmar?", "Gäller från 2023-11-17 tills vidare"),
    ("when does the CMV agreement expire?", "It now runs to 2027-12-31"),
])
def test_a_question_about_the_term_gets_the_term_with_its_reading(question: str,
                                                                  holds: str) -> None:
    answer = ask(question)
    assert isinstance(answer, Message), flat(answer)
    assert holds in flat(answer)
    assert answer.source is not None and answer.note is not None  # clause and chosen reading


def test_a_term_question_naming_no_agreement_gets_every_term() -> None:
    text = flat(ask("när träder avtalet i kraft?"))
    for name in ("CMV Jämtland:", "Familjecentraler Jönköping:", "Familjecentraler Västra "
                 "Götaland:", "Familjecentraler Kalmar län:"):
        assert name in text


def test_a_question_about_giving_notice_stays_with_the_deadline() -> None:
    text = flat(ask("när ska vi säga upp avtalet i Västra Götaland?"))
    assert "Sista dag att säga upp Familjecentraler Västra Götaland" in text
    assert "agera senast 2026-12-30" in text


@pytest.mark.parametrize("question", ["hur mycket räknas CMV:s kostnader upp varje år?",
                                      "vilken uppräkning gäller för CMV?"])
def test_the_yearly_uplift_is_given_as_a_figure_beside_the_clause(question: str) -> None:
    text = flat(ask(question))
    assert "CMV Jämtland: kostnaderna räknas upp med 3 % per år (001 §11.3" in text
    assert "En årlig uppräkning om 3% tillkommer." in text  # the clause, as written


def test_a_question_about_an_assignment_or_a_course_is_not_about_the_term() -> None:
    assert "tills vidare" not in flat(ask("hur länge gäller uppdraget som samordnare i "
                                          "Jönköping?"))
    assert "Term 2025-01-01" not in flat(ask("How long does the CMV women's group run?"))


def test_how_often_a_body_meets_names_that_body_once_and_no_other() -> None:
    """The network's name has an "i" in it ("våld i nära relationer"); that made "hur ofta
    träffas styrgruppen i CMV?" list the network too — and every line twice."""
    text = to_text(ask("hur ofta träffas styrgruppen i CMV?"))
    assert text.startswith("Styrgrupp CMV: 4 gånger per år (001 §9.1)."), text
    assert text.count("4 gånger per år (001 §9.1)") == 1 and "Nätverket" not in text, text


@pytest.mark.parametrize(("question", "line"), [
    ("hur ofta ska ledningsgruppen i Jönköping träffas?",
     "Ledningsgrupp för familjecentralerna: avtalet anger inte hur ofta gruppen möts."),
    ("how often does the local steering group in VG meet?",
     "Familjecentralens lokala styrgrupp: the agreement does not say how often the group meets."),
])
def test_how_often_a_body_without_a_rule_meets_says_the_agreement_does_not_say(
        question: str, line: str) -> None:
    text = to_text(ask(question))
    assert text.startswith(line) and "Inga möten inlagda" not in text, text


@pytest.mark.parametrize("question", ["vad är en familjecentral?", "vad menas med familjecentral?",
                                      "what is a family centre?"])
def test_a_definition_question_gets_each_agreements_own_definition(question: str) -> None:
    """The word is in nearly every clause, so ranking alone found nothing (or another clause's
    "vad menas med"); the clauses that say what a family centre is answer it."""
    text = to_text(ask(question))
    assert "003 §8.2" in text and "En familjecentral är en samlokaliserad" in text, text
    assert "En familjecentral är en tvärprofessionell verksamhet" in text, text  # 004
    assert "avses i detta dokument" not in text, text  # 002 only widens the word


def test_a_definition_within_the_agreement_named() -> None:
    text = to_text(ask("vad är en familjecentral i Kalmar?"))
    assert "En familjecentral är en tvärprofessionell verksamhet" in text, text
    assert "003" not in text, text


def test_a_definition_is_the_sentence_that_begins_with_the_thing() -> None:
    text = to_text(ask("vad menas med våld i nära relationer?"))
    assert text.splitlines()[2].strip().startswith("Våld är varje handling"), text


def test_with_no_definition_the_clauses_about_the_thing_answer_not_another_vad_menas() -> None:
    """No clause defines "samordnare" ("Samordnarens uppgift är …" tells its task); the
    clauses about coordinators answer, not 001 §4.2 "Vad menas med våld …"."""
    text = to_text(ask("vad menas med samordnare?"))
    assert "§4.2" not in text and "amordnar" in text.splitlines()[1], text


@pytest.mark.parametrize("question", ["vad händer om en kommun vill gå ur avtalet?",
                                      "kan Krokom gå ur CMV?"])
def test_leaving_an_agreement_is_giving_notice(question: str) -> None:
    """ "gå ur" is how a member says it; the agreements say "uppsägning" and "utträde"."""
    text = to_text(ask(question))
    assert "001 §22" in text and "Uppsägning av avtalet ska ske skriftligen" in text, text


def test_the_category_asked_for_wins_over_a_statement_of_the_same_name() -> None:
    """The category Samverkan holds a statement called Samverkan; "kategorin" asks for all."""
    text = to_text(ask("vilka påståenden finns i kategorin Samverkan?"))
    assert text.startswith("Kategorin Samverkan har 4 påståenden: "), text
    text = to_text(ask("vad säger påståendet Samverkan?"))
    assert "Det övergripande samverkansavtalet är väl känt" in text, text


@pytest.mark.parametrize("question", ["what happens if a municipality wants to leave CMV?",
                                      "can a municipality withdraw from the CMV agreement?"])
def test_leaving_in_english_is_withdrawal_or_notice(question: str) -> None:
    text = to_text(ask(question))
    first_clause = next(line for line in text.splitlines() if " · " in line)
    assert "001 §22" in first_clause or "001 §19" in first_clause, text


@pytest.mark.parametrize(("question", "first"), [
    ("vilka ska sitta i den lokala styrgruppen?", "Så här står det i avtalet:"),
    ("hur ofta ska den lokala styrgruppen träffas?",
     "Familjecentralens lokala styrgrupp: avtalet anger inte hur ofta gruppen möts."),
])
def test_a_group_named_by_its_own_name_is_answered_from_its_own_clause(
        question: str, first: str) -> None:
    """ "den lokala styrgruppen" is VG's (003 §11.1), not CMV's or Jönköping's steering
    group, and "lokala" is not the premises ("lokal") of 002 Budget."""
    text = to_text(ask(question))
    assert text.splitlines()[0] == first, text
    assert "003 §11.1 Styrgrupp" in text and "de närmaste cheferna" in text, text


@pytest.mark.parametrize("question", ["vad är en basverksamhet?", "what is a base operation?"])
def test_a_definition_of_a_compound_said_in_two_english_words(question: str) -> None:
    text = to_text(ask(question))
    assert "Ingående basverksamheter är barnhälsovård, öppen förskola" in text, text
