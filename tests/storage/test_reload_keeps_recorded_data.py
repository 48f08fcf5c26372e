"""Seed and import never lose what people recorded (issue 9, point 1).

A database holding every kind of recorded data — rounds, participants, votes, comments,
joint views, goals, result deliveries, meetings changed in chat, nudge claims, deadlines
marked done, handled events, population figures — is reloaded twice by ``seed`` and twice
by import; every table is compared row by row before and after. A file that drops what
recorded data refers to is refused with a message naming it, and changes nothing. And a
database from before migration 0004 keeps its data when upgraded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import IntegrityError

from commands.core.agreement import Agreement, Meeting, PopulationFigure
from commands.reflection.model import Goal, JointView
from storage import files
from storage.database import make_engine, migrate
from storage.models import AgreementRow, Base, BodyRow, ReflectionRoundRow
from storage.queries.reload import ReloadRefused
from storage.store import SqlStore, seed

JONKOPING = "jonkoping-familjecentraler"
SECRET = b"test-pseudonym-secret"


def snapshot(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            tables[table.name] = [tuple(r) for r in
                                  connection.execute(select(table).order_by(*order))]
    return tables


def record_everything(store: SqlStore) -> None:
    """One of each kind of recorded data, through the store as the bot writes it."""
    store.use_pseudonym_secret(SECRET)
    agreement = store.agreement(JONKOPING)
    assert agreement is not None and agreement.instrument is not None
    statements = [s.key for s in agreement.instrument.statements()]
    for centre, year in (("FC Råslätt", 2025), ("FC Öxnehaga", 2026)):
        opened = store.open_round(
            agreement_id=JONKOPING, instrument_key=agreement.instrument.key, centre=centre,
            channel=f"C{year}", results_channel="C0LEDNING", year=year, min_respondents=3,
            opened_by="U0SAMORD", closes_on=dt.date(year, 12, 15),
            participants=["U0ANNA", "U0BERTIL", "U0CECILIA"])
        assert opened is not None
        for user in ("U0ANNA", "U0BERTIL", "U0CECILIA"):
            for statement in statements[:4]:
                assert store.record_vote(round_id=opened.id, user=user, statement_key=statement,
                                         value="develop" if user == "U0ANNA" else "works")
        assert store.record_comment(round_id=opened.id, user="U0BERTIL",
                                    statement_key=statements[0], comment="Vi saknar en rutin")
        if year == 2025:
            assert store.close_round(round_id=opened.id)
            store.set_joint_view(round_id=opened.id, view=JointView(
                statement_key=statements[1], value="develop", note="Gemensam bild"))
            store.set_goal(round_id=opened.id, goal=Goal(
                position=1, text="Rutin för bekräftelse", statement_key=statements[1],
                follow_up_on=dt.date(2026, 6, 1)))
            assert store.results_posted(round_id=opened.id)  # closing claimed the first post
    # meetings changed in chat: one added, one added and moved, one added and removed
    for day in (12, 13, 14):
        assert store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                 meeting=Meeting(date=dt.date(2027, 2, day), time=dt.time(13),
                                                 place="Rådhuset"))
    assert store.move_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                              date=dt.date(2027, 2, 13),
                              meeting=Meeting(date=dt.date(2027, 3, 13), time=dt.time(9)))
    assert store.remove_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                date=dt.date(2027, 2, 14))
    assert store.send_nudge_once(key="cmv-jamtland/uppsagning/2026-12-31/60/#cmv-styrgrupp",
                                 occurrence_key="cmv-jamtland/uppsagning/2026-12-31",
                                 channel="#cmv-styrgrupp", lead_days=60, late=False,
                                 claimed_by="test", post=lambda: "1700000000.000100") == "posted"
    assert store.mark_occurrence_done(occurrence_key="cmv-jamtland/uppsagning/2026-12-31",
                                      user="U0SAMORD")
    assert store.first_time_event("Ev0TEST")
    store.add_population_figures([PopulationFigure(
        municipality_code="2309", name="Krokom", population=15604, date=dt.date(2025, 11, 1))])


def test_seed_and_import_twice_keep_every_row(fresh_store: SqlStore) -> None:
    record_everything(fresh_store)
    before = snapshot(fresh_store)
    assert all(before[t] for t in ("reflection_rounds", "reflection_votes",
                                   "reflection_participants", "reflection_joint_views",
                                   "reflection_goals", "nudges", "deadline_done",
                                   "handled_events", "population_figures", "meetings"))
    for _ in range(2):
        seed(fresh_store)
        assert snapshot(fresh_store) == before
    for _ in range(2):
        fresh_store.save_agreements([files.read_agreement(p) for p in files.bundled_paths()])
        assert snapshot(fresh_store) == before
    # and the bot still reads what was recorded
    assert fresh_store.agreement("cmv-jamtland") is not None
    assert len(fresh_store.all_rounds()) == 2


def _from_file(agreement_id: str) -> Agreement:
    """The bundled file's version (the store's would hold the chat's meetings as well)."""
    return next(a for a in map(files.read_agreement, files.bundled_paths())
                if a.id == agreement_id)


def _edited(store: SqlStore, agreement_id: str, **changes: Any) -> Agreement:
    return _from_file(agreement_id).model_copy(update=changes)


def test_changed_facts_are_updated_in_place_and_recorded_data_kept(
    fresh_store: SqlStore,
) -> None:
    record_everything(fresh_store)
    before = snapshot(fresh_store)
    cmv = _from_file("cmv-jamtland")
    renamed = cmv.parties[0].model_copy(update={"name": "Bergs kommun (nytt namn)"})
    changed = _edited(fresh_store, "cmv-jamtland", parties=(renamed, *cmv.parties[1:]),
                      deadlines=tuple(d for d in cmv.deadlines if d.key != "uppsagning"))
    fresh_store.save_agreements([changed])
    after = snapshot(fresh_store)
    reread = fresh_store.agreement("cmv-jamtland")
    assert reread is not None
    assert reread.parties[0].name == "Bergs kommun (nytt namn)"
    assert "uppsagning" not in {d.key for d in reread.deadlines}
    # a dropped deadline rule keeps its history: the nudge it got and the done mark
    for table in ("reflection_rounds", "reflection_votes", "reflection_participants",
                  "reflection_joint_views", "reflection_goals", "meetings", "bodies",
                  "nudges", "deadline_done", "handled_events", "population_figures"):
        assert after[table] == before[table], table
    # the party row was updated where it stood, not replaced
    assert [r[0] for r in after["parties"]] == [r[0] for r in before["parties"]]


def test_a_file_dropping_an_answered_statement_is_refused(fresh_store: SqlStore) -> None:
    record_everything(fresh_store)
    before = snapshot(fresh_store)
    agreement = _from_file(JONKOPING)
    assert agreement.instrument is not None
    first, *rest = agreement.instrument.categories
    shorter = first.model_copy(update={"statements": first.statements[1:]})
    instrument = agreement.instrument.model_copy(update={"categories": (shorter, *rest)})
    dropped = first.statements[0].key
    with pytest.raises(ReloadRefused) as refused:
        fresh_store.save_agreements([_edited(fresh_store, JONKOPING, instrument=instrument)])
    message = str(refused.value)
    assert f"avtalet {JONKOPING} läses inte in" in message
    assert f"påstående '{dropped}', som har 6 svar" in message
    assert "raderas aldrig" in message
    assert snapshot(fresh_store) == before


def test_a_file_dropping_the_instrument_in_use_is_refused(fresh_store: SqlStore) -> None:
    record_everything(fresh_store)
    before = snapshot(fresh_store)
    with pytest.raises(ReloadRefused) as refused:
        fresh_store.save_agreements([_edited(fresh_store, JONKOPING, instrument=None)])
    assert ("instrumentet 'familjecentral-sjalvreflektion', som används av omgång 1 "
            "(FC Råslätt 2025), omgång 2 (FC Öxnehaga 2026)") in str(refused.value)
    assert snapshot(fresh_store) == before


def test_a_file_dropping_a_body_with_chat_meetings_is_refused(fresh_store: SqlStore) -> None:
    record_everything(fresh_store)
    before = snapshot(fresh_store)
    cmv = _from_file("cmv-jamtland")
    without = _edited(fresh_store, "cmv-jamtland",
                      bodies=tuple(b for b in cmv.bodies if b.key != "styrgrupp"))
    with pytest.raises(ReloadRefused) as refused:
        fresh_store.save_agreements([without])
    message = str(refused.value)
    assert "organet 'styrgrupp'" in message
    assert "har möten som lagts in eller ändrats i chatten" in message
    assert "(2027-02-12, 2027-03-13)" in message
    assert snapshot(fresh_store) == before


def test_the_database_refuses_to_delete_an_agreement_with_rounds(fresh_store: SqlStore) -> None:
    record_everything(fresh_store)
    with pytest.raises(IntegrityError), fresh_store.transaction() as session:
        session.execute(delete(AgreementRow).where(AgreementRow.id == JONKOPING))
    with pytest.raises(IntegrityError), fresh_store.transaction() as session:
        body = session.scalars(select(BodyRow.id).where(
            BodyRow.agreement_id == "cmv-jamtland", BodyRow.key == "styrgrupp")).one()
        session.execute(delete(BodyRow).where(BodyRow.id == body))
    assert len(fresh_store.all_rounds()) == 2


def _old_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine, "0003")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO agreements (id, name, short_name, aliases, source_document, "
            "default_lead_days, position, updated_at) "
            "VALUES ('a', 'A', 'A', '[]', '002', '[]', 0, '2026-01-01 00:00:00+00:00')"))
        connection.execute(text(
            "INSERT INTO reflection_rounds (agreement_id, instrument_key, centre, channel, "
            "year, status, min_respondents, opened_by, opened_at, results_attempts) "
            "VALUES ('a', 'i', 'FC', 'C1', 2026, 'open', 3, 'U1', "
            "'2026-01-01 00:00:00+00:00', 0)"))
        round_id = connection.execute(text("SELECT id FROM reflection_rounds")).scalar_one()
        for table, columns, values in (
            ("reflection_votes", "round_id, pseudonym, statement_key, value, updated_at",
             ":r, 'p1', 's1', 'works', '2026-01-01 00:00:00+00:00'"),
            ("reflection_participants", "round_id, user_id", ":r, 'U1'"),
            ("reflection_joint_views", "round_id, statement_key, value", ":r, 's1', 'works'"),
            ("reflection_goals", "round_id, position, text", ":r, 1, 'Mål'"),
        ):
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"),
                               {"r": round_id})
        connection.execute(text(
            "INSERT INTO bodies (agreement_id, position, key, name, kind, aliases, source) "
            "VALUES ('a', 0, 'sg', 'Styrgrupp', 'steering', '[]', '002')"))
        connection.execute(text(
            "INSERT INTO meetings (body_id, date, origin, created_at) SELECT id, "
            "'2027-02-12', 'chat', '2026-01-01 00:00:00+00:00' FROM bodies"))
    return engine


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("agreements", "reflection_rounds", "reflection_votes",
                          "reflection_participants", "reflection_joint_views",
                          "reflection_goals", "bodies", "meetings")}


def test_upgrading_a_0003_database_keeps_its_data(database_url: str) -> None:
    engine = _old_database(database_url)
    before = _counts(engine)
    assert set(before.values()) == {1}
    migrate(engine)
    assert _counts(engine) == before
    # the cascade is gone: deleting the agreement is refused, nothing goes with it
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("DELETE FROM agreements WHERE id = 'a'"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("DELETE FROM bodies"))
    assert _counts(engine) == before
    with engine.connect() as connection:
        assert connection.execute(select(ReflectionRoundRow.centre)).scalar_one() == "FC"
        # 0008: the round's respondents are filled from the votes already stored
        assert connection.execute(text(
            "SELECT round_id, pseudonym FROM reflection_respondents")).all() == [(1, "p1")]
    engine.dispose()
