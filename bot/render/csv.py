"""Tables as CSV that Swedish Excel opens cleanly: UTF-8 with BOM, `;` between fields,
decimal comma (``Table.csv_rows`` holds the raw values; the rendered rows are the fallback).
"""

from __future__ import annotations

import csv
import io

from commands.core.answers import Table


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    if table.csv_rows:
        writer.writerows(table.csv_rows)
    else:
        writer.writerows(table.rows)
        if table.total is not None:
            writer.writerow(table.total)
    return buffer.getvalue().encode("utf-8-sig")
