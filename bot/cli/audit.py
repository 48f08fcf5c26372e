"""`avtalsbot audit [--csv] [--agreement ID] [--since DATE] [--until DATE]`: the audit trail
— who changed what, when, before and after — as text or as CSV for Excel. Votes are never
in it."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys

from bot.cli.common import cli_store
from bot.settings import Settings
from commands.core.context import STOCKHOLM
from commands.core.ports import AuditEvent

HEADERS = ("tid", "vem", "vad", "avtal", "gäller", "före", "efter")


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row(event: AuditEvent) -> tuple[str, ...]:
    return (event.at.astimezone(STOCKHOLM).isoformat(timespec="seconds"), event.actor,
            event.action, event.agreement_id or "", event.subject, _json(event.before),
            _json(event.after))


def audit_csv(events: list[AuditEvent]) -> bytes:
    """The same dialect as every CSV the bot writes: UTF-8 with BOM, ``;`` between fields."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(_row(e) for e in events)
    return buffer.getvalue().encode("utf-8-sig")


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    store = cli_store(settings)
    since = dt.datetime.combine(args.since, dt.time(), STOCKHOLM) if args.since else None
    until = (dt.datetime.combine(args.until + dt.timedelta(days=1), dt.time(), STOCKHOLM)
             if args.until else None)
    events = list(store.audit_events(agreement_id=args.agreement, since=since, until=until))
    if args.csv:
        sys.stdout.buffer.write(audit_csv(events))
        sys.stdout.flush()
        return 0
    if not events:
        print("Loggen har inga ändringar för det urvalet.")
        return 0
    for event in events:
        when, who, what, _agreement, subject, before, after = _row(event)
        print(f"{when}  {who}  {what}  {subject}")
        print(f"    före:  {before or '–'}")
        print(f"    efter: {after or '–'}")
    return 0
