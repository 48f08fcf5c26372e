"""A ``Chart`` (commands.core.answers) as a PNG: horizontal stacked bars (matplotlib, Agg: no
display needed), drawn for a phone.

Slack shows an image at the phone's width: this 1080-pixel-wide picture appears 390 CSS
pixels wide on a common phone, a scale of 390/1080. Every text is therefore at least
``MIN_CSS_PX`` (11) pixels tall *after* that scaling — 15 pt at 150 dpi — and each label
stands on its own line above its bar, so the bars keep the full width and no label is cut.
Each bar segment carries its count. The two colours are Okabe–Ito's orange and a darkened
Okabe–Ito blue: told apart by lightness too, so red-green colour-blind readers see them
(``tests/bot/render/test_chart.py`` checks the contrast under a protanopia simulation).

The domain decides what the bars are; this module only draws. A bar without values (a
heading, or a figure the domain withholds) draws no bar, only its label.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # before pyplot: render to memory, never open a window

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from commands.core.answers import Chart

# One colour per series, in order: blue for the first (Fungerar), orange for the second
# (Behöver utvecklas); the text on each is the one that reads best on it.
SERIES_COLOURS = ("#00467A", "#E69F00", "#56B4E9", "#CC79A7")
TEXT_ON = {"#00467A": "white", "#E69F00": "black", "#56B4E9": "black", "#CC79A7": "black"}
WORKS_COLOUR, DEVELOP_COLOUR = SERIES_COLOURS[:2]
WIDTH_PX, DPI = 1080, 150
PHONE_CSS_PX = 390  # the width Slack shows the image at on a common phone
MIN_CSS_PX = 11
FONT_PT = 15.0  # 15 pt at 150 dpi = 31 px, 11.5 CSS px at 390/1080
TITLE_PT = 17.0
WRAP = 52  # characters per label line at FONT_PT across the picture's width

LABEL_UNITS, BAR_UNITS, HEADING_UNITS = 1.0, 1.0, 1.3
UNIT_INCHES = 0.30


def css_px(points: float) -> float:
    """How tall a text of ``points`` appears on a phone, in CSS pixels."""
    return points * DPI / 72 * PHONE_CSS_PX / WIDTH_PX


def figure(chart: Chart) -> Figure:
    if len(chart.series) > len(SERIES_COLOURS):
        raise ValueError(f"a chart draws at most {len(SERIES_COLOURS)} series")
    labels = ["\n".join(textwrap.wrap(bar.label, WRAP)) or bar.label for bar in chart.bars]
    # Walk down from the top: each entry has its label line(s), then (if it has values) a bar.
    y = 0.0
    placed: list[tuple[float, float | None]] = []  # (label baseline y, bar centre y)
    for bar, label in zip(chart.bars, labels, strict=True):
        lines = label.count("\n") + 1
        if bar.heading:
            y -= HEADING_UNITS * lines
            placed.append((y + 0.15, None))
            continue
        y -= LABEL_UNITS * lines
        label_y = y + 0.1
        y -= BAR_UNITS
        placed.append((label_y, y + BAR_UNITS / 2 if bar.values else None))
    units = -y
    height = 2.2 + units * UNIT_INCHES
    fig = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI)
    ax = fig.subplots()
    totals = [sum(bar.values) for bar in chart.bars]
    most = max(max(totals, default=0), 1)
    for (label_y, bar_y), bar, label in zip(placed, chart.bars, labels, strict=True):
        ax.text(0, label_y, label, fontsize=FONT_PT, va="bottom", ha="left",
                fontweight="bold" if bar.heading else "normal",
                transform=ax.get_yaxis_transform())
        if bar_y is None:
            continue
        left = 0
        for value, colour in zip(bar.values, SERIES_COLOURS, strict=False):
            if value:
                ax.barh(bar_y, value, left=left, color=colour, height=BAR_UNITS * 0.8)
                if value / most >= 0.06:  # room for the count inside the segment
                    ax.text(left + value / 2, bar_y, str(value), ha="center", va="center",
                            fontsize=FONT_PT, fontweight="bold", color=TEXT_ON[colour])
                else:  # a thin segment: its count just after the bar's end
                    ax.text(sum(bar.values) + most * 0.01, bar_y, str(value), va="center",
                            fontsize=FONT_PT, color="black")
            left += value
    legend = [Patch(facecolor=colour, label=name)
              for name, colour in zip(chart.series, SERIES_COLOURS, strict=False)]
    ax.set_ylim(y - 0.2, 0.2)
    ax.set_xlim(0, most * 1.08)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=FONT_PT)
    if chart.axis_label:
        ax.set_xlabel(chart.axis_label, fontsize=FONT_PT)
    ax.set_title("\n".join(textwrap.wrap(chart.title, 46)), fontsize=TITLE_PT, loc="left",
                 pad=52)
    ax.legend(handles=legend, loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncol=max(len(chart.series), 1), fontsize=FONT_PT, frameon=False,
              borderaxespad=0.2)
    ax.spines[["top", "right", "left"]].set_visible(False)
    fig.tight_layout()
    return fig


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(chart: Chart) -> bytes:
    """The chart as PNG bytes (what ``bot/render/files.file_bytes`` gives for a ``Chart``)."""
    return png(figure(chart))
