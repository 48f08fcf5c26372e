"""Fixing meetings from Slack text: `möte ta bort …` and `möte flytta … till …`, every
answer a coordinator can get, and the rule ("4 per år") after the change."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from bot.render.blocks import to_blocks
from commands.core.answers import Answer, Message, Problem, Quote, rich
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)
CMV = "cmv-jamtland"


def ask(text: str, store: MemoryStore) -> Answer:
    return router.answer(Request(text=text, today=TODAY), store)


def cmv_dates(store: MemoryStore) -> list[str]:
    body = next(a for a in store.agreements() if a.id == CMV).body("styrgrupp")
    return sorted(m.date.isoformat() for m in body.meetings)


@pytest.fixture
def store() -> MemoryStore:
    """CMV's steering group with the year's four meetings (001 §9.1: 4 per year)."""
    store = MemoryStore()
    for text in ("12/2 2027 kl 13", "7/5 2027", "10/9 2027", "3/12 2027"):
        assert isinstance(ask(f"möte lägg till styrgrupp CMV {text}", store), Message)
    return store


def test_remove_a_meeting_says_the_rule_is_no_longer_met(store: MemoryStore) -> None:
    answer = ask("/avtal möte ta bort styrgrupp CMV 12/2 2027", store)
    assert isinstance(answer, Message)
    assert answer.text == "Borttaget: Styrgrupp CMV 2027-02-12 (fredag, v. 6) kl. 13.00."
    assert answer.details == (
        "⚠️ Regeln 4 möten per år (001 §9.1) är inte längre uppfylld för 2027: 3 av 4 inlagda.",)
    assert answer.source == "001 §9.1"
    assert cmv_dates(store) == ["2027-05-07", "2027-09-10", "2027-12-03"]
    # both renderers
    assert "Borttaget: Styrgrupp CMV" in to_text(answer)
    assert "Borttaget: Styrgrupp CMV" in str(to_blocks(answer))


def test_move_a_meeting_keeps_the_rule_met_and_takes_the_new_time(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 12/2 2027 till 19 februari 2027 kl 14.30", store)
    assert isinstance(answer, Message)
    assert answer.text == ("Flyttat: Styrgrupp CMV från 2027-02-12 (fredag, v. 6) kl. 13.00 till "
                           "2027-02-19 (fredag, v. 7) kl. 14.30.")
    assert answer.details == (
        "Regeln 4 möten per år (001 §9.1) är fortfarande uppfylld för 2027: 4 av 4 inlagda.",)
    assert cmv_dates(store) == ["2027-02-19", "2027-05-07", "2027-09-10", "2027-12-03"]


def test_a_moved_meeting_keeps_its_time_unless_a_new_one_is_given(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 12/2 till 26/2", store)  # years left out
    assert isinstance(answer, Message)
    assert answer.text.endswith("till 2027-02-26 (fredag, v. 8) kl. 13.00.")


def test_moving_into_another_year_reports_both_years(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 2027-12-03 till 2028-01-14", store)
    assert isinstance(answer, Message)
    assert answer.details == (
        "⚠️ Regeln 4 möten per år (001 §9.1) är inte längre uppfylld för 2027: 3 av 4 inlagda.",
        "⚠️ Regeln 4 möten per år (001 §9.1) är fortfarande inte uppfylld för 2028: 1 av 4 "
        "inlagda.",
    )


def test_moving_back_makes_the_rule_met_again() -> None:
    store = MemoryStore()
    for date in ("2027-02-12", "2027-05-07", "2027-09-10", "2028-01-14"):
        ask(f"möte lägg till styrgrupp CMV {date}", store)
    answer = ask("möte flytta styrgrupp CMV 2028-01-14 till 2027-12-03", store)
    assert isinstance(answer, Message)
    assert ("Regeln 4 möten per år (001 §9.1) är nu uppfylld för 2027: 4 av 4 inlagda."
            in answer.details)


def test_a_new_time_on_the_same_day(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 7/5 2027 till 7/5 2027 kl 9", store)
    assert isinstance(answer, Message)
    assert answer.text == ("Ändrat: Styrgrupp CMV 2027-05-07 (fredag, v. 18) kl. 09.00 "
                           "(tidigare utan tid).")
    same = ask("möte flytta styrgrupp CMV 7/5 2027 till 7/5 2027 kl 9", store)
    assert isinstance(same, Problem)
    assert same.message == ("Styrgrupp CMV har redan mötet 2027-05-07 (fredag, v. 18) kl. 09.00; "
                            "inget ändrat.")


def test_moving_onto_a_holiday_warns(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 10/9 2027 till 2027-06-25", store)
    assert isinstance(answer, Message)
    assert answer.details[0] == "Obs: 2027-06-25 är midsommarafton."


def test_no_such_meeting_lists_the_bodys_meetings_to_pick_from(store: MemoryStore) -> None:
    answer = ask("möte ta bort styrgrupp CMV 13/2 2027", store)
    assert isinstance(answer, Problem)
    assert answer.message == "Styrgrupp CMV har inget möte 2027-02-13 (lördag)."
    assert answer.suggestions == ("2027-02-12 (fredag) kl. 13.00", "2027-05-07 (fredag)",
                                  "2027-09-10 (fredag)", "2027-12-03 (fredag)")
    assert "Menade du 2027-02-12 (fredag) kl. 13.00 eller" in to_text(answer)
    moved = ask("möte flytta styrgrupp CMV 13/2 2027 till 20/2 2027", store)
    assert isinstance(moved, Problem) and moved.message == answer.message
    assert len(cmv_dates(store)) == 4


def test_no_date_for_the_meeting_lists_them_too(store: MemoryStore) -> None:
    answer = ask("möte ta bort styrgrupp CMV", store)
    assert isinstance(answer, Problem)
    assert answer.message == "Vilket möte menar du? Jag hittar inget datum."
    assert len(answer.suggestions) == 4


def test_a_body_without_meetings() -> None:
    answer = ask("möte ta bort styrgrupp CMV 2027-02-12", MemoryStore())
    assert isinstance(answer, Problem)
    assert answer.message == "Styrgrupp CMV har inga inlagda möten."


def test_unknown_and_ambiguous_bodies_and_agreements(store: MemoryStore) -> None:
    no_body = ask("möte ta bort CMV 2027-02-12", store)
    assert isinstance(no_body, Problem) and no_body.message == "Vilket organ gäller mötet?"
    assert no_body.examples == ("/avtal möte ta bort styrgrupp CMV 12/2 2027",)
    which = ask("möte flytta styrgrupp 2027-02-12 till 2027-02-19", store)
    assert isinstance(which, Problem) and which.message == "Vilket avtal gäller mötet?"
    assert "CMV Jämtland" in which.suggestions
    unknown = ask("möte ta bort styrgrupp för Jönkping 2027-02-12", store)
    assert isinstance(unknown, Problem) and "”Jönkping”" in unknown.message
    assert len(cmv_dates(store)) == 4


def test_bad_new_dates_and_times_change_nothing(store: MemoryStore) -> None:
    no_target = ask("möte flytta styrgrupp CMV 12/2 2027", store)
    assert isinstance(no_target, Problem)
    assert no_target.message == "Vart ska mötet flyttas? Skriv ”till” och det nya datumet."
    no_date = ask("möte flytta styrgrupp CMV 12/2 2027 till nästa gång", store)
    assert isinstance(no_date, Problem)
    assert no_date.message == "Jag hittar inget nytt datum för mötet."
    past = ask("möte flytta styrgrupp CMV 12/2 2027 till 2026-11-02", store)
    assert isinstance(past, Problem)
    assert past.message == "2026-11-02 (måndag) har redan varit; ange ett kommande datum."
    far = ask("möte flytta styrgrupp CMV 12/2 2027 till 2040-01-10", store)
    assert isinstance(far, Problem) and far.message == "2040-01-10 ligger för långt fram."
    bad_time = ask("möte flytta styrgrupp CMV 12/2 2027 till 19/2 2027 kl 25", store)
    assert isinstance(bad_time, Problem)
    assert bad_time.message == rich(
        "”", Quote("kl 25"), "” är ingen giltig tid; skriv t.ex. kl 13 eller kl 13.30.")
    assert cmv_dates(store) == ["2027-02-12", "2027-05-07", "2027-09-10", "2027-12-03"]


def test_moving_onto_a_day_that_already_has_a_meeting(store: MemoryStore) -> None:
    answer = ask("möte flytta styrgrupp CMV 12/2 2027 till 7/5 2027", store)
    assert isinstance(answer, Problem)
    assert answer.message == ("Styrgrupp CMV har redan ett möte 2027-05-07 (fredag); inget "
                              "ändrat. Ta bort det först eller välj en annan dag.")
    assert cmv_dates(store) == ["2027-02-12", "2027-05-07", "2027-09-10", "2027-12-03"]


def test_a_change_lost_to_someone_else_says_so(store: MemoryStore) -> None:
    class Raced(MemoryStore):
        def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                           actor: str = "system") -> bool:
            return False

    raced = Raced(store.agreements())
    answer = ask("möte ta bort styrgrupp CMV 12/2 2027", raced)
    assert isinstance(answer, Problem)
    assert answer.message.startswith("Mötena i Styrgrupp CMV ändrades just av någon annan")


def test_english(store: MemoryStore) -> None:
    moved = ask("meeting move steering group CMV 2027-02-12 to 2027-02-19 at 10", store)
    assert isinstance(moved, Message)
    assert moved.text == ("Moved: Styrgrupp CMV from 2027-02-12 (Friday, wk 6) 13:00 to "
                          "2027-02-19 (Friday, wk 7) 10:00.")
    assert moved.details == (
        "The rule of 4 meetings a year (001 §9.1) is still met for 2027: 4 of 4 entered.",)
    removed = ask("meeting remove steering group CMV 2027-02-19", store)
    assert isinstance(removed, Message)
    assert removed.text == "Removed: Styrgrupp CMV 2027-02-19 (Friday, wk 7) 10:00."
    assert removed.details == (
        "⚠️ The rule of 4 meetings a year (001 §9.1) is no longer met for 2027: 3 of 4 entered.",)
    missing = ask("meeting delete steering group CMV 2027-02-20", store)
    assert isinstance(missing, Problem)
    assert missing.message == "Styrgrupp CMV has no meeting on 2027-02-20 (Saturday)."


def test_other_words_for_remove_and_move(store: MemoryStore) -> None:
    assert isinstance(ask("möte stryk styrgrupp CMV 12/2 2027", store), Message)
    assert isinstance(ask("möte boka om styrgrupp CMV 7/5 2027 till 14/5 2027", store), Message)
    assert cmv_dates(store) == ["2027-05-14", "2027-09-10", "2027-12-03"]


def test_help_names_the_new_subcommands() -> None:
    text = to_text(ask("hjälp", MemoryStore()))
    assert "lägg till, ta bort eller flytta ett möte" in text


@pytest.mark.parametrize("question", ["när flyttas mötet?", "kan vi flytta styrgruppsmötet?",
                                      "möte flytta styrgrupp CMV", "hur flyttar jag ett möte?",
                                      "hur bokar jag om styrgruppsmötet?"])
def test_asking_about_moving_gets_the_next_meetings_and_how_to_move_one(
        store: MemoryStore, question: str) -> None:
    text = to_text(ask(question, store))
    assert "2027-02-12" in text and "11.4" not in text, text  # not the shelter flat's "flytt"
    example = "/avtal möte flytta styrgruppen CMV Jämtland 2027-02-12 till 2027-02-19 kl 13.00"
    assert f"Flytta ett möte: {example}." in text, text
    assert cmv_dates(store) == ["2027-02-12", "2027-05-07", "2027-09-10", "2027-12-03"]
    assert isinstance(ask(example, store), Message)  # the example given is a working command
    assert cmv_dates(store) == ["2027-02-19", "2027-05-07", "2027-09-10", "2027-12-03"]


def test_moving_out_of_a_shelter_flat_is_still_the_clauses() -> None:
    text = to_text(ask("vad gäller om den vuxna flyttar från jourlägenheten?", MemoryStore()))
    assert "001 §11.4" in text, text


def test_asking_how_to_remove_a_meeting_gets_a_working_command(store: MemoryStore) -> None:
    text = to_text(ask("hur tar jag bort ett möte i styrgruppen CMV?", store))
    example = "/avtal möte ta bort styrgruppen CMV Jämtland 2027-02-12"
    assert f"Ta bort ett möte: {example}." in text, text
    assert isinstance(ask(example, store), Message)
    assert cmv_dates(store) == ["2027-05-07", "2027-09-10", "2027-12-03"]


@pytest.mark.parametrize(("question", "expected"), [
    ("can we move the steering group meeting?",
     "Move a meeting: /avtal meeting move styrgruppen CMV Jämtland 2027-02-12 to 2027-02-19 "
     "at 13.00."),
    ("can we cancel the steering group meeting?",
     "Remove a meeting: /avtal meeting remove styrgruppen CMV Jämtland 2027-02-12."),
    ("kan vi ställa in styrgruppsmötet?",
     "Ta bort ett möte: /avtal möte ta bort styrgruppen CMV Jämtland 2027-02-12."),
])
def test_how_to_questions_are_the_meeting_commands_not_the_clauses(
        store: MemoryStore, question: str, expected: str) -> None:
    text = to_text(ask(question, store))
    assert expected in text and "§9.1 Styrgrupp" not in text, text


@pytest.mark.parametrize(("question", "lead", "command"), [
    ("hur lägger jag till ett möte?", "Lägg till ett möte: ",
     "/avtal möte lägg till styrgruppen CMV Jämtland 2027-01-20 kl 13"),
    ("how do I add a meeting?", "Add a meeting: ",
     "/avtal meeting add styrgruppen CMV Jämtland 2027-01-20 at 13"),
])
def test_asking_how_to_add_a_meeting_gets_a_working_command(
        question: str, lead: str, command: str) -> None:
    store = MemoryStore()
    answer = ask(question, store)
    assert isinstance(answer, Message) and to_text(answer).startswith(f"{lead}{command}."), (
        to_text(answer))
    assert isinstance(ask(command, store), Message)
    assert cmv_dates(store) == ["2027-01-20"]


def test_with_no_meeting_entered_the_move_example_follows_the_add_example() -> None:
    """Nothing to move yet: the move example is for the meeting the add example enters, so
    the two work one after the other as written (not a made-up meeting that is not there)."""
    store = MemoryStore()
    text = to_text(ask("när flyttas styrgruppsmötet i CMV?", store))
    add = "/avtal möte lägg till styrgruppen CMV Jämtland 2027-01-20 kl 13"
    move = "/avtal möte flytta styrgruppen CMV Jämtland 2027-01-20 till 2027-01-27 kl 13"
    assert f"Lägg till ett möte: {add}." in text and f"När ett möte är inlagt: {move}." in text, (
        text)
    assert isinstance(ask(add, store), Message) and isinstance(ask(move, store), Message)
    assert cmv_dates(store) == ["2027-01-27"]


def test_a_meeting_command_short_of_its_day_still_says_what_is_missing(
        store: MemoryStore) -> None:
    """No question word: "möte ta bort styrgrupp CMV" is a command, answered with what it
    lacks, not with how-to."""
    text = to_text(ask("möte ta bort styrgrupp CMV", store))
    assert text.startswith("Vilket möte menar du? Jag hittar inget datum."), text
    assert "Ta bort ett möte:" not in text, text
