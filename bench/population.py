"""Benchmark: `avtalsbot population import`, and questions after a large import — measured,
not asserted in tests (issue 9, point 9).

1. The real command as a process (start-up, parsing, checking, one transaction, report) on
   files of growing size: SCB's yearly file (290 municipalities, one date), 50 000 rows over
   6 250 dates (the case that took 128 s row by row), 1 000 000 rows, and 1 000 000 rows
   whose last line is bad (refused: nothing written).
2. A cost question in-process before and after the 50 000-row import (median of many).

Writes its section of BENCHMARKS.md (between the population markers; bench/run.py owns the
rest). Run: `.venv/bin/python bench/population.py`; with AVTALSBOT_TEST_DATABASE_URL set it
also runs on that PostgreSQL server (in a database of its own, dropped afterwards).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url, text  # noqa: E402

from bot.service import Brain  # noqa: E402
from storage.database import make_engine  # noqa: E402
from storage.municipalities import known_municipality_codes  # noqa: E402
from storage.store import open_store  # noqa: E402

AVTALSBOT = ROOT / ".venv" / "bin" / "avtalsbot"
BEGIN, END = "<!-- population:begin -->", "<!-- population:end -->"
QUESTION = "vad betalar Krokom 2026?"
NOTE = ("The refused run is the reading and checking alone; the rest of an import's time "
        "is its one set-based upsert and the report. After an import a question reads the "
        "figures once (a per-process cache, re-read only when the revision moves) and the "
        "cost rules index them by date and SCB code once; each later question asks only the "
        "revision, two maxima looked up in their indexes (`storage/queries/population.py`; "
        "as one SELECT, SQLite scanned the table for them: 8 ms a question at 50 000 rows).")
TODAY = dt.date(2026, 11, 25)


def write_file(path: Path, rows: int, municipalities: int, *, bad_last: bool = False) -> int:
    """``rows`` figures, ``municipalities`` per date, dates going back one day at a time
    from 1 November 2025 (so 1 November of each year is among them)."""
    codes = sorted(known_municipality_codes())[:municipalities]
    with path.open("w", encoding="utf-8") as out:
        out.write("kommunkod;kommun;folkmängd;datum\n")
        written, day = 0, dt.date(2025, 11, 1)
        while written < rows:
            stamp = day.isoformat()
            for code in codes[: rows - written]:
                out.write(f"{code};Kommun {code};{10_000 + written % 5_000};{stamp}\n")
                written += 1
            day -= dt.timedelta(days=1)
        if bad_last:
            out.write("2309;Krokom;sex;2025-11-01\n")
    return written


def import_seconds(url: str, path: Path) -> tuple[float, int]:
    env = {**os.environ, "AVTALSBOT_DATABASE_URL": url}
    start = time.perf_counter()
    done = subprocess.run([str(AVTALSBOT), "population", "import", str(path)], env=env,
                          capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, done.returncode


def question_ms(url: str, times: int = 60) -> float:
    brain = Brain(open_store(url), today=TODAY)
    brain.ask(QUESTION)  # warm the caches
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        brain.ask(QUESTION)
        samples.append(time.perf_counter() - start)
    brain.store.engine.dispose()
    return statistics.median(samples) * 1000


def fresh(url: str) -> None:
    open_store(url).engine.dispose()  # migrated and seeded


def run(database: str, url: str, folder: Path) -> list[str]:
    rows = []
    cases = [("SCB's yearly file: 290 municipalities, 1 date", 290, 290, False),
             ("50 000 rows over 6 250 dates", 50_000, 8, False),
             ("1 000 000 rows over 3 449 dates", 1_000_000, 290, False),
             ("1 000 000 rows, the last line bad (refused)", 1_000_000, 290, True)]
    fresh(url)
    before = question_ms(url)
    for title, count, per_date, bad in cases:
        path = folder / f"population-{count}-{int(bad)}.csv"
        write_file(path, count, per_date, bad_last=bad)
        seconds, code = import_seconds(url, path)
        outcome = "refused, nothing written" if code == 1 else ("imported" if code == 0
                                                                  else f"exit {code}")
        rows.append(f"| {database} | {title} | {path.stat().st_size / 1e6:.1f} MB | "
                    f"{seconds:.1f} s | {outcome} |")
        if count == 50_000:
            after = question_ms(url)
    rows.append(f"| {database} | `{QUESTION}` in-process, median: empty → after the 50 000 rows"
                f" | | {before:.2f} ms → {after:.2f} ms | |")
    return rows


def postgres_database(url: str) -> tuple[str, str]:
    name = f"avtalsbot_bench_{secrets.token_hex(3)}"
    admin = make_engine(url, statement_timeout=0).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(url).set(database=name).render_as_string(hide_password=False)


def drop(url: str, name: str) -> None:
    admin = make_engine(url, statement_timeout=0).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        lines += run("SQLite", f"sqlite:///{folder}/bench.db", Path(folder))
        server = os.environ.get("AVTALSBOT_TEST_DATABASE_URL")
        if server:
            name, url = postgres_database(server)
            try:
                lines += run("PostgreSQL", url, Path(folder))
            finally:
                drop(server, name)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        BEGIN,
        "## Population import (`bench/population.py`)",
        "",
        f"Measured {stamp} on {platform.machine()}, Python {platform.python_version()}, "
        "2 cores shared with other work. Wall time of the real command as a process "
        "(start-up, reading and checking every line, one transaction, the report).",
        "",
        "| database | file | size | time | outcome |",
        "|---|---|---:|---:|---|",
        *lines,
        "",
        NOTE,
        END,
    ])
    target = ROOT / "BENCHMARKS.md"
    current = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        current = current[:current.index(BEGIN)] + section + current[current.index(END)
                                                                      + len(END):]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    target.write_text(current, encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
