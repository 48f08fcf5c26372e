"""`avtalsbot calendar`: write meetings and deadlines to an .ics file for Outlook."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from bot.cli.common import agreement_by_id
from bot.render.ical import ics
from bot.service import stockholm_today
from bot.settings import Settings
from commands.calendar.command import DEFAULT_DAYS
from commands.calendar.entries import calendar_file
from commands.core.context import STOCKHOLM
from commands.core.errors import InputError
from storage.store import open_store


def cmd_calendar(args: argparse.Namespace, settings: Settings) -> int:
    today = args.today or settings.today or stockholm_today()
    start = args.start or today
    end = args.end or start + dt.timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise InputError(f"--to {end.isoformat()} ligger före --from {start.isoformat()}")
    agreements = list(open_store(**settings.store_options).agreements())
    if args.agreement:
        agreements = [agreement_by_id(agreements, args.agreement)]
    stamp = dt.datetime.now(STOCKHOLM)
    calendar = calendar_file(agreements, start, end, stamp=stamp)
    out = Path(args.out)
    try:
        out.write_bytes(ics(calendar))
    except OSError as error:
        raise InputError(f"kan inte skriva filen: {error.strerror}", file=str(out)) from None
    print(f"Skrev {len(calendar.entries)} möten och deadlines "
          f"({start.isoformat()} – {end.isoformat()}) till {out}. Importera filen i Outlook.")
    return 0
