"""Where a slash command's CPU goes: the floor's Bolt, Avtalsbot's shell, and the answer.

In one process, no HTTP server and no threads: the same signed ``/avtal kostnad Krokom 2026``
request as WSGI calls, one after another, to (1) the floor's Bolt app (`bench/floor.py`)
behind Bolt's WSGI adapter, (2) Avtalsbot's shell — the signature gate, Bolt, the listener,
the Block Kit rendering and the request's log line — with the brain's answer given ready, and
(3) Avtalsbot whole. CPU time (``time.process_time``) per request, the median of five batches
of 1 000 after a warm-up. What waitress and its threads add in `serve` is the same for the
floor and Avtalsbot and is not in these figures.

Run alone: ``python bench/stack.py``; ``bench/run.py stack`` writes the block.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from common import median

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BATCHES, PER_BATCH, WARM_UP = 5, 1000, 300
QUESTION = "kostnad Krokom 2026"


@dataclass
class Figures:
    floor: float  # seconds of CPU per request
    shell: float
    whole: float


def run() -> Figures:
    import floor
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    from bot import logs
    from bot.app import build_app
    from bot.http_gate import BoltHandler, SlackGate
    from bot.server import open_database
    from bot.service import Brain
    from bot.settings import Settings
    from tests.e2e.conftest import BOT_TOKEN, PSEUDONYM_SECRET, SIGNING_SECRET
    from tests.slack import signing
    from tests.slack.emulator import SlackEmulator

    saved = dict(os.environ)
    with tempfile.TemporaryDirectory() as folder, SlackEmulator(token=BOT_TOKEN) as emu:
        os.environ.update({
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emu.base_url, "AVTALSBOT_DATABASE_URL": f"sqlite:///{folder}/s.db",
            "AVTALSBOT_PSEUDONYM_SECRET": PSEUDONYM_SECRET, "AVTALSBOT_NUDGES": "off"})
        settings = Settings()
        with open(os.devnull, "w") as devnull:
            logs.setup("INFO", stream=devnull)  # the log line is written, as in `serve`
            store = open_database(settings)
            brain = Brain(store)
            app = build_app(settings, brain, behind_gate=True)
            ours = SlackGate(BoltHandler(app), signing_secret=SIGNING_SECRET,
                             max_body_bytes=settings.max_body_bytes)
            theirs = SlackRequestHandler(floor.build(emu.base_url))
            body, headers = signing.slash_command(SIGNING_SECRET, text=QUESTION,
                                                  channel_id="C0BENCH")
            whole = _cpu_per_request(ours, body, headers)
            ready = brain.ask(QUESTION, user="U1", channel="C0BENCH")
            brain.ask = lambda *args, **kwargs: ready  # type: ignore[method-assign]
            shell = _cpu_per_request(ours, body, headers)
            bare = _cpu_per_request(theirs, body, headers)
            store.engine.dispose()
    os.environ.clear()
    os.environ.update(saved)  # the other parts of bench/run.py start their own processes
    return Figures(floor=bare, shell=shell, whole=whole)


def _cpu_per_request(app: Wsgi, body: str, headers: dict[str, str]) -> float:
    raw = body.encode()
    environ = {"SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": "POST",
               "PATH_INFO": "/slack/events", "QUERY_STRING": "", "CONTENT_LENGTH": str(len(raw)),
               "CONTENT_TYPE": headers["Content-Type"],
               **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    statuses: list[str] = []

    def call() -> None:
        b"".join(app({**environ, "wsgi.input": io.BytesIO(raw)},
                     lambda status, _headers, _exc=None: statuses.append(status)))

    for _ in range(WARM_UP):
        call()
    batches = []
    for _ in range(BATCHES):
        start = time.process_time()
        for _ in range(PER_BATCH):
            call()
        batches.append((time.process_time() - start) / PER_BATCH)
    if set(statuses) != {"200 OK"}:
        raise RuntimeError(f"not every request was answered: {sorted(set(statuses))}")
    return median(batches)


if __name__ == "__main__":
    figures = run()
    print(f"floor {figures.floor * 1e6:.0f} µs, shell {figures.shell * 1e6:.0f} µs, "
          f"whole {figures.whole * 1e6:.0f} µs")
