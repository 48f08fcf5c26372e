"""The `avtalsbot` command: one module per group of subcommands, listed in one table.

Every subcommand goes through the same brain and store as Slack. Bad input ends with a
message that names the file, line and field, and a non-zero exit code — never a traceback.
The table (``bot.cli.subcommands``) names each handler, and a group's module is imported only
when one of its subcommands runs: `avtalsbot ask` does not load Alembic, Bolt or icalendar.
The group modules import only ``bot.cli.common``, never this module, so there is no cycle.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from pydantic import ValidationError

from bot import logs
from bot.cli import subcommands
from bot.cli.common import (
    EXIT_INPUT,
    settings_message,
    settings_problems,
    settings_without,
)
from bot.settings import Settings
from commands.core.errors import InputError


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only for --version

    try:
        return version("avtalsbot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "okänd version (inte installerad)"


class _Version(argparse.Action):
    """argparse's ``version`` action, with the installed version looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                         nargs=0, help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"avtalsbot {_version()}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="avtalsbot",
        description="Avtalsbot: kostnader, möten, deadlines och självreflektion för "
        "samverkansavtal — i Slack, i konsolen och på kommandoraden.",
    )
    root.add_argument("--version", action=_Version)
    sub = root.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    def add(name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    subcommands.register(add)
    return root


@contextmanager
def _start_up(*, program: bool) -> Iterator[None]:
    """Loading a handler's modules without the cyclic garbage collector, then keeping what they
    made out of its scans.

    Importing the store, the models and the domains makes some 100 000 objects that live as
    long as the process; the collector walked them again and again while they loaded and once
    more at exit — a quarter of `avtalsbot ask`'s time. ``gc.freeze`` moves them to the
    permanent generation (as servers do after start-up); the collector is on again for
    everything after. Only when run as the program: a test calling ``main`` keeps its own.
    """
    if not program:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; ``argv`` None: as the program (`avtalsbot`, ``python -m bot.cli``)."""
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:  # bad environment variables: all of them, no traceback
        problems = settings_problems(error)
        if args.handler == "serve:cmd_serve":  # and what else serve would refuse, in one go
            from bot.cli import serve

            problems += serve.problems(settings_without(error))
        print(settings_message(problems), file=sys.stderr)
        return EXIT_INPUT
    logs.setup(settings.log_level, settings.log_format)
    try:
        with _start_up(program=argv is None):
            handler = subcommands.handler(args.handler)
        return int(handler(args, settings))
    except InputError as error:
        print(f"avtalsbot: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `avtalsbot ask … | head`: the reader left; nothing to report
        sys.stderr.close()
        return 0
    except Exception as error:  # a last guard: say what failed, without a traceback
        logging.getLogger("avtalsbot").debug("failed", exc_info=True)
        print(f"avtalsbot: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INPUT
