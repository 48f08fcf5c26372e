"""`avtalsbot nudges`: send the deadline reminders due on a day, or list them."""

from __future__ import annotations

import argparse
import sys

from bot.service import stockholm_today
from bot.settings import Settings
from commands.nudges.wording import nudge_line
from storage.store import open_store


def cmd_nudges(args: argparse.Namespace, settings: Settings) -> int:
    """List (``--dry-run``) or send the nudges due on a day."""
    # Bolt and the Slack SDK load only for this command (not for every `avtalsbot ask`)
    from bot.app import web_client
    from bot.delivery import ChannelPacer
    from bot.nudger import pending, send_due, slack_poster

    today = args.today or settings.today or stockholm_today()
    if not args.dry_run and settings.slack_bot_token is None:
        print(
            "avtalsbot: att skicka påminnelser kräver SLACK_BOT_TOKEN (bot-token xoxb-…), och "
            "SLACK_API_URL om de ska till en annan server än Slack. Kör med --dry-run för att "
            "bara se vad som skulle skickas.",
            file=sys.stderr,
        )
        return 2
    store = open_store(**settings.store_options)
    if args.dry_run:
        due = pending(store, today)
        if not due:
            print(f"Inga påminnelser att skicka {today.isoformat()}.")
            return 0
        print(f"{_reminders(len(due))} skulle skickas {today.isoformat()}:")
        for nudge in due:
            print("  " + nudge_line(nudge))
        return 0
    outcomes = send_due(store, slack_poster(web_client(settings)), today,
                        pace=ChannelPacer().wait)
    sent = [o for o in outcomes if o.posted]
    failed = [o for o in outcomes if o.error]
    print(f"Skickade {_reminders(len(sent))} {today.isoformat()}.")
    for outcome in sent:
        print("  " + nudge_line(outcome.nudge))
    for outcome in failed:
        print(f"  misslyckades ({outcome.error}), försöker igen nästa körning: "
              f"{nudge_line(outcome.nudge)}", file=sys.stderr)
    return 1 if failed else 0


def _reminders(count: int) -> str:
    return f"{count} påminnelse" if count == 1 else f"{count} påminnelser"
