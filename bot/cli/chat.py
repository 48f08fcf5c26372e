"""`avtalsbot ask` and `avtalsbot console`: the chat surfaces of the command line."""

from __future__ import annotations

import argparse

from bot.cli.common import EXIT_INPUT, Add, SubParsers, cli_store, iso_date
from bot.render import to_text
from bot.service import Brain
from bot.settings import Settings
from commands.core.answers import HelpAnswer, Problem


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    brain = Brain(cli_store(settings), today=args.today)
    answer = brain.ask(" ".join(args.text), user=args.user, channel=args.channel)
    print(to_text(answer))
    could_not_answer = isinstance(answer, Problem) or (
        isinstance(answer, HelpAnswer) and not answer.understood)
    return EXIT_INPUT if could_not_answer else 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot import console

    return console.run(Brain(cli_store(settings), today=args.today), user=args.user,
                       channel=args.channel)


def _chat_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=iso_date, help="låtsas att det är detta datum (ÅÅÅÅ-MM-DD)")
    p.add_argument("--user", default="console", help="användar-id (t.ex. U123)")
    p.add_argument("--channel", default="console", help="kanal-id (t.ex. C123)")


def register(sub: SubParsers, add: Add) -> None:
    ask = add("ask", cmd_ask, "Ställ en fråga och skriv ut svaret.")
    ask.add_argument("text", nargs="+", help='frågan, t.ex. "vad betalar Krokom 2026?"')
    _chat_options(ask)
    _chat_options(add("console", cmd_console, "Chatta med boten i terminalen."))
