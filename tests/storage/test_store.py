"""The store on SQLite and PostgreSQL: migrations, seeding, import/export, meetings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect

from commands.core.agreement import Meeting, PopulationFigure
from commands.core.errors import InputError
from storage import files
from storage.queries import events
from storage.store import SqlStore, open_store, seed


def test_fresh_database_is_migrated_and_seeded(fresh_store: SqlStore) -> None:
    tables = set(inspect(fresh_store.engine).get_table_names())
    assert {"agreements", "parties", "terms", "bodies", "meetings", "cost_models",
            "deadline_rules", "channels", "nudges", "reflection_votes",
            "alembic_version"} <= tables
    ids = {a.id for a in fresh_store.agreements()}
    assert {"cmv-jamtland", "jonkoping-familjecentraler", "vg-familjecentraler"} <= ids


def test_seed_is_idempotent_and_keeps_meetings_added_in_chat(fresh_store: SqlStore) -> None:
    before = fresh_store.agreements()
    added = fresh_store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                    meeting=Meeting(date=dt.date(2027, 2, 12),
                                                    time=dt.time(13, 0)))
    assert added
    seed(fresh_store)
    seed(fresh_store)
    after = fresh_store.agreements()
    assert [a.id for a in after] == [a.id for a in before]
    styrgrupp = next(a for a in after if a.id == "cmv-jamtland").body("styrgrupp")
    assert [m.date for m in styrgrupp.meetings] == [dt.date(2027, 2, 12)]
    assert styrgrupp.meetings[0].time == dt.time(13, 0)


def test_same_meeting_twice_is_refused(fresh_store: SqlStore) -> None:
    meeting = Meeting(date=dt.date(2027, 5, 4))
    assert fresh_store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                   meeting=meeting)
    assert not fresh_store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                                       meeting=meeting)


def test_export_then_import_round_trips_without_change(fresh_store: SqlStore,
                                                       tmp_path: Path) -> None:
    originals = fresh_store.agreements()
    folder = tmp_path / "export"
    folder.mkdir()
    for agreement in originals:
        path = folder / f"{agreement.id}.yaml"
        path.write_text(files.dump_agreement(agreement), encoding="utf-8")
        assert files.read_agreement(path) == agreement
    fresh_store.save_agreements([files.read_agreement(p) for p in sorted(folder.iterdir())])
    assert fresh_store.agreements() == originals


def test_bundled_files_equal_what_the_database_returns(fresh_store: SqlStore) -> None:
    from_files = {a.id: a for a in (files.read_agreement(p) for p in files.bundled_paths())}
    assert {a.id: a for a in fresh_store.agreements()} == from_files


def test_population_figures_replace_same_code_and_date(fresh_store: SqlStore) -> None:
    day = dt.date(2025, 11, 1)
    fresh_store.add_population_figures([PopulationFigure(municipality_code="2309",
                                                         name="Krokom", population=15700,
                                                         date=day)])
    fresh_store.add_population_figures([PopulationFigure(municipality_code="2309",
                                                         name="Krokom", population=15750,
                                                         date=day)])
    figures = fresh_store.population_figures()
    assert [(f.municipality_code, f.population, f.date) for f in figures] == [
        ("2309", 15750, day)
    ]


def test_second_process_sees_a_meeting_added_by_the_first(database_url: str) -> None:
    first, second = open_store(database_url), open_store(database_url)
    assert second.agreements()  # fills the second process's cache
    first.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 9, 1)))
    cmv = next(a for a in second.agreements() if a.id == "cmv-jamtland")
    assert dt.date(2027, 9, 1) in [m.date for m in cmv.body("styrgrupp").meetings]


def test_with_a_check_interval_another_process_is_seen_after_it_own_changes_at_once(
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` asks the revision at most once a second; what this process changes it sees
    at once, what another changes within the interval (a fake clock, not sleeping)."""
    import storage.store as store_module

    clock = [1000.0]
    monkeypatch.setattr(store_module, "time", type("Clock", (), {
        "monotonic": staticmethod(lambda: clock[0]), "sleep": staticmethod(lambda _: None)}))
    first = open_store(database_url, revision_check_interval=10)
    second = open_store(database_url, revision_check_interval=10)

    def dates(store: SqlStore) -> list[dt.date]:
        cmv = next(a for a in store.agreements() if a.id == "cmv-jamtland")
        return [m.date for m in cmv.body("styrgrupp").meetings]

    assert dt.date(2027, 9, 1) not in dates(second)  # fills the second process's cache
    assert first.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                             meeting=Meeting(date=dt.date(2027, 9, 1)))
    assert dt.date(2027, 9, 1) in dates(first)  # its own change: at once
    assert dt.date(2027, 9, 1) not in dates(second)  # checked less than 10 s ago
    clock[0] += 11
    assert dt.date(2027, 9, 1) in dates(second)
    second.population_figures()  # fills the second process's cache
    first.add_population_figures([PopulationFigure(
        municipality_code="2309", name="Krokom", population=15999,
        date=dt.date(2026, 11, 1))])
    assert any(f.population == 15999 for f in first.population_figures())
    assert not any(f.population == 15999 for f in second.population_figures())
    clock[0] += 11
    assert any(f.population == 15999 for f in second.population_figures())
    first.engine.dispose()
    second.engine.dispose()


BAD_FILE = """\
id: test-avtal
name: Testavtal
short_name: Test
source_document: "999"
parties:
  - key: a
    name: A kommun
    short_name: A
    org_number: 12-34
    source: "999 §1"
term:
  start: 2025-01-01
  first_end: 2025-12-31
  renewal_months: 12
  notice_months: 12
  source: "999 §2"
"""


def test_malformed_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "trasig.yaml"
    path.write_text(BAD_FILE, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        files.read_agreement(path)
    message = str(caught.value)
    assert message.startswith("trasig.yaml:9: parties.0.org_number:")
    assert "212000-2478" in message  # what to write instead


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("id: x\nname: [unclosed\nshort_name: y\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        files.read_agreement(path)
    assert str(caught.value).startswith("syntax.yaml:3: ogiltig YAML")


def test_unknown_field_is_an_error_not_ignored(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(BAD_FILE.replace("org_number: 12-34", "org_nummer: 212000-2502"),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        files.read_agreement(path)
    assert "parties.0.org_nummer" in str(caught.value)


def test_a_slack_event_is_claimed_once_across_processes(database_url: str) -> None:
    first, second = open_store(database_url), open_store(database_url)
    try:
        assert first.first_time_event("Ev0RETRY") is True
        assert second.first_time_event("Ev0RETRY") is False  # the retry reached another process
        assert first.first_time_event("Ev0RETRY") is False
        assert second.first_time_event("Ev0OTHER") is True
    finally:
        first.engine.dispose()
        second.engine.dispose()


def test_old_event_ids_are_forgotten(fresh_store: SqlStore) -> None:
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with fresh_store.transaction() as session:
        assert events.claim_event(session=session, event_id="Ev0OLD", now=long_ago)
    assert fresh_store.first_time_event("Ev0NEW") is True  # prunes what is over a day old
    assert fresh_store.first_time_event("Ev0OLD") is True


def test_migrations_build_exactly_the_models_schema(fresh_store: SqlStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    with fresh_store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []



def test_sqlite_reads_the_population_revision_from_its_indexes(tmp_path: Path) -> None:
    """Every question asks the population revision; SQLite answers a lone max() from an index
    but scans the whole table for two in one SELECT (7 ms a question at 50 000 figures)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from storage.queries import population

    store = open_store(f"sqlite:///{tmp_path / 'plan.db'}")
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: statements.append(statement))
    with Session(store.engine) as session:
        population.revision(session=session)
    with store.engine.connect() as connection:
        plan = [row[-1] for row in
                connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statements[-1]}")]
    assert not [step for step in plan if step.startswith("SCAN population_figures")], plan
    assert any(step.startswith("SEARCH population_figures") for step in plan), plan
    store.engine.dispose()
