"""The clock of self-reflection rounds in ``serve``: every few minutes, close the rounds
whose closing date has passed (posting their results), send the day-before reminders and
post again any result Slack did not take.

The rules are in ``commands.reflection.flows`` (``due_work``, ``delivered``);
the database makes each closing, each reminder and each posting attempt happen once, so
several bot processes may all run this loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from bot.delivery import OnDone, SlackDeliverer
from bot.service import Brain, stockholm_today
from commands.core.answers import Delivery
from commands.reflection.flows import delivered, due_work

log = logging.getLogger(__name__)


def run_once(brain: Brain, deliverer: SlackDeliverer) -> int:
    """Do what is due now; returns how many messages were handed to the deliverer."""
    try:
        if brain.store.posting_stopped():  # uninstalled: no rounds closed, nothing posted
            return 0
        deliveries = due_work(brain.today or stockholm_today(), brain.store, brain.directory)
    except Exception:
        log.exception("reflection rounds: due work failed")  # tried again next time
        return 0
    deliverer.submit(deliveries)
    return len(deliveries)


def recorder(brain: Brain) -> OnDone:
    """The deliverer's ``on_done``: record how a round's result post went (the listeners'
    deliverer and the clock's use the same one)."""

    def on_done(delivery: Delivery, error: str | None) -> Iterable[Delivery]:
        assert delivery.key is not None
        if error is not None:
            log.warning("%s not delivered (%s); the reflection clock tries again",
                        delivery.key, error)
        return delivered(brain.store, delivery.key, error)

    return on_done


def start(brain: Brain, deliverer: SlackDeliverer, *, interval: float = 300.0,
          stop: threading.Event | None = None) -> threading.Thread:
    stop = stop or threading.Event()

    def loop() -> None:
        while True:
            run_once(brain, deliverer)
            if stop.wait(interval):
                return

    thread = threading.Thread(target=loop, name="reflection-clock", daemon=True)
    thread.start()
    return thread
