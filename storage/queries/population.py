"""Population figures (the SCB shape: municipality code, name, population, date)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from commands.core.agreement import PopulationFigure
from storage.models import PopulationFigureRow


def population_figures(*, session: Session) -> list[PopulationFigure]:
    rows = session.scalars(
        select(PopulationFigureRow).order_by(PopulationFigureRow.date,
                                             PopulationFigureRow.municipality_code)
    )
    return [
        PopulationFigure(municipality_code=r.municipality_code, name=r.name,
                         population=r.population, date=r.date)
        for r in rows
    ]


def add_population_figures(figures: Sequence[PopulationFigure], *, session: Session) -> int:
    """Insert or replace each (municipality, date) figure; the caller owns the transaction."""
    for figure in figures:
        row = session.scalars(
            select(PopulationFigureRow).where(
                PopulationFigureRow.municipality_code == figure.municipality_code,
                PopulationFigureRow.date == figure.date,
            )
        ).one_or_none()
        if row is None:
            session.add(PopulationFigureRow(municipality_code=figure.municipality_code,
                                            name=figure.name, population=figure.population,
                                            date=figure.date))
        else:
            row.name, row.population = figure.name, figure.population
    return len(figures)
