"""Meetings: adding dates from Slack text, the next meeting, a year's list, shortfalls."""

from __future__ import annotations

import datetime as dt

from bot.render import to_text
from bot.render.blocks import to_blocks
from commands.core.answers import Code, Message, Problem, Quote, Rich, Strong, Table, rich
from commands.core.context import Request
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
    assert rich("Plats: ", Quote("Rådhuset, Östersund"), ".") in second.details

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


def test_no_meeting_entered_says_how_to_add_one_for_that_body() -> None:
    store = MemoryStore()
    answer = ask("när är nästa styrgruppsmöte för CMV?", store)
    assert isinstance(answer, Message)
    assert answer.text == "Inget kommande möte är inlagt för Styrgrupp CMV."
    example = "/avtal möte lägg till styrgruppen CMV Jämtland 2027-01-20 kl 13"  # 8 weeks on
    assert rich("Lägg till ett möte: ", Code(example), ".") in answer.details
    assert f"Lägg till ett möte: `{example}`." in str(to_blocks(answer))
    assert f"Lägg till ett möte: {example}." in to_text(answer)
    # the example does what it says
    added = ask(example.removeprefix("/avtal "), store)
    assert isinstance(added, Message)
    assert added.text.startswith("Inlagt: Styrgrupp CMV 2027-01-20"), added.text


def test_the_add_example_names_the_body_asked_about() -> None:
    store = MemoryStore()
    answer = ask("när är nästa möte i ledningsgruppen i Jönköping?", store)
    assert isinstance(answer, Message)
    example = next(span.text for line in answer.details if isinstance(line, Rich)
                   for span in line.spans if isinstance(span, Code))
    assert example.startswith("/avtal möte lägg till ledningsgruppen Familjecentraler Jönköping")
    added = ask(example.removeprefix("/avtal "), store)
    assert isinstance(added, Message)
    assert added.text.startswith("Inlagt: Ledningsgrupp för familjecentralerna"), added.text


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
    assert answer.message == rich(
        "”", Quote("kl 25"), "” är ingen giltig tid; skriv t.ex. kl 13 eller kl 13.30.")
    assert to_text(answer).startswith("”kl 25” är ingen giltig tid;")
    assert store.agreements()[0].body("styrgrupp").meetings == ()


def test_app_home_shows_upcoming_meetings() -> None:
    from commands.routing.home import home

    store = MemoryStore()
    heading = rich(Strong("Kommande möten"))
    assert not any(isinstance(p, Message) and p.text == heading
                   for p in home(Request(text="", today=TODAY), store).parts)
    ask("möte lägg till styrgrupp CMV 2027-02-12 kl 13", store)
    ask("möte lägg till styrgrupp CMV 2027-06-11", store)  # beyond 90 days
    section = next(p for p in home(Request(text="", today=TODAY), store).parts
                   if isinstance(p, Message) and p.text == heading)
    assert to_blocks(section)[0]["text"]["text"].startswith("*Kommande möten*\n")
    assert section.details == ("• 2027-02-12 (fredag) kl. 13.00 – Styrgrupp CMV",)


def test_a_meeting_on_a_holiday_is_added_with_a_warning() -> None:
    answer = ask("möte lägg till styrgrupp CMV 2027-06-25 kl 10", MemoryStore())
    assert isinstance(answer, Message) and answer.text.startswith("Inlagt:")
    assert answer.details[0] == "Obs: 2027-06-25 är midsommarafton."


def test_times_are_read_in_both_languages_and_taken_out_of_the_text() -> None:
    from commands.meetings.question import parse_time

    assert parse_time("styrgrupp kl. 13.30") == (dt.time(13, 30), "styrgrupp  ")
    assert parse_time("klockan 9")[0] == dt.time(9)
    assert parse_time("kl 13-15")[0] == dt.time(13)  # a span: the start is the time
    assert parse_time("13:00")[0] == dt.time(13)
    assert parse_time("at 1 pm")[0] == dt.time(13)
    assert parse_time("12 am")[0] == dt.time(0)
    assert parse_time("kl 25") == (None, "kl 25")
    assert parse_time("2027-02-12") == (None, "2027-02-12")


def test_a_when_question_is_read_as_the_next_meeting_a_period_as_a_list() -> None:
    from commands.meetings.question import MeetingQuery, read_query

    store = MemoryStore()
    nxt = read_query(Request(text="när är nästa styrgruppsmöte för CMV?", today=TODAY),
                     store.agreements())
    assert isinstance(nxt, MeetingQuery) and nxt.next_only
    assert [(a.id, b.key) for a, b in nxt.pairs] == [("cmv-jamtland", "styrgrupp")]
    year = read_query(Request(text="möten 2027 CMV", today=TODAY), store.agreements())
    assert isinstance(year, MeetingQuery) and not year.next_only
    assert (year.start, year.end) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    plain = read_query(Request(text="möten", today=TODAY), store.agreements())
    assert isinstance(plain, MeetingQuery)
    assert (plain.start, plain.end) == (TODAY, dt.date(2027, 11, 25))


def test_a_typed_place_is_shown_as_written_and_cannot_ping_a_channel() -> None:
    store = MemoryStore()
    ask("möte lägg till styrgrupp CMV 12/2 2027 kl 13 plats: Sal *A* <!channel>", store)
    answer = ask("när är nästa styrgruppsmöte för CMV?", store)
    assert isinstance(answer, Message)
    assert rich("Plats: ", Quote("Sal *A* <!channel>"), ".") in answer.details
    slack = str(to_blocks(answer))
    assert "Plats: Sal *A* &lt;!channel&gt;." in slack and "<!channel>" not in slack
    assert "  Plats: Sal *A* <!channel>." in to_text(answer)  # the console shows it as typed
