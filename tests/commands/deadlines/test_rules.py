"""The deadline engine on real dates: notice days that roll forward, the year wheel,
every-n-years cycles, weekends and Swedish holidays, year ends and leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from commands.core.agreement import Term
from commands.core.term import earliest_end, next_notice, shift_months
from commands.deadlines import wording
from commands.deadlines.rules import next_occurrence, occurrences, rule_occurrences
from tests.commands.agreements_fixture import agreement, bundled

TODAY = dt.date(2026, 11, 25)


def _rule(agreement_id: str, key: str):  # type: ignore[no-untyped-def]
    a = agreement(agreement_id)
    return a, next(r for r in a.deadlines if r.key == key)


@pytest.mark.parametrize("agreement_id", ["cmv-jamtland", "vg-familjecentraler"])
def test_both_fixed_term_agreements_have_last_notice_day_2026_12_31(agreement_id: str) -> None:
    notice = next_notice(agreement(agreement_id).term, TODAY)
    assert notice is not None
    assert notice.last_notice_day == dt.date(2026, 12, 31)
    assert notice.expiry == dt.date(2027, 12, 31)
    # 31 December 2026 is nyårsafton: act on Wednesday 30 December
    assert notice.act_by == dt.date(2026, 12, 30)


def test_cmv_renews_by_one_year_and_the_notice_day_rolls_forward() -> None:
    term = agreement("cmv-jamtland").term
    now = next_notice(term, TODAY)
    assert now is not None and now.extended_to == dt.date(2028, 12, 31)
    after = next_notice(term, dt.date(2027, 1, 1))
    assert after is not None
    assert (after.last_notice_day, after.expiry) == (dt.date(2027, 12, 31), dt.date(2028, 12, 31))
    assert after.act_by == dt.date(2027, 12, 30)  # nyårsafton again


def test_vg_renews_by_two_years_and_a_sunday_notice_day_moves_to_friday() -> None:
    term = agreement("vg-familjecentraler").term
    now = next_notice(term, TODAY)
    assert now is not None and now.extended_to == dt.date(2029, 12, 31)
    after = next_notice(term, dt.date(2027, 1, 1))
    assert after is not None
    assert (after.last_notice_day, after.expiry) == (dt.date(2028, 12, 31), dt.date(2029, 12, 31))
    assert after.last_notice_day.weekday() == 6  # Sunday …
    assert after.act_by == dt.date(2028, 12, 29)  # … so Friday


def test_notice_day_itself_still_counts_on_that_day() -> None:
    notice = next_notice(agreement("cmv-jamtland").term, dt.date(2026, 12, 31))
    assert notice is not None and notice.last_notice_day == dt.date(2026, 12, 31)


def test_until_terminated_has_no_notice_day_only_an_earliest_end() -> None:
    term = agreement("jonkoping-familjecentraler").term
    assert term.until_terminated and term.notice_months == 12
    assert next_notice(term, TODAY) is None
    assert earliest_end(term, TODAY) == dt.date(2027, 11, 25)
    # leap day: 12 months after 29 February 2028 is 28 February 2029
    assert earliest_end(term, dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_fixed_term_without_renewal_ends() -> None:
    term = Term(start=dt.date(2024, 1, 1), first_end=dt.date(2026, 6, 30), notice_months=3,
                source="test")
    assert next_notice(term, dt.date(2026, 1, 1)) is not None
    assert next_notice(term, dt.date(2026, 4, 1)) is None


def test_shift_months_keeps_month_ends_across_leap_years() -> None:
    assert shift_months(dt.date(2025, 2, 28), 36) == dt.date(2028, 2, 29)
    assert shift_months(dt.date(2028, 2, 29), -12) == dt.date(2027, 2, 28)
    assert shift_months(dt.date(2027, 12, 31), -12) == dt.date(2026, 12, 31)
    assert shift_months(dt.date(2026, 1, 15), 1) == dt.date(2026, 2, 15)


def test_year_wheel_verksamhetsberattelse_28_february() -> None:
    a, rule = _rule("jonkoping-familjecentraler", "verksamhetsberattelse")
    found = next_occurrence(a, rule, TODAY)
    assert found is not None
    assert found.due == dt.date(2027, 2, 28)  # a Sunday
    assert found.act_by == dt.date(2027, 2, 26)
    assert found.responsible == "Samordnare"
    assert found.source.startswith("002")
    assert found.channel == "samordnare"
    # 2028 is a leap year: the 28th is still the 28th (a Monday, a working day)
    later = next_occurrence(a, rule, dt.date(2027, 3, 1))
    assert later is not None and later.due == later.act_by == dt.date(2028, 2, 28)


def test_year_wheel_every_month_has_its_tasks_with_responsible_role() -> None:
    a = agreement("jonkoping-familjecentraler")
    year = occurrences([a], dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    by_month: dict[int, set[str]] = {}
    for o in year:
        if o.due.year == 2027:
            by_month.setdefault(o.due.month, set()).add(o.rule_key)
    assert by_month[1] == {"sjalvreflektion-januari", "arshjulet-genomgang"}
    assert "verksamhetsberattelse" in by_month[2]
    assert by_month[5] == {"verksamhetsbesok-maj", "familjecentralens-dag", "ffff-konferens"}
    assert {o.responsible for o in year} == {"Samordnare", "Ledningsgruppen"}


def test_iso_week_range_v45_46_in_a_53_week_year() -> None:
    a, rule = _rule("jonkoping-familjecentraler", "foraldraenkat")
    [found] = rule_occurrences(a, rule, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert found.window_start == dt.date(2026, 11, 2)  # Monday of week 45
    assert found.due == dt.date(2026, 11, 15)  # Sunday of week 46
    assert found.act_by == dt.date(2026, 11, 13)
    assert wording.window_text(found, "sv") == "v. 45–46 2026"


def test_first_three_months_is_due_31_march() -> None:
    a, rule = _rule("cmv-jamtland", "verksamhetsberattelse")
    found = next_occurrence(a, rule, TODAY)
    assert found is not None
    assert (found.window_start, found.due) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert wording.window_text(found, "sv") == "januari–mars 2027"


def test_every_third_year_quality_review() -> None:
    a, rule = _rule("cmv-jamtland", "kvalitetsgranskning-utse-granskare")
    years = [o.due.year for o in rule_occurrences(a, rule, dt.date(2025, 1, 1),
                                                    dt.date(2034, 12, 31))]
    assert years == [2025, 2028, 2031, 2034]


def test_every_other_autumn_survey_in_kalmar() -> None:
    a, rule = _rule("kalmar-familjecentraler", "besoksenkat")
    found = rule_occurrences(a, rule, dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    assert [(o.window_start, o.due) for o in found] == [
        (dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
        (dt.date(2028, 9, 1), dt.date(2028, 11, 30)),
        (dt.date(2030, 9, 1), dt.date(2030, 11, 30)),
    ]


def test_last_meeting_of_the_year_uses_the_entered_meeting_else_31_december() -> None:
    a, rule = _rule("cmv-jamtland", "systematisk-uppfoljning")
    placeholder = next_occurrence(a, rule, TODAY)
    assert placeholder is not None and placeholder.placeholder
    assert (placeholder.due, placeholder.act_by) == (dt.date(2026, 12, 31), dt.date(2026, 12, 30))
    from commands.core.agreement import Meeting

    body = a.body("styrgrupp")
    with_meetings = a.model_copy(update={"bodies": tuple(
        b.model_copy(update={"meetings": (Meeting(date=dt.date(2026, 12, 2)),
                                          Meeting(date=dt.date(2026, 12, 9),
                                                  time=dt.time(13)))})
        if b.key == body.key else b for b in a.bodies)})
    real = next_occurrence(with_meetings, rule, TODAY)
    assert real is not None and not real.placeholder
    assert real.due == dt.date(2026, 12, 9) and real.meeting_time == dt.time(13)


def test_every_occurrence_knows_agreement_what_who_source_and_channel() -> None:
    found = occurrences(bundled(), TODAY, dt.date(2027, 12, 31))
    assert found
    for o in found:
        assert o.agreement_id and o.title and o.responsible and o.source and o.channel
        assert o.act_by <= o.due
        assert o.key == f"{o.agreement_id}/{o.rule_key}/{o.due.isoformat()}"
    assert [o.act_by for o in found] == sorted(o.act_by for o in found)
