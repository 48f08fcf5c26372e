"""`hjälp` / `help`: the command list, generated from the command table.

The table is passed in (``commands.routing.catalog`` owns it), so help needs no import of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from commands.core.answers import HelpAnswer, HelpEntry
from commands.core.context import Request
from commands.core.registry import Command
from commands.core.text import inert, say


def help_answer(request: Request, table: Sequence[Command], *,
                understood: bool = True) -> HelpAnswer:
    """The command list; when ``understood`` is False it opens by saying so, so a user who
    asked something unexpected knows the list is not the answer to their question."""
    lang = request.lang
    entries = tuple(
        HelpEntry(
            usage=command.usage,
            summary=say(lang, command.help_sv, command.help_en),
            example=say(lang, command.example_sv, command.example_en),
        )
        for command in table
    )
    intro = say(
        lang,
        "Jag svarar på frågor om samverkansavtalen: kostnader, möten och deadlines. "
        "Skriv `/avtal` följt av ett kommando, eller fråga fritt.",
        "I answer questions about the cooperation agreements: costs, meetings and deadlines. "
        "Type `/avtal` and a command, or just ask.",
    )
    if not understood:
        intro = say(
            lang,
            f"Jag förstod inte riktigt \"{inert(request.text.strip())}\". Så här kan du fråga:",
            f"I didn't quite understand \"{inert(request.text.strip())}\". "
            "Here is what you can ask:",
        )
    return HelpAnswer(lang=lang, intro=intro, entries=entries, understood=understood)
