"""What a round's result says: the CSV of aggregates and the comment pages that fit Slack."""

from __future__ import annotations

from bot.render.files import file_bytes
from commands.core.answers import Chart, Table
from commands.reflection.model import Tally
from commands.reflection.rules import Result, aggregate
from commands.reflection.wording import csv_attachment, result_chart, result_csv
from tests.commands.reflection.round_data import INSTRUMENT, KEYS, a_round, tally


def test_csv_holds_aggregates_only_in_swedish_excel_format() -> None:
    result = aggregate(a_round(), INSTRUMENT, tally(4, {KEYS[0]: 1}), participants=5)
    assert isinstance(result, Result)
    table = result_csv(result)
    assert isinstance(table, Table) and table.csv_name == "sjalvreflektion-fc-raslatt-2026.csv"
    data = file_bytes(csv_attachment(result))  # the one export dialect, as Slack and the CLI
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Nr", "Kategori", "Påstående"]
    assert lines[1] == "1;Generellt för arbete på FC;Hälsofrämjande arena;3;1;25,0;"
    assert lines[-1] == "Svarande;4;Inbjudna;5;Svarsfrekvens (%);80,0"


def test_many_comments_are_split_over_messages_that_fit_slack() -> None:
    from bot.render import to_blocks
    from commands.core.answers import Many, Message, Table
    from commands.reflection.wording import result_answer_of

    notes = {key: tuple(f"{key} " + "lång synpunkt " * 20 + str(n) for n in range(3))
             for key in KEYS}
    result = aggregate(a_round(), INSTRUMENT, tally(6, comments=notes), participants=9)
    assert isinstance(result, Result)
    answer = result_answer_of(result)
    assert isinstance(answer, Many) and isinstance(answer.parts[0], Table)
    pages = answer.parts[1:]
    assert len(pages) > 1 and all(isinstance(p, Message) for p in pages)
    shown = [line for page in pages for line in page.details]  # type: ignore[attr-defined]
    assert len(shown) == 90  # every comment, none lost
    for block in to_blocks(answer):
        if block["type"] == "section":
            assert len(block["text"]["text"]) < 3000  # nothing cut off by Slack's limit
    assert len(to_blocks(answer)) <= 50
    assert isinstance(result_answer_of(aggregate(a_round(), INSTRUMENT, tally(6),
                                                 participants=9)), Table)  # type: ignore[arg-type]


def test_the_chart_follows_the_instrument_with_category_headings() -> None:
    counts = {k: (7 - n % 4, n % 4) for n, k in enumerate(KEYS)}
    result = aggregate(a_round(status="closed"), INSTRUMENT, Tally(respondents=7, counts=counts),
                       participants=9)
    assert isinstance(result, Result)
    chart = result_chart(result)
    assert isinstance(chart, Chart) and chart.series == ("Fungerar", "Behöver utvecklas")
    assert chart.title == "Självreflektion FC Råslätt 2026 (7 svarande)"
    rows = chart.bars
    assert len(rows) == 30 + 7
    assert rows[0].heading and rows[0].label == "Generellt för arbete på FC"
    assert (rows[1].label, rows[1].values) == ("1. Hälsofrämjande arena", (7, 0))
    assert rows[2].values == (6, 1)
    assert [r.values for r in rows if not r.heading] == [(7 - n % 4, n % 4) for n in range(30)]
    assert [r.label for r in rows if r.heading] == [c.name for c in INSTRUMENT.categories]
    assert "7 av 9 har svarat" in chart.alt_text
