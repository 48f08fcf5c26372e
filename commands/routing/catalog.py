"""The catalogue of every domain's commands and buttons, in the order the router prefers them.

The one place that knows every domain: it sits above them (they import the ``Command`` type
from ``commands.core.registry``, never this module), so the table has no import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import ModuleType

from commands.calendar import command as ical
from commands.core.answers import Answer
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import ActionHandler, Command
from commands.costs import command as costs
from commands.deadlines import command as deadlines
from commands.knowledge import command as knowledge
from commands.meetings import command as meetings
from commands.nudges import command as nudges
from commands.reflection import command as reflection
from commands.roles import command as roles
from commands.routing.help import help_answer, is_small_talk, small_talk


@cache
def modules() -> tuple[ModuleType, ...]:
    """The domain modules, in the order the router should prefer their commands."""

    # Order matters: when a free question matches several commands equally, the first wins.
    # Knowledge last: it has no trigger words and takes what the others leave (see router).
    return (costs, deadlines, meetings, ical, nudges, reflection, roles, knowledge)


@cache
def commands() -> tuple[Command, ...]:
    """Every command; help comes last, as it is the fallback."""
    found = tuple(c for module in modules() for c in getattr(module, "COMMANDS", ()))
    return (*found, HELP)


@cache
def actions() -> Mapping[str, ActionHandler]:
    merged: dict[str, ActionHandler] = {}
    for module in modules():
        merged.update(getattr(module, "ACTIONS", {}))
    return merged


def _help(request: Request, store: Store) -> Answer:
    if is_small_talk(request):  # "hej", "tack!", "vad kan du?"
        return small_talk(request, commands())
    return help_answer(request, commands())


HELP = Command(
    name="hjälp",
    words=("hjalp", "help", "kommandon", "commands"),
    handler=_help,
    help_sv="Visar vad jag kan svara på.",
    help_en="Shows what I can answer.",
    usage="hjälp",
    example_sv="/avtal hjälp",
    example_en="/avtal help",
    claims=is_small_talk,
)
