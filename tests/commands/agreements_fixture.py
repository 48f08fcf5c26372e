"""The bundled agreements as plain objects, and an in-memory Store for domain tests."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from commands.agreement import Agreement, Meeting, PopulationFigure
from storage import files


@cache
def bundled() -> tuple[Agreement, ...]:
    return tuple(sorted((files.read_agreement(p) for p in files.bundled_paths()),
                        key=lambda a: a.source_document))


def agreement(agreement_id: str) -> Agreement:
    return next(a for a in bundled() if a.id == agreement_id)


class MemoryStore:
    """``commands.ports.Store`` over a list: what the domain sees, without a database."""

    def __init__(self, agreements: Sequence[Agreement] | None = None) -> None:
        self._agreements = list(agreements if agreements is not None else bundled())
        self.done: dict[str, str] = {}

    def agreements(self) -> Sequence[Agreement]:
        return self._agreements

    def population_figures(self) -> Sequence[PopulationFigure]:
        return ()

    def add_population_figures(self, figures: Sequence[PopulationFigure]) -> int:
        return 0

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting) -> bool:
        for i, a in enumerate(self._agreements):
            if a.id != agreement_id:
                continue
            body = a.body(body_key)
            if any(m.date == meeting.date for m in body.meetings):
                return False
            bodies = tuple(
                b.model_copy(update={"meetings": (*b.meetings, meeting)}) if b.key == body_key
                else b for b in a.bodies
            )
            self._agreements[i] = a.model_copy(update={"bodies": bodies})
            return True
        return False

    def mark_occurrence_done(self, *, occurrence_key: str, user: str) -> bool:
        if occurrence_key in self.done:
            return False
        self.done[occurrence_key] = user
        return True
