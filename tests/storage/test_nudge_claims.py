"""Exactly-once nudges at the storage level: concurrent claims, failures, done marks, and no
database lock held while Slack is asked (issue 9, point 4)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from commands.core.agreement import Meeting
from storage.models import NudgeRow
from storage.queries import nudges as nudge_queries
from storage.store import SqlStore, open_store

KEY = "cmv-jamtland/uppsagning/2026-12-31/30/C1"


def send(store: SqlStore, post: object, name: str = "p") -> str:
    return store.send_nudge_once(key=KEY, occurrence_key="occ", channel="C1", lead_days=30,
                                 late=False, claimed_by=name, post=post)  # type: ignore[arg-type]


def test_concurrent_processes_post_each_nudge_once(database_url: str) -> None:
    stores = [open_store(database_url) for _ in range(4)]
    posted: list[str] = []
    lock = threading.Lock()
    results: list[str] = []
    started = threading.Event()
    release = threading.Event()

    def post() -> str:
        started.set()
        release.wait(30)  # a slow Slack call while the claim is held
        with lock:
            posted.append("x")
        return "1700000000.000100"

    threads = [threading.Thread(target=lambda s=s, i=i: results.append(send(s, post, f"p{i}")))
               for i, s in enumerate(stores)]
    threads[0].start()
    assert started.wait(30)
    for t in threads[1:]:  # the others ask while the first is still posting
        t.start()
    for t in threads[1:]:
        t.join(30)
    release.set()
    threads[0].join(30)
    assert posted == ["x"]
    assert sorted(results) == ["busy", "busy", "busy", "posted"]
    assert send(stores[1], post) == "sent"
    assert posted == ["x"]
    assert stores[0].sent_nudge_keys() == {KEY}


def test_no_write_waits_while_a_nudge_is_being_posted(database_url: str) -> None:
    """A poster stuck in Slack's Retry-After: another process votes and moves meetings
    meanwhile (before, the claim's write transaction stayed open across the post)."""
    nudger, other = open_store(database_url), open_store(database_url)
    posting, release = threading.Event(), threading.Event()

    def blocked_post() -> str:
        posting.set()
        release.wait(60)
        return "1700000000.000100"

    outcome: list[str] = []
    thread = threading.Thread(target=lambda: outcome.append(send(nudger, blocked_post)))
    thread.start()
    try:
        assert posting.wait(30)
        wrote = threading.Event()

        def write() -> None:
            other.mark_occurrence_done(occurrence_key="occ-2", user="U1")
            other.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                              meeting=Meeting(date=dt.date(2027, 2, 12)))
            wrote.set()

        writer = threading.Thread(target=write)
        writer.start()
        # the poster is still blocked: the writes must get through before it returns
        assert wrote.wait(20), "a write waited for the nudge's post"
        assert not release.is_set() and thread.is_alive()
    finally:
        release.set()
        thread.join(30)
    assert outcome == ["posted"]
    assert other.done_occurrences() == {"occ-2"}
    assert nudger.sent_nudge_keys() == {KEY}


def test_failed_post_releases_the_claim_and_leaves_the_nudge_due(fresh_store: SqlStore) -> None:
    def broken() -> str:
        raise RuntimeError("slack is down")

    with pytest.raises(RuntimeError):
        send(fresh_store, broken)
    assert fresh_store.sent_nudge_keys() == set()
    assert send(fresh_store, lambda: "ts") == "posted"
    assert fresh_store.sent_nudge_keys() == {KEY}
    with fresh_store.sessions() as session:
        row = session.scalars(select(NudgeRow)).one()
    assert (row.attempts, row.last_error, row.message_ts) == (2, "RuntimeError: slack is down",
                                                              "ts")


def _claim_left_by(store: SqlStore, age: dt.timedelta) -> None:
    """A claim of a process that is posting (young) or died while posting (old)."""
    with store.transaction() as session:
        assert nudge_queries.claim(session=session, key=KEY, occurrence_key="occ",
                                   channel="C1", lead_days=30, late=False,
                                   token="dead-host:1/abc", now=dt.datetime.now(dt.UTC) - age) \
            == "claimed"


def test_a_live_claim_is_left_alone(fresh_store: SqlStore) -> None:
    _claim_left_by(fresh_store, dt.timedelta(minutes=1))
    calls: list[str] = []
    assert send(fresh_store, lambda: calls.append("x") or "ts") == "busy"
    assert calls == [] and fresh_store.sent_nudge_keys() == set()


def test_a_claim_of_a_process_that_died_expires_and_is_posted(fresh_store: SqlStore) -> None:
    _claim_left_by(fresh_store, nudge_queries.NUDGE_LEASE + dt.timedelta(seconds=1))
    calls: list[str] = []
    assert send(fresh_store, lambda: calls.append("x") or "ts", "alive") == "posted"
    assert calls == ["x"] and fresh_store.sent_nudge_keys() == {KEY}
    with fresh_store.sessions() as session:
        assert session.scalars(select(NudgeRow.claimed_by)).one().startswith("alive/")


def test_marking_done_is_recorded_once(fresh_store: SqlStore) -> None:
    assert fresh_store.mark_occurrence_done(occurrence_key="occ-1", user="U1")
    assert not fresh_store.mark_occurrence_done(occurrence_key="occ-1", user="U2")
    assert fresh_store.done_occurrences() == {"occ-1"}


def test_a_post_slack_took_is_recorded_even_if_the_first_record_fails(
    fresh_store: SqlStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = nudge_queries.mark_sent
    failures = [OperationalError("UPDATE nudges", {}, Exception("server closed the connection"))]

    def flaky(**arguments: object) -> bool:
        if failures:
            raise failures.pop()
        return real(**arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(nudge_queries, "mark_sent", flaky)
    monkeypatch.setattr("storage.store.time.sleep", lambda seconds: None)
    posts: list[str] = []
    assert send(fresh_store, lambda: posts.append("x") or "ts") == "posted"
    assert posts == ["x"] and fresh_store.sent_nudge_keys() == {KEY}


def test_a_post_keeps_the_channel_pace_of_another_process(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes posting different nudges to one channel: the second waits out the
    rest of the second since the first one's claim, outside any transaction; another
    channel, or no spacing asked, does not wait."""
    import storage.store as store_module

    waits: list[float] = []
    monkeypatch.setattr(store_module, "time", type("Clock", (), {
        "monotonic": staticmethod(store_module.time.monotonic),
        "sleep": staticmethod(waits.append)}))
    first, second = open_store(database_url), open_store(database_url)
    assert first.send_nudge_once(key="a/1", occurrence_key="a", channel="C1", lead_days=7,
                                 late=False, claimed_by="p1", post=lambda: "1",
                                 channel_spacing=1.0) == "posted"
    assert waits == []
    assert second.send_nudge_once(key="b/1", occurrence_key="b", channel="C2", lead_days=7,
                                  late=False, claimed_by="p2", post=lambda: "2",
                                  channel_spacing=1.0) == "posted"
    assert waits == []  # another channel
    assert second.send_nudge_once(key="c/1", occurrence_key="c", channel="C1", lead_days=7,
                                  late=False, claimed_by="p2", post=lambda: "3",
                                  channel_spacing=1.0) == "posted"
    assert len(waits) == 1 and 0 < waits[0] <= 1.0
    assert second.send_nudge_once(key="d/1", occurrence_key="d", channel="C1", lead_days=7,
                                  late=False, claimed_by="p2", post=lambda: "4") == "posted"
    assert len(waits) == 1  # no spacing asked
    assert second.sent_nudge_keys() == {"a/1", "b/1", "c/1", "d/1"}
    first.engine.dispose()
    second.engine.dispose()
