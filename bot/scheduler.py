"""The nudge scheduler inside `avtalsbot serve`: once a working day, at the configured hour
in Europe/Stockholm, post the due nudges.

It wakes every ``tick`` seconds and runs when it is a working day, the Stockholm wall clock
is at or past ``AVTALSBOT_NUDGE_HOUR``, and it has not yet completed that day's run. So a
process started in the afternoon catches up at once (missed nudges go out, marked late),
daylight-saving changes move nothing (the hour is read on the Stockholm clock, not UTC),
and a run in which a post failed (or one another process was still posting) is tried again
on the next tick. Several processes may run it at the same time: the claims in the database
make each nudge go out once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from slack_sdk import WebClient

from bot.delivery import ChannelPacer
from bot.nudger import Outcome, send_due, slack_poster
from bot.settings import Settings
from commands.core.context import STOCKHOLM
from commands.core.workdays import is_working_day
from storage.store import SqlStore

log = logging.getLogger(__name__)


def should_run(now: dt.datetime, hour: int, last_completed: dt.date | None) -> bool:
    """Whether the day's run is due at ``now`` (any zone; judged on Stockholm time)."""
    local = now.astimezone(STOCKHOLM)
    return (is_working_day(local.date()) and local.hour >= hour
            and last_completed != local.date())


def next_run(now: dt.datetime, hour: int) -> dt.datetime:
    """The next moment the day's run can start: ``hour``:00 Stockholm on a working day."""
    local = now.astimezone(STOCKHOLM)
    day = local.date()
    while True:
        start = dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)
        if is_working_day(day) and start > local:
            return start
        day += dt.timedelta(days=1)


class NudgeScheduler:
    """A daemon thread around ``run_day(today) -> outcomes``."""

    def __init__(self, run_day: Callable[[dt.date], list[Outcome]], *, hour: int,
                 tick: float = 60.0, clock: Callable[[], dt.datetime] | None = None,
                 today: dt.date | None = None) -> None:
        self._run_day = run_day
        self._hour = hour
        self._tick = tick
        self._clock = clock or (lambda: dt.datetime.now(STOCKHOLM))
        self._today = today  # a fixed date for demos and tests
        self._last_completed: dt.date | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="nudges", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def run_once(self) -> list[Outcome] | None:
        """Run the day's nudges if due now; None when it was not time."""
        now = self._clock()
        if self._today is not None:
            now = dt.datetime.combine(self._today, now.astimezone(STOCKHOLM).time(),
                                      tzinfo=STOCKHOLM)
        if not should_run(now, self._hour, self._last_completed):
            return None
        day = now.astimezone(STOCKHOLM).date()
        outcomes = self._run_day(day)
        # A failed post, or one another process is still posting (it may die doing so), is
        # looked at again on the next tick; the day is done only when neither is left.
        if not any(o.error or o.busy for o in outcomes):
            self._last_completed = day
        posted = sum(1 for o in outcomes if o.posted)
        busy = sum(1 for o in outcomes if o.busy)
        log.info("nudges for %s: %d posted, %d failed%s", day, posted,
                 sum(1 for o in outcomes if o.error),
                 f", {busy} being posted by another process" if busy else "")
        return outcomes

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the scheduler must outlive a bad day (database away, …)
                log.exception("nudge run failed; trying again in %s s", self._tick)
            self._stop.wait(self._tick)


def start_for(settings: Settings, store: SqlStore, client: WebClient, *,
              pacer: ChannelPacer | None = None) -> NudgeScheduler:
    """Start the scheduler for `serve`: posts through ``client`` (429-aware), paced by
    ``pacer`` (the process's shared one, so nudges and replies keep one pace per channel)."""
    poster, pacer = slack_poster(client), pacer or ChannelPacer()
    scheduler = NudgeScheduler(lambda day: send_due(store, poster, day, pace=pacer.wait),
                               hour=settings.nudge_hour, tick=settings.nudge_tick_seconds,
                               today=settings.today)
    scheduler.start()
    log.info("nudge scheduler started: working days from %02d:00 Europe/Stockholm",
             settings.nudge_hour)
    return scheduler
