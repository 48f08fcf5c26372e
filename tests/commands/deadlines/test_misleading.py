"""Deadline answers that misled (issue 10, item 7), each through the router: the split verb
"säga … upp", the end a user wants, "VG-avtalet", a month asked about on the family centres
or the year wheel, and a window that listed tasks due after it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.answers import Answer, Many, Message, Table
from commands.core.context import Request
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)


def ask(text: str) -> Answer:
    return router.answer(Request(text=text, today=TODAY), MemoryStore())


def said(text: str) -> str:
    return to_text(ask(text)).replace("\u00a0", " ")


@pytest.mark.parametrize("text", ["när säger vi upp CMV?", "när säger man upp CMV-avtalet?",
                                  "sista dag att saga upp cmv avtalet?"])
def test_a_split_verb_asks_for_the_notice_day(text: str) -> None:
    first = said(text).splitlines()[0]
    assert first.startswith("Sista dag att säga upp CMV Jämtland: 2026-12-31"), first


def test_what_follows_from_notice_is_the_clauses_not_a_deadline_list() -> None:
    answer = ask("vad händer om vi säger upp avtalet?")
    assert isinstance(answer, Message)
    text = said("vad händer om vi säger upp avtalet?")
    assert text.startswith("Så här står det i avtalet:")
    assert "001 §22" in text and "Sista dag att säga upp" not in text


@pytest.mark.parametrize(("text", "holds"), [
    ("vi vill att CMV-avtalet upphör 2027-12-31 – senast när måste vi säga upp?",
     "För att CMV Jämtland ska upphöra 2027-12-31 ska ni säga upp senast 2026-12-31"),
    ("for VG-avtalet to end on 2025-12-31, by when did notice have to be given?",
     "For Familjecentraler Västra Götaland to end on 2025-12-31, notice had to be given by "
     "2024-12-31"),
    ("om vi säger upp Jönköpingsavtalet 2026-03-01, när upphör det?",
     "Säger ni upp Familjecentraler Jönköping 2026-03-01 upphör det 2027-03-01"),
])
def test_a_date_in_a_notice_question_is_the_end_wanted_or_the_day_of_notice(text: str,
                                                                           holds: str) -> None:
    assert said(text).startswith(holds)


def test_an_end_between_terms_gets_the_next_term_end_and_says_why() -> None:
    text = said("vi vill att CMV upphör 2027-06-30, när måste vi säga upp?")
    assert text.startswith("För att CMV Jämtland ska upphöra 2027-12-31")
    assert "närmast efter 2027-06-30 är 2027-12-31" in text


def test_vg_avtalet_names_the_vg_agreement() -> None:
    text = said("uppsägningstid VG-avtalet?")
    assert text.startswith("Sista dag att säga upp Familjecentraler Västra Götaland")
    assert "CMV" not in text.splitlines()[0]


@pytest.mark.parametrize("text", ["vad ska vi göra i familjecentralerna nästa månad?",
                                  "vad ska vi göra på familjecentralen nästa månad?",
                                  "vad ska vi göra enligt årshjulet nästa månad?"])
def test_next_month_lists_the_year_wheels_december(text: str) -> None:
    answer = said(text)
    assert "Inga deadlines" not in answer
    assert "Självreflektion (december 2026)" in answer  # the wheel's own December task


def test_the_year_wheel_for_a_month_shows_that_month() -> None:
    answer = ask("årshjul Jönköping december")
    assert isinstance(answer, Table)
    assert answer.title == "Årshjul Familjecentraler Jönköping 2026-12-01 – 2026-12-31"
    assert [row[1] for row in answer.rows] == ["Självreflektion"]


def test_a_window_of_days_lists_only_what_is_due_within_it() -> None:
    answer = ask("vilka deadlines har vi de närmaste 60 dagarna?")
    parts = answer.parts if isinstance(answer, Many) else (answer,)
    tables = [p for p in parts if isinstance(p, Table)]
    assert tables and all(t.title.endswith("2026-11-25 – 2027-01-24") for t in tables)
    acts = [row[0][:10] for t in tables for row in t.rows]
    assert acts and all("2026-11-25" <= a <= "2027-01-24" for a in acts), acts
    # a whole month asked still lists the tasks of that month
    assert "Kommunerna faktureras" in said("vad händer i januari?")


def test_a_year_wheel_task_of_a_body_is_the_task_not_the_bodys_meetings() -> None:
    text = said("när gör ledningsgruppen verksamhetsbesök med arbetsmiljörond?")
    assert text.startswith("Ledningsgruppen gör verksamhetsbesök med arbetsmiljörond "
                           "(Familjecentraler Jönköping): senast 2027-10-29"), text
    assert "oktober 2027" in text


def test_the_rules_holding_most_of_the_question_win_over_those_sharing_one_word() -> None:
    text = said("när gör ledningsgruppen verksamhetsbesök?")
    assert "verksamhetsbesök (april 2027)" in text
    assert "politisk ledningsgrupp" not in text  # CMV rules that only share "ledningsgrupp"


def test_a_mistyped_notice_word_is_still_a_notice_question() -> None:
    # the router sends "uppsägnigstid" here by its beginning; the notice reading must agree
    assert said("uppsägnigstid VG-avtalet?").startswith(
        "Sista dag att säga upp Familjecentraler Västra Götaland: 2026-12-31")
