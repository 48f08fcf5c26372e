"""The bundled agreements as plain objects, and an in-memory Store for domain tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from commands.core.agreement import Agreement, Meeting, PopulationFigure
from commands.core.document import Document
from storage import documents, files


@cache
def bundled() -> tuple[Agreement, ...]:
    return tuple(sorted((files.read_agreement(p) for p in files.bundled_paths()),
                        key=lambda a: a.source_document))


@cache
def bundled_documents() -> tuple[Document, ...]:
    return tuple(documents.bundled_documents())


def agreement(agreement_id: str) -> Agreement:
    return next(a for a in bundled() if a.id == agreement_id)


class MemoryStore:
    """``commands.core.ports.Store`` over a list: what the domain sees, without a database."""

    def __init__(self, agreements: Sequence[Agreement] | None = None,
                 figures: Sequence[PopulationFigure] = (),
                 documents: Sequence[Document] | None = None) -> None:
        self._agreements = list(agreements if agreements is not None else bundled())
        self._documents = tuple(documents if documents is not None else bundled_documents())
        self._figures = list(figures)
        self.done: dict[str, str] = {}
        self.sent: set[str] = set()

    def agreements(self) -> Sequence[Agreement]:
        return self._agreements

    def population_figures(self) -> Sequence[PopulationFigure]:
        return self._figures

    def documents(self) -> Sequence[Document]:
        return self._documents

    def add_population_figures(self, figures: Sequence[PopulationFigure], *,
                               actor: str = "system") -> int:
        self._figures += figures
        return len(figures)

    # ``actor``: who changed it; this store keeps no audit trail (storage's tests check it)

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting,
                    actor: str = "system") -> bool:
        return self._replace(agreement_id, body_key, None, meeting)

    def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                       actor: str = "system") -> bool:
        return self._replace(agreement_id, body_key, date, None)

    def move_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                     meeting: Meeting, actor: str = "system") -> bool:
        return self._replace(agreement_id, body_key, date, meeting)

    def _replace(self, agreement_id: str, body_key: str, old: dt.date | None,
                 new: Meeting | None) -> bool:
        """Take away the meeting on ``old`` (if given) and put ``new`` (if given)."""
        for i, a in enumerate(self._agreements):
            if a.id != agreement_id:
                continue
            meetings = a.body(body_key).meetings
            if old is not None and not any(m.date == old for m in meetings):
                return False
            kept = tuple(m for m in meetings if m.date != old)
            if new is not None and any(m.date == new.date for m in kept):
                return False
            changed = kept + ((new,) if new is not None else ())
            bodies = tuple(b.model_copy(update={"meetings": changed}) if b.key == body_key
                           else b for b in a.bodies)
            self._agreements[i] = a.model_copy(update={"bodies": bodies})
            return True
        return False

    def sent_nudge_keys(self) -> set[str]:
        return set(self.sent)

    def done_occurrences(self) -> set[str]:
        return set(self.done)

    def mark_occurrence_done(self, *, occurrence_key: str, user: str) -> bool:
        if occurrence_key in self.done:
            return False
        self.done[occurrence_key] = user
        return True
