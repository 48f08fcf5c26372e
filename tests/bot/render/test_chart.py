"""The result chart: a real PNG, phone-sized, one stacked bar per statement with the counts
it was given, grouped under bold category headings."""

from __future__ import annotations

import struct

from matplotlib.patches import Rectangle

from bot.render.chart import DEVELOP_COLOUR, WORKS_COLOUR, bars, chart_png, figure
from commands.reflection.model import Round, Tally
from commands.reflection.rules import Result, aggregate, items
from storage import files

INSTRUMENT = next(
    a.instrument for a in map(files.read_agreement, files.bundled_paths()) if a.instrument)
assert INSTRUMENT is not None
KEYS = [i.statement.key for i in items(INSTRUMENT)]
ROUND = Round(id=1, agreement_id="jonkoping-familjecentraler", instrument_key=INSTRUMENT.key,
              centre="FC Råslätt", channel="C1", results_channel=None, year=2026,
              status="closed", min_respondents=3, opened_by="U1")


def a_result() -> Result:
    counts = {k: (7 - n % 4, n % 4) for n, k in enumerate(KEYS)}
    result = aggregate(ROUND, INSTRUMENT, Tally(respondents=7, counts=counts), participants=9)
    assert isinstance(result, Result)
    return result


def test_bars_follow_the_instrument_with_category_headings() -> None:
    rows = bars(a_result())
    assert len(rows) == 30 + 7
    assert rows[0].heading and rows[0].label == "Generellt för arbete på FC"
    assert (rows[1].label, rows[1].works, rows[1].develop) == ("1. Hälsofrämjande arena", 7, 0)
    assert (rows[2].works, rows[2].develop) == (6, 1)
    statement_rows = [r for r in rows if not r.heading]
    assert [(r.works, r.develop) for r in statement_rows] == [
        (7 - n % 4, n % 4) for n in range(30)]


def test_the_figure_draws_exactly_those_counts_as_stacked_bars() -> None:
    rows = bars(a_result())
    fig = figure(rows, title="t")
    ax = fig.axes[0]
    patches = [p for p in ax.patches if isinstance(p, Rectangle)]
    works = [p for p in patches if p.get_facecolor()[:3] == _rgb(WORKS_COLOUR)]
    develop = [p for p in patches if p.get_facecolor()[:3] == _rgb(DEVELOP_COLOUR)]
    assert [p.get_width() for p in works] == [r.works for r in rows]
    assert [p.get_width() for p in develop] == [r.develop for r in rows]
    assert [p.get_x() for p in develop] == [r.works for r in rows]  # stacked after Fungerar
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [r.label for r in rows]
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == [c.name for c in INSTRUMENT.categories]


def test_chart_is_a_valid_png_readable_on_a_phone() -> None:
    data = chart_png(a_result())
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR" and data.endswith(b"IEND\xaeB`\x82")
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1080  # fills a phone screen's width without scaling text away
    assert 1500 < height < 2500


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)
