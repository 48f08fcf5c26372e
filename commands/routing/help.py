"""`hjälp` / `help`: the command list, generated from the command table.

The table is passed in (``commands.routing.catalog`` owns it), so help needs no import of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz, process

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Code, HelpAnswer, HelpEntry, Message, Quote, Text, rich
from commands.core.context import Lang, Request
from commands.core.registry import Command
from commands.core.text import fold, inert, say, words

_CLOSE = 80.0


# Whole messages that greet, thank or ask what the bot is ("hej", "tack!", "vad kan du?"):
# a first message in a DM is often one of these, and none of them is a question about the
# agreements (before, "tack!" got a clause on socialtjänst). A thank-you may go on only with
# thanking words: "tack, vad kostar CMV?" is the question.
_GREETING = re.compile(r"^(?:hej|hejsan|hallo|tja|tjena|god\s+(?:morgon|dag|kvall)|"
                       r"(?P<en>hi|hello|hey))"
                       r"(?:\s+(?:avtalsbot|bot|pa\s+dig|there))?$")
_THANKS = re.compile(r"^(?:(?:tack|tackar|tusen\s+tack|stort\s+tack|(?P<en>thanks|thank\s+you|"
                     r"thx))(?:\s+(?:sa|mycket|hemskt|for|hjalpen|svaret|det|snalla|ska|du|ha|"
                     r"igen|avtalsbot|bot|so|much|a|lot|again))*"
                     r"|(?P<fine>toppen|perfekt|bra|ok|okej|great)(?:\s+tack)?)$")
_WHAT_ARE_YOU = re.compile(r"^(?:vad\s+kan\s+(?:du|jag\s+fraga(?:\s+om)?)|"
                           r"vad\s+ar\s+(?:du|avtalsbot)|"
                           r"hur\s+(?:funkar|fungerar)\s+(?:du|avtalsbot)|what\s+can\s+you\s+do|"
                           r"what\s+are\s+you|what\s+is\s+avtalsbot|how\s+do\s+you\s+work)$")


def is_small_talk(request: Request) -> bool:
    """A greeting, a thank-you or "vad kan du?", and nothing else."""
    said = " ".join(words(request.text))
    return bool(_GREETING.match(said) or _THANKS.match(said) or _WHAT_ARE_YOU.match(said))


def small_talk(request: Request, table: Sequence[Command]) -> Answer:
    """ "tack!" gets a short welcome, "ok" a nod; a greeting or "vad kan du?" the command
    list, a greeting with a greeting first."""
    said = " ".join(words(request.text))
    thanks = _THANKS.match(said)
    if thanks is not None:
        lang: Lang = "en" if thanks["en"] else request.lang
        if thanks["fine"]:
            return Message(lang=lang, text=say(lang, "Fint! Fråga gärna igen om något mer.",
                                               "Good! Ask again any time."))
        return Message(lang=lang, text=say(lang, "Varsågod! Fråga gärna igen.",
                                           "You're welcome! Ask again any time."))
    greeting = _GREETING.match(said)
    if greeting is not None and greeting["en"]:
        request = replace(request, lang="en")
    listing = help_answer(request, table)
    if greeting is not None:
        return replace(listing, intro=rich(say(request.lang, "Hej! ", "Hi! "), listing.intro))
    return listing


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
