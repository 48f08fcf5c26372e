"""A round's result reaches the steering group for sure (SQLite, and PostgreSQL when
``AVTALSBOT_TEST_DATABASE_URL`` is set): it counts as posted only once Slack took it, a
failed post is claimed again by exactly one of several processes, and a bot that is not in
the channel makes the coordinator get one message saying what to do."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text

from bot.render import to_text
from bot.render.files import file_bytes
from bot.render.markup import mrkdwn
from bot.service import Brain
from commands.core.answers import Chart, Delivery, Message, Table
from commands.reflection.flows import delivered, due_work
from storage.models import ReflectionRoundRow
from storage.queries import reflection as queries
from storage.store import SqlStore, open_store
from tests.roles_fixture import set_centre_roles
from tests.storage.test_reflection_rounds import (
    CENTRE_CHANNEL,
    COORD,
    SECRET,
    STAFF,
    STEERING,
    TODAY,
    Members,
    answer_all,
    keys,
    round_id,
    start,
    vote,
)

AFTER = dt.date(2026, 12, 16)  # the day after the round's closing date


@pytest.fixture
def brain(fresh_store: SqlStore) -> Brain:
    fresh_store.use_pseudonym_secret(SECRET)
    set_centre_roles(fresh_store, coordinator=COORD, steering=STEERING,
                     channels=[CENTRE_CHANNEL])
    return Brain(fresh_store, today=TODAY, directory=Members({CENTRE_CHANNEL: [COORD, *STAFF]}))


def closed_round(brain: Brain) -> tuple[int, Delivery]:
    """A round three people answered, closed by the coordinator: its result delivery."""
    rid = round_id(start(brain))
    for user in STAFF[:3]:
        answer_all(brain, user, rid)
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    post, _announced = outcome.deliveries  # type: ignore[attr-defined]
    return rid, post


def row(store: SqlStore, rid: int) -> ReflectionRoundRow:
    with store.sessions() as session:
        return session.get_one(ReflectionRoundRow, rid)


def test_the_result_counts_as_posted_only_when_slack_took_it(brain: Brain) -> None:
    rid, post = closed_round(brain)
    assert post.key == f"reflection-result:{rid}" and post.channel == STEERING
    assert isinstance(post.answer, Table) and post.attachment is not None
    assert row(brain.store, rid).results_posted_at is None  # type: ignore[arg-type]
    # the closer holds the first attempt: the clock does not post it meanwhile
    assert due_work(AFTER, brain.store) == ()

    assert delivered(brain.store, post.key, None) == ()
    done = row(brain.store, rid)  # type: ignore[arg-type]
    assert done.results_posted_at is not None and done.results_claimed_at is None
    assert done.results_attempts == 1 and done.results_error is None
    assert due_work(AFTER, brain.store) == ()
    assert delivered(brain.store, post.key, None) == ()  # a repeated report changes nothing


def test_a_refused_post_is_posted_again_and_the_coordinator_told_once(brain: Brain) -> None:
    rid, post = closed_round(brain)
    assert post.key is not None
    (help_dm,) = delivered(brain.store, post.key, "not_in_channel")
    assert help_dm.user == COORD and help_dm.key == f"reflection-result-help:{rid}"
    text = to_text(help_dm.answer)
    assert isinstance(help_dm.answer, Message)
    assert mrkdwn(help_dm.answer.text) == (
        f"Resultatet av självreflektionen för FC Råslätt kunde inte postas i <#{STEERING}>, "
        "eftersom jag inte är med i kanalen.")
    assert (mrkdwn(help_dm.answer.details[0])
            == f"Gör så här: gå till <#{STEERING}> och skriv `/invite @Avtalsbot`.")
    assert f"Gör så här: gå till #{STEERING} och skriv /invite @Avtalsbot." in text
    assert not any(user in text for user in STAFF)
    failed = row(brain.store, rid)  # type: ignore[arg-type]
    assert failed.results_posted_at is None and failed.results_error == "not_in_channel"

    (again,) = due_work(AFTER, brain.store)  # the next tick posts it again…
    assert again.key == post.key and again.channel == STEERING
    assert again.attachment is not None and isinstance(again.answer, Table)
    assert again.answer.rows == post.answer.rows  # type: ignore[attr-defined]
    assert due_work(AFTER, brain.store) == ()  # …once, while that attempt runs
    assert delivered(brain.store, post.key, "not_in_channel") == ()  # told once, not per tick
    assert len(due_work(AFTER, brain.store)) == 1
    assert delivered(brain.store, post.key, None) == ()
    assert due_work(AFTER, brain.store) == ()
    assert row(brain.store, rid).results_attempts == 3  # type: ignore[arg-type]


def test_a_network_error_is_retried_without_bothering_the_coordinator(brain: Brain) -> None:
    _, post = closed_round(brain)
    assert post.key is not None
    assert delivered(brain.store, post.key, "ConnectionError") == ()
    (again,) = due_work(AFTER, brain.store)
    assert again.key == post.key


def test_a_help_message_that_did_not_arrive_is_sent_at_the_next_refusal(brain: Brain) -> None:
    _, post = closed_round(brain)
    assert post.key is not None
    (help_dm,) = delivered(brain.store, post.key, "channel_not_found")
    assert "eftersom jag inte hittar kanalen" in to_text(help_dm.answer)
    assert help_dm.key is not None
    assert delivered(brain.store, help_dm.key, "ratelimited") == ()
    due_work(AFTER, brain.store)
    (retold,) = delivered(brain.store, post.key, "not_in_channel")
    assert retold.user == COORD
    assert delivered(brain.store, retold.key or "", None) == ()
    due_work(AFTER, brain.store)
    assert delivered(brain.store, post.key, "not_in_channel") == ()


def test_the_clock_closing_a_round_holds_the_first_attempt(brain: Brain) -> None:
    rid = round_id(start(brain))
    for user in STAFF[:3]:
        answer_all(brain, user, rid)
    post, announced, note = due_work(AFTER, brain.store)
    assert announced.channel == CENTRE_CHANNEL
    assert post.key == f"reflection-result:{rid}" and note.user == COORD
    assert due_work(AFTER, brain.store) == ()


def test_several_processes_claim_a_pending_result_once(brain: Brain,
                                                       database_url: str) -> None:
    rid, post = closed_round(brain)
    assert post.key is not None
    delivered(brain.store, post.key, "not_in_channel")
    stores = [open_store(database_url) for _ in range(8)]
    for store in stores:
        store.use_pseudonym_secret(SECRET)
    barrier = threading.Barrier(len(stores))
    found: list[Delivery] = []

    def tick(store: SqlStore) -> None:
        barrier.wait()
        found.extend(due_work(AFTER, store))

    workers = [threading.Thread(target=tick, args=(s,)) for s in stores]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for store in stores:
        store.engine.dispose()
    assert [d.key for d in found] == [f"reflection-result:{rid}"]


def test_a_claim_left_by_a_process_that_died_is_taken_over(brain: Brain) -> None:
    rid, _ = closed_round(brain)  # closed, claimed, and then nothing reported back
    later = dt.datetime.now(dt.UTC) + queries.RESULTS_CLAIM + dt.timedelta(seconds=1)
    with brain.store.transaction() as session:  # type: ignore[attr-defined]
        assert queries.claim_unposted_results(session=session) == []
        (taken,) = queries.claim_unposted_results(session=session, now=later)
        assert taken.id == rid
        assert queries.claim_unposted_results(session=session, now=later) == []


def test_rounds_closed_before_results_were_recorded_are_not_posted_again(
        fresh_store: SqlStore) -> None:
    """Migration 0003 marks rounds closed under the old code as posted at their closing."""
    from alembic import command
    from alembic.config import Config

    from storage.database import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    closed_at = dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC)
    # read before the downgrade: the models have columns revision 0002 lacks (0007's roles)
    agreement = next(a for a in fresh_store.agreements() if a.instrument)
    with fresh_store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with fresh_store.transaction() as session:
        for status in ("closed", "open"):  # the columns of revision 0002
            session.execute(text(
                "INSERT INTO reflection_rounds (agreement_id, instrument_key, centre, channel, "
                "year, status, min_respondents, opened_by, opened_at, closed_at) VALUES "
                "(:agreement, 'x', 'FC', 'C1', 2025, :status, 3, :coordinator, :at, :closed)"),
                {"agreement": agreement.id, "status": status, "coordinator": COORD,
                 "at": closed_at, "closed": closed_at if status == "closed" else None})
    with fresh_store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with fresh_store.sessions() as session:
        posted = dict(session.execute(select(ReflectionRoundRow.status,
                                             ReflectionRoundRow.results_posted_at)).all())
    assert posted["open"] is None
    assert posted["closed"] is not None
    assert posted["closed"].replace(tzinfo=dt.UTC) == closed_at
    assert fresh_store.claim_unposted_results() == []


def test_statements_answered_by_too_few_show_no_figures_anywhere(brain: Brain) -> None:
    """Issue 9 point 5: three answered, one of them stopped after statement 15 — statements
    16–30, answered by two, show no counts in the post, the chart or the CSV."""
    rid = round_id(start(brain))
    every = keys(brain)
    for user in STAFF[:2]:
        answer_all(brain, user, rid, develop={every[24]})
    for key in every[:15]:
        vote(brain, STAFF[2], rid, key, "works")
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    post, _announced = outcome.deliveries  # type: ignore[attr-defined]
    table = post.answer
    assert isinstance(table, Table)
    rows = {row[0]: row for row in table.rows}
    assert rows["25"][2:] == ("–", "–", "–", "–")  # today: 0, 2, 100 % — each sees the other
    assert rows["1"][2:5] == ("3", "0", "0\xa0%")
    shown = to_text(table)
    assert "– = färre än 3 har svarat på påståendet (16–30)" in shown
    assert post.attachment is not None and isinstance(post.attachment.content, Chart)
    bars = {b.label.split(".")[0]: b for b in post.attachment.content.bars if not b.heading}
    assert bars["25"].values == () and bars["1"].values == (3, 0)
    csv = brain.ask(f"/avtal självreflektion csv {rid}", user=COORD, channel=STEERING)
    (upload,) = csv.deliveries  # type: ignore[attr-defined]
    lines = file_bytes(upload.attachment).decode("utf-8-sig").splitlines()
    assert lines[25].split(";")[3:] == ["", "", "", "", "för få svar (färre än 3)"]
    assert lines[1].split(";")[3:6] == ["3", "0", "0,0"]
