"""The card's term line and the deadline list give the same dates: both come from
``commands.core.term``, on every bundled agreement and on any "today", notice days included.
A question about the extension gets that term line; one about the notice day the deadline list."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from commands.core.agreement import Agreement, NoticeSchedule, Term
from commands.core.answers import Text
from commands.core.context import Request
from commands.core.term import notice_chain
from commands.core.text import detect_language
from commands.deadlines.rules import next_occurrence
from commands.knowledge.card import term_line
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore, agreement, bundled

STORE = MemoryStore()


def ask(question: str) -> str:
    request = Request(text=question, today=dt.date(2026, 11, 25), lang=detect_language(question))
    return to_text(router.answer(request, STORE)).replace("\u00a0", " ")


def _plain(text: Text) -> str:
    return str(text)


def _todays(a: Agreement) -> list[dt.date]:
    """Every 9th day over eight years, and each notice day with the days either side."""
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 8 * 366, 9)]
    for notice, _, _ in notice_chain(a.term, dt.date(2024, 1, 1)):
        if notice.year > 2032:
            break
        days += [notice - dt.timedelta(days=1), notice, notice + dt.timedelta(days=1)]
    return days


def _month_end_term() -> Agreement:
    """An end on 28 February with three months' notice: where adding months one at a time
    and keeping a month's last day disagree (2028-02-29, notice 2027-11-30)."""
    return agreement("vg-familjecentraler").model_copy(update={"term": Term(
        start=dt.date(2024, 3, 1), first_end=dt.date(2025, 2, 28), renewal_months=12,
        notice_months=3, source="003 §4")})


@pytest.mark.parametrize("a", [*bundled(), _month_end_term()], ids=lambda a: a.short_name)
def test_the_card_and_the_deadline_list_agree_on_the_end_and_the_notice_day(a: Agreement) -> None:
    rule = next((r for r in a.deadlines if isinstance(r.schedule, NoticeSchedule)), None)
    for today in _todays(a):
        line = _plain(term_line(a, "sv", today))
        if rule is None:
            assert a.term.until_terminated and "tills vidare" in line
            continue
        listed = next_occurrence(a, rule, today)
        assert listed is not None and listed.expiry is not None
        assert (f"Nu löper det till {listed.expiry.isoformat()}; säg upp senast "
                f"{listed.due.isoformat()} ") in line, (today, line)
        # the day to act on, when the last notice day is no working day, as the list says it
        assert (f"agera senast {listed.act_by.isoformat()})" in line) == (
            listed.act_by != listed.due), (today, line)


def test_a_notice_day_on_new_years_eve_says_the_day_to_act_on() -> None:
    cmv = agreement("cmv-jamtland")
    assert ("säg upp senast 2026-12-31 (nyårsafton: agera senast 2026-12-30) för att det ska "
            "upphöra då.") in _plain(term_line(cmv, "sv", dt.date(2026, 12, 6)))
    assert "give notice by 2026-12-31 (New Year's Eve: act by 2026-12-30) for it to end then." in (
        _plain(term_line(cmv, "en", dt.date(2026, 12, 6))))


def test_the_month_end_term_keeps_the_last_day_of_february() -> None:
    line = _plain(term_line(_month_end_term(), "sv", dt.date(2027, 11, 30)))
    assert "Nu löper det till 2028-02-29; säg upp senast 2027-11-30 " in line


def test_a_term_without_renewal_past_its_notice_day_offers_no_notice_day() -> None:
    ending = Term(start=dt.date(2024, 3, 1), first_end=dt.date(2027, 6, 30), notice_months=12,
                  source="003 §4")
    a = agreement("vg-familjecentraler").model_copy(update={"term": ending})
    assert "säg upp senast 2026-06-30" in _plain(term_line(a, "sv", dt.date(2026, 6, 30)))
    line = _plain(term_line(a, "sv", dt.date(2026, 7, 1)))
    assert line.endswith("Det löper ut 2027-06-30 utan förlängning; det finns ingen "
                         "uppsägningsdag kvar.")
    assert "It expires on 2027-06-30" in _plain(term_line(a, "en", dt.date(2026, 7, 1)))


@pytest.mark.parametrize("question", [
    "VG-avtalet sades inte upp i tid, till vilket datum förlängdes det?",
    "till när förlängs VG-avtalet?",
    "hur länge förlängs avtalet i VG?",
    "förnyas VG-avtalet automatiskt?",
    "when is the VG agreement renewed?",
    "is the VG agreement extended automatically?",
])
def test_a_question_about_the_extension_gets_the_end_it_runs_to(question: str) -> None:
    answer = ask(question)
    assert ("Nu löper det till 2027-12-31" in answer or "It now runs to 2027-12-31" in answer), \
        answer


@pytest.mark.parametrize("question", [
    "när måste vi säga upp VG-avtalet för att det inte ska förlängas?",
    "sista dag för att undvika att VG-avtalet förlängs?",
    "senast när ska VG-avtalet sägas upp så att det inte förlängs?",
    "senast när ska VG-avtalet sägas upp innan det förlängs?",  # "innan" is a plain word
    "by when must notice be given so that the VG agreement is not renewed?",
])
def test_a_question_about_the_notice_day_stays_with_the_deadline_list(question: str) -> None:
    answer = ask(question)
    assert ("Sista dag att säga upp Familjecentraler Västra Götaland: 2026-12-31" in answer
            or "Last day to give notice on Familjecentraler Västra Götaland" in answer), answer
