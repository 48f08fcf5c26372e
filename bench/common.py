"""What every benchmark in bench/ shares: percentiles, a process's CPU time and memory read
from /proc, the machine line, and writing one marked block of BENCHMARKS.md.

Each benchmark owns a block between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` and
replaces only that block, so the population figures, the knowledge questions and the
serve figures can be measured at different times without overwriting each other.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process now, in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
            f"({cpu}, {os.cpu_count()} cores shared with other work), "
            f"Python {platform.python_version()}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def ratio(ours: float, floor: float) -> str:
    return f"{ours / floor:.2f}" if floor else "–"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def write_block(name: str, lines: Sequence[str], *, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace (or append) the block ``name`` in BENCHMARKS.md, leaving every other block."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = "\n".join([begin, *lines, end])
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
