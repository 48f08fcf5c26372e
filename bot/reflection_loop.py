"""The clock of self-reflection rounds in ``serve``: every few minutes, close the rounds
whose closing date has passed (posting their results) and send the day-before reminders.

The rules are in ``commands.reflection.due_work``; the database makes each closing and
each reminder happen once, so several bot processes may all run this loop.
"""

from __future__ import annotations

import logging
import threading

from bot.delivery import SlackDeliverer
from bot.service import Brain, stockholm_today
from commands.reflection import due_work

log = logging.getLogger(__name__)


def run_once(brain: Brain, deliverer: SlackDeliverer) -> int:
    """Do what is due now; returns how many messages were handed to the deliverer."""
    try:
        deliveries = due_work(brain.today or stockholm_today(), brain.store)
    except Exception:
        log.exception("reflection rounds: due work failed")  # tried again next time
        return 0
    deliverer.submit(deliveries)
    return len(deliveries)


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
