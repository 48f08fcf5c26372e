"""CSV for Swedish Excel: BOM, semicolons, CRLF, raw values when given."""

from __future__ import annotations

from bot.render.csv import table_csv
from commands.core.answers import Column, Table


def test_csv_has_bom_semicolons_and_raw_values() -> None:
    table = Table(lang="sv", title="T", columns=(Column("Kommun"), Column("Andel; %", "right")),
                  rows=(("Åre", "9,343 %"),), total=("Summa", "100,000 %"),
                  csv_rows=(("Åre", "9,343"), ("Summa", "100,000")), csv_name="t.csv")
    data = table_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == 'Kommun;"Andel; %"\r\nÅre;9,343\r\nSumma;100,000\r\n'


def test_csv_falls_back_to_rendered_rows_and_total() -> None:
    table = Table(lang="sv", title="T", columns=(Column("A"), Column("B")),
                  rows=(("x", "1"),), total=("Summa", "1"))
    assert table_csv(table).decode("utf-8-sig") == "A;B\r\nx;1\r\nSumma;1\r\n"
