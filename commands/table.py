"""The command table: one place lists every command, its Swedish and English words, its
handler and its help line. ``/avtal hjälp`` is generated from it, and the router reads it.

A domain module contributes its commands as a ``COMMANDS`` tuple and its button handlers
as an ``ACTIONS`` mapping; this module only gathers them, in the order the router should
prefer them when a question matches several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from commands.answers import Answer
from commands.context import Request
from commands.ports import Store

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


@cache
def modules() -> tuple[ModuleType, ...]:
    """The domain modules, in the order the router should prefer their commands."""
    # Imported here, not at module top, because the domain modules import Command from us.
    from commands import costs, deadlines, ical, meetings, nudges, reflection
    from commands import help as help_command

    # Order matters: when a free question matches several commands equally, the first wins.
    # Help comes last: it is the fallback.
    modules = [costs, deadlines, meetings, ical, nudges, reflection, help_command]
    return tuple(modules)


@cache
def commands() -> tuple[Command, ...]:
    return tuple(c for module in modules() for c in getattr(module, "COMMANDS", ()))


@cache
def actions() -> Mapping[str, ActionHandler]:
    merged: dict[str, ActionHandler] = {}
    for module in modules():
        merged.update(getattr(module, "ACTIONS", {}))
    return merged
