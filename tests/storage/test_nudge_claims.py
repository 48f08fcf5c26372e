"""Exactly-once nudges at the storage level: concurrent claims, failures, done marks."""

from __future__ import annotations

import threading
import time

import pytest

from storage.store import SqlStore, open_store


def test_concurrent_processes_post_each_nudge_once(database_url: str) -> None:
    stores = [open_store(database_url) for _ in range(4)]
    posted: list[str] = []
    lock = threading.Lock()
    results: list[bool] = []

    def post() -> str:
        time.sleep(0.2)  # a slow Slack call while the claim is held
        with lock:
            posted.append("x")
        return "1700000000.000100"

    def worker(store: SqlStore, name: str) -> None:
        results.append(store.send_nudge_once(
            key="cmv-jamtland/uppsagning/2026-12-31/30/C1", occurrence_key="occ", channel="C1",
            lead_days=30, late=False, claimed_by=name, post=post))

    threads = [threading.Thread(target=worker, args=(s, f"p{i}")) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert posted == ["x"]
    assert sorted(results) == [False, False, False, True]
    assert stores[0].sent_nudge_keys() == {"cmv-jamtland/uppsagning/2026-12-31/30/C1"}


def test_failed_post_leaves_the_nudge_due(fresh_store: SqlStore) -> None:
    def broken() -> str:
        raise RuntimeError("slack is down")

    with pytest.raises(RuntimeError):
        fresh_store.send_nudge_once(key="k", occurrence_key="o", channel="C", lead_days=7,
                                    late=False, claimed_by="p", post=broken)
    assert fresh_store.sent_nudge_keys() == set()
    assert fresh_store.send_nudge_once(key="k", occurrence_key="o", channel="C", lead_days=7,
                                       late=False, claimed_by="p", post=lambda: "ts")
    assert fresh_store.sent_nudge_keys() == {"k"}


def test_marking_done_is_recorded_once(fresh_store: SqlStore) -> None:
    assert fresh_store.mark_occurrence_done(occurrence_key="occ-1", user="U1")
    assert not fresh_store.mark_occurrence_done(occurrence_key="occ-1", user="U2")
    assert fresh_store.done_occurrences() == {"occ-1"}
