"""Benchmarks: Avtalsbot against the floor — a bare Bolt app that only acks — in one run.

    python bench/run.py              everything below, then the targets table (issue 12)
    python bench/run.py serve        slash commands and vote clicks at 1, 10, 50 clients,
                                     work after the ack, RSS of serve after the load
    python bench/run.py aggregation  round results at 351 000 votes, 1 and 290 rounds,
                                     SQLite and PostgreSQL, against a hand-written GROUP BY
    python bench/run.py fanout       112 nudges in 42 channels, two processes, paced emulator
    python bench/run.py cli          `avtalsbot ask` against `import slack_bolt, sqlalchemy`
    python bench/run.py brain        questions answered in-process (no HTTP, no start-up)
    python bench/run.py stack        a slash command's CPU in-process: the floor's Bolt,
                                     Avtalsbot's shell, Avtalsbot whole

Each part writes its own marked block of BENCHMARKS.md (other blocks — the population import,
the knowledge questions — are left as they are); only a full run writes the targets table,
so its ratios always come from one run. Medians of three repetitions, the floor and
Avtalsbot interleaved. Bounded in count and time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, machine, median, ms, percentile, ratio, verdict, write_block

REPETITIONS = 3
Row = tuple[str, str, str, str, str]  # target, Avtalsbot, floor, ratio, verdict


# --- serve: HTTP --------------------------------------------------------------------------

def serve_part(reps: int) -> tuple[list[str], list[Row]]:
    import serve_load

    results = serve_load.run(repetitions=reps)

    def figure(name: str, kind: str, clients: int, attribute: str) -> float:
        values = [getattr(r, attribute) for r in results.runs[(name, kind, clients)]]
        return median([v for v in values if v is not None])

    lines = [
        "## `avtalsbot serve` against the floor over HTTP",
        "",
        f"Measured {machine()}. Signed requests from 1, 10 and 50 concurrent clients (each "
        "with a keep-alive connection) on loopback, to the floor (`bench/floor.py`: Bolt, "
        "`process_before_response=True`, waitress with 16 threads, listeners that only ack) "
        "and to `avtalsbot serve` (HTTP mode, SQLite, against the Slack emulator of "
        "tests/slack), interleaved; medians of "
        f"{reps} repetitions. CPU is the server process's own (user + system, /proc) over the "
        "run, divided by the requests; for vote clicks it includes the card update sent after "
        "the ack. Slash command: `/avtal kostnad Krokom 2026` (answered in the ack). Vote "
        "click: a *Fungerar*/*Behöver utvecklas* click in a round of 40 participants, stored "
        "before the ack; fully processed = the next card received at the emulator's "
        "response_url.",
        "",
        "| request | clients | p50 (floor) | p99 (floor) | p99 ÷ floor | throughput (floor) "
        "| CPU per request (floor) | CPU ÷ floor | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, label in (("slash", "slash command"), ("vote", "vote click")):
        for clients in serve_load.CLIENTS:
            ours = {a: figure("avtalsbot", kind, clients, a)
                    for a in ("p50", "p99", "throughput", "cpu_per_request")}
            floor = {a: figure("floor", kind, clients, a)
                     for a in ("p50", "p99", "throughput", "cpu_per_request")}
            errors = sum(r.errors for name in ("avtalsbot", "floor")
                         for r in results.runs[(name, kind, clients)])
            lines.append(
                f"| {label} | {clients} | {ms(ours['p50'])} ({ms(floor['p50'])}) | "
                f"{ms(ours['p99'])} ({ms(floor['p99'])}) | {ratio(ours['p99'], floor['p99'])} | "
                f"{ours['throughput']:.0f}/s ({floor['throughput']:.0f}/s) | "
                f"{ms(ours['cpu_per_request'])} ({ms(floor['cpu_per_request'])}) | "
                f"{ratio(ours['cpu_per_request'], floor['cpu_per_request'])} | {errors} |")
    lines += ["", "Work after the ack (vote clicks fully processed per second, against the "
              "floor's ack rate for the same clicks):", "",
              "| clients | processed by Avtalsbot | floor's acks | ratio |",
              "|---:|---:|---:|---:|"]
    for clients in serve_load.CLIENTS:
        processed = figure("avtalsbot", "vote", clients, "processed")
        floor_rate = figure("floor", "vote", clients, "throughput")
        lines.append(f"| {clients} | {processed:.0f}/s | {floor_rate:.0f}/s | "
                     f"{processed / floor_rate:.2f} |")
    rss = median(results.rss["avtalsbot"])
    lines += ["", f"Every acknowledged vote is stored: {results.votes_stored} votes in the "
              f"database for {results.votes_acked} distinct (voter, statement) pairs clicked "
              f"over {reps} repetitions. RSS after the load: `avtalsbot serve` {rss:.0f} MB, "
              f"the floor {median(results.rss['floor']):.0f} MB.", ""]

    def row(label: str, kind: str, attribute: str, target: float) -> Row:
        ours, floor = figure("avtalsbot", kind, 10, attribute), figure("floor", kind, 10,
                                                                       attribute)
        return (label, ms(ours), ms(floor), ratio(ours, floor), verdict(ours / floor, target))

    processed = figure("avtalsbot", "vote", 10, "processed")
    floor_acks = figure("floor", "vote", 10, "throughput")
    rows: list[Row] = [
        row("slash command p99, 10 clients ≤ 3× floor", "slash", "p99", 3),
        row("slash command server CPU per request ≤ 2× floor", "slash", "cpu_per_request", 2),
        row("vote click p99, 10 clients ≤ 3× floor", "vote", "p99", 3),
        ("vote clicks fully processed ≥ 0.5× the floor's ack rate (10 clients)",
         f"{processed:.0f}/s", f"{floor_acks:.0f}/s", f"{processed / floor_acks:.2f}",
         "met" if processed / floor_acks >= 0.5 else "**not met**"),
        ("every acknowledged vote stored", f"{results.votes_stored}",
         f"{results.votes_acked}", "–",
         "met" if results.votes_stored == results.votes_acked else "**not met**"),
        ("`serve` RSS after the load ≤ 150 MB", f"{rss:.0f} MB", "–", "–", verdict(rss, 150)),
    ]
    return lines, rows


# --- aggregation --------------------------------------------------------------------------

def aggregation_part() -> tuple[list[str], list[Row]]:
    import aggregation

    figures = aggregation.run()
    lines = [
        "## Self-reflection results at 351 000 votes",
        "",
        f"Measured {machine()}. " + " ".join(
            (aggregation.__doc__ or "").split("\n\n")[1].split()),
        "",
        "| database | rounds in the database | votes in the database | the bot's result "
        "| hand-written GROUP BY | ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rows: list[Row] = []
    for f in figures:
        lines.append(f"| {f.engine} | {f.scenario} | {f.votes:,} | {ms(f.ours)} | "
                     f"{ms(f.floor)} | {ratio(f.ours, f.floor)} |".replace(",", " "))
        if not f.scenario.startswith("all"):
            rows.append((f"round results, {f.scenario}, {f.engine}, ≤ 2× GROUP BY",
                         ms(f.ours), ms(f.floor), ratio(f.ours, f.floor),
                         verdict(f.ours / f.floor, 2)))
    if not any(f.engine == "PostgreSQL" for f in figures):
        lines += ["", f"PostgreSQL could not be reached at {aggregation.POSTGRES_URL}: "
                  "not measured."]
    lines.append("")
    return lines, rows


# --- nudge fan-out ------------------------------------------------------------------------

def fanout_part(reps: int) -> tuple[list[str], list[Row]]:
    import fanout

    runs = [fanout.run() for _ in range(reps)]
    span = median([r.span for r in runs])
    first = runs[0]
    intact = all(r.posted == r.nudges == r.distinct for r in runs)
    lines = [
        "## Nudge fan-out",
        "",
        f"Measured {machine()}. " + " ".join((fanout.__doc__ or "").split("\n\n")[1].split()),
        "",
        "| nudges | channels | most in one channel | pacing minimum | first to last post "
        "(median) | ratio | posted, distinct (each run) | 429s |",
        "|---:|---:|---:|---:|---:|---:|---|---|",
        f"| {first.nudges} | {first.channels} | {first.most_in_one_channel} | "
        f"{first.minimum:.1f} s | {span:.2f} s | {span / first.minimum:.2f} | "
        + ", ".join(f"{r.posted}/{r.distinct}" for r in runs) + " | "
        + ", ".join(str(r.refused) for r in runs) + " |",
        "",
    ]
    rows: list[Row] = [
        (f"nudge fan-out ≤ 1.2× the pacing minimum ({first.nudges} nudges, "
         f"{first.channels} channels)", f"{span:.2f} s", f"{first.minimum:.1f} s",
         f"{span / first.minimum:.2f}", verdict(span / first.minimum, 1.2)),
        ("nudges: nothing lost or doubled, two processes", "all posted once" if intact
         else "**lost or doubled**", "–", "–", "met" if intact else "**not met**"),
    ]
    return lines, rows


# --- CLI start ----------------------------------------------------------------------------

def cli_part(reps: int, runs_per_rep: int = 5) -> tuple[list[str], list[Row]]:
    python = sys.executable
    question = "vad betalar Krokom 2026?"
    ours: list[float] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**{k: v for k, v in os.environ.items()
                  if not k.startswith(("SLACK_", "AVTALSBOT_"))},
               "AVTALSBOT_DATABASE_URL": f"sqlite:///{folder}/cli.db"}
        ask = [python, "-m", "bot.cli", "ask", question]
        # Bytecode for the project, as an installed package has it (pip compiles a wheel's
        # modules; the floor's libraries have theirs): with PYTHONDONTWRITEBYTECODE set, every
        # run would otherwise compile some 130 modules from source.
        subprocess.run([python, "-m", "compileall", "-q", "bot", "commands", "storage"],
                       env=env, cwd=ROOT, check=True, capture_output=True)
        subprocess.run(ask, env=env, cwd=ROOT, check=True, capture_output=True)  # migrate, seed

        def timed(command: list[str]) -> float:
            start = time.perf_counter()
            subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
            return time.perf_counter() - start

        for _ in range(reps * runs_per_rep):
            floor.append(timed([python, "-c", "import slack_bolt, sqlalchemy"]))
            ours.append(timed(ask))
    ours_median, floor_median = median(ours), median(floor)
    lines = [
        "## CLI start",
        "",
        f"Measured {machine()}. Wall time of `avtalsbot ask \"{question}\"` as a process, "
        "start to exit, on an SQLite database already migrated and seeded, against "
        "`python -c \"import slack_bolt, sqlalchemy\"`, the project's modules compiled to "
        f"bytecode first (as installed); {len(ours)} runs each, interleaved.",
        "",
        "| command | median | p90 |",
        "|---|---:|---:|",
        f"| `avtalsbot ask` | {ms(ours_median)} | {ms(percentile(ours, 0.9))} |",
        f"| `import slack_bolt, sqlalchemy` | {ms(floor_median)} | "
        f"{ms(percentile(floor, 0.9))} |",
        "",
    ]
    rows: list[Row] = [("`avtalsbot ask` ≤ 1.5× `import slack_bolt, sqlalchemy`",
                        ms(ours_median), ms(floor_median), ratio(ours_median, floor_median),
                        verdict(ours_median / floor_median, 1.5))]
    return lines, rows


# --- the brain in-process -------------------------------------------------------------

QUESTIONS = ["vad betalar Krokom 2026?", "what does Östersund pay in 2027", "fördelning CMV 2026",
             "vilka deadlines har vi de närmaste 60 dagarna?", "när är nästa styrgruppsmöte?",
             "hjälp"]


def brain_part(rounds: int = 200) -> tuple[list[str], list[Row]]:
    import datetime as dt

    from bot.render import to_blocks, to_text
    from bot.service import Brain
    from storage.store import open_store

    lines = ["## Answering a question in-process", "",
             f"Measured {machine()}. Router, domain rules, store and both renderers; the "
             "store as `serve` opens it (revisions asked at most once a second).", "",
             "| question | median | p95 |", "|---|---:|---:|"]
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db", revision_check_interval=1.0)
        brain = Brain(store, today=dt.date(2026, 11, 25))
        for question in QUESTIONS:
            timings = []
            for _ in range(rounds):
                start = time.perf_counter()
                answer = brain.ask(question, user="U1", channel="C1")
                to_blocks(answer)
                to_text(answer)
                timings.append(time.perf_counter() - start)
            lines.append(f"| {question} | {ms(statistics.median(timings))} | "
                         f"{ms(percentile(timings, 0.95))} |")
        store.engine.dispose()
    return [*lines, ""], []


def stack_part() -> tuple[list[str], list[Row]]:
    import stack

    f = stack.run()
    lines = [
        "## Where a slash command's CPU goes",
        "",
        f"Measured {machine()}. " + " ".join((stack.__doc__ or "").split("\n\n")[1].split()),
        "",
        "| | CPU per request | ÷ floor |",
        "|---|---:|---:|",
        f"| the floor: Bolt behind its WSGI adapter | {f.floor * 1e6:.0f} µs | 1.00 |",
        f"| Avtalsbot's shell: gate, Bolt, listener, rendering, log line | "
        f"{f.shell * 1e6:.0f} µs | {ratio(f.shell, f.floor)} |",
        f"| Avtalsbot whole: the shell and the answer | {f.whole * 1e6:.0f} µs | "
        f"{ratio(f.whole, f.floor)} |",
        "",
    ]
    return lines, []


def targets(rows: list[Row]) -> list[str]:
    missed = [r for r in rows if "not" in r[4]]
    return [
        "## Targets (issue 12)",
        "",
        f"All from one run of `python bench/run.py`, measured {machine()}.",
        f"{len(rows) - len(missed)} of {len(rows)} met.",
        "",
        "| target | Avtalsbot | floor | ratio | |",
        "|---|---:|---:|---:|---|",
        *[f"| {' | '.join(r)} |" for r in rows],
        "",
    ]


PARTS: dict[str, Callable[[int], tuple[list[str], list[Row]]]] = {
    "serve": serve_part,
    "aggregation": lambda reps: aggregation_part(),
    "fanout": fanout_part,
    "cli": cli_part,
    "brain": lambda reps: brain_part(),
    "stack": lambda reps: stack_part(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("part", nargs="?", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--reps", type=int, default=REPETITIONS)
    args = parser.parse_args()
    chosen = list(PARTS) if args.part == "all" else [args.part]
    rows: list[Row] = []
    for name in chosen:
        print(f"--- {name}", flush=True)
        lines, part_rows = PARTS[name](args.reps)
        rows += part_rows
        write_block(name, lines)
        print("\n".join(lines), flush=True)
    if args.part == "all":
        write_block("targets", targets(rows))
        print("\n".join(targets(rows)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
