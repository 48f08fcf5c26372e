"""Nudge bookkeeping: which nudges were sent, which deadline occurrences are done.

A nudge goes out in three steps, none of which holds a database lock while Slack is asked:

1. **claim** (one short transaction): insert the nudge's row with a claim token and the time;
   a row already there is either sent (nothing to do), claimed by a live process (its lease
   is younger than ``NUDGE_LEASE``: leave it), or a claim whose process died or failed — that
   one is taken over with a conditional UPDATE, so of N processes exactly one gets it;
2. **post**, outside any transaction (Slack's rate-limit retries may sleep for seconds);
3. **record** (another short transaction): ``sent_at`` and the message ts. A failed post
   releases the claim at once (the nudge stays due; attempts and the error are kept).

The lease is far longer than any post with its 429 retries takes, so two live processes
never post the same nudge; a process killed mid-post leaves a claim that expires and is
taken over — a nudge is late then, never skipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, cast

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import DeadlineDoneRow, NudgeRow

# Longer than a post with the Web API client's five 429 retries can take; a claim older than
# this belonged to a process that died while posting.
NUDGE_LEASE = dt.timedelta(minutes=10)
# A released claim is dated here: expired for everyone at once.
_RELEASED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

ClaimResult = Literal["claimed", "sent", "busy"]


def sent_keys(*, session: Session) -> set[str]:
    return set(session.scalars(select(NudgeRow.key).where(NudgeRow.sent_at.is_not(None))))


def done_occurrences(*, session: Session) -> set[str]:
    return set(session.scalars(select(DeadlineDoneRow.occurrence_key)))


def claim(*, session: Session, key: str, occurrence_key: str, channel: str, lead_days: int,
          late: bool, token: str, now: dt.datetime,
          lease: dt.timedelta = NUDGE_LEASE) -> ClaimResult:
    """Claim the nudge under ``token`` (the caller commits at once): ``claimed`` when this
    caller may post it, ``sent`` when it went out already, ``busy`` when a live claim of
    another process holds it."""
    try:
        with session.begin_nested():
            session.add(NudgeRow(key=key, occurrence_key=occurrence_key, channel=channel,
                                 lead_days=lead_days, late=late, claimed_by=token,
                                 claimed_at=now))
        return "claimed"
    except IntegrityError:
        pass
    taken = session.execute(
        update(NudgeRow)
        .where(NudgeRow.key == key, NudgeRow.sent_at.is_(None),
               NudgeRow.claimed_at < now - lease)
        .values(claimed_by=token, claimed_at=now, late=late))
    if cast(Any, taken).rowcount:
        return "claimed"
    sent = session.scalar(select(NudgeRow.sent_at).where(NudgeRow.key == key))
    return "sent" if sent is not None else "busy"


def last_claim_in_channel(*, session: Session, channel: str, other_than: str,
                          since: dt.datetime) -> dt.datetime | None:
    """When another nudge to ``channel`` was last claimed or recorded as sent, if after
    ``since``: several processes posting to one channel keep Slack's pace of about one
    message a second. The record comes after Slack took the post, so it bounds the post's
    arrival from above; a claim not yet recorded gives its start."""
    rows = session.execute(
        select(NudgeRow.claimed_at, NudgeRow.sent_at)
        .where(NudgeRow.channel == channel, NudgeRow.key != other_than,
               (NudgeRow.claimed_at > since) | (NudgeRow.sent_at > since)))
    moments = [at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)  # SQLite: naive UTC
               for row in rows for at in row if at is not None]
    return max(moments, default=None)


def mark_sent(*, session: Session, key: str, token: str, message_ts: str | None,
              now: dt.datetime) -> bool:
    """Record the post; False when the claim was no longer ours (recorded all the same, so
    nobody posts it again)."""
    ours = session.execute(
        update(NudgeRow).where(NudgeRow.key == key, NudgeRow.claimed_by == token)
        .values(sent_at=now, message_ts=message_ts, attempts=NudgeRow.attempts + 1))
    if cast(Any, ours).rowcount:
        return True
    session.execute(
        update(NudgeRow).where(NudgeRow.key == key, NudgeRow.sent_at.is_(None))
        .values(sent_at=now, message_ts=message_ts, attempts=NudgeRow.attempts + 1))
    return False


def release(*, session: Session, key: str, token: str, error: str) -> None:
    """The post failed: the claim expires at once and the nudge is due again."""
    session.execute(
        update(NudgeRow)
        .where(NudgeRow.key == key, NudgeRow.claimed_by == token, NudgeRow.sent_at.is_(None))
        .values(claimed_at=_RELEASED, attempts=NudgeRow.attempts + 1, last_error=error[:500]))


def mark_done(*, session: Session, occurrence_key: str, user: str) -> bool:
    """Record that someone marked the occurrence done; False if it already was."""
    try:
        with session.begin_nested():
            session.add(DeadlineDoneRow(occurrence_key=occurrence_key, done_by=user))
    except IntegrityError:
        return False
    return True
