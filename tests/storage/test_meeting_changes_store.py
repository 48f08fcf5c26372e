"""Removing and moving meetings through the real store (SQLite and PostgreSQL): another
process sees the change, and a re-seed or re-import keeps it — for meetings added in chat
and for meetings that came from the agreement file."""

from __future__ import annotations

import datetime as dt

from bot.service import Brain
from commands.core.agreement import Agreement, Meeting
from commands.core.answers import Message
from storage.store import SqlStore, open_store, seed

TODAY = dt.date(2026, 11, 25)
CMV = "cmv-jamtland"


def dates(store: SqlStore, body: str = "styrgrupp") -> list[dt.date]:
    agreement = store.agreement(CMV)
    assert agreement is not None
    return sorted(m.date for m in agreement.body(body).meetings)


def with_file_meetings(store: SqlStore, *meetings: Meeting) -> Agreement:
    """CMV as an agreement file that lists the steering group's meetings itself."""
    cmv = store.agreement(CMV)
    assert cmv is not None
    bodies = tuple(b.model_copy(update={"meetings": meetings}) if b.key == "styrgrupp" else b
                   for b in cmv.bodies)
    return cmv.model_copy(update={"bodies": bodies})


def test_chat_changes_are_seen_elsewhere_and_survive_a_reseed(fresh_store: SqlStore,
                                                              database_url: str) -> None:
    brain = Brain(fresh_store, today=TODAY)
    for date in ("2027-02-12", "2027-05-07", "2027-09-10"):
        assert isinstance(brain.ask(f"möte lägg till styrgrupp CMV {date} kl 13", user="U1",
                                    channel="C1"), Message)
    moved = brain.ask("möte flytta styrgrupp CMV 12/2 2027 till 19/2 2027 kl 10", user="U1",
                      channel="C1")
    assert isinstance(moved, Message) and moved.text.startswith("Flyttat:")
    removed = brain.ask("möte ta bort styrgrupp CMV 2027-09-10", user="U1", channel="C1")
    assert isinstance(removed, Message) and removed.text.startswith("Borttaget:")

    other = open_store(database_url)
    assert dates(other) == [dt.date(2027, 2, 19), dt.date(2027, 5, 7)]
    seed(other)
    assert dates(other) == [dt.date(2027, 2, 19), dt.date(2027, 5, 7)]
    agreement = other.agreement(CMV)
    assert agreement is not None
    [moved_meeting] = [m for m in agreement.body("styrgrupp").meetings
                       if m.date == dt.date(2027, 2, 19)]
    assert moved_meeting.time == dt.time(10)


def test_store_refuses_what_it_cannot_do(fresh_store: SqlStore) -> None:
    fresh_store.add_meeting(agreement_id=CMV, body_key="styrgrupp",
                            meeting=Meeting(date=dt.date(2027, 2, 12)))
    fresh_store.add_meeting(agreement_id=CMV, body_key="styrgrupp",
                            meeting=Meeting(date=dt.date(2027, 5, 7)))
    assert not fresh_store.remove_meeting(agreement_id=CMV, body_key="styrgrupp",
                                          date=dt.date(2027, 2, 13))
    assert not fresh_store.move_meeting(agreement_id=CMV, body_key="styrgrupp",
                                        date=dt.date(2027, 2, 13),
                                        meeting=Meeting(date=dt.date(2027, 3, 1)))
    assert not fresh_store.move_meeting(agreement_id=CMV, body_key="styrgrupp",
                                        date=dt.date(2027, 2, 12),
                                        meeting=Meeting(date=dt.date(2027, 5, 7)))
    assert dates(fresh_store) == [dt.date(2027, 2, 12), dt.date(2027, 5, 7)]
    assert fresh_store.remove_meeting(agreement_id=CMV, body_key="styrgrupp",
                                      date=dt.date(2027, 2, 12))
    assert not fresh_store.remove_meeting(agreement_id=CMV, body_key="styrgrupp",
                                          date=dt.date(2027, 2, 12))


def test_file_meetings_removed_or_moved_in_chat_stay_so_after_a_reimport(
        fresh_store: SqlStore) -> None:
    file_version = with_file_meetings(
        fresh_store,
        Meeting(date=dt.date(2027, 2, 12), time=dt.time(13)),
        Meeting(date=dt.date(2027, 5, 7), time=dt.time(13)),
        Meeting(date=dt.date(2027, 9, 10), time=dt.time(13)),
        Meeting(date=dt.date(2027, 12, 3), time=dt.time(13)),
    )
    fresh_store.save_agreements([file_version])
    assert len(dates(fresh_store)) == 4
    brain = Brain(fresh_store, today=TODAY)
    # a file meeting removed, one moved to a new day, one given a new time on its day
    brain.ask("möte ta bort styrgrupp CMV 2027-02-12", user="U1", channel="C1")
    brain.ask("möte flytta styrgrupp CMV 2027-05-07 till 2027-05-14", user="U1", channel="C1")
    brain.ask("möte flytta styrgrupp CMV 2027-09-10 till 2027-09-10 kl 9", user="U1",
              channel="C1")
    expected = [dt.date(2027, 5, 14), dt.date(2027, 9, 10), dt.date(2027, 12, 3)]
    assert dates(fresh_store) == expected

    fresh_store.save_agreements([file_version])  # the administrator imports the file again
    assert dates(fresh_store) == expected
    agreement = fresh_store.agreement(CMV)
    assert agreement is not None
    times = {m.date: m.time for m in agreement.body("styrgrupp").meetings}
    assert times[dt.date(2027, 9, 10)] == dt.time(9)  # the chat's time, not the file's
    assert times[dt.date(2027, 5, 14)] == dt.time(13)  # moved with its time

    # a removed file day can be booked again in chat, and that booking survives as well
    brain.ask("möte lägg till styrgrupp CMV 2027-02-12 kl 10", user="U1", channel="C1")
    fresh_store.save_agreements([file_version])
    agreement = fresh_store.agreement(CMV)
    assert agreement is not None
    times = {m.date: m.time for m in agreement.body("styrgrupp").meetings}
    assert times[dt.date(2027, 2, 12)] == dt.time(10)

    # moving a meeting onto a removed file day takes that day
    brain.ask("möte ta bort styrgrupp CMV 2027-02-12", user="U1", channel="C1")
    brain.ask("möte flytta styrgrupp CMV 2027-05-14 till 2027-02-12", user="U1", channel="C1")
    assert dates(fresh_store) == [dt.date(2027, 2, 12), dt.date(2027, 9, 10),
                                  dt.date(2027, 12, 3)]
    fresh_store.save_agreements([file_version])
    assert dates(fresh_store) == [dt.date(2027, 2, 12), dt.date(2027, 9, 10),
                                  dt.date(2027, 12, 3)]


def test_a_file_that_drops_a_removed_day_leaves_nothing_behind(fresh_store: SqlStore) -> None:
    meeting = Meeting(date=dt.date(2027, 2, 12))
    fresh_store.save_agreements([with_file_meetings(fresh_store, meeting)])
    assert fresh_store.remove_meeting(agreement_id=CMV, body_key="styrgrupp", date=meeting.date)
    fresh_store.save_agreements([with_file_meetings(fresh_store)])
    # the marker went with the file's day: a later file that lists it again is believed
    fresh_store.save_agreements([with_file_meetings(fresh_store, meeting)])
    assert dates(fresh_store) == [meeting.date]

