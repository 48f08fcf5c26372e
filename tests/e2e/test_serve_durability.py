"""An acknowledged click is a stored click: a real `avtalsbot serve` is killed with SIGKILL in
the middle of a burst of every kind of request that changes data — votes, comments (the
modal), the joint view (the step III modal), priority goals, meetings added in chat and
deadlines marked done — and every one that got HTTP 200 is in the database afterwards, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from commands.deadlines.rules import occurrences
from commands.nudges.command import DONE_ACTION
from storage.store import SqlStore, open_store
from tests.e2e.conftest import (
    PSEUDONYM_SECRET,
    SIGNING_SECRET,
    ServedBot,
    start_bot,
    start_round,
    statement_keys,
)
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

CENTRE, STYR = "C0RASLATT", "C0STYR"
COORD = "U0SAMORD"  # an administrator: may record the joint view, goals, meetings, marks
STAFF = [f"U0STAFF{n}" for n in range(8)]
# they answer a few statements before the burst, so a comment has a vote to belong to
COMMENTERS = [f"U0KOMM{n}" for n in range(4)]
COMMENTED = 8  # the first statements, which the commenters have answered


@dataclass(frozen=True)
class Change:
    """One request that changes data: what it is, and whether the database holds it."""

    kind: str
    request: tuple[str, dict[str, str]]  # a signed body and its headers
    stored: Callable[[SqlStore], bool]


def click(user: str, action_id: str, value: str, channel: str, reply_url: str
          ) -> tuple[str, dict[str, str]]:
    return signing.block_actions(SIGNING_SECRET, action_id=action_id, value=value, user_id=user,
                                 channel_id=channel, response_url=reply_url)


def submit(user: str, callback_id: str, metadata: dict[str, object],
           values: dict[str, object]) -> tuple[str, dict[str, str]]:
    return signing.view_submission(SIGNING_SECRET, callback_id=callback_id, user_id=user,
                                   private_metadata=json.dumps(metadata), values=values)


def slash(text: str) -> tuple[str, dict[str, str]]:
    return signing.slash_command(SIGNING_SECRET, text=text, user_id=COORD, channel_id=CENTRE)


def votes(round_id: int, keys: list[str], reply_url: str) -> list[Change]:
    def vote(user: str, key: str, choice: str) -> Change:
        return Change("vote", click(user, "refl_vote", f"{round_id}|{key}|{choice}",
                                    "D" + user[1:], reply_url),
                      lambda store: store.my_votes(round_id=round_id, user=user).get(key)
                      == choice)

    return [vote(user, key, "works" if (n + i) % 3 else "develop")
            for i, key in enumerate(keys) for n, user in enumerate(STAFF)]


def comments(round_id: int, keys: list[str]) -> list[Change]:
    def comment(user: str, key: str) -> Change:
        text = f"Kommentar från {user} om {key}"
        return Change("comment", submit(user, "refl_comment", {"value": f"{round_id}|{key}"},
                                        {"comment": {"comment": {"type": "plain_text_input",
                                                                 "value": text}}}),
                      lambda store: text in store.tally(round_id=round_id).comments.get(key, ()))

    return [comment(user, key) for key in keys[:COMMENTED] for user in COMMENTERS]


def joint_views(round_id: int, keys: list[str]) -> list[Change]:
    def joint(key: str, choice: str) -> Change:
        return Change("joint view", submit(COORD, "refl_joint", {"round": round_id}, {
            key: {"view": {"type": "static_select", "selected_option": {"value": choice}}}}),
                      lambda store: any(v.statement_key == key and v.value == choice
                                        for v in store.joint_views(round_id=round_id)))

    return [joint(key, "develop" if i % 4 == 0 else "works") for i, key in enumerate(keys)]


def goals(round_id: int) -> list[Change]:
    def goal(position: int, number: int) -> Change:
        text = f"Mål {position}: en rutin för påstående {number}"
        return Change("goal", slash(f"självreflektion mål {position} {number} {text}"),
                      lambda store: any(g.position == position and g.text == text
                                        for g in store.goals(round_id=round_id)))

    return [goal(1, 5), goal(2, 12)]


def meetings() -> list[Change]:
    def meeting(day: dt.date) -> Change:
        return Change("meeting", slash(f"möte lägg till styrgrupp CMV {day} kl 13"),
                      lambda store: any(m.date == day for a in store.agreements()
                                        if a.id == "cmv-jamtland" for b in a.bodies
                                        if b.key == "styrgrupp" for m in b.meetings))

    mondays = (dt.date(2029, 1, 1) + dt.timedelta(weeks=n) for n in itertools.count())
    return [meeting(day) for day in itertools.islice(mondays, 20)]


def marks_done(store: SqlStore, reply_url: str) -> list[Change]:
    def done(key: str) -> Change:
        return Change("done", click(COORD, DONE_ACTION, key, STYR, reply_url),
                      lambda store: key in store.done_occurrences())

    due = occurrences(store.agreements(), dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    return [done(o.key) for o in due[:20]]


def interleaved(*kinds: list[Change]) -> list[Change]:
    """Round-robin over the kinds, so each kind is in the part acknowledged before the kill."""
    return [c for group in itertools.zip_longest(*kinds) for c in group if c is not None]


def answer_before_the_burst(bot: ServedBot, round_id: int, keys: list[str]) -> None:
    for user in COMMENTERS:
        for key in keys[:COMMENTED]:
            body, headers = click(user, "refl_vote", f"{round_id}|{key}|works", "D" + user[1:],
                                  bot.emulator.response_url("before"))
            assert signing.post(bot.url, body, headers)[0] == 200


def test_every_acknowledged_change_survives_kill_9(emulator: SlackEmulator,
                                                   any_database_url: str,
                                                   tmp_path: Path) -> None:
    bot = start_bot(emulator, any_database_url, tmp_path / "serve.log")
    keys = statement_keys()
    try:
        round_id = start_round(bot, coordinator=COORD, centre=CENTRE,
                               staff=[*STAFF, *COMMENTERS])
        answer_before_the_burst(bot, round_id, keys)
        reader = open_store(any_database_url)
        reply_url = emulator.response_url("burst")
        changes = interleaved(votes(round_id, keys, reply_url), comments(round_id, keys),
                              joint_views(round_id, keys), goals(round_id), meetings(),
                              marks_done(reader, reply_url))
        reader.engine.dispose()
        acknowledged: list[Change] = []
        lock = threading.Lock()

        def send(change: Change) -> None:
            try:
                status, _ = signing.post(bot.url, *change.request, timeout=5)
            except OSError:
                return  # the process is gone: not acknowledged, so not promised
            if status == 200:
                with lock:
                    acknowledged.append(change)

        with ThreadPoolExecutor(max_workers=16) as pool:
            futures = [pool.submit(send, change) for change in changes]
            deadline = time.monotonic() + 60
            while len(acknowledged) < len(changes) // 3 and time.monotonic() < deadline:
                time.sleep(0.005)
            bot.process.kill()  # SIGKILL mid-burst: no shutdown handler runs
            bot.process.wait(timeout=10)
            for future in futures:
                future.result()
    finally:
        if bot.process.poll() is None:
            bot.process.kill()

    assert len(changes) // 3 <= len(acknowledged) < len(changes), "the kill came mid-burst"
    kinds = {"vote", "comment", "joint view", "goal", "meeting", "done"}
    assert {c.kind for c in acknowledged} == kinds, "every kind was acknowledged before"
    store = open_store(any_database_url)
    store.use_pseudonym_secret(PSEUDONYM_SECRET.encode())
    try:
        lost = [c.kind for c in acknowledged if not c.stored(store)]
    finally:
        store.engine.dispose()
    assert not lost, f"acknowledged but not stored: {sorted(lost)}"
