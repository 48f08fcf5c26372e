"""What the domain needs from storage, as a protocol: plain objects in and out.

``storage.store.SqlStore`` implements it over SQLAlchemy; the domain never sees a session
or an ORM row, which keeps ``commands/`` testable and free of I/O details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from commands.core.agreement import Agreement, Meeting, PopulationFigure
from commands.core.document import Document
from commands.core.lang import Lang


class Store(Protocol):
    def agreements(self) -> Sequence[Agreement]:
        """Every agreement, with its bodies' meetings as currently stored."""
        ...

    def population_figures(self) -> Sequence[PopulationFigure]:
        """Every loaded population figure (SCB shape), any date."""
        ...

    def documents(self) -> Sequence[Document]:
        """Every document of the sources, clause by clause (the same objects until they
        change, so a search index over them can be kept per process)."""
        ...

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting) -> bool:
        """Store a meeting date; False when that body already has a meeting that day."""
        ...

    def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date) -> bool:
        """Remove the body's meeting on ``date``; False when it has none that day."""
        ...

    def move_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                     meeting: Meeting) -> bool:
        """Put ``meeting`` (a new day, time or place) in place of the body's meeting on
        ``date``; False when there is none on ``date`` or another one on the new day."""
        ...

    def add_population_figures(self, figures: Sequence[PopulationFigure]) -> int:
        """Store figures (replacing the same municipality and date); returns how many."""
        ...

    def mark_occurrence_done(self, *, occurrence_key: str, user: str) -> bool:
        """Record a deadline occurrence as done (no more nudges); False if it already was."""
        ...


@runtime_checkable
class NudgeRecords(Protocol):
    """What was already nudged: a store that keeps no records has sent nothing."""

    def sent_nudge_keys(self) -> set[str]:
        """Keys of the nudges posted so far (``commands.nudges.rules.Nudge.key``)."""
        ...

    def done_occurrences(self) -> set[str]:
        """Keys of the deadline occurrences someone marked done."""
        ...


class Directory(Protocol):
    """Who is where — Slack's member lists, or the console's simulated users."""

    def human_members(self, channel: str) -> Sequence[str]:
        """User ids of the people (not bots) in ``channel``."""
        ...


@runtime_checkable
class Locales(Protocol):
    """A directory that knows people's language (Slack: the locale in ``users.info``)."""

    def language(self, user: str) -> Lang | None:
        """"en" or "sv" from the person's locale; None when it is not known."""
        ...


@runtime_checkable
class Memberships(Protocol):
    """A directory that knows which channels a person is in (for a personal App Home)."""

    def channels_of(self, user: str) -> Sequence[str] | None:
        """Channel ids (or console names) the person is a member of; None when unknown."""
        ...


def language_of(directory: object, user: str) -> Lang | None:
    """The person's language where the directory knows it (a port may lack the ability)."""
    return directory.language(user) if isinstance(directory, Locales) else None
