"""The reflection part of ``SqlStore`` (``commands.reflection.model.ReflectionStore``).

This is the one place where a Slack user id meets the pseudonym secret: every method that
takes ``user`` turns it into ``pseudonym(secret, round, user)`` at once, and only the
pseudonym reaches the votes table. The secret comes from the settings
(``AVTALSBOT_PSEUDONYM_SECRET``) via ``use_pseudonym_secret``; without it, voting refuses
to run rather than fall back to something guessable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from commands.core.ports import SYSTEM_ACTOR
from commands.reflection.model import (
    Ballot,
    FollowUp,
    Goal,
    JointView,
    Progress,
    Round,
    Tally,
    Vote,
)
from commands.reflection.pseudonym import pseudonym
from storage.queries import audit, pseudonym_check
from storage.queries import reflection as queries


class ReflectionStorage(ABC):
    """The reflection half of ``SqlStore``, which supplies the sessions and transactions."""

    engine: Engine
    sessions: sessionmaker[Session]
    _pseudonym_secret: bytes | None = None
    _secret_check_stored = False

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Session]:
        """A write transaction (``SqlStore.transaction``)."""

    @abstractmethod
    def write_connection(self) -> AbstractContextManager[Connection]:
        """The same on a Core connection (``SqlStore.write_connection``)."""

    def use_pseudonym_secret(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("the pseudonym secret must not be empty")
        self._pseudonym_secret = secret
        self._secret_check_stored = False

    def _pseudonym(self, round_id: int, user: str) -> str:
        if self._pseudonym_secret is None:
            raise RuntimeError("no pseudonym secret: call use_pseudonym_secret() at start-up")
        return pseudonym(self._pseudonym_secret, round_id, user)

    # --- rounds -------------------------------------------------------------------------

    def open_round(self, *, agreement_id: str, instrument_key: str, centre: str, channel: str,
                   results_channel: str | None, year: int, min_respondents: int,
                   opened_by: str, closes_on: dt.date | None,
                   participants: Sequence[str]) -> Round | None:
        with self.transaction() as session:
            opened = queries.open_round(
                session=session, agreement_id=agreement_id, instrument_key=instrument_key,
                centre=centre, channel=channel, results_channel=results_channel, year=year,
                min_respondents=min_respondents, opened_by=opened_by, closes_on=closes_on,
                participants=participants)
            if opened is not None:  # the participant list is not copied into the trail
                audit.record(session=session, actor=opened_by, action="round.start",
                             subject=_subject(opened), agreement_id=agreement_id, before=None,
                             after={"channel": channel, "results_channel": results_channel,
                                    "closes_on": closes_on.isoformat() if closes_on else None,
                                    "min_respondents": min_respondents,
                                    "invited": len(set(participants))})
            return opened

    def reflection_round(self, round_id: int) -> Round | None:
        with self.sessions() as session:
            return queries.get_round(session=session, round_id=round_id)

    def rounds_in_channel(self, channel: str) -> Sequence[Round]:
        with self.sessions() as session:
            return queries.rounds_in_channel(session=session, channel=channel)

    def rounds_of_user(self, user: str) -> Sequence[Round]:
        with self.sessions() as session:
            return queries.rounds_of_user(session=session, user=user)

    def all_rounds(self) -> Sequence[Round]:
        with self.sessions() as session:
            return queries.all_rounds(session=session)

    def closed_rounds_before(self, *, agreement_id: str, round_id: int
                             ) -> Sequence[tuple[int, str]]:
        with self.sessions() as session:
            return queries.closed_rounds_before(session=session, agreement_id=agreement_id,
                                                round_id=round_id)

    def is_participant(self, *, round_id: int, user: str) -> bool:
        with self.sessions() as session:
            return queries.is_participant(session=session, round_id=round_id, user=user)

    def round_for_voter(self, *, round_id: int, user: str) -> tuple[Round | None, bool]:
        with self.engine.connect() as connection:
            return queries.round_for_voter(connection=connection, round_id=round_id,
                                           user=user)

    def participants(self, *, round_id: int) -> Sequence[str]:
        with self.sessions() as session:
            return queries.participants(session=session, round_id=round_id)

    def participant_count(self, *, round_id: int) -> int:
        with self.sessions() as session:
            return queries.participant_count(session=session, round_id=round_id)

    def close_round(self, *, round_id: int, actor: str = SYSTEM_ACTOR) -> bool:
        with self.transaction() as session:
            closed = queries.close_round(session=session, round_id=round_id)
            if closed:
                self._audit(session, round_id, actor, "round.close", {"status": "open"},
                            {"status": "closed"})
            return closed

    def mark_reminded(self, *, round_id: int, on: dt.date, actor: str = SYSTEM_ACTOR) -> bool:
        with self.transaction() as session:
            before = queries.get_round(session=session, round_id=round_id)
            reminded = queries.mark_reminded(session=session, round_id=round_id, on=on)
            if reminded:
                was = before.reminded_on.isoformat() if before and before.reminded_on else None
                self._audit(session, round_id, actor, "round.remind", {"reminded_on": was},
                            {"reminded_on": on.isoformat()})
            return reminded

    @staticmethod
    def _audit(session: Session, round_id: int, actor: str, action: str, before: object,
               after: object) -> None:
        round_ = queries.get_round(session=session, round_id=round_id)
        audit.record(session=session, actor=actor, action=action,
                     subject=_subject(round_) if round_ else f"omgång {round_id}",
                     agreement_id=round_.agreement_id if round_ else None,
                     before=before, after=after)

    # --- posting the result, once and for sure ------------------------------------------

    def claim_unposted_results(self) -> Sequence[Round]:
        with self.transaction() as session:
            return queries.claim_unposted_results(session=session)

    def results_posted(self, *, round_id: int) -> bool:
        with self.transaction() as session:
            return queries.mark_results_posted(session=session, round_id=round_id)

    def results_failed(self, *, round_id: int, error: str) -> None:
        with self.transaction() as session:
            queries.release_results(session=session, round_id=round_id, error=error)

    def claim_results_help(self, *, round_id: int) -> bool:
        with self.transaction() as session:
            return queries.claim_results_help(session=session, round_id=round_id)

    def release_results_help(self, *, round_id: int) -> None:
        with self.transaction() as session:
            queries.release_results_help(session=session, round_id=round_id)

    # --- votes (pseudonymised here) -----------------------------------------------------

    def cast_vote(self, *, round_id: int, user: str, statement_key: str, value: Vote,
                  comment: str | None = None, admit: Callable[[Round, bool], bool]) -> Ballot:
        # One transaction on one Core connection for the whole click: the round, the
        # voter's invitation, the vote and the voter's votes. As two sessions (a read, then
        # the write) the click spent more CPU on session set-up than on its statements.
        name = self._pseudonym(round_id, user)
        with self.write_connection() as connection:
            round_, invited, votes = queries.vote_click(connection=connection,
                                                        round_id=round_id, user=user,
                                                        pseudonym=name)
            if round_ is None or not admit(round_, invited):
                return Ballot(round_=round_, invited=invited)
            queries.upsert_vote(connection=connection, round_id=round_id, pseudonym=name,
                                statement_key=statement_key, value=value, comment=comment,
                                first=not votes)
            self._remember_secret_check(connection)
        self._secret_check_stored = True  # committed with the vote
        return Ballot(round_=round_, invited=invited, votes={**votes, statement_key: value})

    def record_vote(self, *, round_id: int, user: str, statement_key: str, value: Vote
                    ) -> Mapping[str, Vote] | None:
        return self.cast_vote(round_id=round_id, user=user, statement_key=statement_key,
                              value=value, admit=lambda round_, _: round_.status == "open"
                              ).votes

    def _remember_secret_check(self, connection: Connection) -> None:
        """With the first vote, store which secret made it (a check value, never the
        secret), so that `avtalsbot doctor` sees a process started with another one."""
        if self._secret_check_stored or self._pseudonym_secret is None:
            return
        pseudonym_check.remember(connection=connection,
                                 value=pseudonym_check.check_value(self._pseudonym_secret))

    def record_comment(self, *, round_id: int, user: str, statement_key: str,
                       comment: str | None) -> bool:
        name = self._pseudonym(round_id, user)
        with self.write_connection() as connection:
            if not queries.lock_open_round(connection=connection, round_id=round_id):
                return False
            return queries.set_comment(connection=connection, round_id=round_id,
                                       pseudonym=name, statement_key=statement_key,
                                       comment=comment)

    def my_votes(self, *, round_id: int, user: str) -> Mapping[str, Vote]:
        with self.engine.connect() as connection:
            return queries.votes_of(connection=connection, round_id=round_id,
                                    pseudonym=self._pseudonym(round_id, user))

    def _answered_by_participant(self, round_id: int) -> list[tuple[str, int]]:
        with self.sessions() as session:
            users = queries.participants(session=session, round_id=round_id)
            answered = queries.answered_counts(session=session, round_id=round_id)
        return [(u, answered.get(self._pseudonym(round_id, u), 0)) for u in users]

    def progress(self, *, round_id: int, statements: int) -> Progress:
        answered = [n for _, n in self._answered_by_participant(round_id)]
        return Progress(participants=len(answered), started=sum(1 for n in answered if n),
                        finished=sum(1 for n in answered if n >= statements))

    def unfinished_participants(self, *, round_id: int, statements: int) -> Sequence[str]:
        return [u for u, n in self._answered_by_participant(round_id) if n < statements]

    def tally(self, *, round_id: int) -> Tally:
        with self.sessions() as session:
            return queries.tally(session=session, round_id=round_id)

    # --- steps III–V --------------------------------------------------------------------

    def set_joint_view(self, *, round_id: int, view: JointView,
                       actor: str = SYSTEM_ACTOR) -> None:
        with self.transaction() as session:
            old = next((v for v in queries.joint_views(session=session, round_id=round_id)
                        if v.statement_key == view.statement_key), None)
            queries.set_joint_view(session=session, round_id=round_id, view=view)
            self._audit(session, round_id, actor, "round.joint_view",
                        _plain(old) if old else None, _plain(view))

    def joint_views(self, *, round_id: int) -> Sequence[JointView]:
        with self.sessions() as session:
            return queries.joint_views(session=session, round_id=round_id)

    def set_goal(self, *, round_id: int, goal: Goal, actor: str = SYSTEM_ACTOR) -> None:
        with self.transaction() as session:
            old = next((g for g in queries.goals(session=session, round_id=round_id)
                        if g.position == goal.position), None)
            queries.set_goal(session=session, round_id=round_id, goal=goal)
            self._audit(session, round_id, actor, "round.goal",
                        _plain(old) if old else None, _plain(goal))

    def goals(self, *, round_id: int) -> Sequence[Goal]:
        with self.sessions() as session:
            return queries.goals(session=session, round_id=round_id)

    def follow_ups(self) -> Sequence[FollowUp]:
        """Every priority goal's follow-up date, for the deadline engine to nudge."""
        with self.sessions() as session:
            return queries.follow_ups(session=session)



def _subject(round_: Round) -> str:
    return f"omgång {round_.id} ({round_.centre} {round_.year})"


def _plain(value: JointView | Goal) -> dict[str, object]:
    """A joint view or goal as JSON for the audit trail (dates as ISO text)."""
    data = dataclasses.asdict(value)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
