"""`avtalsbot purge [--dry-run]`: erase the votes, comments and participant lists of rounds
closed longer ago than AVTALSBOT_RETENTION_DAYS (three years by default), keeping only the
aggregate that was posted. Run it from cron; it is safe to run any number of times."""

from __future__ import annotations

import argparse
import datetime as dt

from bot.cli.common import cli_actor, cli_store
from bot.settings import Settings


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    store = cli_store(settings)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.retention_days)
    purged = store.purge(older_than=cutoff, dry_run=args.dry_run, actor=cli_actor())
    verb = "skulle rensas" if args.dry_run else "rensades"
    if not purged:
        print(f"Inga stängda omgångar äldre än {settings.retention_days} dagar att rensa.")
        return 0
    print(f"{len(purged)} omgång{'ar' if len(purged) != 1 else ''} {verb} (stängda före "
          f"{cutoff.date().isoformat()}; bara den sammanställning som postades sparas):")
    for round_ in purged:
        print(f"  omgång {round_.round_id} ({round_.centre} {round_.year}), stängd "
              f"{round_.closed_at.date().isoformat()}: {round_.votes} "
              f"{'röst' if round_.votes == 1 else 'röster'} och {round_.participants} deltagare")
    return 0
