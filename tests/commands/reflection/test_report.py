"""A round's result as shown: the table, the comment pages that fit Slack, the chart and the
CSV of aggregates — and a withheld figure shown as withheld everywhere."""

from __future__ import annotations

from dataclasses import replace

from bot.render.files import file_bytes
from commands.core.answers import Chart, Table, plain
from commands.reflection.model import Tally
from commands.reflection.report import (
    chart_attachment,
    csv_attachment,
    result_chart,
    result_csv,
    result_table,
)
from commands.reflection.rules import Result, aggregate, items
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
    assert lines[1] == "1;Generellt för arbete på FC;Hälsofrämjande arena;3;1;25,0;;"
    assert lines[-1] == "Svarande;4;Inbjudna;5;Svarsfrekvens (%);80,0"


def test_many_comments_are_split_over_messages_that_fit_slack() -> None:
    from bot.render import to_blocks
    from commands.core.answers import Many, Message, Table
    from commands.reflection.report import result_answer_of

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


def stopped_after_fifteen() -> Result:
    """Three respondents; one stopped after statement 15, so 16–30 were answered by two."""
    counts = {k: (1, 2) if n < 15 else (1, 1) for n, k in enumerate(KEYS)}
    result = aggregate(a_round(), INSTRUMENT, Tally(respondents=3, counts=counts),
                       participants=3)
    assert isinstance(result, Result)
    return result


def test_the_table_shows_no_figures_for_a_statement_too_few_answered() -> None:
    table = result_table(stopped_after_fifteen())
    by_number = {row[0]: row for row in table.rows}
    assert by_number["25"][2:] == ("–", "–", "–", "–")
    assert by_number["5"][2:5] == ("1", "2", "67\xa0%")
    assert [row[0] for row in table.rows][-15:] == [str(n) for n in range(16, 31)]
    said = " ".join(plain(d) for d in table.details)
    assert ("– = färre än 3 har svarat på påståendet (16–30), så dess siffror visas inte och "
            "räknas inte in i kategorierna eller jämförelsen.") in said
    assert "• Samverkan: – (för få svar)" in said


def test_the_category_line_names_how_many_statements_it_counts() -> None:
    result = stopped_after_fifteen()
    lines = [plain(d) for d in result_table(result).details]
    for category in result.categories:
        (line,) = [x for x in lines if x.startswith(f"• {category.name}: ")]
        if category.withheld:
            assert line == f"• {category.name}: – (för få svar)"
        else:  # the counts the share rests on, and how many statements they sum
            assert line.startswith(f"• {category.name}: {category.works} Fungerar, "
                                   f"{category.develop} Behöver utvecklas (")
            if category.counted < category.statements:
                assert line.endswith(f", {category.counted} av {category.statements} "
                                     "påståenden)")
    assert any(c.withheld for c in result.categories)
    first = INSTRUMENT.categories[0]
    one_hidden = {k: (2, 1) for k in KEYS} | {KEYS[0]: (1, 1)}
    partial = aggregate(a_round(), INSTRUMENT, Tally(respondents=3, counts=one_hidden),
                        participants=3)
    assert isinstance(partial, Result)
    n = len(first.statements)
    assert (f"• {first.name}: {2 * (n - 1)} Fungerar, {n - 1} Behöver utvecklas (33\xa0% utv., "
            f"{n - 1} av {n} påståenden)") in [plain(d) for d in result_table(partial).details]


def test_the_csv_and_the_chart_leave_a_withheld_statement_empty() -> None:
    result = stopped_after_fifteen()
    lines = file_bytes(csv_attachment(result)).decode("utf-8-sig").splitlines()
    assert lines[0].endswith(";Anmärkning")
    row_25 = lines[25].split(";")
    assert row_25[0] == "25" and row_25[3:] == ["", "", "", "", "för få svar (färre än 3)"]
    assert lines[5].split(";")[3:] == ["1", "2", "66,7", "", ""]
    chart = result_chart(result)
    hidden = [b for b in chart.bars if not b.heading and not b.values]
    assert [b.label.split(".")[0] for b in hidden] == [str(n) for n in range(16, 31)]
    assert all(b.label.endswith("– för få svar") for b in hidden)
    assert "15 påståenden visas utan stapel: färre än 3 har svarat på dem." in chart.alt_text


def test_the_comment_rule_is_stated_where_some_statements_had_too_few_answers() -> None:
    counts = {k: (6, 0) if n else (3, 1) for n, k in enumerate(KEYS)}
    result = aggregate(a_round(), INSTRUMENT,
                       Tally(respondents=6, counts=counts, comments={KEYS[0]: ("dold",)}),
                       participants=6)
    assert isinstance(result, Result) and result.comments == ()
    said = [plain(d) for d in result_table(result).details]
    assert "Kommentarer visas bara till påståenden som minst 5 har svarat på." in said


def test_titles_are_whole_and_statements_sharing_a_title_are_told_apart() -> None:
    result = aggregate(a_round(), INSTRUMENT, tally(4, {KEYS[20]: 3}), participants=4)
    assert isinstance(result, Result)
    rows = {row[0]: row[1] for row in result_table(result).rows}
    kurator = [i for i in items(INSTRUMENT) if i.statement.title == "Kurator"]
    assert [i.number for i in kurator] == [21, 22]  # in the same category: told by their text
    assert rows["21"] == "Kurator – deltar i den öppna förskolan …"
    assert rows["22"] == "Kurator – slussar vid behov föräldrar vidare …"
    longest = max(items(INSTRUMENT), key=lambda i: len(i.statement.title))
    assert rows[str(longest.number)] == longest.statement.title  # never cut
    labels = [b.label for b in result_chart(result).bars if not b.heading]
    assert f"{longest.number}. {longest.statement.title}" in labels
    alt = result_chart(result).alt_text
    assert "Mest behov av utveckling: 21. Kurator – deltar i den öppna förskolan … (3 av " \
           "4)" in alt


def test_two_rounds_of_a_centre_in_one_year_have_distinct_names() -> None:
    first = aggregate(a_round(), INSTRUMENT, tally(4), participants=4)  # same centre and year
    assert isinstance(first, Result)
    second = replace(first, round=a_round(id=8), ordinal=2)
    assert result_table(first).title == "Självreflektion FC Råslätt 2026"
    assert result_table(second).title == "Självreflektion FC Råslätt 2026, omgång 2"
    assert result_csv(second).title == "Självreflektion FC Råslätt 2026, omgång 2"
    assert csv_attachment(second).filename == "sjalvreflektion-fc-raslatt-2026-omgang-2.csv"
    assert chart_attachment(first).filename == "sjalvreflektion-fc-raslatt-2026.png"
    assert result_chart(second).title.startswith("Självreflektion FC Råslätt 2026, omgång 2 (")
