"""The nudge scheduler: Stockholm hour on working days, across DST changes, with catch-up
on start and a retry when a run had failures."""

from __future__ import annotations

import datetime as dt

from bot.nudger import Outcome
from bot.scheduler import NudgeScheduler, next_run, should_run
from commands.core.context import STOCKHOLM

UTC = dt.UTC


def test_runs_at_the_hour_on_stockholm_time_in_winter_and_summer() -> None:
    # winter (CET, UTC+1): 08:00 Stockholm is 07:00 UTC
    assert not should_run(dt.datetime(2026, 11, 25, 6, 59, tzinfo=UTC), 8, None)
    assert should_run(dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC), 8, None)
    # summer (CEST, UTC+2): 08:00 Stockholm is 06:00 UTC
    assert should_run(dt.datetime(2026, 6, 10, 6, 0, tzinfo=UTC), 8, None)
    assert not should_run(dt.datetime(2026, 6, 10, 5, 59, tzinfo=UTC), 8, None)


def test_once_a_day_and_not_on_weekends_or_holidays() -> None:
    now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=STOCKHOLM)
    assert not should_run(now, 8, dt.date(2026, 11, 25))
    assert should_run(now, 8, dt.date(2026, 11, 24))
    assert not should_run(dt.datetime(2026, 11, 28, 9, tzinfo=STOCKHOLM), 8, None)  # Saturday
    assert not should_run(dt.datetime(2026, 12, 24, 9, tzinfo=STOCKHOLM), 8, None)  # julafton


def test_next_run_skips_to_the_next_working_day_across_dst_and_year_end() -> None:
    # långfredagen 26 March 2027 -> over Easter and annandag påsk to Tuesday 30 March
    after = next_run(dt.datetime(2027, 3, 26, 10, tzinfo=STOCKHOLM), 8)
    assert after == dt.datetime(2027, 3, 30, 8, tzinfo=STOCKHOLM)
    assert after.utcoffset() == dt.timedelta(hours=2)  # summer time began 28 March
    new_year = next_run(dt.datetime(2026, 12, 30, 9, tzinfo=STOCKHOLM), 8)
    assert new_year == dt.datetime(2027, 1, 4, 8, tzinfo=STOCKHOLM)  # 31 Dec, 1 Jan, weekend
    autumn = next_run(dt.datetime(2026, 10, 23, 12, tzinfo=STOCKHOLM), 7)
    assert autumn.astimezone(UTC) == dt.datetime(2026, 10, 26, 6, tzinfo=UTC)  # CET again


def test_catch_up_on_start_then_once_and_retry_after_failure() -> None:
    days: list[dt.date] = []
    results: list[list[Outcome]] = [[Outcome(nudge=None, posted=False, error="ratelimited")],  # type: ignore[arg-type]
                                    []]
    clock = [dt.datetime(2026, 11, 25, 15, tzinfo=STOCKHOLM)]

    def run_day(day: dt.date) -> list[Outcome]:
        days.append(day)
        return results.pop(0) if results else []

    scheduler = NudgeScheduler(run_day, hour=8, clock=lambda: clock[0])
    assert scheduler.run_once() is not None  # started after the hour: runs at once
    assert scheduler.run_once() == []  # the failed run is tried again
    assert scheduler.run_once() is None  # then not again that day
    clock[0] = dt.datetime(2026, 11, 26, 7, 59, tzinfo=STOCKHOLM)
    assert scheduler.run_once() is None
    clock[0] = dt.datetime(2026, 11, 26, 8, 0, tzinfo=STOCKHOLM)
    assert scheduler.run_once() == []
    assert days == [dt.date(2026, 11, 25)] * 2 + [dt.date(2026, 11, 26)]


def test_a_fixed_today_for_demos() -> None:
    days: list[dt.date] = []
    scheduler = NudgeScheduler(lambda d: days.append(d) or [], hour=0, today=dt.date(2026, 10, 30),
                               clock=lambda: dt.datetime(2026, 11, 28, 3, tzinfo=STOCKHOLM))
    scheduler.run_once()
    assert days == [dt.date(2026, 10, 30)]


def test_a_nudge_another_process_is_posting_is_looked_at_again() -> None:
    """If that process dies mid-post, its claim expires and this one must still be running."""
    results: list[list[Outcome]] = [[Outcome(nudge=None, posted=False, busy=True)],  # type: ignore[arg-type]
                                    []]
    scheduler = NudgeScheduler(lambda day: results.pop(0) if results else [], hour=8,
                               clock=lambda: dt.datetime(2026, 11, 25, 9, tzinfo=STOCKHOLM))
    assert scheduler.run_once() is not None
    assert scheduler.run_once() == []  # looked at again on the next tick
    assert scheduler.run_once() is None  # then the day is done
