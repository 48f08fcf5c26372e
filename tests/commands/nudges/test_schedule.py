"""`/avtal påminnelser`: the coming nudges — and that the schedule is exactly what the
scheduler will send, checked against ``due_nudges`` day by day."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from bot.render.blocks import to_blocks
from commands.core.agreement import Agreement
from commands.core.answers import Answer, Message, Problem, Table
from commands.core.context import Request
from commands.core.workdays import is_working_day
from commands.nudges.rules import due_nudges, nudge_schedule
from commands.reflection.model import FollowUp
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore, agreement, bundled

TODAY = dt.date(2026, 11, 25)
NOTICE_KEY = "cmv-jamtland/uppsagning/2026-12-31"
GOAL = FollowUp(key="goal:7:1", agreement_id="jonkoping-familjecentraler", centre="FC Råslätt",
                channel="C0RASLATT", title="Rutin för bekräftelse", due=dt.date(2027, 3, 15),
                responsible="Samordnaren", source="002 steg V")


def ask(text: str, store: MemoryStore, today: dt.date = TODAY) -> Answer:
    return router.answer(Request(text=text, today=today), store)


def simulate(agreements: tuple[Agreement, ...], today: dt.date, end: dt.date, *,
             sent: set[str], done: set[str], goals: tuple[FollowUp, ...]) -> dict[dt.date, set]:  # type: ignore[type-arg]
    """What the scheduler does: ``due_nudges`` on each working day, then records them sent."""
    posted: dict[dt.date, set] = {}  # type: ignore[type-arg]
    sent = set(sent)
    day = today
    while day <= end:
        if is_working_day(day):
            due = due_nudges(agreements, day, sent=sent, done=done, goals=goals)
            if due:
                posted[day] = set(due)
            sent |= {n.key for n in due}
        day += dt.timedelta(days=1)
    return posted


@pytest.mark.parametrize("today", [
    dt.date(2026, 11, 25),  # a Wednesday, with late reminders to catch up
    dt.date(2026, 11, 28),  # a Saturday: the first run is on Monday
    dt.date(2026, 12, 24),  # julafton, then the Christmas days
    dt.date(2027, 6, 18),   # the day before midsommarafton
    dt.date(2028, 2, 29),
])
def test_the_schedule_is_what_the_scheduler_sends_day_by_day(today: dt.date) -> None:
    agreements = bundled()
    end = today + dt.timedelta(days=400)
    sent = {f"{NOTICE_KEY}/60/styrgrupp"}
    done = {"vg-familjecentraler/uppsagning/2026-12-31"}
    goals = (GOAL,)
    planned = nudge_schedule(agreements, today, end, sent=sent, done=done, goals=goals)
    by_day: dict[dt.date, set] = {}  # type: ignore[type-arg]
    for p in planned:
        by_day.setdefault(p.posts_on, set()).add(p.nudge)
    assert by_day == simulate(agreements, today, end, sent=sent, done=done, goals=goals)
    assert len(planned) == len({p.nudge.key for p in planned})  # each once
    assert all(today <= p.posts_on <= end for p in planned)


def test_the_schedule_with_changed_lead_times_also_agrees() -> None:
    cmv = agreement("cmv-jamtland").model_copy(update={"default_lead_days": (14, 3, 2, 1)})
    planned = nudge_schedule((cmv,), TODAY, TODAY + dt.timedelta(days=200))
    expected = simulate((cmv,), TODAY, TODAY + dt.timedelta(days=200), sent=set(), done=set(),
                        goals=())
    assert {p.posts_on: set() for p in planned}.keys() == expected.keys()
    for day, nudges in expected.items():
        assert {p.nudge for p in planned if p.posts_on == day} == nudges


def test_reminders_table_for_an_agreement() -> None:
    answer = ask("/avtal påminnelser CMV de närmaste 60 dagarna", MemoryStore())
    assert isinstance(answer, Table)
    assert answer.title == "Påminnelser CMV Jämtland 2026-11-25 – 2027-01-24"
    assert [c.header for c in answer.columns] == ["Skickas", "Kanal", "Före", "Vad",
                                                  "Agera senast"]
    assert answer.rows[0] == (
        "2026-11-25 (onsdag)", "#cmv-styrgrupp", "60 dagar före, sen",
        "Rapport från kvalitetsgranskningen redovisas för styrgrupp och politisk "
        "ledningsgrupp (CMV Jämtland)", "2026-12-30 (onsdag)")
    notice = [r for r in answer.rows if r[3].startswith("Sista dag för skriftlig uppsägning")]
    assert [(r[0], r[2]) for r in notice] == [
        ("2026-11-25 (onsdag)", "60 dagar före, sen"), ("2026-11-30 (måndag)", "30 dagar före"),
        ("2026-12-23 (onsdag)", "7 dagar före"), ("2026-12-29 (tisdag)", "1 dag före")]
    assert answer.details == (
        "Boten skickar varje påminnelse en gång, på arbetsdagar, till avtalets kanal. Redan "
        "skickade påminnelser och deadlines som markerats som klara visas inte.",)
    assert "001 §22" in (answer.source or "")
    text = to_text(answer)
    assert "1 dag före" in text and "Boten skickar varje påminnelse" in text
    blocks = to_blocks(answer)
    assert "#cmv-styrgrupp" in str(blocks) and "Boten skickar varje påminnelse" in str(blocks)


def test_default_is_thirty_days_over_all_agreements() -> None:
    answer = ask("påminnelser", MemoryStore())
    assert isinstance(answer, Table)
    assert answer.title == "Påminnelser 2026-11-25 – 2026-12-25"
    agreements = {row[3].rsplit("(", 1)[1] for row in answer.rows}
    assert {"CMV Jämtland)", "Familjecentraler Kalmar län)"} <= agreements
    assert answer.csv_name == "paminnelser-2026-11-25-2026-12-25.csv"


def test_sent_and_done_are_left_out() -> None:
    store = MemoryStore()
    store.sent.add(f"{NOTICE_KEY}/60/styrgrupp")
    answer = ask("påminnelser CMV", store)
    assert isinstance(answer, Table)
    notice = [r for r in answer.rows if r[3].startswith("Sista dag för skriftlig uppsägning")]
    assert [r[2] for r in notice] == ["30 dagar före", "7 dagar före"]
    store.done[NOTICE_KEY] = "U0ANNA"
    answer = ask("påminnelser CMV", store)
    assert isinstance(answer, Table)
    assert not any(r[3].startswith("Sista dag för skriftlig uppsägning") for r in answer.rows)


def test_a_later_period_and_an_empty_one() -> None:
    answer = ask("påminnelser Kalmar januari 2027", MemoryStore())
    assert isinstance(answer, Table)
    assert answer.rows[0][:3] == ("2027-01-22 (fredag)", "#fc-kalmar-familjecentraler",
                                  "7 dagar före")
    empty = ask("påminnelser Kalmar 2026-12-10", MemoryStore())
    assert isinstance(empty, Message)
    assert empty.text == "Inga påminnelser går ut Familjecentraler Kalmar län 2026-12-10."
    assert empty.details[-1].startswith("Nästa därefter: 2026-12-30 (onsdag) – ")


def test_a_past_period_and_an_unknown_agreement() -> None:
    past = ask("påminnelser 2025", MemoryStore())
    assert isinstance(past, Message)
    assert past.text == "2025-12-31 har redan varit; här visas bara kommande påminnelser."
    unknown = ask("påminnelser för Jönkping", MemoryStore())
    assert isinstance(unknown, Problem) and "”Jönkping”" in unknown.message


def test_english() -> None:
    answer = ask("/avtal reminders CMV next 60 days", MemoryStore())
    assert isinstance(answer, Table)
    assert answer.title == "Reminders CMV Jämtland 2026-11-25 – 2027-01-24"
    assert answer.rows[0][2] == "60 days before, late"
    assert [c.header for c in answer.columns][:3] == ["Posted", "Channel", "Lead"]


def test_free_question_and_help() -> None:
    answer = ask("vilka påminnelser skickas i december?", MemoryStore())
    assert isinstance(answer, Table) and answer.title == "Påminnelser 2026-12-01 – 2026-12-31"
    help_text = to_text(ask("hjälp", MemoryStore()))
    assert "påminnelser [avtal] [period]" in help_text
