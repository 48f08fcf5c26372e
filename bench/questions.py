"""The question set, measured: answer accuracy, clause-search top-1/top-3, time per question.

Runs every question of tests/knowledge/questions.yaml through the router on a fresh SQLite
database (migrated and seeded like a first start) and renders each answer as text. Prints which
command answered each question and whether the answer held its facts (``--all`` for every
question, otherwise only the wrong ones); writes the figures into BENCHMARKS.md between the
``questions`` markers (bench/run.py writes the rest of the file).

Run: `.venv/bin/python bench/questions.py [--all]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.render import to_text  # noqa: E402
from commands.core.context import Request  # noqa: E402
from commands.routing import router  # noqa: E402
from storage.store import open_store  # noqa: E402
from tests.knowledge.evaluate import TODAY, Outcome, run, share  # noqa: E402

START, END = "<!-- questions -->", "<!-- /questions -->"


def timings(store: object, texts: list[str], rounds: int = 3) -> list[float]:
    """Median seconds per question over ``rounds`` runs (the index is built before timing)."""
    router.answer(Request(text="vem är huvudman för CMV?", today=TODAY), store)  # type: ignore[arg-type]
    medians = []
    for text in texts:
        runs = []
        for _ in range(rounds):
            started = time.perf_counter()
            to_text(router.answer(Request(text=text, today=TODAY), store))  # type: ignore[arg-type]
            runs.append(time.perf_counter() - started)
        medians.append(statistics.median(runs))
    return medians


def report(outcomes: list[Outcome], seconds: list[float]) -> str:
    by_topic: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_topic[outcome.question["topic"]].append(outcome)
    rows = [f"| {topic} | {len(group)} | {share(group, 'correct'):.0%} | "
            f"{share(group, 'top1'):.0%} | {share(group, 'top3'):.0%} |"
            for topic, group in sorted(by_topic.items())]
    ordered = sorted(seconds)
    stand_in = [o for o in outcomes if o.question.get("set") == "stand-in"]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        START,
        "## The question set (tests/knowledge/questions.yaml)",
        "",
        f"Measured {now} on {platform.machine()}, Python {platform.python_version()}, SQLite, by "
        "`bench/questions.py`. *Answer*: the rendered answer holds every expected string "
        "(case, diacritics and spaces folded). *Top-1/top-3*: the clause search ranks the "
        "question's source clause first / among the first three (for every question, also "
        "those another command answers).",
        "",
        "| topic | questions | answer | top-1 | top-3 |",
        "|---|---:|---:|---:|---:|",
        *rows,
        f"| **all** | {len(outcomes)} | {share(outcomes, 'correct'):.0%} | "
        f"{share(outcomes, 'top1'):.0%} | {share(outcomes, 'top3'):.0%} |",
        f"| *stand-in (written before tuning)* | {len(stand_in)} | "
        f"{share(stand_in, 'correct'):.0%} | {share(stand_in, 'top1'):.0%} | "
        f"{share(stand_in, 'top3'):.0%} |",
        "",
        "*Stand-in*: the questions marked `set: stand-in`, written from the sources before the "
        "ranking and routing were tuned on the rest; they stand for the hidden set.",
        "",
        f"Time per question in process (router, rules, store, text rendering; search index "
        f"built once per process): median {statistics.median(ordered) * 1000:.2f} ms, "
        f"p95 {ordered[round(0.95 * (len(ordered) - 1))] * 1000:.2f} ms.",
        END,
    ])


def write(section: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", action="store_true", help="show every question, not only misses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/questions.db")
        outcomes = run(store)
        seconds = timings(store, [o.question["q"] for o in outcomes])
    for outcome in outcomes:
        if args.all or not outcome.correct:
            mark = "ok  " if outcome.correct else "MISS"
            print(f"{mark} {outcome.command:<14} {outcome.question['q']}  "
                  f"{outcome.question['expect']}")
    section = report(outcomes, seconds)
    write(section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
