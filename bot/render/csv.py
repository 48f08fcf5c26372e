"""Tables as CSV that Swedish Excel opens cleanly: UTF-8 with BOM, `;` between fields,
decimal comma (``Table.csv_rows`` holds the raw values; the rendered rows are the fallback).

The decimal comma itself is ``commands.core.text.decimal_comma``, the one helper for it: a
writer here hands every value through ``cell`` so a ``Decimal`` can never reach a file with
a point that Swedish Excel would read as text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from commands.core.answers import Table
from commands.core.text import decimal_comma


def cell(value: str | int | Decimal) -> str:
    """One CSV field: numbers with a decimal comma and no grouping, text as it is."""
    return value if isinstance(value, str) else decimal_comma(value)


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    rows = list(table.csv_rows) or [*table.rows, *((table.total,) if table.total else ())]
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
