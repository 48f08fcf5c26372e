"""A ``Chart`` (commands.core.answers) as a PNG: horizontal stacked bars (matplotlib, Agg: no
display needed).

The domain decides what the bars are (a self-reflection round's statements under their
categories, say); this module only draws. Sized for a phone: 1080 pixels wide, large type,
short labels; a bar's length is the sum of its counts, so the reader sees both the split
and how many answered. A bar without values (a heading, or a figure the domain withholds)
draws no bar, only its label.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: render to memory, never open a window

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from commands.core.answers import Chart

# One colour per series, in order: green for the first (Fungerar), orange for the second
# (Behöver utvecklas) — told apart by lightness too, for readers who do not see colour.
SERIES_COLOURS = ("#2e7d32", "#ef6c00", "#1565c0", "#6a1b9a")
WORKS_COLOUR, DEVELOP_COLOUR = SERIES_COLOURS[:2]
WIDTH_INCHES, DPI = 7.2, 150  # 1080 px wide


def figure(chart: Chart) -> Figure:
    if len(chart.series) > len(SERIES_COLOURS):
        raise ValueError(f"a chart draws at most {len(SERIES_COLOURS)} series")
    rows = chart.bars
    height = 1.4 + 0.32 * len(rows)
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    ax = fig.subplots()
    positions = list(range(len(rows)))[::-1]  # first bar at the top
    left = [0] * len(rows)
    for index, (name, colour) in enumerate(zip(chart.series, SERIES_COLOURS, strict=False)):
        values = [bar.values[index] if index < len(bar.values) else 0 for bar in rows]
        ax.barh(positions, values, left=left, color=colour, label=name, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, [bar.label for bar in rows], fontsize=8)
    for tick, bar in zip(ax.get_yticklabels(), rows, strict=True):
        if bar.heading:
            tick.set_fontweight("bold")
    ax.set_xlim(0, max(max(left, default=0), 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if chart.axis_label:
        ax.set_xlabel(chart.axis_label, fontsize=9)
    ax.set_title(chart.title, fontsize=11, loc="left")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0 + 0.3 / height),
              ncol=max(len(chart.series), 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(chart: Chart) -> bytes:
    """The chart as PNG bytes (what ``bot/render/files.file_bytes`` gives for a ``Chart``)."""
    return png(figure(chart))
