"""Posting the due nudges, each exactly once, and the `avtalsbot nudges` command.

``send_due`` asks the pure domain (``commands.nudges.rules``) what is due, then for each nudge
claims it, posts it and records it (``SqlStore.send_nudge_once``): the claim and the record
are two short transactions and the post happens between them, outside any, so a slow or
rate-limited Slack never holds a database lock that votes and meeting changes wait on.
A nudge another live process is posting is left to it (``Outcome.busy``; the scheduler looks
again on its next tick), and a failed post releases the claim so the nudge stays due. Slack
posting goes through ``ChannelPacer`` (about one message a second per channel) and the
Web API client's ``RateLimitErrorRetryHandler``, which waits out a 429's ``Retry-After``
and retries — a rate-limited nudge is late by seconds, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.slack import message
from commands.core.answers import Answer
from commands.nudges.rules import Nudge, due_nudges
from commands.nudges.wording import nudge_message
from storage.store import SqlStore

log = logging.getLogger(__name__)

# Posts a message to a channel and returns its ts.
Poster = Callable[[str, Answer], "str | None"]


@dataclass(frozen=True)
class Outcome:
    nudge: Nudge
    posted: bool  # False: another process (or an earlier run) had claimed it
    error: str | None = None
    busy: bool = False  # another live process holds the claim and is posting it now


def process_name() -> str:
    """Who claimed a nudge, for the operator reading the nudges table."""
    return f"{socket.gethostname()}:{os.getpid()}"


def pending(store: SqlStore, today: dt.date) -> list[Nudge]:
    return due_nudges(store.agreements(), today, sent=store.sent_nudge_keys(),
                      done=store.done_occurrences(), goals=store.follow_ups())


def send_due(store: SqlStore, post: Poster, today: dt.date, *,
             claimed_by: str | None = None,
             pace: Callable[[str], None] | None = None) -> list[Outcome]:
    """Claim and post every nudge due on ``today``. A failed post is logged and left due.

    ``pace(channel)`` waits for the channel's turn (``ChannelPacer.wait``) before the claim;
    no database transaction is open while waiting or while Slack is asked.
    """
    outcomes: list[Outcome] = []
    if store.posting_stopped():  # uninstalled or tokens revoked: nothing goes out, all stays due
        log.warning("nudges not sent: posting is stopped")
        return outcomes
    who = claimed_by or process_name()
    for nudge in pending(store, today):
        answer = nudge_message(nudge, today)
        if pace is not None:
            pace(nudge.channel)
        try:
            posted = store.send_nudge_once(
                key=nudge.key, occurrence_key=nudge.occurrence.key, channel=nudge.channel,
                lead_days=nudge.lead_days, late=nudge.late, claimed_by=who,
                post=partial(post, nudge.channel, answer),
            )
        except SlackApiError as error:
            reason = str(error.response.get("error"))
            log.error("nudge %s not posted (%s); it stays due", nudge.key, reason)
            outcomes.append(Outcome(nudge, posted=False, error=reason))
            continue
        except Exception as error:  # the database busy or away: this nudge stays due
            reason = type(error).__name__
            log.exception("nudge %s not posted (%s); it stays due", nudge.key, reason)
            outcomes.append(Outcome(nudge, posted=False, error=reason))
            continue
        outcomes.append(Outcome(nudge, posted=posted == "posted", busy=posted == "busy"))
    return outcomes


def slack_poster(client: WebClient) -> Poster:
    """chat.postMessage through ``client``, whose RateLimitErrorRetryHandler waits out a 429."""

    def post(channel: str, answer: Answer) -> str | None:
        response = client.chat_postMessage(channel=channel, **message(answer))
        return str(response.get("ts")) if response.get("ts") else None

    return post
