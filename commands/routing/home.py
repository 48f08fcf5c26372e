"""The App Home tab: what is coming up for the person who opens it.

Each domain module may offer ``home_section(request, store) -> Answer | None`` (upcoming
deadlines, open reflection rounds with the user's own progress …); the home is those
sections in the order of the command table, under a greeting.

The home is personal: a section sees only the agreements the person belongs to — those with
a channel the person is a member of (Slack's member lists, through the Directory port) — so
the deadlines listed are theirs. A module whose section is personal by its own rule sets
``HOME_IS_PERSONAL = True`` and sees every agreement. Where the directory cannot say (the
one-shot CLI), every agreement is shown and the home says so.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Code, Many, Message, Strong, Text, rich
from commands.core.context import Request
from commands.core.ports import Memberships, Store
from commands.core.text import say
from commands.routing.catalog import modules


def their_agreements(agreements: Sequence[Agreement], channels: Sequence[str]
                     ) -> tuple[Agreement, ...]:
    """The agreements with a channel among ``channels`` (by Slack id, or by #name)."""
    mine = {c.lstrip("#").casefold() for c in channels}
    return tuple(a for a in agreements if any(
        (c.slack_channel and c.slack_channel.casefold() in mine)
        or c.name.lstrip("#").casefold() in mine for c in a.channels))


def personal_store(request: Request, store: Store) -> tuple[Store, int | None]:
    """The store as this person's home sees it (only their agreements), and how many
    agreements that is — None when the directory cannot say which channels they are in."""
    directory = request.directory
    channels = directory.channels_of(request.user) if isinstance(directory, Memberships) else None
    if channels is None:
        return store, None
    mine = their_agreements(store.agreements(), channels)
    # A shallow copy keeps everything else the store can do (reflection rounds, nudge records)
    # and the same connections; only the agreements it lists are narrowed.
    narrowed = copy.copy(store)
    setattr(narrowed, "agreements", lambda: mine)  # noqa: B010 - an instance override
    return narrowed, len(mine)


def home(request: Request, store: Store) -> Many:
    lang = request.lang
    theirs, count = personal_store(request, store)
    scope: Text
    if count is None:
        scope = say(lang, "Jag kan inte se vilka kanaler du är med i, så här visas alla avtal.",
                    "I cannot see which channels you are in, so every agreement is shown.")
    elif count == 0:
        scope = say(lang, "Du är inte med i någon av avtalens kanaler, så inga deadlines visas "
                          "här.",
                    "You are in none of the agreements' channels, so no deadlines are shown "
                    "here.")
    else:
        scope = say(lang, f"Här visas de {count} avtal vars kanaler du är med i.",
                    f"Shown here: the {count} agreements whose channels you are in.")
    greeting = Message(
        lang=lang,
        text=rich(Strong("Avtalsbot"), say(
            lang, " — kostnader, möten, deadlines och självreflektion för era samverkansavtal.",
            " — costs, meetings, deadlines and self-reflection for your cooperation "
            "agreements.")),
        details=(say(lang, rich("Fråga mig i ett DM eller med ", Code("/avtal"), ", t.ex. ",
                                Code("/avtal vad betalar Krokom 2026?")),
                     rich("Ask me in a DM or with ", Code("/avtal"), ", e.g. ",
                          Code("/avtal what does Krokom pay in 2026?"))), scope),
    )
    sections: list[Answer] = [greeting]
    for module in modules():
        section = getattr(module, "home_section", None)
        if section is not None:
            # A section that is personal by its own rule (reflection: the person's rounds)
            # sees every agreement; the others see only the person's.
            whole = getattr(module, "HOME_IS_PERSONAL", False)
            answer = section(request, store if whole else theirs)
            if answer is not None:
                sections.append(answer)
    return Many(lang=lang, parts=tuple(sections))
