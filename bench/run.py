"""Benchmarks: how fast Avtalsbot answers, measured — not asserted in tests.

1. In-process: the brain answering typical questions (router + domain + store + both
   renderers), per question: median and 95th percentile.
2. Over HTTP: `avtalsbot serve` as a real process (waitress, process_before_response)
   against the local Slack emulator; signed slash commands and button clicks from
   concurrent clients on loopback: latency percentiles and requests per second.

Writes the figures to BENCHMARKS.md. Run: `.venv/bin/python bench/run.py`.
Bounded in count and time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.render import to_blocks, to_text  # noqa: E402
from bot.service import Brain  # noqa: E402
from storage.store import open_store  # noqa: E402
from tests.e2e.conftest import SIGNING_SECRET, start_bot, stop_bot  # noqa: E402
from tests.slack import signing  # noqa: E402
from tests.slack.emulator import SlackEmulator  # noqa: E402

QUESTIONS = [
    "vad betalar Krokom 2026?",
    "what does Östersund pay in 2027",
    "fördelning CMV 2026",
    "vilka deadlines har vi de närmaste 60 dagarna?",
    "när är nästa styrgruppsmöte?",
    "hjälp",
]
TODAY = dt.date(2026, 11, 25)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_brain(rounds: int = 200) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db")
        brain = Brain(store, today=TODAY)
        rows = ["| question | median | p95 |", "|---|---:|---:|"]
        for question in QUESTIONS:
            timings = []
            for _ in range(rounds):
                start = time.perf_counter()
                answer = brain.ask(question, user="U1", channel="C1")
                to_blocks(answer)
                to_text(answer)
                timings.append(time.perf_counter() - start)
            rows.append(f"| {question} | {ms(statistics.median(timings))} | "
                        f"{ms(percentile(timings, 0.95))} |")
        store.engine.dispose()
    return rows


VOTERS = [f"U0VOTER{n}" for n in range(10)]
CENTRE = "C0BENCHFC"


def _open_round(bot_url: str, emu: SlackEmulator) -> tuple[int, list[str]]:
    """Start a self-reflection round for the voters; its id and the statement keys."""
    mentions = " ".join(f"<@{u}>" for u in VOTERS)
    body, headers = signing.slash_command(
        SIGNING_SECRET, text=f"självreflektion starta deltagare {mentions}", channel_id=CENTRE)
    signing.post(bot_url, body, headers)
    invite = emu.wait_for("chat.postMessage")[0]
    buttons = [e for b in invite.param_json("blocks") if b["type"] == "actions"
               for e in b["elements"]]
    round_id = int(buttons[0]["value"])
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/keys.db")
        instrument = next(a.instrument for a in store.agreements() if a.instrument)
        keys = [s.key for c in instrument.categories for s in c.statements]
        store.engine.dispose()
    return round_id, keys


def bench_http(requests: int = 600, clients: int = 10) -> list[str]:
    rows = ["| request | clients | requests | throughput | median | p95 | p99 | max | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    processed: list[str] = []
    with tempfile.TemporaryDirectory() as folder, SlackEmulator(token="xoxb-e2e-test-token") as emu:
        bot = start_bot(emu, f"sqlite:///{folder}/bench.db", Path(folder) / "serve.log")
        try:
            round_id, keys = _open_round(bot.url, emu)
            votes = iter(range(10**9))

            def vote_click() -> tuple[str, dict[str, str]]:
                n = next(votes)
                user = VOTERS[n % len(VOTERS)]
                value = f"{round_id}|{keys[n // len(VOTERS) % len(keys)]}|" + (
                    "develop" if n % 3 == 0 else "works")
                return signing.block_actions(
                    SIGNING_SECRET, action_id="refl_vote", value=value, user_id=user,
                    channel_id="D" + user, response_url=emu.response_url("vote"))

            kinds = {
                "slash command `/avtal kostnad Krokom 2026`": lambda: signing.slash_command(
                    SIGNING_SECRET, text="kostnad Krokom 2026"),
                "button click (unknown action, acked)": lambda: signing.block_actions(
                    SIGNING_SECRET, action_id="bench_noop", value="x",
                    response_url=emu.response_url("noop")),
                "vote click (saved, next card sent)": vote_click,
            }
            for label, build in kinds.items():
                prepared = [build() for _ in range(requests)]
                timings: list[float] = []
                errors = 0

                def one(item: tuple[str, dict[str, str]]) -> tuple[float, int]:
                    start = time.perf_counter()
                    status, _ = signing.post(bot.url, item[0], item[1])
                    return time.perf_counter() - start, status

                start = time.perf_counter()
                with ThreadPoolExecutor(max_workers=clients) as pool:
                    for elapsed, status in pool.map(one, prepared):
                        timings.append(elapsed)
                        errors += status != 200
                wall = time.perf_counter() - start
                if label.startswith("vote"):
                    # the ack comes first; the vote is saved and the next card sent after it:
                    # count until every click has its reply
                    emu.wait_for("response_url", count=requests, timeout=300,
                                 where=lambda c: c.path.endswith("/response/vote"))
                    done = time.perf_counter() - start
                    processed.append(f"{requests} vote clicks from {clients} clients were "
                                     f"acknowledged at {requests / wall:.0f}/s and fully "
                                     f"processed (upsert + next card) at {requests / done:.0f}/s.")
                rows.append(
                    f"| {label} | {clients} | {requests} | {requests / wall:.0f}/s | "
                    f"{ms(statistics.median(timings))} | {ms(percentile(timings, 0.95))} | "
                    f"{ms(percentile(timings, 0.99))} | {ms(max(timings))} | {errors} |")
        finally:
            stop_bot(bot)
    return [*rows, "", *processed]


def main() -> None:
    brain_rows = bench_brain()
    http_rows = bench_http()
    text = "\n".join([
        "# Benchmarks",
        "",
        f"Measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC "
        f"on {platform.machine()}, "
        f"Python {platform.python_version()}, SQLite, by `bench/run.py` "
        "(2 cores; client and server share the machine).",
        "",
        "## Answering a question in-process",
        "",
        "Router, domain rules, store (agreements cached per process) and both renderers.",
        "",
        *brain_rows,
        "",
        "## `avtalsbot serve` over HTTP",
        "",
        "Signed requests from concurrent clients on loopback to the real server process "
        "(waitress, `process_before_response=True`). The slash command's answer travels back "
        "in the acknowledgement.",
        "",
        *http_rows,
        "",
    ])
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
