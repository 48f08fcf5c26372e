"""Step V of source 002: the two priority goals a coordinator chose become follow-up
deadlines that the nudge engine posts in the centre's channel — once per lead time, and
no more after "Markera som klar"."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.nudger import pending, send_due
from bot.render.markup import mrkdwn
from bot.service import Brain
from commands.core.answers import Answer, Message, Outcome
from commands.nudges.command import DONE_ACTION
from storage.store import SqlStore
from tests.roles_fixture import Directory, set_centre_roles

CENTRE, STEERING, COORD = "C0CENTRE", "C0LEDNING", "U0COORD"
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA"]
FOLLOW_UP = dt.date(2027, 6, 1)  # a Tuesday, a working day


@pytest.fixture
def brain(fresh_store: SqlStore) -> Brain:
    fresh_store.use_pseudonym_secret(b"goal-nudge-test-secret")
    set_centre_roles(fresh_store, coordinator=COORD, steering=STEERING, channels=[CENTRE])
    brain = Brain(fresh_store, today=dt.date(2026, 11, 25),
                  directory=Directory({CENTRE: [COORD, *STAFF]}))
    started = brain.ask(f"/avtal självreflektion starta FC Råslätt resultat <#{STEERING}|ledning>",
                        user=COORD, channel=CENTRE)
    assert isinstance(started, Outcome)
    invite = started.deliveries[0].answer
    assert isinstance(invite, Message)
    round_id = invite.actions[0].value
    brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE)
    goal = brain.ask(f"/avtal självreflektion mål 1 5 Rutin för bekräftelse uppföljning "
                     f"{FOLLOW_UP.isoformat()}", user=COORD, channel=CENTRE)
    assert isinstance(goal, Message), goal
    assert round_id
    return brain


def _goal_nudges(store: SqlStore, today: dt.date) -> list[str]:
    return [n.key for n in pending(store, today) if "reflection-goal" in n.key]


def test_a_priority_goal_is_nudged_in_the_centre_channel_once_per_lead(brain: Brain) -> None:
    store = brain.store
    assert _goal_nudges(store, dt.date(2027, 3, 31)) == []  # 62 days before: nothing yet
    posts: list[tuple[str, Answer]] = []

    def post(channel: str, answer: Answer) -> str:
        posts.append((channel, answer))
        return "1700000000.000100"

    send_due(store, post, dt.date(2027, 4, 2))  # the 60-day reminder, on its day
    send_due(store, post, dt.date(2027, 4, 2))  # a second run that day posts nothing more
    goal_posts = [(c, a) for c, a in posts if isinstance(a, Message) and "mål 1" in str(a.text)]
    assert len(goal_posts) == 1
    channel, message = goal_posts[0]
    assert channel == CENTRE
    assert "Följ upp prioriterat mål 1 (FC Råslätt): Rutin för bekräftelse" in str(message.text)
    assert "2027-06-01" in str(message.text)
    assert any(d == "Ansvarig: Samordnare." for d in message.details)
    assert message.source == "002 Självreflektionsinstrument, steg IV–V"
    assert message.actions[0].action_id == DONE_ACTION
    # 30 days before is Sunday 2 May: that reminder is due on Friday 30 April, not before
    assert _goal_nudges(store, dt.date(2027, 4, 29)) == []
    [thirty] = _goal_nudges(store, dt.date(2027, 4, 30))
    assert thirty.endswith("/2027-06-01/30/" + CENTRE)


def test_marking_a_goal_done_stops_its_reminders(brain: Brain) -> None:
    store = brain.store
    [nudge] = [n for n in pending(store, dt.date(2027, 4, 2)) if "reflection-goal" in n.key]
    done = brain.act(DONE_ACTION, nudge.occurrence.key, user=COORD, channel=CENTRE)
    assert isinstance(done, Message)
    assert mrkdwn(done.text).startswith("✅ Klar: *Följ upp prioriterat mål 1 (FC Råslätt)")
    assert _goal_nudges(store, dt.date(2027, 4, 30)) == []
    again = brain.act(DONE_ACTION, nudge.occurrence.key, user=COORD, channel=CENTRE)
    assert isinstance(again, Message) and "var redan markerad som klar" in str(again.text)


def test_a_priority_goal_is_listed_with_the_agreements_deadlines(brain: Brain) -> None:
    from bot.render import to_text

    listed = to_text(brain.ask("deadlines för Jönköping", user=COORD, channel=CENTRE))
    assert "Följ upp prioriterat mål 1 (FC Råslätt): Rutin för bekräftelse" in listed
    assert "2027-06-01" in listed
    june = to_text(brain.ask("vad händer i juni 2027?", user=COORD, channel=CENTRE))
    assert "Följ upp prioriterat mål 1" in june
    # a period without the follow-up date leaves it out
    may = to_text(brain.ask("vad händer i maj 2027?", user=COORD, channel=CENTRE))
    assert "Följ upp prioriterat mål" not in may
