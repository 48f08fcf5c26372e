"""Nudge fan-out: a day with 112 nudges due in 42 channels, posted by two `avtalsbot nudges`
processes at once against an emulator that takes one message per second per channel.

The bundled agreements have 16 nudges in 6 channels due on 2026-11-30 (at most 5 in one
channel); seven copies of them, each with channels of its own, make the day. The emulator
answers a post that comes sooner than a second after the channel's previous one with 429
and Retry-After: 1, as Slack may. The minimum is then (most nudges in one channel − 1)
seconds from the first post to the last; the figure is that span as the emulator saw it
(the processes' start-up is not counted). Two processes at once must post each nudge once.

Run alone: ``python bench/fanout.py``. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from common import ROOT

from commands.nudges.rules import due_nudges
from storage.files import bundled_paths, read_agreement
from storage.store import open_store
from tests.e2e.conftest import BOT_TOKEN
from tests.slack.emulator import SlackEmulator, _json_answer

DAY = dt.date(2026, 11, 30)
COPIES = 7
PACE_SECONDS = 1.0
PROCESSES = int(os.environ.get("BENCH_FANOUT_PROCESSES", "2"))


class PacedEmulator(SlackEmulator):
    """chat.postMessage at most once per second per channel; sooner gets a 429."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._last_post: dict[str, float] = {}
        self.refused = 0
        self.times: list[float] = []

    def _injected(self, method: str, params: dict[str, Any] | None = None) -> Any:
        if method == "chat.postMessage" and params:
            channel = str(params.get("channel"))
            with self._cond:
                now = time.monotonic()
                last = self._last_post.get(channel)
                # a little slack for the two clocks' jitter; Slack's own pacing is not exact
                if last is not None and now - last < PACE_SECONDS * 0.95:
                    self.refused += 1
                    return _json_answer({"ok": False, "error": "ratelimited"}, status=429,
                                        headers={"Retry-After": "1"})
                self._last_post[channel] = now
                self.times.append(now)
        return super()._injected(method, params)


@dataclass(frozen=True)
class Fanout:
    nudges: int
    channels: int
    most_in_one_channel: int
    span: float  # seconds from the first post to the last
    minimum: float
    posted: int
    distinct: int
    refused: int


def _agreements() -> list[Any]:
    bundled = [read_agreement(p) for p in bundled_paths()]
    copies = []
    for n in range(COPIES):
        for agreement in bundled:
            channels = [c.model_copy(update={"slack_channel": f"C0B{n}{c.key.upper()}"[:32]})
                        for c in agreement.channels]
            copies.append(agreement.model_copy(update={
                "id": f"{agreement.id}-{n}", "channels": channels}))
    return copies


def run() -> Fanout:
    with tempfile.TemporaryDirectory() as folder, PacedEmulator(token=BOT_TOKEN) as emu:
        url = f"sqlite:///{folder}/fanout.db"
        store = open_store(url, seed_if_empty=False)
        agreements = _agreements()
        store.save_agreements(agreements)
        due = due_nudges(store.agreements(), DAY)
        store.engine.dispose()
        per_channel = collections.Counter(n.channel for n in due)
        env = {**{k: v for k, v in os.environ.items()
                  if not k.startswith(("SLACK_", "AVTALSBOT_"))},
               "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": emu.base_url,
               "AVTALSBOT_DATABASE_URL": url}
        command = [sys.executable, "-m", "bot.cli", "nudges", "--today", DAY.isoformat()]
        processes = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL) for _ in range(PROCESSES)]
        for process in processes:
            process.wait(timeout=300)
        posts = [c for c in emu.calls("chat.postMessage")]
        accepted = sorted(emu.times)
        distinct = {(c.params.get("channel"), c.params.get("text")) for c in posts}
        refused = emu.refused
        return Fanout(
            nudges=len(due), channels=len(per_channel),
            most_in_one_channel=max(per_channel.values()),
            span=accepted[-1] - accepted[0] if accepted else 0.0,
            minimum=(max(per_channel.values()) - 1) * PACE_SECONDS,
            posted=len(accepted), distinct=len(distinct), refused=refused)


if __name__ == "__main__":
    print(run())
