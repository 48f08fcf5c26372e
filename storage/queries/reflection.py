"""Self-reflection rounds, votes, joint views and goals: query functions over a session.

Votes arrive here already pseudonymised (``pseudonym`` arguments); user ids appear only in
the participants table, which no query joins to the votes. One current vote per person
and statement is the unique constraint's job: a vote is an ``INSERT … ON CONFLICT DO
UPDATE`` (SQLite and PostgreSQL both speak it), so a double click, two parallel clicks or
a Slack retry end as one row holding the latest answer — never two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from commands.reflection.model import FollowUp, Goal, JointView, Round, Tally, Vote
from storage.models import (
    AgreementRow,
    ReflectionGoalRow,
    ReflectionJointViewRow,
    ReflectionParticipantRow,
    ReflectionRespondentRow,
    ReflectionRoundRow,
    ReflectionVoteRow,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _insert(session: Session, table: Any) -> Any:
    return _dialect_insert(session.get_bind().dialect.name, table)


def _dialect_insert(dialect: str, table: Table) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _round(row: Any) -> Round:  # a ReflectionRoundRow, or a Core row of its columns
    return Round(
        id=row.id, agreement_id=row.agreement_id, instrument_key=row.instrument_key,
        centre=row.centre, channel=row.channel, results_channel=row.results_channel,
        year=row.year, status=cast(Any, row.status), min_respondents=row.min_respondents,
        opened_by=row.opened_by, closes_on=row.closes_on, reminded_on=row.reminded_on,
        opened_on=row.opened_at.date() if row.opened_at else None,
    )


def open_round(*, session: Session, agreement_id: str, instrument_key: str, centre: str,
               channel: str, results_channel: str | None, year: int, min_respondents: int,
               opened_by: str, closes_on: dt.date | None, participants: Sequence[str]
               ) -> Round | None:
    """Insert a round and its participants; None if ``channel`` already has an open round.

    The agreement's row is locked first (PostgreSQL; SQLite's writers are serialised
    anyway), so two coordinators starting at the same moment cannot both open one."""
    session.execute(select(AgreementRow.id).where(AgreementRow.id == agreement_id)
                    .with_for_update())
    already = session.scalar(
        select(ReflectionRoundRow.id)
        .where(ReflectionRoundRow.channel == channel, ReflectionRoundRow.status == "open")
        .with_for_update()
    )
    if already is not None:
        return None
    row = ReflectionRoundRow(
        agreement_id=agreement_id, instrument_key=instrument_key, centre=centre,
        channel=channel, results_channel=results_channel, year=year, status="open",
        min_respondents=min_respondents, opened_by=opened_by, closes_on=closes_on,
    )
    session.add(row)
    session.flush()
    for user in dict.fromkeys(participants):
        session.add(ReflectionParticipantRow(round_id=row.id, user_id=user, invited_at=_now()))
    session.flush()
    return _round(row)


def get_round(*, session: Session, round_id: int) -> Round | None:
    row = session.get(ReflectionRoundRow, round_id)
    return _round(row) if row is not None else None


def rounds_in_channel(*, session: Session, channel: str) -> list[Round]:
    rows = session.scalars(select(ReflectionRoundRow)
                           .where(ReflectionRoundRow.channel == channel)
                           .order_by(ReflectionRoundRow.id.desc()))
    return [_round(r) for r in rows]


def rounds_of_user(*, session: Session, user: str) -> list[Round]:
    invited = select(ReflectionParticipantRow.round_id).where(
        ReflectionParticipantRow.user_id == user)
    rows = session.scalars(
        select(ReflectionRoundRow)
        .where((ReflectionRoundRow.id.in_(invited)) | (ReflectionRoundRow.opened_by == user))
        .order_by(ReflectionRoundRow.id.desc()))
    return [_round(r) for r in rows]


def all_rounds(*, session: Session) -> list[Round]:
    return [_round(r) for r in session.scalars(select(ReflectionRoundRow)
                                               .order_by(ReflectionRoundRow.id))]


def closed_rounds_before(*, session: Session, agreement_id: str, round_id: int
                         ) -> list[tuple[int, str]]:
    """Two columns, no row objects: finding a centre's previous round once loaded every
    round as an object, for each result (84 100 of them for 290 rounds' results)."""
    rows = session.execute(
        select(ReflectionRoundRow.id, ReflectionRoundRow.centre)
        .where(ReflectionRoundRow.agreement_id == agreement_id,
               ReflectionRoundRow.status == "closed", ReflectionRoundRow.id < round_id)
        .order_by(ReflectionRoundRow.id.desc()))
    return [(int(id_), str(centre)) for id_, centre in rows]


def participants(*, session: Session, round_id: int) -> list[str]:
    return list(session.scalars(
        select(ReflectionParticipantRow.user_id)
        .where(ReflectionParticipantRow.round_id == round_id)
        .order_by(ReflectionParticipantRow.id)))


def participant_count(*, session: Session, round_id: int) -> int:
    return session.scalar(select(func.count()).select_from(ReflectionParticipantRow)
                          .where(ReflectionParticipantRow.round_id == round_id)) or 0


# What a vote click runs, built once: under load, building these statements again for every
# click (an upsert's EXCLUDED columns above all) cost more than running them. They run on a
# Core connection (``SqlStore.write_connection``): Core rows, no session, no ORM objects.
_ROUNDS = cast(Table, ReflectionRoundRow.__table__)
_VOTES = cast(Table, ReflectionVoteRow.__table__)
_RESPONDENTS = cast(Table, ReflectionRespondentRow.__table__)
_ROUND_COLUMNS = [_ROUNDS.c[name] for name in (  # what ``_round`` reads, no more to convert
    "id", "agreement_id", "instrument_key", "centre", "channel", "results_channel", "year",
    "status", "min_respondents", "opened_by", "closes_on", "reminded_on", "opened_at")]
_VOTER_ROUND = select(
    *_ROUND_COLUMNS,
    exists().where(ReflectionParticipantRow.round_id == _ROUNDS.c.id,
                   ReflectionParticipantRow.user_id == bindparam("user")).label("invited"),
).where(_ROUNDS.c.id == bindparam("round_id"))
# The voter's votes as one text ("works:key\ndevelop:key…"; keys hold no newline, values
# no colon): one row to fetch. SQLite hands the GIL back and forth for every row it steps
# through, and under load each hand-over could wait for another thread while this one
# held the write lock.
_VOTES_TEXT = (select(func.aggregate_strings(_VOTES.c.value + ":" + _VOTES.c.statement_key,
                                             "\n"))
               .where(_VOTES.c.round_id == _ROUNDS.c.id,
                      _VOTES.c.pseudonym == bindparam("pseudonym"))
               .scalar_subquery())
_VOTER_CLICK = (select(*_VOTER_ROUND.selected_columns, _VOTES_TEXT.label("votes"))
                .where(_ROUNDS.c.id == bindparam("round_id"))
                .with_for_update(read=True, of=_ROUNDS))
_ROUND_STATUS = (select(_ROUNDS.c.status).where(_ROUNDS.c.id == bindparam("round_id"))
                 .with_for_update(read=True))
_VOTES_OF = select(_VOTES.c.statement_key, _VOTES.c.value).where(
    _VOTES.c.round_id == bindparam("round_id"), _VOTES.c.pseudonym == bindparam("pseudonym"))
_COMMENT = (update(_VOTES)  # an UPDATE's own columns' names are its SET values': b_…
            .where(_VOTES.c.round_id == bindparam("b_round_id"),
                   _VOTES.c.pseudonym == bindparam("b_pseudonym"),
                   _VOTES.c.statement_key == bindparam("b_statement_key")))


def _vote_upsert(dialect: str) -> Any:
    insert = _dialect_insert(dialect, _VOTES)
    return insert.on_conflict_do_update(
        index_elements=["round_id", "pseudonym", "statement_key"],
        set_={"value": insert.excluded.value, "updated_at": insert.excluded.updated_at})


_UPSERTS = {dialect: _vote_upsert(dialect) for dialect in ("sqlite", "postgresql")}
_FIRST_ANSWERS = {dialect: _dialect_insert(dialect, _RESPONDENTS).on_conflict_do_nothing()
                  for dialect in ("sqlite", "postgresql")}


def round_for_voter(*, connection: Connection, round_id: int, user: str
                    ) -> tuple[Round | None, bool]:
    """The round and whether ``user`` was invited to it, in one statement."""
    row = connection.execute(_VOTER_ROUND, {"round_id": round_id, "user": user}).first()
    return (None, False) if row is None else (_round(row), bool(row.invited))


def vote_click(*, connection: Connection, round_id: int, user: str, pseudonym: str
               ) -> tuple[Round | None, bool, dict[str, Vote]]:
    """What a vote click needs before storing it, in one statement and one row: the round,
    whether ``user`` was invited to it, and ``pseudonym``'s votes in it.

    The round is held with a shared lock (PostgreSQL) until commit, so a vote and the
    closing of the round cannot cross: the vote lands before, or sees it closed. (SQLite's
    write transaction holds the whole database already.)"""
    row = connection.execute(_VOTER_CLICK, {"round_id": round_id, "user": user,
                                            "pseudonym": pseudonym}).first()
    if row is None:
        return None, False, {}
    votes = {key: cast(Vote, value) for value, key in
             (vote.split(":", 1) for vote in row.votes.split("\n"))} if row.votes else {}
    return _round(row), bool(row.invited), votes


def is_participant(*, session: Session, round_id: int, user: str) -> bool:
    return session.scalar(
        select(func.count(ReflectionParticipantRow.id)).where(
            ReflectionParticipantRow.round_id == round_id,
            ReflectionParticipantRow.user_id == user)) == 1


def upsert_vote(*, connection: Connection, round_id: int, pseudonym: str, statement_key: str,
                value: Vote, comment: str | None = None, first: bool = False) -> None:
    """Store the vote (and ``comment`` with it, if given). The pseudonym's ``first`` vote in
    the round also counts it among the round's respondents (two parallel first clicks:
    once)."""
    dialect = connection.dialect.name
    now = _now()
    connection.execute(_UPSERTS[dialect], {
        "round_id": round_id, "pseudonym": pseudonym, "statement_key": statement_key,
        "value": value, "updated_at": now})
    if comment is not None:
        _set_comment(connection, round_id, pseudonym, statement_key, comment, now)
    if first:
        connection.execute(_FIRST_ANSWERS[dialect],
                           {"round_id": round_id, "pseudonym": pseudonym})


def set_comment(*, connection: Connection, round_id: int, pseudonym: str, statement_key: str,
                comment: str | None) -> bool:
    """Attach ``comment`` to the pseudonym's current vote; False if there is none."""
    return _set_comment(connection, round_id, pseudonym, statement_key, comment, _now())


def _set_comment(connection: Connection, round_id: int, pseudonym: str, statement_key: str,
                 comment: str | None, now: dt.datetime) -> bool:
    result = connection.execute(_COMMENT, {
        "b_round_id": round_id, "b_pseudonym": pseudonym, "b_statement_key": statement_key,
        "comment": comment, "updated_at": now})
    return bool(result.rowcount)


def lock_open_round(*, connection: Connection, round_id: int) -> bool:
    """True if the round is open, holding a shared lock on it (PostgreSQL) until commit, as
    ``vote_click`` does."""
    return connection.execute(_ROUND_STATUS, {"round_id": round_id}).scalar() == "open"


def votes_of(*, connection: Connection, round_id: int, pseudonym: str) -> dict[str, Vote]:
    rows = connection.execute(_VOTES_OF, {"round_id": round_id, "pseudonym": pseudonym})
    return {key: cast(Vote, value) for key, value in rows.all()}  # all(): not row by row


def answered_counts(*, session: Session, round_id: int) -> dict[str, int]:
    """Pseudonym -> how many statements it has answered (for progress counts only)."""
    rows = session.execute(
        select(ReflectionVoteRow.pseudonym, func.count(ReflectionVoteRow.id))
        .where(ReflectionVoteRow.round_id == round_id)
        .group_by(ReflectionVoteRow.pseudonym))
    return {pseudonym: int(count) for pseudonym, count in rows}


def tally(*, session: Session, round_id: int) -> Tally:
    kept = session.scalar(select(ReflectionRoundRow.purged_result)
                          .where(ReflectionRoundRow.id == round_id))
    if kept is not None:  # past the retention period: only the posted aggregate is left
        return Tally(respondents=int(kept["respondents"]),
                     counts={k: (int(v[0]), int(v[1])) for k, v in kept["counts"].items()})
    # kept with each first vote: a DISTINCT over the votes read a big round twice
    respondents = session.scalar(select(func.count()).select_from(ReflectionRespondentRow)
                                 .where(ReflectionRespondentRow.round_id == round_id)) or 0
    counts: dict[str, list[int]] = {}
    comments: dict[str, list[str]] = {}
    # One pass over the round's votes for both counts and comments: grouped by the comment
    # too (most are NULL), a comment written by n people comes back once with count n.
    for key, value, comment, count in session.execute(
        select(ReflectionVoteRow.statement_key, ReflectionVoteRow.value,
               ReflectionVoteRow.comment, func.count(ReflectionVoteRow.id))
        .where(ReflectionVoteRow.round_id == round_id)
        .group_by(ReflectionVoteRow.statement_key, ReflectionVoteRow.value,
                  ReflectionVoteRow.comment)
    ):
        counts.setdefault(key, [0, 0])[0 if value == "works" else 1] += int(count)
        if comment and comment.strip():
            comments.setdefault(key, []).extend([comment.strip()] * int(count))
    # Sorted by text: the order says nothing about who wrote what or when.
    return Tally(respondents=int(respondents),
                 counts={k: (v[0], v[1]) for k, v in counts.items()},
                 comments={k: tuple(sorted(v)) for k, v in comments.items()})


def close_round(*, session: Session, round_id: int) -> bool:
    result = session.execute(
        update(ReflectionRoundRow)
        .where(ReflectionRoundRow.id == round_id, ReflectionRoundRow.status == "open")
        # The process that closes the round makes the first attempt to post its result.
        .values(status="closed", closed_at=_now(), results_claimed_at=_now()))
    return bool(cast(Any, result).rowcount)


# Long enough for one post and its chart upload, however slow Slack is that day; a process
# that died while posting leaves a claim that others may take over after this long.
RESULTS_CLAIM = dt.timedelta(minutes=10)


def _unposted(stale_before: dt.datetime) -> Any:
    return ((ReflectionRoundRow.status == "closed")
            & ReflectionRoundRow.results_posted_at.is_(None)
            & (ReflectionRoundRow.results_claimed_at.is_(None)
               | (ReflectionRoundRow.results_claimed_at < stale_before)))


def claim_unposted_results(*, session: Session, now: dt.datetime | None = None,
                           claim: dt.timedelta = RESULTS_CLAIM) -> list[Round]:
    """Claim every closed round whose result is neither posted nor being posted.

    Each claim is a conditional UPDATE: on PostgreSQL a second process's UPDATE waits for
    the first one's commit and then finds the claim taken; SQLite serialises writers. So of
    N processes asking at once, one gets each round."""
    now = now or _now()
    claimed = []
    for round_id in list(session.scalars(select(ReflectionRoundRow.id)
                                         .where(_unposted(now - claim))
                                         .order_by(ReflectionRoundRow.id))):
        result = session.execute(
            update(ReflectionRoundRow)
            .where(ReflectionRoundRow.id == round_id, _unposted(now - claim))
            .values(results_claimed_at=now))
        if cast(Any, result).rowcount:
            claimed.append(round_id)
    return [_round(session.get_one(ReflectionRoundRow, round_id)) for round_id in claimed]


def mark_results_posted(*, session: Session, round_id: int) -> bool:
    result = session.execute(
        update(ReflectionRoundRow)
        .where(ReflectionRoundRow.id == round_id, ReflectionRoundRow.results_posted_at.is_(None))
        .values(results_posted_at=_now(), results_claimed_at=None, results_error=None,
                results_attempts=ReflectionRoundRow.results_attempts + 1))
    return bool(cast(Any, result).rowcount)


def release_results(*, session: Session, round_id: int, error: str) -> None:
    """A failed attempt: free the claim (the next tick tries again) and keep the reason."""
    session.execute(
        update(ReflectionRoundRow)
        .where(ReflectionRoundRow.id == round_id, ReflectionRoundRow.results_posted_at.is_(None))
        .values(results_claimed_at=None, results_error=error[:120],
                results_attempts=ReflectionRoundRow.results_attempts + 1))


def claim_results_help(*, session: Session, round_id: int) -> bool:
    """True for the one caller that is to tell the coordinator why the result is missing."""
    result = session.execute(
        update(ReflectionRoundRow)
        .where(ReflectionRoundRow.id == round_id,
               ReflectionRoundRow.results_help_sent_at.is_(None))
        .values(results_help_sent_at=_now()))
    return bool(cast(Any, result).rowcount)


def release_results_help(*, session: Session, round_id: int) -> None:
    session.execute(update(ReflectionRoundRow).where(ReflectionRoundRow.id == round_id)
                    .values(results_help_sent_at=None))


def mark_reminded(*, session: Session, round_id: int, on: dt.date) -> bool:
    """Record a reminder day; False if the round was already reminded that day (so N bot
    processes send the day-before reminder once)."""
    result = session.execute(
        update(ReflectionRoundRow)
        .where(ReflectionRoundRow.id == round_id,
               (ReflectionRoundRow.reminded_on.is_(None)) | (ReflectionRoundRow.reminded_on != on))
        .values(reminded_on=on))
    return bool(cast(Any, result).rowcount)


def set_joint_view(*, session: Session, round_id: int, view: JointView) -> None:
    statement = _insert(session, ReflectionJointViewRow).values(
        round_id=round_id, statement_key=view.statement_key, value=view.value, note=view.note)
    session.execute(statement.on_conflict_do_update(
        index_elements=["round_id", "statement_key"],
        set_={"value": statement.excluded.value, "note": statement.excluded.note}))


def joint_views(*, session: Session, round_id: int) -> list[JointView]:
    rows = session.scalars(select(ReflectionJointViewRow)
                           .where(ReflectionJointViewRow.round_id == round_id)
                           .order_by(ReflectionJointViewRow.id))
    return [JointView(statement_key=r.statement_key, value=cast(Vote, r.value), note=r.note)
            for r in rows]


def set_goal(*, session: Session, round_id: int, goal: Goal) -> None:
    session.execute(delete(ReflectionGoalRow).where(ReflectionGoalRow.round_id == round_id,
                                                    ReflectionGoalRow.position == goal.position))
    session.add(ReflectionGoalRow(round_id=round_id, position=goal.position, text=goal.text,
                                  statement_key=goal.statement_key,
                                  follow_up_on=goal.follow_up_on))


def goals(*, session: Session, round_id: int) -> list[Goal]:
    rows = session.scalars(select(ReflectionGoalRow)
                           .where(ReflectionGoalRow.round_id == round_id)
                           .order_by(ReflectionGoalRow.position))
    return [Goal(position=r.position, text=r.text, statement_key=r.statement_key,
                 follow_up_on=r.follow_up_on) for r in rows]


def follow_ups(*, session: Session) -> list[FollowUp]:
    rows = session.execute(
        select(ReflectionGoalRow, ReflectionRoundRow)
        .join(ReflectionRoundRow, ReflectionRoundRow.id == ReflectionGoalRow.round_id)
        .where(ReflectionGoalRow.follow_up_on.is_not(None))
        .order_by(ReflectionGoalRow.follow_up_on, ReflectionGoalRow.id))
    return [
        FollowUp(
            key=f"reflection-goal:{round_row.id}:{goal.position}",
            agreement_id=round_row.agreement_id, centre=round_row.centre,
            channel=round_row.channel,
            title=f"Följ upp prioriterat mål {goal.position} ({round_row.centre}): {goal.text}",
            due=goal.follow_up_on, responsible="Samordnare",
            source="002 Självreflektionsinstrument, steg IV–V",
        )
        for goal, round_row in rows
        if goal.follow_up_on is not None
    ]
