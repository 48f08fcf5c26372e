"""Retention (issue 11): a closed round older than the period keeps only the aggregate that
was posted — its votes, comments and participant list are erased — and nothing else is
touched; the posting switch that ``app_uninstalled`` sets. SQLite, and PostgreSQL when
``AVTALSBOT_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from commands.reflection.model import Goal
from storage.models import ReflectionParticipantRow, ReflectionRoundRow, ReflectionVoteRow
from storage.store import SqlStore

NOW = dt.datetime.now(dt.UTC)
THREE_YEARS = dt.timedelta(days=1095)


def _round(store: SqlStore, channel: str, *, closed_days_ago: int | None) -> int:
    agreement = next(a for a in store.agreements() if a.instrument)
    assert agreement.instrument is not None
    round_ = store.open_round(agreement_id=agreement.id, instrument_key=agreement.instrument.key,
                              centre=f"FC {channel}", channel=channel, results_channel="C0LG",
                              year=2023, min_respondents=3, opened_by="U0COORD", closes_on=None,
                              participants=["U0ANNA", "U0BERTIL", "U0CECILIA", "U0DORA"])
    assert round_ is not None
    keys = [s.key for s in agreement.instrument.statements()]
    for n, user in enumerate(["U0ANNA", "U0BERTIL", "U0CECILIA"]):
        for key in keys[:3]:
            store.record_vote(round_id=round_.id, user=user, statement_key=key,
                              value="develop" if n == 0 and key == keys[0] else "works")
        store.record_comment(round_id=round_.id, user=user, statement_key=keys[0],
                             comment=f"kommentar {n}")
    if closed_days_ago is not None:
        store.close_round(round_id=round_.id, actor="U0COORD")
        with store.transaction() as session:
            session.execute(update(ReflectionRoundRow).where(ReflectionRoundRow.id == round_.id)
                            .values(closed_at=NOW - dt.timedelta(days=closed_days_ago)))
    return round_.id


def _count(store: SqlStore, table: type, round_id: int) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)
                                  .where(table.round_id == round_id)) or 0)  # type: ignore[attr-defined]


def test_purge_keeps_the_aggregate_and_nothing_else_of_old_closed_rounds(
        fresh_store: SqlStore) -> None:
    store = fresh_store
    store.use_pseudonym_secret(b"retention-test-secret")
    old = _round(store, "C0OLD", closed_days_ago=1200)
    recent = _round(store, "C0NEW", closed_days_ago=30)
    still_open = _round(store, "C0OPEN", closed_days_ago=None)
    key = next(a for a in store.agreements() if a.instrument).instrument.statements()[0].key  # type: ignore[union-attr]
    store.set_goal(round_id=old, goal=Goal(1, "Rutin", key, dt.date(2027, 6, 1)))
    before = store.tally(round_id=old)

    planned = store.purge(older_than=NOW - THREE_YEARS, dry_run=True)
    assert [(p.round_id, p.votes, p.participants) for p in planned] == [(old, 9, 4)]
    assert _count(store, ReflectionVoteRow, old) == 9  # a dry run changes nothing

    done = store.purge(older_than=NOW - THREE_YEARS, actor="cli:ops")
    assert [p.round_id for p in done] == [old]
    assert _count(store, ReflectionVoteRow, old) == 0
    assert _count(store, ReflectionParticipantRow, old) == 0
    kept = store.tally(round_id=old)
    assert (kept.respondents, dict(kept.counts)) == (before.respondents, dict(before.counts))
    assert kept.counts[key] == (2, 1) and kept.comments == {}  # the comments are gone
    assert [g.text for g in store.goals(round_id=old)] == ["Rutin"]  # the group's, kept
    # the newer closed round and the open one are untouched
    for other in (recent, still_open):
        assert _count(store, ReflectionVoteRow, other) == 9
        assert _count(store, ReflectionParticipantRow, other) == 4
    assert store.tally(round_id=recent).comments != {}
    event = store.audit_events()[-1]
    assert (event.action, event.actor, event.before, event.after["votes"]) == (
        "round.purge", "cli:ops", {"votes": 9, "participants": 4}, 0)
    assert store.purge(older_than=NOW - THREE_YEARS) == []  # once is enough


def test_the_posting_switch(fresh_store: SqlStore) -> None:
    assert fresh_store.posting_stopped() is None
    assert fresh_store.stop_posting(reason="app_uninstalled")
    assert not fresh_store.stop_posting(reason="app_uninstalled")
    assert fresh_store.posting_stopped() == "app_uninstalled"
    assert fresh_store.resume_posting(actor="cli:ops")
    assert fresh_store.posting_stopped() is None
    assert [e.action for e in fresh_store.audit_events()][-2:] == ["posting.stop",
                                                                   "posting.resume"]
