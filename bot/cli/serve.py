"""`avtalsbot serve`: the bot in Slack (Socket Mode with SLACK_APP_TOKEN, otherwise HTTP).

A service names its database: ``serve`` refuses to start on the default
``sqlite:///avtalsbot.db``, which is relative to the folder it happens to be started from —
a unit or a container started elsewhere would otherwise get a fresh, empty database and
answer from it without anyone noticing. The location it uses is printed at start.
"""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import EXIT_USAGE, Add, SubParsers, database_location
from bot.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    if "database_url" not in settings.model_fields_set:
        print("avtalsbot: AVTALSBOT_DATABASE_URL saknas. En tjänst ska ange sin databas, "
              "annars hamnar den i mappen den råkar startas från "
              f"({database_location(settings.database_url)}). Sätt t.ex. "
              "AVTALSBOT_DATABASE_URL=postgresql://avtalsbot@localhost/avtalsbot eller "
              "AVTALSBOT_DATABASE_URL=sqlite:////var/lib/avtalsbot/avtalsbot.db "
              "(fyra snedstreck: en absolut sökväg).", file=sys.stderr)
        return EXIT_USAGE
    print(f"Databas: {database_location(settings.database_url)}", file=sys.stderr, flush=True)
    from bot import server  # Bolt, waitress and the Slack SDK load only for serve

    return server.serve(settings)


def register(sub: SubParsers, add: Add) -> None:
    add("serve", cmd_serve, "Kör boten i Slack (Socket Mode med SLACK_APP_TOKEN, annars HTTP). "
        "Kräver AVTALSBOT_DATABASE_URL.")
