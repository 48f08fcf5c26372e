"""Rules that hold for every date, checked with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from commands.core.term import next_notice, shift_months
from commands.core.workdays import is_working_day, last_working_day_on_or_before
from commands.nudges.rules import due_nudges
from commands.reading.periods import find_period
from tests.commands.agreements_fixture import agreement, bundled

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2080, 12, 31))


@settings(deadline=None)  # speed is measured in bench/, not here
@given(days)
def test_act_by_is_a_working_day_shortly_before(day: dt.date) -> None:
    act_by = last_working_day_on_or_before(day)
    assert act_by <= day and is_working_day(act_by)
    assert (day - act_by).days <= 6  # julafton … annandag jul plus a weekend is the longest


@settings(deadline=None)
@given(days)
def test_notice_day_is_ahead_and_twelve_months_before_an_expiry(today: dt.date) -> None:
    for agreement_id in ("cmv-jamtland", "vg-familjecentraler"):
        term = agreement(agreement_id).term
        notice = next_notice(term, today)
        assert notice is not None
        assert today <= notice.last_notice_day and notice.act_by <= notice.last_notice_day
        assert shift_months(notice.expiry, -12) == notice.last_notice_day
        assert (notice.expiry.month, notice.expiry.day) == (12, 31)
        # the notice day before this one has passed
        assert shift_months(notice.last_notice_day, -(term.renewal_months or 0)) < today or (
            notice.expiry == term.first_end)


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_a_due_nudge_is_between_its_send_day_and_the_day_to_act(today: dt.date) -> None:
    for nudge in due_nudges(bundled(), today):
        assert nudge.send_on <= today <= nudge.occurrence.act_by
        assert nudge.late == (nudge.send_on < today)
        assert nudge.lead_days in nudge.occurrence.lead_days


@settings(deadline=None)
@given(days, st.integers(min_value=1, max_value=400))
def test_within_n_days_is_today_to_n_days_ahead(today: dt.date, n: int) -> None:
    period = find_period(f"inom {n} dagar", today)
    assert period is not None
    assert (period.start, period.end) == (today, today + dt.timedelta(days=n))


_RANGE_ENDS = st.one_of(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)).map(
        lambda d: d.isoformat()),
    st.tuples(st.integers(1, 31), st.integers(1, 12)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(st.integers(1, 31), st.sampled_from(["januari", "mars", "december", "may"])).map(
        lambda t: f"{t[0]} {t[1]}"),
)


@settings(max_examples=200, deadline=None)
@given(_RANGE_ENDS, _RANGE_ENDS, st.sampled_from(["{} – {}", "från {} till {}",
                                                   "mellan {} och {}", "between {} and {}"]),
       days)
def test_any_range_found_starts_before_it_ends(first: str, second: str, form: str,
                                                today: dt.date) -> None:
    period = find_period("deadlines " + form.format(first, second), today)
    if period is not None:
        assert period.start <= period.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), days)
def test_any_text_is_a_period_or_none_never_an_error(text: str, today: dt.date) -> None:
    period = find_period(text, today)
    if period is not None:
        assert period.start <= period.end


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_question_gets_an_answer(text: str) -> None:
    from commands.core.answers import Answer
    from commands.core.context import Request
    from commands.routing import router
    from tests.commands.agreements_fixture import MemoryStore

    answer = router.answer(Request(text=f"deadlines {text}", today=dt.date(2026, 11, 25)),
                           MemoryStore())
    assert isinstance(answer, Answer)
    meetings = router.answer(Request(text=f"möte lägg till {text}", today=dt.date(2026, 11, 25)),
                             MemoryStore())
    assert isinstance(meetings, Answer)
    # the handlers' last guard ("Jag kunde inte svara …") must not be what answered
    for reply in (answer, meetings):
        assert "Jag kunde inte svara" not in str(reply)
