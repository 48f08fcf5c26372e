"""The command table: one place lists every command, its Swedish and English words, its
handler and its help line. ``/avtal hjälp`` is generated from it, and the router reads it.

A domain contributes its commands as a ``COMMANDS`` tuple and its button handlers as an
``ACTIONS`` mapping in its ``command`` module; ``commands.routing.catalog`` gathers them.
This module only defines what a command is, so every domain can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commands.core.answers import Answer
from commands.core.context import Request
from commands.core.ports import Store

# Folded words that ask for a date ("när är …?", "when is …?"). Every dated command
# (deadlines, årshjul, möten) has them among its triggers and costs has not: a when-question
# about a topic two commands share ("kvalitetsgranskningen") is about its date, not its cost.
WHEN_WORDS = ("nar", "when")

Handler = Callable[[Request, Store], Answer]
ActionHandler = Callable[[Request, str, Store], Answer]


@dataclass(frozen=True)
class Command:
    """One command.

    ``words`` are folded leading words (``/avtal kostnad …``, ``cost …``); ``triggers`` are
    folded words that, anywhere in a free question, point to this command ("betalar",
    "pay"). ``prefix_triggers`` match the start of a word ("styrgruppsmote" -> "styrgrupp").
    ``names_alone``: a message that matches no command and does nothing but name parties
    ("Krokom", "krokom?") goes to the command that sets this; the first one in the table.
    """

    name: str
    words: tuple[str, ...]
    handler: Handler
    help_sv: str
    help_en: str
    usage: str
    example_sv: str
    example_en: str
    triggers: tuple[str, ...] = ()
    prefix_triggers: tuple[str, ...] = ()
    names_alone: bool = False
    # The words after the command word -> True when answering reads Slack at length (a
    # channel's members and their locales): the Slack listener then acknowledges first and
    # answers afterwards, within Slack's three seconds whatever the channel's size.
    takes_time: Callable[[str], bool] | None = None
    # True for a free question this command answers whatever other commands' words it holds
    # ("hur lägger jag till ett möte?", "vem är ordförande i styrgruppen?"): it is routed here,
    # and the clauses are not searched for it.
    claims: Callable[[Request], bool] | None = None
