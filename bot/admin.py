"""Operator subcommands beyond chat: serve (Slack), nudges, calendar."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from bot.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot import server

    return server.serve(settings)


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    add("serve", cmd_serve, "Kör boten i Slack (Socket Mode med SLACK_APP_TOKEN, annars HTTP).")
    from bot import calendar_file, nudger

    nudger.register(sub, add)
    calendar_file.register(sub, add)
