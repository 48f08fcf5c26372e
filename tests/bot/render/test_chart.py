"""Drawing a ``Chart`` for a phone: a real 1080-pixel PNG, one stacked bar per entry with
exactly the values it was given and each count on its segment, every label whole on its own
line, every text at least 11 CSS pixels tall when Slack shows the picture 390 pixels wide,
and two colours that stay apart under a protanopia (and deuteranopia) simulation."""

from __future__ import annotations

import struct

import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot.render.chart import (
    DEVELOP_COLOUR,
    MIN_CSS_PX,
    PHONE_CSS_PX,
    WIDTH_PX,
    WORKS_COLOUR,
    draw,
    figure,
)
from bot.render.files import file_bytes
from commands.core.answers import Attachment, Chart, ChartBar

BARS = (ChartBar("Kategori A", heading=True), *(
    ChartBar(f"{n}. Påstående", values=(7 - n % 4, n % 4)) for n in range(1, 16)),
    ChartBar("Kategori B", heading=True), *(
    ChartBar(f"{n}. Påstående", values=(n % 3, 3 - n % 3)) for n in range(16, 31)),
    ChartBar("31. Utan siffror"),
    ChartBar("21. Kurator (Föräldraskapsstöd och samverkan med andra verksamheter i "
             "familjecentralen)", values=(2, 1)))
CHART = Chart(title="Självreflektion FC Råslätt 2026 (7 svarande)",
              series=("Fungerar", "Behöver utvecklas"), bars=BARS,
              alt_text="Stapeldiagram", axis_label="Antal svar")


def test_the_figure_draws_exactly_the_given_values_as_stacked_bars_with_their_counts() -> None:
    ax = figure(CHART).axes[0]
    patches = [p for p in ax.patches if isinstance(p, Rectangle)]
    works = [p for p in patches if p.get_facecolor()[:3] == _rgb(WORKS_COLOUR)]
    develop = [p for p in patches if p.get_facecolor()[:3] == _rgb(DEVELOP_COLOUR)]
    assert [p.get_width() for p in works] == [b.values[0] for b in BARS if b.values
                                              and b.values[0]]
    assert [p.get_width() for p in develop] == [b.values[1] for b in BARS if b.values
                                                and b.values[1]]
    assert [p.get_x() for p in develop] == [b.values[0] for b in BARS if b.values
                                            and b.values[1]]  # stacked after the first
    counts = sorted(t.get_text() for t in ax.texts if t.get_text().isdigit())
    assert counts == sorted(str(v) for b in BARS for v in b.values if v)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(CHART.series)
    assert [p.get_facecolor()[:3] for p in ax.get_legend().get_patches()] == [
        _rgb(WORKS_COLOUR), _rgb(DEVELOP_COLOUR)]
    assert ax.get_xlabel() == "Antal svar" and ax.get_title(loc="left") == CHART.title


def test_every_label_is_whole_and_headings_are_bold() -> None:
    ax = figure(CHART).axes[0]
    labels = [t for t in ax.texts if not t.get_text().isdigit()]
    assert [" ".join(t.get_text().split("\n")) for t in labels] == [b.label for b in BARS]
    assert max(len(line) for t in labels for line in t.get_text().split("\n")) <= 52
    bold = [t.get_text() for t in labels if t.get_fontweight() == "bold"]
    assert bold == ["Kategori A", "Kategori B"]


def test_every_text_is_readable_on_a_390_pixel_phone() -> None:
    fig = figure(CHART)
    fig.canvas.draw()
    low, high = fig.axes[0].get_xlim()
    unseen = {id(t) for t in fig.axes[0].get_xticklabels()  # ticks beyond the axis: not drawn
              if not low <= t.get_position()[0] <= high}
    texts = [t for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in unseen]
    assert len(texts) > 70  # labels, counts, title, legend, axis
    for text in texts:
        pixels = text.get_fontsize() * fig.dpi / 72  # in the PNG
        assert pixels * PHONE_CSS_PX / WIDTH_PX >= MIN_CSS_PX, text.get_text()
        extent = text.get_window_extent()
        assert extent.x0 >= -1 and extent.x1 <= WIDTH_PX + 1, text.get_text()  # not cut off


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
              (-0.003882, -0.048116, 1.051998))
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                (-0.011820, 0.042940, 0.968881))


@pytest.mark.parametrize("matrix", [PROTANOPIA, DEUTERANOPIA], ids=["protanopia",
                                                                   "deuteranopia"])
def test_the_two_colours_keep_a_3_to_1_contrast_for_colour_blind_readers(
        matrix: tuple[tuple[float, ...], ...]) -> None:
    seen = [_simulate(_linear(WORKS_COLOUR), matrix), _simulate(_linear(DEVELOP_COLOUR), matrix)]
    assert _contrast(*seen) >= 3.0  # WCAG 2.1's minimum for graphical objects (1.4.11)


def test_the_old_green_and_orange_fail_the_same_check() -> None:
    seen = [_simulate(_linear(c), PROTANOPIA) for c in ("#2e7d32", "#ef6c00")]
    assert _contrast(*seen) < 1.5  # the 1.2: the check can tell


def test_a_chart_is_a_valid_png_the_width_of_a_phone_picture_through_file_bytes() -> None:
    data = file_bytes(Attachment(filename="r.png", content=CHART, title="R"))
    assert data == draw(CHART)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR" and data.endswith(b"IEND\xaeB`\x82")
    width, _height = struct.unpack(">II", data[16:24])
    assert width == WIDTH_PX


def test_more_series_than_colours_is_refused() -> None:
    chart = Chart(title="t", series=tuple("abcde"), bars=(ChartBar("x", (1, 1, 1, 1, 1)),),
                  alt_text="t")
    with pytest.raises(ValueError, match="at most 4 series"):
        figure(chart)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


def _linear(hex_colour: str) -> tuple[float, ...]:
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                 for c in _rgb(hex_colour))


def _simulate(rgb: tuple[float, ...], matrix: tuple[tuple[float, ...], ...]
              ) -> tuple[float, ...]:
    return tuple(min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0.0), 1.0)
                 for row in matrix)


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def luminance(rgb: tuple[float, ...]) -> float:
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
