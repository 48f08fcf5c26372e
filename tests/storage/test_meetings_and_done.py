"""Meetings added in chat and "Markera som klar" through the real store (SQLite and
PostgreSQL): what one process writes, the next question — in any process — sees."""

from __future__ import annotations

import datetime as dt

from bot.service import Brain
from commands.core.answers import Message
from commands.nudges.command import DONE_ACTION
from storage.store import SqlStore, open_store

TODAY = dt.date(2026, 11, 25)


def test_meeting_added_in_chat_is_seen_by_another_process(fresh_store: SqlStore,
                                                          database_url: str) -> None:
    brain = Brain(fresh_store, today=TODAY)
    added = brain.ask("/avtal möte lägg till styrgrupp CMV 12 februari 2027 kl 13", user="U1",
                      channel="C1")
    assert isinstance(added, Message) and added.text.startswith("Inlagt: Styrgrupp CMV 2027-02-12")
    other = Brain(open_store(database_url), today=TODAY)
    answer = other.ask("när är nästa styrgruppsmöte för CMV?", user="U2", channel="C2")
    assert isinstance(answer, Message)
    assert answer.text == "Nästa möte i Styrgrupp CMV: 2027-02-12 (fredag, v. 6) kl. 13.00."
    again = other.ask("möte lägg till styrgrupp CMV 2027-02-12", user="U2", channel="C2")
    assert isinstance(again, Message) and again.text.endswith("inget ändrat.")
    # the systematic follow-up (at the year's last meeting) is every other year from 2026:
    # a 2027 meeting must not create one
    listing = other.ask("deadlines för CMV 2027", user="U2", channel="C2")
    assert "systematisk" not in str(listing).lower()


def test_mark_done_button_through_the_store(fresh_store: SqlStore) -> None:
    brain = Brain(fresh_store, today=TODAY)
    answer = brain.act(DONE_ACTION, "vg-familjecentraler/uppsagning/2026-12-31", user="U0ANNA",
                       channel="C1")
    assert isinstance(answer, Message) and str(answer.text).startswith("✅ Klar:")
    assert fresh_store.done_occurrences() == {"vg-familjecentraler/uppsagning/2026-12-31"}
