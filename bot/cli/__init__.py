"""The `avtalsbot` command: one module per group of subcommands, registered from here.

Every subcommand goes through the same brain and store as Slack. Bad input ends with a
message that names the file, line and field, and a non-zero exit code — never a traceback.
The group modules import only ``bot.cli.common``, never this module, so there is no cycle.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from pydantic import ValidationError

from bot import logs
from bot.cli import (
    agreements,
    audit,
    authoring,
    calendar,
    chat,
    costs,
    doctor,
    nudges,
    purge,
    reflection,
    serve,
)
from bot.cli.common import (
    EXIT_INPUT,
    Handler,
    settings_message,
    settings_problems,
    settings_without,
)
from bot.settings import Settings
from commands.core.errors import InputError

GROUPS = (chat, agreements, authoring, serve, doctor, nudges, calendar, costs, reflection, audit,
          purge)


def _version() -> str:
    try:
        return version("avtalsbot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "okänd version (inte installerad)"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="avtalsbot",
        description="Avtalsbot: kostnader, möten, deadlines och självreflektion för "
        "samverkansavtal — i Slack, i konsolen och på kommandoraden.",
    )
    root.add_argument("--version", action="version", version=f"avtalsbot {_version()}")
    sub = root.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    for group in GROUPS:
        group.register(sub, add)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:  # bad environment variables: all of them, no traceback
        problems = settings_problems(error)
        if args.handler is serve.cmd_serve:  # and what else serve would refuse, in one go
            problems += serve.problems(settings_without(error))
        print(settings_message(problems), file=sys.stderr)
        return EXIT_INPUT
    logs.setup(settings.log_level, settings.log_format)
    try:
        return int(args.handler(args, settings))
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
