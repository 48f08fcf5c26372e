"""The plain objects of a self-reflection round (source 002), shared by the domain and storage.

Storage hands these to ``commands.reflection`` and never an ORM row; none of them carries a
voter's identity next to an answer. ``ReflectionStore`` is what the domain needs from
storage — ``storage.reflection_store.ReflectionStorage`` implements it, and it is the only
place where a raw user id is turned into the keyed pseudonym votes are stored under.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

Vote = Literal["works", "develop"]
VOTES: tuple[Vote, ...] = ("works", "develop")
VOTE_LABEL: dict[Vote, str] = {"works": "Fungerar", "develop": "Behöver utvecklas"}
DEFAULT_MIN_RESPONDENTS = 3  # issue 5: nothing is shown below this many respondents
MIN_RESPONDENTS_FOR_COMMENTS = 5  # issue 5: comments only from five respondents up


@dataclass(frozen=True)
class Round:
    id: int
    agreement_id: str
    instrument_key: str
    centre: str
    channel: str
    results_channel: str | None
    year: int
    status: Literal["open", "closed"]
    min_respondents: int
    opened_by: str
    closes_on: dt.date | None = None
    reminded_on: dt.date | None = None
    opened_on: dt.date | None = None


@dataclass(frozen=True)
class Ballot:
    """What a vote click found and did (``ReflectionStore.cast_vote``)."""

    round_: Round | None  # None: no such round
    invited: bool
    votes: Mapping[str, Vote] | None = None  # the voter's votes with this one; None: not stored


@dataclass(frozen=True)
class Tally:
    """What was answered in a round, without who: counts per statement and the comments."""

    respondents: int  # people with at least one current vote
    counts: Mapping[str, tuple[int, int]]  # statement key -> (works, develop)
    comments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # sorted, no order


@dataclass(frozen=True)
class Progress:
    participants: int
    started: int  # at least one answer
    finished: int  # every statement answered


@dataclass(frozen=True)
class JointView:
    """Step III: the group's joint view of one statement."""

    statement_key: str
    value: Vote
    note: str | None = None


@dataclass(frozen=True)
class Goal:
    """Step IV: one of the two priority goals, with its follow-up date (step V)."""

    position: int  # 1 or 2
    text: str
    statement_key: str | None
    follow_up_on: dt.date | None


@dataclass(frozen=True)
class FollowUp:
    """A priority goal as the deadline engine sees it: something due on a date, in a channel.

    ``key`` is stable (``reflection-goal:{round}:{position}``) so a nudge can be claimed once.
    """

    key: str
    agreement_id: str
    centre: str
    channel: str
    title: str
    due: dt.date
    responsible: str
    source: str


@runtime_checkable
class ReflectionStore(Protocol):
    def open_round(self, *, agreement_id: str, instrument_key: str, centre: str, channel: str,
                   results_channel: str | None, year: int, min_respondents: int,
                   opened_by: str, closes_on: dt.date | None,
                   participants: Sequence[str]) -> Round | None:
        """Open a round; None when the channel already has an open one."""
        ...

    def reflection_round(self, round_id: int) -> Round | None: ...

    def all_rounds(self) -> Sequence[Round]: ...

    def closed_rounds_before(self, *, agreement_id: str, round_id: int
                             ) -> Sequence[tuple[int, str]]:
        """(id, centre) of the agreement's closed rounds older than ``round_id``, newest
        first: enough to find a centre's previous round without loading every round."""
        ...

    def rounds_in_channel(self, channel: str) -> Sequence[Round]:
        """Newest first."""
        ...

    def rounds_of_user(self, user: str) -> Sequence[Round]:
        """Rounds the user takes part in or opened, newest first."""
        ...

    def is_participant(self, *, round_id: int, user: str) -> bool: ...

    def round_for_voter(self, *, round_id: int, user: str) -> tuple[Round | None, bool]:
        """The round and whether ``user`` takes part in it, read together (each click)."""
        ...

    def participants(self, *, round_id: int) -> Sequence[str]:
        """User ids invited (for DMs only; never joined to votes)."""
        ...

    def participant_count(self, *, round_id: int) -> int:
        """How many were invited (a result's response rate), without loading who."""
        ...

    def cast_vote(self, *, round_id: int, user: str, statement_key: str, value: Vote,
                  comment: str | None = None, admit: Callable[[Round, bool], bool]) -> Ballot:
        """A vote click, all in one transaction: read the round and whether ``user`` was
        invited to it, and store the vote (with ``comment``) only if ``admit(round,
        invited)`` — the domain's rule, asked inside the transaction, which the round cannot
        close during. Nothing is stored when there is no such round."""
        ...

    def record_vote(self, *, round_id: int, user: str, statement_key: str, value: Vote
                    ) -> Mapping[str, Vote] | None:
        """Upsert the user's current vote; the user's votes with it (what the next card
        shows, read in the same transaction), or None if the round was closed meanwhile."""
        ...

    def record_comment(self, *, round_id: int, user: str, statement_key: str,
                       comment: str | None) -> bool:
        """Attach a comment to the user's current vote; False if there is no vote or the
        round is closed."""
        ...

    def my_votes(self, *, round_id: int, user: str) -> Mapping[str, Vote]:
        """The asking user's own current votes (shown to that user only)."""
        ...

    def progress(self, *, round_id: int, statements: int) -> Progress: ...

    def unfinished_participants(self, *, round_id: int, statements: int) -> Sequence[str]: ...

    def tally(self, *, round_id: int) -> Tally: ...

    def close_round(self, *, round_id: int, actor: str = ...) -> bool:
        """Close an open round (audited as ``actor``; the clock's is "system"); True only for
        the call that closed it."""
        ...

    def mark_reminded(self, *, round_id: int, on: dt.date, actor: str = ...) -> bool:
        """Record a reminder day; False if already reminded that day."""
        ...

    def claim_unposted_results(self) -> Sequence[Round]:
        """Closed rounds whose result is not yet posted and that no one is posting right
        now, each claimed for this caller for a while (the closer holds the first claim)."""
        ...

    def results_posted(self, *, round_id: int) -> bool:
        """Slack took the result and its chart; False if it was already recorded."""
        ...

    def results_failed(self, *, round_id: int, error: str) -> None:
        """Posting failed with ``error``: release the claim so it is tried again."""
        ...

    def claim_results_help(self, *, round_id: int) -> bool:
        """True once per round: the caller is to tell the coordinator what to do."""
        ...

    def release_results_help(self, *, round_id: int) -> None:
        """The coordinator could not be told after all: let the next failure try again."""
        ...

    def set_joint_view(self, *, round_id: int, view: JointView, actor: str = ...) -> None: ...

    def joint_views(self, *, round_id: int) -> Sequence[JointView]: ...

    def set_goal(self, *, round_id: int, goal: Goal, actor: str = ...) -> None: ...

    def goals(self, *, round_id: int) -> Sequence[Goal]: ...

    def follow_ups(self) -> Sequence[FollowUp]: ...
