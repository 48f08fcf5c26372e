"""Who does what in an agreement: the ``roles`` part of an agreement file.

Chairs and secretaries per body, coordinators and the steering channel per family centre.
People are Slack user ids or e-mail addresses that Slack resolves when the bot needs them;
the permission rules that read these live in ``commands.roles``.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from commands.core.facts import Fact, Key

# A Slack user id (U…, W… for Enterprise Grid) or an e-mail address that Slack resolves
# (users.lookupByEmail) when the bot needs the person.
_PERSON = re.compile(r"^([UW][A-Z0-9]{2,20}|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def _person(value: str) -> str:
    if len(value) > 254 or not _PERSON.match(value):
        raise ValueError("ska vara ett Slack-användar-id (U…) eller en e-postadress")
    return value


Person = Annotated[str, AfterValidator(_person)]
SlackChannelId = Annotated[str, Field(pattern=r"^[CG][A-Z0-9]{2,20}$")]


class BodyRoles(Fact):
    """Who may change a body's meetings: its chair (*ordförande*) and secretary."""

    body: Key = Field(description="Gruppens nyckel (bodies)")
    chair: tuple[Person, ...] = Field(default=(), description=(
        "Ordförande: Slack-id eller e-postadress"))
    secretary: tuple[Person, ...] = Field(default=(), description=(
        "Sekreterare: Slack-id eller e-postadress"))


class CentreRoles(Fact):
    """A family centre, known by its Slack channel: its coordinators (*samordnare*) start,
    remind and close rounds and record the joint view and goals; its results go to
    ``steering_channel`` only (or a coordinator's own DM)."""

    channel: SlackChannelId = Field(description="Familjecentralens Slack-kanal (id), C0…")
    name: str | None = Field(default=None, max_length=200, description="Centralens namn")
    coordinators: tuple[Person, ...] = Field(default=(), description=(
        "Samordnare: Slack-id eller e-postadress"))
    steering_channel: SlackChannelId | None = Field(default=None, description=(
        "Styrgruppens Slack-kanal (id) dit resultaten går"))


class Roles(Fact):
    bodies: tuple[BodyRoles, ...] = Field(default=(), description="Gruppernas roller")
    centres: tuple[CentreRoles, ...] = Field(default=(), description="Familjecentralerna")
