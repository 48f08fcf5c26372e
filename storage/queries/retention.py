"""Retention and the posting switch.

A closed round older than the retention period (AVTALSBOT_RETENTION_DAYS, three years by
default: the instrument's own cycle) keeps only the aggregate that was posted — respondents
and the counts per statement — in ``reflection_rounds.purged_result``; its votes, comments
and participant list are deleted. Joint views and goals are the group's, not anyone's own
answers, and stay (the goals' follow-ups are deadlines).

``bot_state.posting``: set when Slack says the app was uninstalled or its tokens revoked;
every poster checks it and stays silent from then on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import (
    BotStateRow,
    ReflectionParticipantRow,
    ReflectionRespondentRow,
    ReflectionRoundRow,
    ReflectionVoteRow,
)
from storage.queries import audit
from storage.queries.reflection import tally

POSTING = "posting_stopped"


@dataclass(frozen=True)
class Purged:
    """One round whose personal data was (or, in a dry run, would be) erased."""

    round_id: int
    centre: str
    year: int
    closed_at: dt.datetime
    votes: int
    participants: int


def purge(*, session: Session, older_than: dt.datetime, dry_run: bool, actor: str
          ) -> list[Purged]:
    rounds = session.scalars(
        select(ReflectionRoundRow)
        .where(ReflectionRoundRow.status == "closed", ReflectionRoundRow.purged_at.is_(None),
               ReflectionRoundRow.closed_at.is_not(None),
               ReflectionRoundRow.closed_at < older_than)
        .order_by(ReflectionRoundRow.id)
        .with_for_update()).all()
    purged: list[Purged] = []
    for row in rounds:
        votes = session.query(ReflectionVoteRow).filter_by(round_id=row.id).count()
        people = session.query(ReflectionParticipantRow).filter_by(round_id=row.id).count()
        assert row.closed_at is not None
        purged.append(Purged(row.id, row.centre, row.year, row.closed_at, votes, people))
        if dry_run:
            continue
        counted = tally(session=session, round_id=row.id)
        row.purged_result = {"respondents": counted.respondents,
                             "counts": {k: list(v) for k, v in counted.counts.items()}}
        row.purged_at = dt.datetime.now(dt.UTC)
        session.execute(delete(ReflectionVoteRow).where(ReflectionVoteRow.round_id == row.id))
        session.execute(delete(ReflectionRespondentRow)
                        .where(ReflectionRespondentRow.round_id == row.id))
        session.execute(delete(ReflectionParticipantRow)
                        .where(ReflectionParticipantRow.round_id == row.id))
        audit.record(session=session, actor=actor, action="round.purge",
                     subject=f"omgång {row.id} ({row.centre} {row.year})",
                     agreement_id=row.agreement_id,
                     before={"votes": votes, "participants": people},
                     after={"votes": 0, "participants": 0, "kept": "aggregate"})
    return purged


def posting_stopped(*, session: Session) -> str | None:
    row = session.get(BotStateRow, POSTING)
    return row.value if row is not None else None


def set_posting(*, session: Session, stopped: str | None, actor: str) -> bool:
    """``stopped``: the reason (the Slack event), or None to resume. False: nothing changed."""
    row = session.get(BotStateRow, POSTING)
    before = row.value if row is not None else None
    if before == stopped:
        return False
    if row is None:
        session.add(BotStateRow(key=POSTING, value=stopped))
    else:
        row.value, row.changed_at = stopped, dt.datetime.now(dt.UTC)
    audit.record(session=session, actor=actor, action="posting.stop" if stopped else
                 "posting.resume", subject="Slack", before={"stopped": before},
                 after={"stopped": stopped})
    return True
