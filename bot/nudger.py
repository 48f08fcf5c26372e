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

Channels are posted to in parallel, each channel's nudges in order: Slack paces per channel,
so posting one channel after another made every other channel wait out each second of one
channel's pace (116 nudges in 56 channels took 57 s instead of about 4).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

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

# Channels posted to at once; the threads mostly wait out a channel's pace.
MAX_CHANNELS_AT_ONCE = 64
# Slack's guidance for chat.postMessage: about one message a second per channel.
CHANNEL_SPACING_SECONDS = 1.0


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

    ``pace(channel)`` waits for the channel's turn (``ChannelPacer.wait``) after the claim,
    right before the post; no database transaction is open while waiting or while Slack is
    asked.
    """
    if store.posting_stopped():  # uninstalled or tokens revoked: nothing goes out, all stays due
        log.warning("nudges not sent: posting is stopped")
        return []
    who = claimed_by or process_name()
    due = pending(store, today)
    by_channel: dict[str, list[Nudge]] = {}
    for nudge in due:
        by_channel.setdefault(nudge.channel, []).append(nudge)

    def post_channel(nudges: list[Nudge]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for n, nudge in enumerate(nudges):
            outcome = _send_one(store, post, nudge, today, who=who, pace=pace)
            outcomes.append(outcome)
            if outcome.busy or (not outcome.posted and outcome.error is None):
                # Another process is posting to this channel now (it holds this nudge, or
                # posted it since we listed it) and walks the same list in the same order:
                # it posts the rest, at the channel's pace. Two processes taking turns in
                # one channel would post closer than Slack allows.
                outcomes += [Outcome(later, posted=False, busy=True) for later in nudges[n + 1:]]
                break
        return outcomes

    if len(by_channel) <= 1:
        outcomes = [o for nudges in by_channel.values() for o in post_channel(nudges)]
    else:
        workers = min(len(by_channel), MAX_CHANNELS_AT_ONCE)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nudge") as pool:
            outcomes = [o for done in pool.map(post_channel, by_channel.values()) for o in done]
    order = {nudge.key: n for n, nudge in enumerate(due)}
    return sorted(outcomes, key=lambda o: order[o.nudge.key])


def _send_one(store: SqlStore, post: Poster, nudge: Nudge, today: dt.date, *, who: str,
              pace: Callable[[str], None] | None) -> Outcome:
    answer = nudge_message(nudge, today)

    def paced_post() -> str | None:
        # paced right before the post, after the claim: a claim that waited on the
        # database must not bring two posts to one channel closer than the pace
        if pace is not None:
            pace(nudge.channel)
        return post(nudge.channel, answer)

    try:
        posted = store.send_nudge_once(
            key=nudge.key, occurrence_key=nudge.occurrence.key, channel=nudge.channel,
            lead_days=nudge.lead_days, late=nudge.late, claimed_by=who,
            post=paced_post,
            # paced posting keeps the pace with other processes' posts too
            channel_spacing=CHANNEL_SPACING_SECONDS if pace is not None else 0.0,
        )
    except SlackApiError as error:
        reason = str(error.response.get("error"))
        log.error("nudge %s not posted (%s); it stays due", nudge.key, reason)
        return Outcome(nudge, posted=False, error=reason)
    except Exception as error:  # the database busy or away: this nudge stays due
        reason = type(error).__name__
        log.exception("nudge %s not posted (%s); it stays due", nudge.key, reason)
        return Outcome(nudge, posted=False, error=reason)
    return Outcome(nudge, posted=posted == "posted", busy=posted == "busy")


def slack_poster(client: WebClient) -> Poster:
    """chat.postMessage through ``client``, whose RateLimitErrorRetryHandler waits out a 429."""

    def post(channel: str, answer: Answer) -> str | None:
        response = client.chat_postMessage(channel=channel, **message(answer))
        return str(response.get("ts")) if response.get("ts") else None

    return post
