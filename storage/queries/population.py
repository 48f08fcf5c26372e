"""Population figures (the SCB shape: municipality code, name, population, date).

Loading is set-based: one INSERT … ON CONFLICT DO UPDATE over all rows (sqlite3's
executemany on SQLite; on PostgreSQL a COPY into a temporary table and one INSERT … SELECT),
never a SELECT and an INSERT per row through the ORM — 50 000 rows took 128 s that way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from commands.core.agreement import PopulationFigure
from storage.models import PopulationFigureRow


class PopulationRow(NamedTuple):
    """One figure as a plain row: what a bulk load passes around instead of model objects."""

    municipality_code: str
    name: str
    population: int
    date: dt.date


_TABLE = cast(Table, PopulationFigureRow.__table__)
_CHUNK = 50_000  # rows per executemany on SQLite: bounded memory for the parameter list
# A big file on PostgreSQL takes longer than a question's statement timeout; bounded all the same.
_BULK_STATEMENT_TIMEOUT = "5min"


def population_figures(*, session: Session,
                       dates: Iterable[dt.date] | None = None) -> list[PopulationFigure]:
    """Every figure, or those on ``dates``."""
    query = select(PopulationFigureRow.municipality_code, PopulationFigureRow.name,
                   PopulationFigureRow.population, PopulationFigureRow.date)
    if dates is not None:
        query = query.where(PopulationFigureRow.date.in_(list(dates)))
    rows = session.execute(
        query.order_by(PopulationFigureRow.date, PopulationFigureRow.municipality_code))
    # rows from our own table, checked when they were loaded: no second validation
    return [PopulationFigure.model_construct(municipality_code=code, name=name,
                                             population=population, date=date)
            for code, name, population, date in rows]


def population_dates(*, session: Session) -> set[dt.date]:
    return set(session.scalars(select(PopulationFigureRow.date).distinct()))


def revision(*, session: Session) -> tuple[Any, ...]:
    """Changes whenever figures are loaded; both maxima are answered from an index.

    Each maximum is a query of its own: SQLite looks up a lone max() in its index, but two
    in one SELECT scan the whole table (7 ms a question at 50 000 figures).
    """
    return tuple(session.execute(select(
        select(func.max(PopulationFigureRow.loaded_at)).scalar_subquery(),
        select(func.max(PopulationFigureRow.id)).scalar_subquery())).one())


def add_population_figures(figures: Iterable[PopulationFigure], *, session: Session) -> int:
    """Insert or replace each (municipality, date) figure; the caller owns the transaction."""
    return add_population_rows(
        [PopulationRow(f.municipality_code, f.name, f.population, f.date) for f in figures],
        session=session)


def add_population_rows(figures: Iterable[PopulationRow], *, session: Session) -> int:
    """Insert or replace each (municipality, date) row; the caller owns the transaction.

    The same municipality and date twice: the last one counts.
    """
    now = dt.datetime.now(dt.UTC)
    rows = list({(f.municipality_code, f.date): {
        "municipality_code": f.municipality_code, "name": f.name,
        "population": f.population, "date": f.date, "loaded_at": now,
    } for f in figures}.values())
    if not rows:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        _copy_upsert(session, rows)
    else:
        _executemany_upsert(session, rows)
    return len(rows)


def _same(value: Any) -> Any:
    return value


def _executemany_upsert(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """One prepared INSERT … ON CONFLICT run over all rows by sqlite3's executemany.

    Dates are turned into SQLite's text form by the columns' own SQLAlchemy types (once per
    distinct value), so the rows read back exactly as if the ORM had written them; per-row
    type processing in SQLAlchemy cost more than the inserts themselves.
    """
    dialect = session.get_bind().dialect
    to_date: Callable[[Any], Any] = _TABLE.c.date.type.bind_processor(dialect) or _same
    to_time: Callable[[Any], Any] = _TABLE.c.loaded_at.type.bind_processor(dialect) or _same
    loaded_at = to_time(rows[0]["loaded_at"])
    dates: dict[dt.date, Any] = {}
    parameters = [
        (row["municipality_code"], row["name"], row["population"],
         dates[row["date"]] if row["date"] in dates
         else dates.setdefault(row["date"], to_date(row["date"])), loaded_at)
        for row in rows
    ]
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(parameters), _CHUNK):
            cursor.executemany(
                "INSERT INTO population_figures (municipality_code, name, population, date, "
                "loaded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality_code, date) DO "
                "UPDATE SET name = excluded.name, population = excluded.population, "
                "loaded_at = excluded.loaded_at", parameters[start:start + _CHUNK])
    finally:
        cursor.close()


def _copy_upsert(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    session.execute(text(f"SET LOCAL statement_timeout = '{_BULK_STATEMENT_TIMEOUT}'"))
    session.execute(text(
        "CREATE TEMPORARY TABLE population_import (municipality_code varchar(4), "
        "name varchar(120), population integer, date date, loaded_at timestamptz) "
        "ON COMMIT DROP"))
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy("COPY population_import (municipality_code, name, population, date, "
                     "loaded_at) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((row["municipality_code"], row["name"], row["population"],
                            row["date"], row["loaded_at"]))
    statement = postgresql.insert(_TABLE).from_select(
        ["municipality_code", "name", "population", "date", "loaded_at"],
        select(text("municipality_code, name, population, date, loaded_at"))
        .select_from(text("population_import")))
    session.execute(statement.on_conflict_do_update(
        index_elements=["municipality_code", "date"],
        set_={"name": statement.excluded.name, "population": statement.excluded.population,
              "loaded_at": statement.excluded.loaded_at}))
