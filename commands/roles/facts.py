"""The asker's facts for ``rules``: read from the ``Directory`` port (Slack, or the
console's simulated users) and the store, only when a privileged action asks for them —
a vote never pays for a role lookup.

A request without a directory comes from the command line (``avtalsbot ask``): whoever
runs it holds the database, so it is treated as the operator.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from commands.core.context import Request
from commands.core.ports import Directory, RoleGrant, RoleRecords, Store
from commands.roles.rules import Asker, file_grants

log = logging.getLogger(__name__)


def asker_of(request: Request, store: Store) -> Asker:
    directory = request.directory
    if directory is None:
        return Asker(request.user, operator=True)
    grants = all_grants(store, directory)
    return Asker(request.user, is_admin=_is_admin(directory, request.user),
                 roles=tuple(g for g in grants if g.user == request.user))


def all_grants(store: Store, directory: Directory | None) -> list[RoleGrant]:
    """Every role: the files' (e-mail addresses resolved to Slack ids where the directory
    can) and those granted in chat."""
    grants = [_resolved(g, directory) for g in file_grants(store.agreements())]
    if isinstance(store, RoleRecords):
        grants += store.role_grants()
    return grants


def in_channel(request: Request, channel: str | None) -> bool:
    """Whether the asker is in ``channel``; a channel that cannot be read counts as no."""
    if channel is None or request.directory is None:
        return False
    if channel == request.channel and channel.startswith("D"):
        return False  # a DM is no one's responsible channel
    try:
        return request.directory.is_member(channel, request.user)
    except Exception:  # Slack says no (not in the channel, …): not a member, as far as we know
        log.warning("could not read the members of a channel")
        return False


def _is_admin(directory: Directory, user: str) -> bool:
    try:
        return directory.is_admin(user)
    except Exception:  # users.info failed: no admin rights on a guess
        log.warning("could not look up whether a user is an administrator")
        return False


def _resolved(grant: RoleGrant, directory: Directory | None) -> RoleGrant:
    if "@" not in grant.user or directory is None:
        return grant
    try:
        user = directory.user_by_email(grant.user)
    except Exception:
        log.warning("could not look up a role holder's e-mail address")
        user = None
    return replace(grant, user=user) if user else grant


def people(grants: Sequence[RoleGrant]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.user for g in grants))
