"""`hjälp` / `help`: the command list, generated from the command table.

The table is passed in (``commands.routing.catalog`` owns it), so help needs no import of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement
from commands.core.answers import Code, HelpAnswer, HelpEntry, Quote, Text, rich
from commands.core.context import Request
from commands.core.registry import Command
from commands.core.text import fold, inert, say, words

_CLOSE = 80.0


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
    intro: Text = say(
        lang,
        rich("Jag svarar på frågor om samverkansavtalen: kostnader, möten, deadlines och vad "
             "avtalen säger. Skriv ", Code("/avtal"), " följt av ett kommando, eller fråga fritt."),
        rich("I answer questions about the cooperation agreements: costs, meetings, deadlines "
             "and what the agreements say. Type ", Code("/avtal"), " and a command, or just ask."),
    )
    if not understood:
        asked = Quote(request.text.strip())
        intro = say(lang, rich("Jag förstod inte riktigt \"", asked, "\". Så här kan du fråga:"),
                    rich("I didn't quite understand \"", asked, "\". Here is what you can ask:"))
    return HelpAnswer(lang=lang, intro=intro, entries=entries, understood=understood)


def not_understood(request: Request, table: Sequence[Command],
                   agreements: Sequence[Agreement]) -> HelpAnswer:
    """A short reply to a question no command could place: what was not understood, "Menade
    du …?" when a word is close to one I know, and three examples near the words used. The
    whole command list stays behind ``hjälp``."""
    lang = request.lang
    asked = [w for w in words(request.text) if len(w) > 2]
    known: dict[str, str] = {}
    for command in table:
        for word in (*command.words, *command.triggers):
            known.setdefault(word, word)
    for agreement in agreements:
        for name in (agreement.short_name, *(p.short_name for p in agreement.parties)):
            known.setdefault(fold(name), name)
    # Only close words are offered: a far guess ("blorp" -> "Borås") helps no one.
    close = tuple(dict.fromkeys(
        known[match] for w in asked if w not in known
        for match, _, _ in process.extract(w, list(known), scorer=fuzz.ratio, limit=1,
                                           score_cutoff=_CLOSE)))
    ranked = sorted(table[:-1] if table and table[-1].name == "hjälp" else table,
                    key=lambda c: -_nearness(asked, c))
    entries = tuple(
        HelpEntry(usage=c.usage, summary=say(lang, c.help_sv, c.help_en),
                  example=say(lang, c.example_sv, c.example_en))
        for c in ranked[:3])
    text = inert(request.text.strip())
    guess = say(lang, f" Menade du {' eller '.join(close[:3])}?",
                f" Did you mean {' or '.join(close[:3])}?") if close else ""
    intro = rich(
        say(lang, f"Jag förstod inte riktigt \"{text}\".{guess} Till exempel kan du fråga så "
                  "här (hela listan får du med ",
            f"I didn't quite understand \"{text}\".{guess} You could ask like this (the "
            "whole list: "),
        Code(say(lang, "hjälp", "help")), "):")
    return HelpAnswer(lang=lang, intro=intro, entries=entries, understood=False)


def _nearness(asked: Sequence[str], command: Command) -> float:
    """How close the words used are to a command's words, triggers and example (0–100)."""
    vocabulary = [*command.words, *command.triggers,
                  *words(command.example_sv), *words(command.example_en)]
    if not asked or not vocabulary:
        return 0.0
    return sum(max(fuzz.ratio(w, v) for v in vocabulary) for w in asked) / len(asked)
