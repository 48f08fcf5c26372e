"""Ready-made permission checks for the domains' call sites: the decision from ``rules`` over
the facts from ``facts``, turned into the refusal to show — or None when the asker may."""

from __future__ import annotations

from commands.core.answers import Problem
from commands.core.context import Request
from commands.core.ports import Store
from commands.roles.facts import all_grants, asker_of
from commands.roles.rules import Refused, may_run_round
from commands.roles.wording import refusal


def round_refusal(request: Request, store: Store, centre_channel: str) -> Problem | None:
    """Starting, reminding and closing a centre's rounds, and its joint view and goals: the
    refusal for someone who is not its coordinator (nor an administrator), or None."""
    decision = may_run_round(asker_of(request, store), centre_channel=centre_channel,
                             grants=all_grants(store, request.directory))
    if not isinstance(decision, Refused):
        return None
    return refusal(decision, request.lang, grant_example=f"/avtal roll ge @{request.user} "
                   f"samordnare #{centre_channel}")
