"""Drawing a ``Chart``: a real PNG, phone-sized, one stacked bar per entry with exactly the
values it was given, headings in bold and no bar for an entry without values."""

from __future__ import annotations

import struct

import pytest
from matplotlib.patches import Rectangle

from bot.render.chart import DEVELOP_COLOUR, WORKS_COLOUR, draw, figure
from bot.render.files import file_bytes
from commands.core.answers import Attachment, Chart, ChartBar

BARS = (ChartBar("Kategori A", heading=True), *(
    ChartBar(f"{n}. Påstående", values=(7 - n % 4, n % 4)) for n in range(1, 16)),
    ChartBar("Kategori B", heading=True), *(
    ChartBar(f"{n}. Påstående", values=(n % 3, 3 - n % 3)) for n in range(16, 31)),
    ChartBar("31. Utan siffror"))
CHART = Chart(title="Självreflektion FC Råslätt 2026 (7 svarande)",
              series=("Fungerar", "Behöver utvecklas"), bars=BARS,
              alt_text="Stapeldiagram", axis_label="Antal svar")


def test_the_figure_draws_exactly_the_given_values_as_stacked_bars() -> None:
    ax = figure(CHART).axes[0]
    patches = [p for p in ax.patches if isinstance(p, Rectangle)]
    works = [p for p in patches if p.get_facecolor()[:3] == _rgb(WORKS_COLOUR)]
    develop = [p for p in patches if p.get_facecolor()[:3] == _rgb(DEVELOP_COLOUR)]
    first = [b.values[0] if b.values else 0 for b in BARS]
    second = [b.values[1] if b.values else 0 for b in BARS]
    assert [p.get_width() for p in works] == first
    assert [p.get_width() for p in develop] == second
    assert [p.get_x() for p in develop] == first  # stacked after the first series
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [b.label for b in BARS]
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Kategori A", "Kategori B"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(CHART.series)
    assert ax.get_xlabel() == "Antal svar" and ax.get_title(loc="left") == CHART.title


def test_a_chart_is_a_valid_png_readable_on_a_phone_through_file_bytes() -> None:
    data = file_bytes(Attachment(filename="r.png", content=CHART, title="R"))
    assert data == draw(CHART)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR" and data.endswith(b"IEND\xaeB`\x82")
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1080  # fills a phone screen's width without scaling text away
    assert 1500 < height < 2500


def test_more_series_than_colours_is_refused() -> None:
    chart = Chart(title="t", series=tuple("abcde"), bars=(ChartBar("x", (1, 1, 1, 1, 1)),),
                  alt_text="t")
    with pytest.raises(ValueError, match="at most 4 series"):
        figure(chart)


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)
