"""Roles granted in chat and the audit trail in a real database (SQLite, and PostgreSQL when
``AVTALSBOT_TEST_DATABASE_URL`` is set): every change is recorded with who, before and after,
in the same transaction as the change; grants survive a reload; votes never appear."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from commands.core.agreement import Meeting, PopulationFigure
from commands.core.ports import RoleGrant
from commands.reflection.model import Goal, JointView
from storage.models import AuditEventRow
from storage.store import SqlStore, seed

COORD = RoleGrant("coordinator", "U0COORD", "jonkoping-familjecentraler", "C0FC")


def actions(store: SqlStore) -> list[str]:
    return [e.action for e in store.audit_events()]


def test_meeting_changes_are_audited_with_before_and_after(fresh_store: SqlStore) -> None:
    store = fresh_store
    first = Meeting(date=dt.date(2027, 2, 12), time=dt.time(13, 0))
    moved = Meeting(date=dt.date(2027, 2, 19), time=dt.time(14, 0), place="Östersund")
    assert store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp", meeting=first,
                             actor="U0CHAIR")
    # a change that does not happen leaves no record
    assert not store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                 meeting=first, actor="U0CHAIR")
    assert store.move_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                              date=first.date, meeting=moved, actor="U0SEC")
    assert store.remove_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                date=moved.date, actor="U0CHAIR")
    added, move, removed = store.audit_events(agreement_id="cmv-jamtland")[-3:]
    assert (added.action, added.actor, added.before) == ("meeting.add", "U0CHAIR", None)
    assert added.after == {"date": "2027-02-12", "time": "13:00:00", "place": None,
                           "note": None}
    assert added.subject == "cmv-jamtland/styrgrupp/2027-02-12"
    assert (move.action, move.actor) == ("meeting.move", "U0SEC")
    assert move.before["date"] == "2027-02-12" and move.before["time"] == "13:00:00"
    assert move.after["date"] == "2027-02-19" and move.after["place"] == "Östersund"
    assert (removed.action, removed.before["date"], removed.after) == (
        "meeting.remove", "2027-02-19", None)
    assert added.at.tzinfo is not None and added.at <= move.at <= removed.at


def test_marked_done_is_audited_once(fresh_store: SqlStore) -> None:
    key = "cmv-jamtland/verksamhetsberattelse/2027-03-01"
    assert fresh_store.mark_occurrence_done(occurrence_key=key, user="U0ANNA")
    assert not fresh_store.mark_occurrence_done(occurrence_key=key, user="U0BERTIL")
    (event,) = [e for e in fresh_store.audit_events() if e.action == "deadline.done"]
    assert (event.actor, event.subject, event.agreement_id) == ("U0ANNA", key, "cmv-jamtland")
    assert (event.before, event.after) == ({"done": False}, {"done": True})


def test_grants_are_audited_and_survive_a_reload(fresh_store: SqlStore) -> None:
    store = fresh_store
    assert store.grant_role(COORD, actor="U0ADMIN")
    assert not store.grant_role(COORD, actor="U0ADMIN")  # already held: no second row
    seed(store, actor="cli:ops")
    assert store.role_grants() == [COORD]
    assert store.revoke_role(COORD, actor="U0ADMIN")
    assert not store.revoke_role(COORD, actor="U0ADMIN")
    assert store.role_grants() == []
    grant, revoke = [e for e in store.audit_events() if e.action.startswith("role.")]
    assert (grant.actor, grant.before, grant.after) == (
        "U0ADMIN", None, {"role": "coordinator", "user": "U0COORD", "scope": "C0FC"})
    assert revoke.before is not None and revoke.before["granted_by"] == "U0ADMIN"
    assert revoke.after is None


def test_seed_and_import_are_audited_only_when_something_changed(fresh_store: SqlStore) -> None:
    store = fresh_store
    before = len(store.audit_events())
    seed(store, actor="cli:ops")
    assert len(store.audit_events()) == before  # nothing changed: nothing to record
    cmv = store.agreement("cmv-jamtland")
    assert cmv is not None
    store.save_agreements([cmv.model_copy(update={"note": "Ny läsning"})], actor="cli:ops")
    (event,) = store.audit_events()[before:]
    assert (event.action, event.actor, event.subject) == ("agreement.import", "cli:ops",
                                                          "cmv-jamtland")
    assert event.before == {"note": cmv.note} and event.after == {"note": "Ny läsning"}


def test_population_loads_are_audited(fresh_store: SqlStore) -> None:
    fresh_store.add_population_figures([PopulationFigure(
        municipality_code="2309", name="Krokom", population=15000, date=dt.date(2026, 11, 1))],
        actor="cli:ops")
    event = fresh_store.audit_events()[-1]
    assert (event.action, event.actor) == ("population.load", "cli:ops")
    assert event.after == {"figures": 1, "dates": ["2026-11-01"]}


def test_round_changes_are_audited_but_never_a_vote(fresh_store: SqlStore) -> None:
    store = fresh_store
    store.use_pseudonym_secret(b"audit-test-secret")
    agreement = next(a for a in store.agreements() if a.instrument)
    assert agreement.instrument is not None
    round_ = store.open_round(agreement_id=agreement.id, instrument_key=agreement.instrument.key,
                              centre="FC Råslätt", channel="C0FC", results_channel="C0LG",
                              year=2026, min_respondents=3, opened_by="U0COORD",
                              closes_on=dt.date(2026, 12, 15),
                              participants=["U0ANNA", "U0BERTIL", "U0CECILIA"])
    assert round_ is not None
    key = agreement.instrument.statements()[0].key
    store.record_vote(round_id=round_.id, user="U0ANNA", statement_key=key, value="develop")
    store.record_comment(round_id=round_.id, user="U0ANNA", statement_key=key,
                         comment="hemlig kommentar")
    assert store.mark_reminded(round_id=round_.id, on=dt.date(2026, 12, 1), actor="U0COORD")
    assert store.close_round(round_id=round_.id, actor="U0COORD")
    store.set_joint_view(round_id=round_.id, view=JointView(key, "develop", "Rutin"),
                         actor="U0COORD")
    store.set_joint_view(round_id=round_.id, view=JointView(key, "works"), actor="U0COORD")
    store.set_goal(round_id=round_.id, goal=Goal(1, "Rutin", key, dt.date(2027, 6, 1)),
                   actor="U0COORD")
    events = [e for e in store.audit_events() if e.action.startswith("round.")]
    assert [e.action for e in events] == ["round.start", "round.remind", "round.close",
                                          "round.joint_view", "round.joint_view", "round.goal"]
    assert all(e.actor == "U0COORD" for e in events)
    assert events[0].after["invited"] == 3 and "U0ANNA" not in str(events[0].after)
    assert (events[1].before, events[1].after) == ({"reminded_on": None},
                                                   {"reminded_on": "2026-12-01"})
    assert (events[2].before, events[2].after) == ({"status": "open"}, {"status": "closed"})
    assert events[3].before is None and events[3].after["note"] == "Rutin"
    assert events[4].before["value"] == "develop" and events[4].after["value"] == "works"
    assert events[5].after["follow_up_on"] == "2027-06-01"
    trail = str([(e.before, e.after, e.subject) for e in store.audit_events()])
    assert "hemlig kommentar" not in trail and "U0ANNA" not in trail


def test_the_record_is_in_the_same_transaction_as_the_change(fresh_store: SqlStore) -> None:
    """A change that fails after its record was written leaves neither."""
    store = fresh_store
    with store.sessions() as session:
        count = session.scalar(select(func.count(AuditEventRow.id)))
    with pytest.raises(RuntimeError), store.transaction() as session:
        from storage.queries import roles as role_queries
        role_queries.grant(session=session, grant=COORD, actor="U0ADMIN")
        session.flush()
        raise RuntimeError("the database went away before the commit")
    with store.sessions() as session:
        assert session.scalar(select(func.count(AuditEventRow.id))) == count
    assert store.role_grants() == []


def test_audit_events_filter_by_agreement_and_period(fresh_store: SqlStore) -> None:
    store = fresh_store
    store.grant_role(COORD, actor="U0ADMIN")
    store.mark_occurrence_done(occurrence_key="cmv-jamtland/x/2027-03-01", user="U0ANNA")
    now = dt.datetime.now(dt.UTC)
    # the first load of a fresh database, by the system, then the mark
    assert [(e.action, e.actor) for e in store.audit_events(agreement_id="cmv-jamtland")] == [
        ("agreement.seed", "system"), ("deadline.done", "U0ANNA")]
    assert store.audit_events(since=now + dt.timedelta(minutes=5)) == []
    assert len(store.audit_events(since=now - dt.timedelta(minutes=5), limit=1)) == 1
