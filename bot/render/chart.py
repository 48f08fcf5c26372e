"""The result of a self-reflection round as a PNG chart (matplotlib, Agg: no display needed).

One horizontal stacked bar per statement — *Fungerar* and *Behöver utvecklas* as counts —
grouped under their category, in the instrument's order. Sized for a phone: 1080 pixels
wide, large type, short labels; the bar length is the number of answers, so the reader
sees both the split and how many answered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # before pyplot: render to memory, never open a window

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from commands.core.answers import Chart

if TYPE_CHECKING:
    from commands.reflection.rules import Result

WORKS_COLOUR = "#2e7d32"
DEVELOP_COLOUR = "#ef6c00"
WIDTH_INCHES, DPI = 7.2, 150  # 1080 px wide


@dataclass(frozen=True)
class Bar:
    label: str  # "5. Bekräftelse av personal"; a category heading has no counts
    works: int = 0
    develop: int = 0
    heading: bool = False


def bars(result: Result) -> list[Bar]:
    """Category headings and one bar per statement, top to bottom."""
    out: list[Bar] = []
    category = None
    for s in result.statements:
        if s.item.category != category:
            category = s.item.category
            out.append(Bar(label=category, heading=True))
        title = s.item.statement.title
        label = f"{s.item.number}. {title if len(title) <= 30 else title[:29] + '…'}"
        out.append(Bar(label=label, works=s.works, develop=s.develop))
    return out


def figure(rows: list[Bar], *, title: str) -> Figure:
    height = 1.4 + 0.32 * len(rows)
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    ax = fig.subplots()
    positions = list(range(len(rows)))[::-1]  # first row at the top
    works = [r.works for r in rows]
    develop = [r.develop for r in rows]
    ax.barh(positions, works, color=WORKS_COLOUR, label="Fungerar", height=0.7)
    ax.barh(positions, develop, left=works, color=DEVELOP_COLOUR, label="Behöver utvecklas",
            height=0.7)
    ax.set_yticks(positions, [r.label for r in rows], fontsize=8)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row.heading:
            tick.set_fontweight("bold")
    most = max((r.works + r.develop for r in rows), default=0)
    ax.set_xlim(0, max(most, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Antal svar", fontsize=9)
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0 + 0.3 / height), ncol=2,
              fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(chart: Chart) -> bytes:
    """A domain ``Chart`` (two series) as PNG bytes."""
    rows = [Bar(label=b.label, works=b.values[0] if b.values else 0,
                develop=b.values[1] if len(b.values) > 1 else 0, heading=b.heading)
            for b in chart.bars]
    return png(figure(rows, title=chart.title))


def chart_png(result: Result) -> bytes:
    round_ = result.round
    return png(figure(bars(result), title=f"Självreflektion {round_.centre} {round_.year} "
                                            f"({result.respondents} svarande)"))
