"""Meetings: adding dates from Slack text, the next meeting, a year's list, shortfalls."""

from __future__ import annotations

import datetime as dt

from bot.render import to_text
from commands.core.answers import Message, Problem, Table
from commands.core.context import Request
from commands.meetings.rules import ScheduledMeeting
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)


def ask(text: str, store: MemoryStore, today: dt.date = TODAY):  # type: ignore[no-untyped-def]
    return router.answer(Request(text=text, today=today), store)


def test_add_meetings_then_next_and_year_list_with_shortfall_warning() -> None:
    store = MemoryStore()
    added = ask("/avtal möte lägg till styrgrupp CMV 12/2 2027 kl 13", store)
    assert isinstance(added, Message)
    assert added.text == "Inlagt: Styrgrupp CMV 2027-02-12 (fredag, v. 6) kl. 13.00."
    assert added.details == ("1 av 4 möten inlagda för 2027 (001 §9.1).",)
    # Swedish day-month order in words, and a place
    second = ask("möte lägg till styrgrupp CMV 7 maj 2027 kl 9.30 plats: Rådhuset, Östersund",
                 store)
    assert isinstance(second, Message)
    assert second.text == "Inlagt: Styrgrupp CMV 2027-05-07 (fredag, v. 18) kl. 09.30."
    assert "Plats: Rådhuset, Östersund." in second.details

    nxt = ask("när är nästa styrgruppsmöte?", store)
    assert isinstance(nxt, Message)
    assert nxt.text == "Nästa möte i Styrgrupp CMV: 2027-02-12 (fredag, v. 6) kl. 13.00."
    assert "Därefter: 2027-05-07 (fredag)." in nxt.details
    assert ("⚠️ Styrgrupp CMV (CMV Jämtland): 2 av 4 möten inlagda för 2027; avtalet säger 4 "
            "per år (001 §9.1).") in nxt.details

    year = ask("möten 2027", store)
    assert isinstance(year, Table)
    assert year.title == "Möten 2027"
    assert [row[0] for row in year.rows] == [
        "2027-02-12 (fredag, v. 6)", "2027-05-07 (fredag, v. 18)",
    ]
    text = to_text(year)
    assert "0 av 4–5 möten inlagda för 2027" in text  # SRO, 4–5 a year (003)


def test_enough_meetings_means_no_warning() -> None:
    store = MemoryStore()
    for date in ("2027-02-12", "2027-05-07", "2027-09-10", "2027-12-03"):
        assert isinstance(ask(f"möte lägg till styrgrupp CMV {date}", store), Message)
    year = ask("möten 2027 styrgrupp CMV", store)
    assert isinstance(year, Table)
    assert not any("Styrgrupp CMV (CMV Jämtland)" in d for d in year.details)


def test_a_meeting_starts_on_stockholm_time_in_winter_and_summer() -> None:
    def at(date: dt.date) -> ScheduledMeeting:
        return ScheduledMeeting("a", "A", "b", "B", date, dt.time(13), None, None, None, "s")

    assert at(dt.date(2027, 3, 27)).starts_at.utcoffset() == dt.timedelta(hours=1)  # type: ignore[union-attr]
    # DST began 28 March 2027 at 02:00
    assert at(dt.date(2027, 3, 28)).starts_at.utcoffset() == dt.timedelta(hours=2)  # type: ignore[union-attr]
    assert at(dt.date(2026, 10, 25)).starts_at.utcoffset() == dt.timedelta(hours=1)  # type: ignore[union-attr]


def test_add_meeting_error_paths() -> None:
    store = MemoryStore()
    no_date = ask("möte lägg till styrgrupp CMV", store)
    assert isinstance(no_date, Problem)
    assert no_date.message == "Jag hittar inget datum för mötet."
    past = ask("möte lägg till styrgrupp CMV 2026-11-02", store)
    assert isinstance(past, Problem)
    assert past.message == "2026-11-02 (måndag) har redan varit; ange ett kommande datum."
    far = ask("möte lägg till styrgrupp CMV 2040-01-10", store)
    assert isinstance(far, Problem) and far.message == "2040-01-10 ligger för långt fram."
    no_body = ask("möte lägg till CMV 2027-02-12", store)
    assert isinstance(no_body, Problem) and no_body.message == "Vilket organ gäller mötet?"
    which = ask("möte lägg till styrgrupp 2027-02-12", store)
    assert isinstance(which, Problem) and which.message == "Vilket avtal gäller mötet?"
    assert "CMV Jämtland" in which.suggestions
    unknown = ask("möte lägg till styrgrupp för Jönkping 2027-02-12", store)
    assert isinstance(unknown, Problem)
    assert "”Jönkping”" in unknown.message
    assert isinstance(ask("möte lägg till styrgrupp CMV 2027-02-12", store), Message)
    again = ask("möte lägg till styrgrupp CMV 2027-02-12", store)
    assert isinstance(again, Message)
    assert again.text == "Styrgrupp CMV har redan ett möte 2027-02-12 (fredag); inget ändrat."


def test_no_meeting_entered_says_how_to_add_one() -> None:
    answer = ask("när är nästa styrgruppsmöte för CMV?", MemoryStore())
    assert isinstance(answer, Message)
    assert answer.text == "Inget kommande möte är inlagt för Styrgrupp CMV."
    assert any("/avtal möte lägg till" in d for d in answer.details)


def test_english_meeting_question() -> None:
    store = MemoryStore()
    ask("meeting add styrgrupp CMV 2027-02-12 at 13", store)
    answer = ask("when is the next steering group meeting for CMV?", store)
    assert isinstance(answer, Message)
    assert answer.text == "Next meeting of Styrgrupp CMV: 2027-02-12 (Friday, wk 6) 13:00."


def test_an_impossible_time_is_refused_not_ignored() -> None:
    store = MemoryStore()
    answer = ask("möte lägg till styrgrupp CMV 12/2 2027 kl 25", store)
    assert isinstance(answer, Problem)
    assert answer.message == "”kl 25” är ingen giltig tid; skriv t.ex. kl 13 eller kl 13.30."
    assert store.agreements()[0].body("styrgrupp").meetings == ()


def test_app_home_shows_upcoming_meetings() -> None:
    from commands.routing.home import home

    store = MemoryStore()
    assert not any(isinstance(p, Message) and p.text == "*Kommande möten*"
                   for p in home(Request(text="", today=TODAY), store).parts)
    ask("möte lägg till styrgrupp CMV 2027-02-12 kl 13", store)
    ask("möte lägg till styrgrupp CMV 2027-06-11", store)  # beyond 90 days
    section = next(p for p in home(Request(text="", today=TODAY), store).parts
                   if isinstance(p, Message) and p.text == "*Kommande möten*")
    assert section.details == ("• 2027-02-12 (fredag) kl. 13.00 – Styrgrupp CMV",)


def test_a_meeting_on_a_holiday_is_added_with_a_warning() -> None:
    answer = ask("möte lägg till styrgrupp CMV 2027-06-25 kl 10", MemoryStore())
    assert isinstance(answer, Message) and answer.text.startswith("Inlagt:")
    assert answer.details[0] == "Obs: 2027-06-25 är midsommarafton."
