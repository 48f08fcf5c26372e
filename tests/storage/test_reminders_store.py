"""`/avtal påminnelser` over the real store (SQLite and PostgreSQL): a nudge the database
records as sent, or an occurrence marked done, is not listed as coming."""

from __future__ import annotations

import datetime as dt

from bot.service import Brain
from commands.core.answers import Table
from storage.store import SqlStore

TODAY = dt.date(2026, 11, 25)


def test_reminders_leave_out_what_the_database_says_was_sent_or_done(
        fresh_store: SqlStore) -> None:
    brain = Brain(fresh_store, today=TODAY)
    before = brain.ask("påminnelser CMV", user="U1", channel="C1")
    assert isinstance(before, Table)
    assert fresh_store.send_nudge_once(
        key="cmv-jamtland/uppsagning/2026-12-31/60/styrgrupp",
        occurrence_key="cmv-jamtland/uppsagning/2026-12-31", channel="#cmv-styrgrupp",
        lead_days=60, late=True, claimed_by="test", post=lambda: "1.0") == "posted"
    fresh_store.mark_occurrence_done(occurrence_key="cmv-jamtland/kvalitetsgranskning-rapport/2026-12-31",
                                     user="U1")
    after = brain.ask("påminnelser CMV", user="U1", channel="C1")
    assert isinstance(after, Table)
    gone = set(before.rows) - set(after.rows)
    assert {(r[2], r[3].split(" (")[0]) for r in gone} >= {
        ("60 dagar före, sen", "Sista dag för skriftlig uppsägning av avtalet")}
    assert not any(r[3].startswith("Rapport från kvalitetsgranskningen") for r in after.rows)
