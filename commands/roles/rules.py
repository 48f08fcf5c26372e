"""Who may do what: pure decisions over the asker's facts (issue 11).

The facts — is the asker an administrator, which roles they hold, whether they are in a
channel — are gathered by ``commands.roles.facts`` from the ``Directory`` port and the
store; here they are plain values, so every decision is a function that can be tested
without Slack. A refusal names who may do it instead, so the wording can say whom to ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from commands.core.agreement import Agreement
from commands.core.ports import RoleGrant, RoleName

# What a refusal is about; the wording has a sentence for each.
Privilege = Literal[
    "meetings",  # add, move or delete a body's meeting
    "mark_done",  # mark a deadline occurrence done
    "round",  # start, remind, close a round; record joint view and goals
    "results_target",  # send a round's results somewhere other than the steering channel
    "share_result",  # show or post a closed round's result or CSV outside the steering channel
    "admin",  # grant or revoke roles, read the audit trail
]


@dataclass(frozen=True)
class Asker:
    """What is known about the person asking. ``operator``: the command line or the console's
    own user — whoever runs it holds the database itself, so a rule would only pretend."""

    user: str
    is_admin: bool = False
    roles: tuple[RoleGrant, ...] = ()
    operator: bool = False

    @property
    def administers(self) -> bool:
        return self.is_admin or self.operator

    def holds(self, roles: Iterable[RoleName], *, agreement_id: str | None, scope: str) -> bool:
        wanted = set(roles)
        return any(g.role in wanted and g.scope == scope
                   and (agreement_id is None or g.agreement_id == agreement_id)
                   for g in self.roles)


@dataclass(frozen=True)
class Allowed:
    pass


@dataclass(frozen=True)
class Refused:
    """Not allowed. ``holders``: who holds the role that would allow it (user ids);
    ``scope``: the body (``agreement/body``) or channel the role is for."""

    privilege: Privilege
    holders: tuple[str, ...] = ()
    scope: str = ""
    role: RoleName | None = None


Decision = Allowed | Refused
ALLOWED = Allowed()

MEETING_ROLES: tuple[RoleName, ...] = ("chair", "secretary")


def holders_of(grants: Sequence[RoleGrant], roles: Iterable[RoleName], *,
               agreement_id: str | None, scope: str) -> tuple[str, ...]:
    wanted = set(roles)
    return tuple(dict.fromkeys(
        g.user for g in grants if g.role in wanted and g.scope == scope
        and (agreement_id is None or g.agreement_id == agreement_id)))


def may_change_meetings(asker: Asker, *, agreement_id: str, body_key: str,
                        grants: Sequence[RoleGrant]) -> Decision:
    """A body's meetings move the deadlines and nudges tied to them: only its chair or
    secretary, or an administrator, may add, move or delete one."""
    if asker.administers or asker.holds(MEETING_ROLES, agreement_id=agreement_id,
                                        scope=body_key):
        return ALLOWED
    return Refused("meetings", role="chair", scope=f"{agreement_id}/{body_key}",
                   holders=holders_of(grants, MEETING_ROLES, agreement_id=agreement_id,
                                      scope=body_key))


def may_mark_done(asker: Asker, *, channel: str | None, in_channel: bool) -> Decision:
    """Marking done stops the nudges for everyone: only the members of the channel that is
    responsible for the deadline (where it is nudged), or an administrator."""
    if asker.administers or (channel is not None and in_channel):
        return ALLOWED
    return Refused("mark_done", scope=channel or "")


def may_run_round(asker: Asker, *, centre_channel: str, grants: Sequence[RoleGrant]
                  ) -> Decision:
    """Start, remind and close a round, record the joint view and goals: the centre's
    coordinators (by its channel) or an administrator — being in the channel is not enough,
    and not being in it does not matter to a coordinator starting from App Home."""
    if asker.administers or asker.holds(("coordinator",), agreement_id=None,
                                        scope=centre_channel):
        return ALLOWED
    return Refused("round", role="coordinator", scope=centre_channel,
                   holders=holders_of(grants, ("coordinator",), agreement_id=None,
                                      scope=centre_channel))


def may_send_results_to(asker: Asker, *, target: str | None, steering_channel: str | None
                        ) -> Decision:
    """A centre's results go to its steering-group channel, or to the coordinator's own DM
    (``target`` is the asker's user id). Another channel only an administrator may choose —
    the same people who set the steering channel in the agreement file."""
    if target is None or target == steering_channel or target == asker.user or asker.administers:
        return ALLOWED
    return Refused("results_target", scope=steering_channel or "")


def may_share_result(asker: Asker, *, channel: str | None, steering_channel: str | None,
                     centre_channel: str) -> Decision:
    """A closed round's result (or CSV) may be shown in the steering channel; anywhere else
    only to the centre's coordinators or an administrator, and only privately (a DM, or the
    command line) — a post in another channel would show it to people it was not for."""
    if channel is not None and channel == steering_channel:
        return ALLOWED
    private = channel is None or channel.startswith("D")
    if private and (asker.administers or asker.holds(("coordinator",), agreement_id=None,
                                                      scope=centre_channel)):
        return ALLOWED
    return Refused("share_result", scope=steering_channel or "")


def may_administer(asker: Asker) -> Decision:
    """Roles and the audit trail are for administrators."""
    return ALLOWED if asker.administers else Refused("admin")


def file_grants(agreements: Sequence[Agreement]) -> list[RoleGrant]:
    """The roles written in the agreement files, as grants (people as written: ids or
    e-mail addresses)."""
    grants: list[RoleGrant] = []
    for agreement in agreements:
        if agreement.roles is None:
            continue
        for body in agreement.roles.bodies:
            grants += [RoleGrant("chair", p, agreement.id, body.body, "file") for p in body.chair]
            grants += [RoleGrant("secretary", p, agreement.id, body.body, "file")
                       for p in body.secretary]
        for centre in agreement.roles.centres:
            grants += [RoleGrant("coordinator", p, agreement.id, centre.channel, "file")
                       for p in centre.coordinators]
    return grants


def steering_channel_of(agreements: Sequence[Agreement], centre_channel: str,
                        configured: str | None) -> str | None:
    """Where a centre's results go: the file's ``steering_channel`` for that centre, else
    the agreement's configured results channel (``configured``)."""
    for agreement in agreements:
        for centre in agreement.roles.centres if agreement.roles else ():
            if centre.channel == centre_channel and centre.steering_channel:
                return centre.steering_channel
    return configured
