"""`avtalsbot ask` and `avtalsbot console`: the chat surfaces of the command line."""

from __future__ import annotations

import argparse

from bot.cli.common import EXIT_INPUT, cli_store
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
