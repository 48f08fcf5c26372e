"""Posting nudges exactly once on SQLite and PostgreSQL: repeated runs, concurrent
processes, catch-up after downtime, "done", failures, Slack's 429s and pacing, and the
`avtalsbot nudges` command."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.cli import main
from bot.delivery import ChannelPacer
from bot.nudger import pending, send_due, slack_poster
from commands.core.answers import Answer, Message
from commands.nudges.command import DONE_ACTION
from storage.store import SqlStore, open_store
from tests.slack.emulator import SlackEmulator

ON_TIME = dt.date(2026, 10, 30)  # the 60-day reminders for both 2026-12-31 notice days
TODAY = dt.date(2026, 11, 25)


class Recorder:
    def __init__(self) -> None:
        self.posts: list[tuple[str, Answer]] = []
        self._lock = threading.Lock()

    def __call__(self, channel: str, answer: Answer) -> str:
        with self._lock:
            self.posts.append((channel, answer))
            return f"17000000{len(self.posts):02d}.000100"

    def texts(self) -> list[str]:
        return [str(a.text) for _, a in self.posts if isinstance(a, Message)]


def test_each_nudge_once_across_runs_and_days(fresh_store: SqlStore) -> None:
    post = Recorder()
    first = send_due(fresh_store, post, ON_TIME, claimed_by="p1")
    notice = [t for t in post.texts() if "uppsägning" in t]
    assert len(notice) == 2  # CMV and Västra Götaland, 60 days before
    assert all(o.posted and not o.nudge.late for o in first
               if "uppsagning" in o.nudge.occurrence.rule_key)
    assert send_due(fresh_store, post, ON_TIME, claimed_by="p1") == []  # a restart
    assert send_due(fresh_store, post, ON_TIME + dt.timedelta(days=3), claimed_by="p1") == []
    thirty = send_due(fresh_store, post, dt.date(2026, 11, 30), claimed_by="p1")
    notice = {o.nudge.lead_days for o in thirty if o.nudge.occurrence.rule_key == "uppsagning"}
    assert notice == {30}
    keys = [o.nudge.key for o in first + thirty]
    assert len(keys) == len(set(keys))
    assert fresh_store.sent_nudge_keys() == set(keys)


def test_two_processes_at_the_same_time_post_each_nudge_once(database_url: str) -> None:
    stores = [open_store(database_url) for _ in range(2)]
    expected = {n.key for n in pending(stores[0], TODAY)}
    assert len(expected) >= 5
    post = Recorder()

    def slow(channel: str, answer: Answer) -> str:
        time.sleep(0.05)  # a Slack call while the claim is held
        return post(channel, answer)

    threads = [threading.Thread(target=send_due, args=(s, slow, TODAY),
                                kwargs={"claimed_by": f"p{i}"}) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = Counter((channel, answer.text) for channel, answer in post.posts
                     if isinstance(answer, Message))
    assert counts and set(counts.values()) == {1}
    assert len(post.posts) == len(expected)
    assert stores[0].sent_nudge_keys() == expected
    for store in stores:
        store.engine.dispose()


def test_catch_up_after_downtime_posts_once_marked_late(fresh_store: SqlStore) -> None:
    post = Recorder()
    outcomes = send_due(fresh_store, post, TODAY, claimed_by="p1")
    notice = [o for o in outcomes if o.nudge.occurrence.rule_key == "uppsagning"]
    assert {(o.nudge.lead_days, o.nudge.late, o.posted) for o in notice} == {(60, True, True)}
    assert any("Sen påminnelse" in d for _, a in post.posts if isinstance(a, Message)
               for d in a.details)
    assert send_due(fresh_store, post, TODAY, claimed_by="p2") == []
    # the 30-day reminder follows on its own day, on time
    later = send_due(fresh_store, post, dt.date(2026, 11, 30), claimed_by="p2")
    assert {(o.nudge.lead_days, o.nudge.late) for o in later
            if o.nudge.occurrence.rule_key == "uppsagning"} == {(30, False)}


def test_marked_done_stops_further_nudges(fresh_store: SqlStore) -> None:
    post = Recorder()
    send_due(fresh_store, post, ON_TIME, claimed_by="p1")
    assert fresh_store.mark_occurrence_done(occurrence_key="cmv-jamtland/uppsagning/2026-12-31",
                                            user="U0ANNA")
    later = send_due(fresh_store, post, dt.date(2026, 11, 30), claimed_by="p1")
    notices = {o.nudge.occurrence.agreement_id for o in later
               if o.nudge.occurrence.rule_key == "uppsagning"}
    assert notices == {"vg-familjecentraler"}


def test_a_failed_post_stays_due_and_goes_out_next_run(fresh_store: SqlStore) -> None:
    from slack_sdk.errors import SlackApiError

    def broken(channel: str, answer: Answer) -> str:
        raise SlackApiError("down", {"ok": False, "error": "channel_not_found"})

    failed = send_due(fresh_store, broken, ON_TIME, claimed_by="p1")
    assert failed and all(not o.posted and o.error == "channel_not_found" for o in failed)
    assert fresh_store.sent_nudge_keys() == set()
    post = Recorder()
    again = send_due(fresh_store, post, ON_TIME, claimed_by="p1")
    assert {o.nudge.key for o in again} == {o.nudge.key for o in failed}
    assert all(o.posted for o in again)


def test_429_is_waited_out_and_retried_and_posts_are_paced(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'n.db'}")
    with SlackEmulator(token="xoxb-t") as emulator:
        emulator.rate_limit("chat.postMessage", times=1, retry_after=1)
        client = WebClient(token="xoxb-t", base_url=emulator.base_url,
                           retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)])
        started = time.monotonic()
        outcomes = send_due(store, slack_poster(client), ON_TIME, claimed_by="p1",
                            pace=ChannelPacer(0.3).wait)
        elapsed = time.monotonic() - started
        posted = [o for o in outcomes if o.posted]
        calls = emulator.calls("chat.postMessage")
    assert posted and len(posted) == len(outcomes)
    assert len(calls) == len(posted) + 1  # the 429'd call, then its retry
    assert elapsed >= 1.0  # Retry-After: 1 was honoured
    by_channel = Counter(o.nudge.channel for o in posted)
    busiest = max(by_channel.values())
    assert elapsed >= 0.3 * (busiest - 1)  # paced per channel
    first = calls[-len(posted)]
    assert first.param_json("blocks")[-1]["elements"][0]["action_id"] == DONE_ACTION
    assert store.sent_nudge_keys() == {o.nudge.key for o in posted}


def test_cli_dry_run_lists_and_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["nudges", "--today", "2026-10-30", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "påminnelser skulle skickas 2026-10-30:" in out
    assert ("#cmv-styrgrupp  60 dagar före: Sista dag för skriftlig uppsägning av avtalet "
            "(CMV Jämtland), agera senast 2026-12-30") in out
    assert open_store(url).sent_nudge_keys() == set()
    assert main(["nudges", "--today", "2026-10-30", "--dry-run"]) == 0
    assert "Sista dag för skriftlig uppsägning av avtalet" in capsys.readouterr().out


def test_cli_send_without_token_says_what_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["nudges", "--today", "2026-10-30"]) == 2
    err = capsys.readouterr().err
    assert "kräver SLACK_BOT_TOKEN" in err and "--dry-run" in err
    assert "Traceback" not in err


def test_cli_sends_to_slack_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    with SlackEmulator(token="xoxb-cli") as emulator:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli")
        monkeypatch.setenv("SLACK_API_URL", emulator.base_url)
        assert main(["nudges", "--today", "2026-10-30"]) == 0
        out = capsys.readouterr().out
        sent = len(emulator.calls("chat.postMessage"))
        assert f"Skickade {sent} påminnelser 2026-10-30." in out
        assert main(["nudges", "--today", "2026-10-30"]) == 0
        assert "Skickade 0 påminnelser" in capsys.readouterr().out
        assert len(emulator.calls("chat.postMessage")) == sent


def test_any_other_failure_is_reported_per_nudge_and_left_due(fresh_store: SqlStore) -> None:
    calls: list[str] = []

    def flaky(channel: str, answer: Answer) -> str:
        calls.append(channel)
        if len(calls) == 1:
            raise OSError("connection reset")
        return "1.2"

    outcomes = send_due(fresh_store, flaky, ON_TIME, claimed_by="p1")
    assert [o.error for o in outcomes].count("OSError") == 1
    assert sum(o.posted for o in outcomes) == len(outcomes) - 1
    retry = send_due(fresh_store, flaky, ON_TIME, claimed_by="p1")
    assert len(retry) == 1 and retry[0].posted


def test_cli_reports_failed_posts_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    with SlackEmulator(token="xoxb-cli") as emulator:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-cli")
        monkeypatch.setenv("SLACK_API_URL", emulator.base_url)
        emulator.fail("chat.postMessage", "not_in_channel", times=1)
        assert main(["nudges", "--today", "2026-10-30"]) == 1
        captured = capsys.readouterr()
        assert "misslyckades (not_in_channel), försöker igen nästa körning:" in captured.err
        assert "Traceback" not in captured.err
        # the failed one goes out on the next run, the others are not repeated
        assert main(["nudges", "--today", "2026-10-30"]) == 0
        assert "Skickade 1 påminnelse 2026-10-30." in capsys.readouterr().out


def test_a_bad_setting_is_named_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("AVTALSBOT_NUDGE_HOUR", "25")
    assert main(["nudges", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "avtalsbot: miljövariabeln AVTALSBOT_NUDGE_HOUR:" in err and "'25'" in err
    assert "Traceback" not in err


def test_posts_to_one_channel_are_spaced_and_no_claim_is_held_while_waiting(
    fresh_store: SqlStore,
) -> None:
    times: dict[str, list[float]] = {}
    in_transaction: list[bool] = []

    def post(channel: str, answer: Answer) -> str:
        times.setdefault(channel, []).append(time.monotonic())
        return "1.1"

    pacer = ChannelPacer(0.2)
    probes = itertools.count()  # channels are paced in parallel threads: unique keys

    def pace(channel: str) -> None:
        # while we wait, another process can claim: the database is not locked by us
        in_transaction.append(fresh_store.mark_occurrence_done(
            occurrence_key=f"probe/{next(probes)}", user="probe"))
        pacer.wait(channel)

    outcomes = send_due(fresh_store, post, TODAY, claimed_by="p1", pace=pace)
    assert outcomes and all(in_transaction)
    busy = max(times.values(), key=len)
    assert len(busy) >= 2
    gaps = [b - a for a, b in pairwise(busy)]
    assert min(gaps) >= 0.19


def test_a_channel_waiting_on_slack_does_not_hold_the_other_channels(
    fresh_store: SqlStore,
) -> None:
    """Channels are posted to in parallel: while the first channel's post hangs, the other
    channels' nudges go out (posted one channel after another, they would wait behind it)."""
    lock = threading.Lock()
    first: list[str] = []
    others_arrived = threading.Event()
    saw_others: list[bool] = []

    def post(channel: str, answer: Answer) -> str:
        with lock:
            if not first:
                first.append(channel)
            slow = channel == first[0]
            if not slow:
                others_arrived.set()
        if slow and not saw_others:
            saw_others.append(others_arrived.wait(timeout=10))
        return "1.1"

    outcomes = send_due(fresh_store, post, TODAY, claimed_by="p1")
    assert len({o.nudge.channel for o in outcomes}) >= 2
    assert saw_others == [True]
    assert all(o.posted for o in outcomes)
    assert len({o.nudge.key for o in outcomes}) == len(outcomes)  # each once


def test_a_channel_another_process_is_posting_to_is_left_to_it(fresh_store: SqlStore) -> None:
    """Another live process holds a claim in a channel: this one leaves the rest of that
    channel to it (reported busy, the scheduler looks again) and posts the other channels."""
    from storage.queries import nudges as nudge_queries

    due = pending(fresh_store, TODAY)
    counts = Counter(n.channel for n in due)
    channel = next(c for c, k in counts.items() if k >= 2)
    first = next(n for n in due if n.channel == channel)
    with fresh_store.transaction() as session:
        assert nudge_queries.claim(
            session=session, key=first.key, occurrence_key=first.occurrence.key,
            channel=channel, lead_days=first.lead_days, late=first.late,
            token="other-host:1/abc", now=dt.datetime.now(dt.UTC)) == "claimed"
    posted: list[str] = []
    outcomes = send_due(fresh_store, lambda c, a: posted.append(c) or "1.1", TODAY,
                        claimed_by="p1")
    in_channel = [o for o in outcomes if o.nudge.channel == channel]
    assert len(in_channel) == counts[channel]
    assert all(o.busy and not o.posted for o in in_channel)
    assert channel not in posted
    assert sorted(posted) == sorted(n.channel for n in due if n.channel != channel)


def test_a_nudge_another_process_posted_meanwhile_leaves_it_the_channel(
        fresh_store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed as due, found sent at the claim: another process is walking this channel
    now, so the rest of it is left to that process (busy), not posted alongside."""
    import bot.nudger as nudger

    due = pending(fresh_store, TODAY)
    counts = Counter(n.channel for n in due)
    channel = next(c for c, k in counts.items() if k >= 2)
    first = next(n for n in due if n.channel == channel)
    # the other process posts `first` after this one listed what is due
    assert fresh_store.send_nudge_once(
        key=first.key, occurrence_key=first.occurrence.key, channel=channel,
        lead_days=first.lead_days, late=first.late, claimed_by="other",
        post=lambda: "0.1") == "posted"
    monkeypatch.setattr(nudger, "pending", lambda store, today: due)
    posted: list[str] = []
    outcomes = send_due(fresh_store, lambda c, a: posted.append(c) or "1.1", TODAY,
                        claimed_by="p1")
    in_channel = [o for o in outcomes if o.nudge.channel == channel]
    assert len(in_channel) == counts[channel]
    assert not in_channel[0].posted and not in_channel[0].busy  # it was sent
    assert all(o.busy and not o.posted for o in in_channel[1:])
    assert channel not in posted
    assert sorted(posted) == sorted(n.channel for n in due if n.channel != channel)


def test_nothing_is_posted_after_the_app_was_uninstalled(fresh_store: SqlStore) -> None:
    """Issue 11: ``app_uninstalled`` / ``tokens_revoked`` stop all posting; what was due stays
    due (nothing is claimed) in case the app is installed again."""
    fresh_store.stop_posting(reason="tokens_revoked")
    post = Recorder()
    assert send_due(fresh_store, post, ON_TIME, claimed_by="p1") == []
    assert post.posts == [] and fresh_store.sent_nudge_keys() == set()
    assert pending(fresh_store, ON_TIME)  # still due
