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
from storage.municipalities import known_municipality_codes
from storage.queries.population import PopulationRow

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
    return [figure(row) for row in read_population_rows(path)]


def read_population_rows(path: Path) -> list[PopulationRow]:
    """``read_population_csv`` as plain rows, for a bulk load (``add_population_rows``):
    a model object per line cost more than the reading itself with a million lines."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"kan inte läsa filen ({error.strerror or error})", file=name) from None
    return parse_population_rows(_decode(raw), name)


def figure(row: PopulationRow) -> PopulationFigure:
    # every field was checked while reading; the model's validation would only repeat it
    return PopulationFigure.model_construct(municipality_code=row.municipality_code,
                                            name=row.name, population=row.population,
                                            date=row.date)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — what Swedish Excel saves."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


MAX_FIELD = 200  # no cell of an SCB file is longer; a longer one is a broken file


def parse_population_csv(text: str, name: str,
                         known_codes: frozenset[str] | None = None) -> list[PopulationFigure]:
    return [figure(row) for row in parse_population_rows(text, name, known_codes)]


def parse_population_rows(text: str, name: str,
                          known_codes: frozenset[str] | None = None) -> list[PopulationRow]:
    """Every figure in ``text``; the first problem raises ``InputError`` with its line.

    A record is reported at the line where it starts: an unbalanced quote makes the csv
    module read on to later lines (or to the end of the file), and it is the opening line
    the administrator has to fix. ``known_codes``: SCB's municipality codes (default: the
    register, ``storage.municipalities``).
    """
    codes = known_municipality_codes() if known_codes is None else known_codes
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise InputError("filen är tom; väntade rubrikraden kommunkod;kommun;folkmängd;datum",
                         file=name, line=1, field="rubrikrad")
    delimiter = max(_DELIMITERS, key=lines[header_index].count)
    rows = csv.reader(lines, delimiter=delimiter)
    columns: dict[str, int] = {}
    labels: list[str] = []
    figures: dict[tuple[str, dt.date], tuple[int, PopulationRow]] = {}
    dates: dict[str, dt.date] = {}  # the same few dates on every line: parse each once
    start = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:  # a field over the csv module's own limit (128 KB)
            raise _broken_record(lines, start, delimiter, name, labels) from error
        number, start = start, rows.line_num + 1
        if rows.line_num != number:  # a quote opened on this line closes on a later one
            raise _unbalanced(lines, number, delimiter, name, labels)
        if not "".join(row).strip():
            continue
        if max(map(len, row)) > MAX_FIELD:
            index = max(range(len(row)), key=lambda i: len(row[i]))
            raise InputError(f"fältet är {len(row[index])} tecken långt; inget fält i SCB:s fil "
                             f"är längre än {MAX_FIELD}", file=name, line=number,
                             field=_label(labels, index))
        if not columns:
            columns = _columns(row, name, number)
            labels = [cell.strip() for cell in row]
            continue
        read = _row(row, columns, name, number, codes, dates)
        key = (read.municipality_code, read.date)
        earlier = figures.get(key)
        if earlier is None:
            figures[key] = (number, read)
        elif earlier[1].population != read.population:
            raise InputError(
                f"kommun {read.municipality_code} per {read.date.isoformat()} står redan på "
                f"rad {earlier[0]} med en annan folkmängd", file=name, line=number,
                field="folkmängd")
    if not figures:
        raise InputError("filen har ingen rad med befolkningssiffror efter rubrikraden",
                         file=name, line=header_index + 1, field="rubrikrad")
    return [read for _, read in figures.values()]


def _label(labels: Sequence[str], index: int) -> str:
    return (labels[index] if index < len(labels) and labels[index] else f"kolumn {index + 1}")


def _unbalanced(lines: Sequence[str], line: int, delimiter: str, name: str,
                labels: Sequence[str]) -> InputError:
    cells = lines[line - 1].split(delimiter)
    index = next((i for i, cell in enumerate(cells) if cell.count('"') % 2), 0)
    return InputError("citattecknet som börjar här avslutas aldrig på samma rad; ta bort det "
                      "eller lägg till det avslutande \"", file=name, line=line,
                      field=_label(labels, index))


def _broken_record(lines: Sequence[str], line: int, delimiter: str, name: str,
                   labels: Sequence[str]) -> InputError:
    """The csv module gave up inside the record that starts on ``line``: say why."""
    opening = lines[line - 1] if line - 1 < len(lines) else ""
    if opening.count('"') % 2:
        return _unbalanced(lines, line, delimiter, name, labels)
    cells = opening.split(delimiter)
    longest = max(range(len(cells)), key=lambda i: len(cells[i]))
    return InputError(f"fältet är {len(cells[longest])} tecken långt; inget fält i SCB:s fil "
                      f"är längre än {MAX_FIELD}", file=name, line=line,
                      field=_label(labels, longest))


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
                         f"kommunkod;kommun;folkmängd;datum", file=name, line=line,
                         field=missing[0])
    return columns


def _cell(row: Sequence[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _row(row: Sequence[str], columns: dict[str, int], name: str, line: int,
         codes: frozenset[str], dates: dict[str, dt.date]) -> PopulationRow:
    code, municipality = _cell(row, columns["code"]), _cell(row, columns["name"])
    if code not in codes:
        region = _REGION.match(code)
        if region is not None:  # SCB's "2309 Krokom"
            code = region.group(1)
            if columns["name"] == columns["code"]:
                municipality = region.group(2)
        if not re.fullmatch(r"\d{4}", code):
            raise InputError(f"ogiltig kommunkod '{code}': fyra siffror, t.ex. 2309",
                             file=name, line=line, field="kommunkod")
        if code not in codes:
            raise InputError(f"okänd kommunkod '{code}': finns inte i SCB:s kommunregister",
                             file=name, line=line, field="kommunkod")
    if not municipality:
        raise InputError("kommunens namn saknas", file=name, line=line, field="kommun")
    if len(municipality) > MAX_NAME:
        raise InputError(f"kommunens namn är längre än {MAX_NAME} tecken", file=name, line=line,
                         field="kommun")
    population_text = _cell(row, columns["population"])
    digits = (population_text if population_text.isascii() and population_text.isdigit()
              else _GROUPING.sub("", population_text))
    if not (digits.isascii() and digits.isdigit()) or not 0 < int(digits) <= MAX_POPULATION:
        raise InputError(f"ogiltig folkmängd '{population_text}': ett positivt heltal, "
                         f"t.ex. 15604", file=name, line=line, field="folkmängd")
    date_text = _cell(row, columns["date"])
    date = dates.get(date_text)
    if date is None:
        try:
            date = dates[date_text] = dt.date.fromisoformat(date_text)
        except ValueError:
            raise InputError(f"ogiltigt datum '{date_text}': skriv ÅÅÅÅ-MM-DD, t.ex. 2025-11-01",
                             file=name, line=line, field="datum") from None
    return PopulationRow(code, municipality, int(digits), date)
