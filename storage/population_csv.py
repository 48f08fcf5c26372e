"""Population figures from a CSV file in the shape SCB publishes: municipality code, name,
population, date (``avtalsbot population import FILE.csv``).

The whole file is read and checked before anything is written, so a bad line leaves the
database as it was; every problem names the file, the line and the column. Headers are
matched loosely (Swedish or English, with or without å/ä/ö) because an administrator
saves the file from Excel or from SCB's database, not from a schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from commands.core.agreement import PopulationFigure
from commands.core.errors import InputError
from commands.core.text import fold

# Folded header -> field. "region" is what SCB's statistical database calls the column that
# holds "2309 Krokom"; it is read as code and name together when there is no name column.
_HEADERS: dict[str, str] = {
    **dict.fromkeys(("kommunkod", "kod", "code", "municipality code", "municipality_code",
                     "kommun kod", "lan kommun kod", "regionkod", "region code"), "code"),
    **dict.fromkeys(("kommun", "namn", "kommunnamn", "name", "municipality", "kommun namn"),
                    "name"),
    **dict.fromkeys(("folkmangd", "befolkning", "befolkningsmangd", "invanare", "antal",
                     "population", "inhabitants"), "population"),
    **dict.fromkeys(("datum", "date", "per", "tidpunkt", "population date"), "date"),
    "region": "region",
}
_REGION = re.compile(r"^\s*(\d{4})\s+(.+?)\s*$")
_GROUPING = re.compile(r"[\s\u00a0\u202f]")
_DELIMITERS = ";,\t"
MAX_NAME = 120  # the column's width (storage.models.PopulationFigureRow.name)
MAX_POPULATION = 100_000_000  # far above any municipality; keeps typos out of an INTEGER column


def read_population_csv(path: Path) -> list[PopulationFigure]:
    """Every figure in ``path``; raises ``InputError`` naming the file and line."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"kan inte läsa filen ({error.strerror or error})", file=name) from None
    return parse_population_csv(_decode(raw), name)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what Swedish Excel saves."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_population_csv(text: str, name: str) -> list[PopulationFigure]:
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise InputError("filen är tom; väntade rubrikraden kommunkod;kommun;folkmängd;datum",
                         file=name, line=1)
    delimiter = max(_DELIMITERS, key=lines[header_index].count)
    rows = csv.reader(lines, delimiter=delimiter)
    columns: dict[str, int] = {}
    figures: dict[tuple[str, dt.date], tuple[int, PopulationFigure]] = {}
    for row in rows:
        number = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if not columns:
            columns = _columns(row, name, number)
            continue
        figure = _figure(row, columns, name, number)
        key = (figure.municipality_code, figure.date)
        earlier = figures.get(key)
        if earlier is not None and earlier[1].population != figure.population:
            raise InputError(
                f"kommun {figure.municipality_code} per {figure.date.isoformat()} står redan på "
                f"rad {earlier[0]} med en annan folkmängd", file=name, line=number)
        figures.setdefault(key, (number, figure))
    if not figures:
        raise InputError("filen har ingen rad med befolkningssiffror efter rubrikraden",
                         file=name, line=header_index + 1)
    return [figure for _, figure in figures.values()]


def _columns(header: Sequence[str], name: str, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = _HEADERS.get(" ".join(re.findall(r"[a-z]+", fold(cell))))
        if field is not None:
            columns.setdefault(field, index)
    if "region" in columns and "code" not in columns:
        columns["code"] = columns["region"]
        columns.setdefault("name", columns["region"])
    missing = [label for field, label in (("code", "kommunkod"), ("name", "kommun"),
                                          ("population", "folkmängd"), ("date", "datum"))
               if field not in columns]
    if missing:
        found = ", ".join(f'"{cell.strip()}"' for cell in header)
        raise InputError(f"rubrikraden saknar {', '.join(missing)} (fann {found}); väntade "
                         f"kommunkod;kommun;folkmängd;datum", file=name, line=line)
    return columns


def _cell(row: Sequence[str], columns: dict[str, int], field: str) -> str:
    index = columns[field]
    return row[index].strip() if index < len(row) else ""


def _figure(row: Sequence[str], columns: dict[str, int], name: str, line: int) -> PopulationFigure:
    code, municipality = _cell(row, columns, "code"), _cell(row, columns, "name")
    region = _REGION.match(code)
    if region is not None:  # SCB's "2309 Krokom"
        code = region.group(1)
        if columns["name"] == columns["code"]:
            municipality = region.group(2)
    if not re.fullmatch(r"\d{4}", code):
        raise InputError(f"ogiltig kommunkod '{code}': fyra siffror, t.ex. 2309",
                         file=name, line=line, field="kommunkod")
    if not municipality:
        raise InputError("kommunens namn saknas", file=name, line=line, field="kommun")
    if len(municipality) > MAX_NAME:
        raise InputError(f"kommunens namn är längre än {MAX_NAME} tecken", file=name, line=line,
                         field="kommun")
    population_text = _cell(row, columns, "population")
    digits = _GROUPING.sub("", population_text)
    if not digits.isdigit() or not 0 < int(digits) <= MAX_POPULATION:
        raise InputError(f"ogiltig folkmängd '{population_text}': ett positivt heltal, "
                         f"t.ex. 15604", file=name, line=line, field="folkmängd")
    date_text = _cell(row, columns, "date")
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise InputError(f"ogiltigt datum '{date_text}': skriv ÅÅÅÅ-MM-DD, t.ex. 2025-11-01",
                         file=name, line=line, field="datum") from None
    return PopulationFigure(municipality_code=code, name=municipality,
                            population=int(digits), date=date)
