"""What the domain needs from storage, as a protocol: plain objects in and out.

``storage.store.SqlStore`` implements it over SQLAlchemy; the domain never sees a session
or an ORM row, which keeps ``commands/`` testable and free of I/O details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

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

    # ``actor``: who made the change, for the audit trail written with it.

    def add_meeting(self, *, agreement_id: str, body_key: str, meeting: Meeting,
                    actor: str = ...) -> bool:
        """Store a meeting date; False when that body already has a meeting that day."""
        ...

    def remove_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                       actor: str = ...) -> bool:
        """Remove the body's meeting on ``date``; False when it has none that day."""
        ...

    def move_meeting(self, *, agreement_id: str, body_key: str, date: dt.date,
                     meeting: Meeting, actor: str = ...) -> bool:
        """Put ``meeting`` (a new day, time or place) in place of the body's meeting on
        ``date``; False when there is none on ``date`` or another one on the new day."""
        ...

    def add_population_figures(self, figures: Sequence[PopulationFigure], *,
                               actor: str = ...) -> int:
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
    """Who is where and who is who — Slack (members, users.info, users.lookupByEmail), or the
    console's simulated users. The permission rules get their facts about the asker here."""

    def human_members(self, channel: str) -> Sequence[str]:
        """User ids of the people (not bots) in ``channel``."""
        ...

    def is_admin(self, user: str) -> bool:
        """A workspace admin or owner, or named in AVTALSBOT_ADMINS (by id or e-mail)."""
        ...

    def is_member(self, channel: str, user: str) -> bool:
        """Whether ``user`` is in ``channel`` (False when the channel cannot be read)."""
        ...

    def user_by_email(self, email: str) -> str | None:
        """The Slack user id behind an e-mail address, or None when there is none."""
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


# --- roles and the audit trail ------------------------------------------------------------

RoleName = Literal["chair", "secretary", "coordinator"]
# Who did something the clock or the operator did, not a person in chat.
SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class RoleGrant:
    """One person's role. ``scope`` is a body key (chair, secretary) or a family centre's
    Slack channel (coordinator). ``origin``: the agreement file, or granted in chat (kept in
    the database, so it survives ``avtalsbot seed``)."""

    role: RoleName
    user: str  # a Slack user id, or an e-mail address in a file not yet resolved
    agreement_id: str
    scope: str
    origin: Literal["file", "chat"] = "chat"


@dataclass(frozen=True)
class AuditEvent:
    """One change in the audit trail: who, what, when, before -> after (plain JSON)."""

    at: dt.datetime
    actor: str
    action: str
    subject: str
    agreement_id: str | None = None
    before: Any = None
    after: Any = None
    id: int = field(default=0, compare=False)


@runtime_checkable
class RoleRecords(Protocol):
    """Roles granted in chat, and the audit trail (``storage.store.SqlStore``)."""

    def role_grants(self) -> Sequence[RoleGrant]:
        """Every role granted in chat (the files' roles are on the agreements)."""
        ...

    def grant_role(self, grant: RoleGrant, *, actor: str) -> bool:
        """Store a grant (audited); False when the person already had it."""
        ...

    def revoke_role(self, grant: RoleGrant, *, actor: str) -> bool:
        """Take a chat grant away (audited); False when there was none."""
        ...

    def audit_events(self, *, agreement_id: str | None = None,
                     since: dt.datetime | None = None, until: dt.datetime | None = None,
                     limit: int | None = None) -> Sequence[AuditEvent]:
        """The audit trail, oldest first, optionally for one agreement and a period."""
        ...
