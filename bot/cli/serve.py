"""`avtalsbot serve`: the bot in Slack (Socket Mode with SLACK_APP_TOKEN, otherwise HTTP)."""

from __future__ import annotations

import argparse

from bot.cli.common import Add, SubParsers
from bot.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot import server  # Bolt, waitress and the Slack SDK load only for serve

    return server.serve(settings)


def register(sub: SubParsers, add: Add) -> None:
    add("serve", cmd_serve, "Kör boten i Slack (Socket Mode med SLACK_APP_TOKEN, annars HTTP).")
