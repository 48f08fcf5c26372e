"""`avtalsbot serve`: the bot in Slack (Socket Mode with SLACK_APP_TOKEN, otherwise HTTP)."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import EXIT_INPUT, Add, SubParsers, settings_message
from bot.settings import Settings


def problems(settings: Settings) -> list[str]:
    """Every setting `serve` cannot start with, beyond those that failed to parse."""
    from bot import server  # Bolt, waitress and the Slack SDK load only for serve

    return server.startup_problems(settings)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot import server

    found = problems(settings)
    if found:
        print(settings_message(found), file=sys.stderr)
        return EXIT_INPUT
    return server.serve(settings)


def register(sub: SubParsers, add: Add) -> None:
    add("serve", cmd_serve, "Kör boten i Slack (Socket Mode med SLACK_APP_TOKEN, annars HTTP).")
