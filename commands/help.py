"""`hjälp` / `help`: the command list, generated from the command table."""

from __future__ import annotations

from commands.answers import Answer, HelpAnswer, HelpEntry
from commands.context import Request
from commands.ports import Store
from commands.table import Command, commands
from commands.text import inert, say


def help_answer(request: Request, *, understood: bool = True) -> HelpAnswer:
    """The command list; when ``understood`` is False it opens by saying so, so a user who
    asked something unexpected knows the list is not the answer to their question."""
    lang = request.lang
    entries = tuple(
        HelpEntry(
            usage=command.usage,
            summary=say(lang, command.help_sv, command.help_en),
            example=say(lang, command.example_sv, command.example_en),
        )
        for command in commands()
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


def handle(request: Request, store: Store) -> Answer:
    return help_answer(request)


COMMANDS = (
    Command(
        name="hjälp",
        words=("hjalp", "help", "kommandon", "commands"),
        handler=handle,
        help_sv="Visar vad jag kan svara på.",
        help_en="Shows what I can answer.",
        usage="hjälp",
        example_sv="/avtal hjälp",
        example_en="/avtal help",
    ),
)
