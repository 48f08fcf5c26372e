"""The one name matcher: the phrasings costs (``scan``) and the agreement-scoped commands
(``agreements_named``: deadlines, reminders, meetings, calendar) used to read differently,
now read the same way, with one threshold for a typo and one for a suggestion."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.answers import Problem, Table
from commands.core.context import Request
from commands.deadlines.question import match_agreements
from commands.reading.names import (
    ACCEPT_SCORE,
    _Index,
    _Target,
    agreements_named,
    bodies_named,
    definite_stem,
    scan,
)
from commands.routing import router
from tests.commands.agreements_fixture import bundled

TODAY = dt.date(2026, 11, 25)


def ask(text: str):  # type: ignore[no-untyped-def]
    from tests.commands.agreements_fixture import MemoryStore

    return router.answer(Request(text=text, today=TODAY), MemoryStore())


def named(text: str) -> list[str]:
    return [a.id for a in agreements_named(text, bundled()).agreements]


# --- agreement names written as compounds: once only deadlines read them ----------------

@pytest.mark.parametrize(("text", "agreement_id"), [
    ("CMV-avtalet", "cmv-jamtland"),
    ("cmvavtalet", "cmv-jamtland"),
    ("Jönköpingsavtalet", "jonkoping-familjecentraler"),
    ("jonkopingsavtalets", "jonkoping-familjecentraler"),
])
def test_compound_agreement_names_are_found_by_both_readings(text: str, agreement_id: str) -> None:
    assert [a.id for a in scan(text, bundled()).agreements] == [agreement_id]
    assert named(text) == [agreement_id]


def test_a_party_in_a_compound_names_its_agreement() -> None:
    found = scan("när ska Krokomsavtalet sägas upp", bundled())
    assert [hit.party.short_name for hit in found.parties] == ["Krokom"]
    assert named("när ska Krokomsavtalet sägas upp") == ["cmv-jamtland"]


# --- parties and base operations scope an agreement question ------------------------------

def test_named_outright_first_then_through_parties() -> None:
    assert named("deadlines för Krokom och Kalmar län") == ["kalmar-familjecentraler",
                                                             "cmv-jamtland"]


def test_a_base_operation_names_the_agreements_that_have_it() -> None:
    # deadlines' own matcher did not know base operations; the one matcher does
    assert named("deadlines för barnhälsovården") == ["jonkoping-familjecentraler",
                                                      "vg-familjecentraler"]
    answer = ask("deadlines för barnhälsovården i januari")
    assert "Familjecentraler Jönköping: deadlines" in to_text(answer)


# --- one threshold for a typo -------------------------------------------------------------

@pytest.mark.parametrize(("typed", "meant"), [("Östersnd", "Östersund"), ("Jönkping", "Jönköping"),
                                              ("Krokomm", "Krokom")])
def test_a_close_typo_is_recognised_the_same_way_by_both_readings(typed: str, meant: str) -> None:
    found = scan(f"vad betalar {typed} 2026", bundled())
    assert [(hit.party.short_name, hit.exact) for hit in found.parties][:1] == [(meant, False)]
    # an agreement question does not act on a typo alone: it asks, naming the same party
    unclear = agreements_named(f"deadlines för {typed}", bundled()).unclear
    assert unclear is not None and unclear.word == typed and meant in unclear.suggestions


def test_a_typo_is_answered_by_costs_and_asked_by_deadlines() -> None:
    costs = to_text(ask("vad betalar Östersnd 2026")).replace("\u00a0", " ")
    assert "Östersund betalar 2 393 315 kr" in costs
    answer = ask("deadlines för Östersnd")
    assert isinstance(answer, Problem)
    assert answer.message == "Jag hittar inget avtal eller någon part som heter ”Östersnd”."
    assert "Menade du Östersund?" in to_text(answer)


def test_a_word_below_the_typo_threshold_is_only_suggested() -> None:
    found = scan("vad betalar Krokum 2026", bundled())
    assert not found.parties and found.unknown[0].suggestions[:1] == ("Krokom",)
    assert ACCEPT_SCORE == 88.0
    unclear = agreements_named("deadlines för Krokum", bundled()).unclear
    assert unclear is not None and unclear.suggestions[:1] == ("Krokom",)


def test_an_exact_name_wins_over_a_typo_beside_it() -> None:
    assert named("deadlines för CMV och Jönkping") == ["cmv-jamtland"]


# --- real places that are no party: never a typo, in either reading -----------------------

def test_a_swedish_municipality_is_not_taken_for_the_party_it_resembles() -> None:
    # deadlines used to answer "Menade du Lidköping?" for Linköping; costs never guessed it
    answer = match_agreements("deadlines för Linköping", bundled(), "sv")
    assert answer.problem is not None
    assert answer.problem.message == ("Jag hittar inget avtal eller någon part som heter "
                                      "”Linköping”.")
    assert "Lidköping" not in answer.problem.suggestions
    assert answer.problem.suggestions == tuple(a.short_name for a in bundled())


@pytest.mark.parametrize("region", ["Region Jämtland Härjedalen", "region Stockholm",
                                    "Region Sörmland"])
def test_a_region_that_is_no_party_is_not_the_municipality_in_its_name(region: str) -> None:
    """Härjedalen is a party of CMV; Region Jämtland Härjedalen is not, and answering for
    Härjedalen would give the wrong party's cost."""
    found = scan(f"vad betalar {region} 2026?", bundled())
    assert not found.parties and [u.word for u in found.unknown] == [region]
    answer = ask(f"vad betalar {region} 2026?")
    assert isinstance(answer, Problem), to_text(answer)
    assert to_text(answer).startswith(f'Jag hittar ingen part som heter "{region}" i avtalen.')


def test_a_region_that_is_a_party_is_that_party() -> None:
    found = scan("vad betalar Region Kalmar län 2026?", bundled())
    assert [hit.party.short_name for hit in found.parties] == ["Region Kalmar län"]
    assert not found.unknown


# --- ordinary words are not names ---------------------------------------------------------

def test_a_name_typed_in_lower_case_is_a_name_in_both_readings() -> None:
    # deadlines used to need a capital for Mark, Berg, Ale …; costs never did, and users
    # type in lower case: one rule for both, the one that answered more
    assert [h.party.short_name for h in scan("vad betalar berg 2026", bundled()).parties] == [
        "Berg"]
    assert named("deadlines för berg") == ["cmv-jamtland"]
    assert named("deadlines för mark") == ["vg-familjecentraler"]


def test_words_of_the_question_language_need_a_capital_or_diacritics_to_be_names() -> None:
    # "vara" is a verb, "Vara" mid-sentence the municipality; "are" a verb, "Åre" the town
    assert named("när ska verksamhetsberättelsen vara klar") == []
    assert named("deadlines för Vara") == ["vg-familjecentraler"]
    assert [h.party.short_name for h in scan("hur mycket betalar Åre mer än Berg 2026",
                                             bundled()).parties] == ["Åre", "Berg"]
    assert not scan("which deadlines are due", bundled(), lang="en").parties


def test_a_callers_vocabulary_covers_inflections_and_compounds() -> None:
    text = "deadlines för föräldraenkäterna"
    assert scan(text, bundled()).unknown  # without the deadline words, an unknown word …
    known = scan(text, bundled(), vocabulary={"föräldraenkät"})
    assert not known.unknown  # … with them, a known one
    assert match_agreements(text, bundled(), "sv").problem is None


def test_only_a_word_placed_as_a_name_is_asked_about() -> None:
    # "säga" resembles Skara, but it is not where a name goes
    assert agreements_named("när ska vi säga upp avtalet", bundled()) == agreements_named(
        "", bundled())
    unclear = agreements_named("deadlines för CMW", bundled()).unclear
    assert unclear is not None and unclear.suggestions == ("CMV Jämtland",)


def test_definite_stem() -> None:
    assert definite_stem("granskningen") == "granskning"
    assert definite_stem("enkaterna") == "enkat"
    assert definite_stem("hjon") == "hjon"  # too short to have an ending taken off


def test_the_year_wheel_and_reminders_read_names_the_same_way() -> None:
    wheel = ask("årshjul Jönköpingsavtalet 2027")
    assert isinstance(wheel, Table) and wheel.title == "Årshjul Familjecentraler Jönköping 2027"
    reminders = ask("påminnelser för Östersnd")
    assert isinstance(reminders, Problem) and "”Östersnd”" in reminders.message


# --- bodies -------------------------------------------------------------------------------

KINDS = (("styrgrupp", "steering_group"), ("ledningsgrupp", "management_group"),
         ("politisk", "political_group"))


def test_a_body_is_found_by_name_or_alias_before_its_kind() -> None:
    # "SocSam" names CMV's political group: the kind word beside it adds no other group
    found = bodies_named("nästa ledningsgruppsmöte i SocSam", bundled(), kinds=KINDS)
    assert [(a.id, b.key) for a, b in found] == [("cmv-jamtland", "socsam")]


def test_a_kind_word_names_every_body_of_that_kind_and_only_with_the_callers_words() -> None:
    found = bodies_named("nästa styrgruppsmöte", bundled(), kinds=KINDS)
    assert found and {b.kind for _, b in found} == {"steering_group"}
    assert bodies_named("nästa styrgruppsmöte", bundled()) == []  # no kind words, no kinds


def test_a_political_management_group_is_one_body_not_every_management_group() -> None:
    found = bodies_named("politisk ledningsgruppsmöte", bundled(), kinds=KINDS)
    assert {b.kind for _, b in found} == {"political_group"}


# --- a word of several names, and ordinary words, are no names ------------------------------

def test_a_word_shared_by_several_agreement_names_names_none_of_them() -> None:
    # "familjecentraler" scored 89 against the VG alias "vgr familjecentraler" and was read
    # as the VG agreement; it is a word of three agreements' names, so it names none alone.
    found = scan("familjecentraler", bundled())
    assert found.agreements == () and found.unknown == ()
    assert named("vad gäller för familjecentraler?") == []
    assert named("familjecentraler Kalmar") == ["kalmar-familjecentraler"]


@pytest.mark.parametrize("text", ["vad måste varje kommun ha?", "vilket år blir det?",
                                  "vad betalar de sju övriga tillsammans?",
                                  "what must all except Krokom pay together?"])
def test_question_words_and_numbers_are_never_unknown_names(text: str) -> None:
    assert [u.word for u in scan(text, bundled()).unknown] == []


def test_a_kind_word_alias_finds_the_same_bodies_in_both_languages() -> None:
    # CMV's steering group has the aliases "styrgruppen" and "steering group": they are the
    # kind, said in one language; the English question covered CMV only, the Swedish all four.
    kinds = (("styrgrupp", "steering_group"), ("steering", "steering_group"))

    def found(text: str) -> set[str]:
        return {a.id for a, _ in bodies_named(text, bundled(), kinds=kinds)}

    swedish = found("när är nästa styrgruppsmöte?")
    assert len(swedish) > 1
    assert found("when is the next steering group meeting?") == swedish
    assert found("när möts styrgruppen?") == swedish
    assert found("styrgrupp cmv") == {"cmv-jamtland"}  # a name of its own still names one


def test_the_longest_phrase_is_kept_as_phrases_are_added() -> None:
    agreement = bundled()[0]
    index = _Index()
    assert index.longest == 1
    for phrase in ("Krokom", "Lilla Edet", "Västra Götalands läns landsting", "Åre"):
        index.add(phrase, _Target("party", agreement, phrase))
    assert index.longest == max(key.count(" ") + 1 for key in index.phrases) == 4


def test_the_longest_name_of_a_body_said_wins() -> None:
    """ "den lokala styrgruppen" is VG's local steering group; "styrgruppen" alone is each
    agreement's steering group."""
    assert [(a.id, b.key) for a, b in bodies_named("vilka sitter i den lokala styrgruppen?",
                                                   bundled())] == [
        ("vg-familjecentraler", "lokal-styrgrupp")]
    assert len(bodies_named("vilka sitter i styrgruppen?", bundled())) == 3


def test_two_groups_named_apart_are_both_named() -> None:
    found = bodies_named("när möts SocSam och SRO?", bundled())
    assert [b.key for _, b in found] == ["socsam", "sro"]
