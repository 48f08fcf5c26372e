"""Roles for tests: written into an agreement's ``roles:`` section the way an administrator's
file would be, and a directory that knows who administers the workspace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from commands.core.agreement_roles import BodyRoles, CentreRoles, Roles
from storage.store import SqlStore


def set_roles(store: SqlStore, agreement_id: str, *, centres: Iterable[CentreRoles] = (),
              bodies: Iterable[BodyRoles] = ()) -> None:
    """Save the agreement again with this ``roles:`` section (as ``avtalsbot import`` would)."""
    agreement = next(a for a in store.agreements() if a.id == agreement_id)
    store.save_agreements([agreement.model_copy(update={
        "roles": Roles(centres=tuple(centres), bodies=tuple(bodies))})])


def set_centre_roles(store: SqlStore, *, coordinator: str, steering: str,
                     channels: Sequence[str]) -> None:
    """Every one of ``channels`` a family centre of the agreement with the instrument, with
    ``coordinator`` as its coordinator and ``steering`` as its steering-group channel."""
    agreement = next(a for a in store.agreements() if a.instrument is not None)
    set_roles(store, agreement.id, centres=[
        CentreRoles(channel=c, coordinators=(coordinator,), steering_channel=steering)
        for c in channels])


class Directory:
    """Channel members as given; administrators as given (nobody by default)."""

    def __init__(self, members: dict[str, list[str]] | None = None,
                 admins: Iterable[str] = ()) -> None:
        self.members = members if members is not None else {}
        self.admins = set(admins)

    def human_members(self, channel: str) -> Sequence[str]:
        return self.members.get(channel, [])

    def is_member(self, channel: str, user: str) -> bool:
        return user in self.members.get(channel, [])

    def is_admin(self, user: str) -> bool:
        return user in self.admins

    def user_by_email(self, email: str) -> str | None:
        return None
