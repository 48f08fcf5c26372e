"""`avtalsbot serve`: the bot in Slack (Socket Mode with SLACK_APP_TOKEN, otherwise HTTP).

A service names its database: ``serve`` refuses to start on the default
``sqlite:///avtalsbot.db``, which is relative to the folder it happens to be started from —
a unit or a container started elsewhere would otherwise get a fresh, empty database and
answer from it without anyone noticing. The location it uses is printed at start.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot import server
from bot.cli.common import EXIT_INPUT, database_location, settings_message
from bot.settings import Settings

_NO_DATABASE = (
    "AVTALSBOT_DATABASE_URL saknas. En tjänst ska ange sin databas, annars hamnar den i mappen "
    "den råkar startas från ({where}). Sätt t.ex. "
    "AVTALSBOT_DATABASE_URL=postgresql://avtalsbot@localhost/avtalsbot eller "
    "AVTALSBOT_DATABASE_URL=sqlite:////var/lib/avtalsbot/avtalsbot.db "
    "(fyra snedstreck: en absolut sökväg).")


def problems(settings: Settings) -> list[str]:
    """Every setting `serve` cannot start with, beyond those that failed to parse."""
    found = []
    if "database_url" not in settings.model_fields_set:
        found.append(_NO_DATABASE.format(where=database_location(settings.database_url)))
    return found + server.startup_problems(settings)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if "database_url" in settings.model_fields_set:  # a log line: JSON logs stay JSON
        logging.getLogger("avtalsbot").info("Databas: %s",
                                            database_location(settings.database_url))
    found = problems(settings)
    if found:
        print(settings_message(found), file=sys.stderr)
        return EXIT_INPUT
    return server.serve(settings)
