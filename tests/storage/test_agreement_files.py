"""Agreement files checked like a careful controller would: every malformed file is refused
with file, line and field, exit code 1, no traceback, and the database untouched.

The corpus in tests/data/malformed/agreements/ is base.yaml (accepted, tested here) with one
defect per file; each file's header states the field and the line the message must name, and
the message itself (in Swedish, saying what to write instead where it can).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from sqlalchemy import Engine, MetaData, String, select

import tests.conftest as conftest
from bot.cli import main
from commands.core.agreement import (
    Agreement,
    Body,
    Channel,
    DeadlineRule,
    Instrument,
    Meeting,
    Party,
    PopulationFigure,
    Statement,
    Term,
)
from commands.core.cost_models import (
    BudgetLinesModel,
    EqualSplitModel,
    PeriodicExtraModel,
    PopulationKeyModel,
)
from commands.core.errors import InputError
from storage import files, models
from storage.store import SqlStore, open_store, seed

DATA = Path(__file__).resolve().parents[1] / "data" / "malformed"
BASE = DATA / "base.yaml"
CORPUS = sorted((DATA / "agreements").glob("*.yaml"))


def _expected(path: Path) -> tuple[str, int, str]:
    """What the file's header promises: the field, the line and the whole message."""
    header = path.read_bytes().decode("utf-8").splitlines()[:4]
    assert header[0].startswith("# Fel: "), path.name
    field = header[1].removeprefix("# Förväntat fält: ")
    line = int(header[2].removeprefix("# Förväntad rad: "))
    message = header[3].removeprefix("# Meddelande: ")
    return field, line, message


def _snapshot(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table, alembic's included, in a comparable form."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {name: sorted(json.dumps(list(row), default=str)
                             for row in connection.execute(select(table)))
                for name, table in metadata.tables.items()}


@pytest.fixture(scope="module", params=conftest.database_params())
def database(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlStore]]:
    """One database per backend for the whole corpus: seeded, with a meeting added in chat
    and population figures, so that more than the agreement tables have rows to lose."""
    if request.param == "postgres":
        url = str(conftest.POSTGRES_URL)
        conftest.reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('malformed') / 'corpus.db'}"
    store = open_store(url)
    store.add_meeting(agreement_id="cmv-jamtland", body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2027, 2, 12), time=dt.time(13, 0)))
    store.add_population_figures([PopulationFigure(municipality_code="2309", name="Krokom",
                                                   population=15700, date=dt.date(2024, 11, 1))])
    yield url, store
    store.engine.dispose()


def test_the_corpus_has_a_case_for_every_kind_of_defect() -> None:
    assert len(CORPUS) >= 40
    names = {p.stem for p in CORPUS}
    for kind in ("kommunkod-under-tva-parter", "procent-summerar-inte-till-100",
                 "negativt-andelsbelopp", "negativa-paminnelsedagar", "orimligt-basar",
                 "kommunkod-finns-inte", "kommunkod-for-annan-kommun",
                 "omojligt-datum-30-februari", "arligt-datum-30-februari",
                 "upprepad-nyckel-i-part", "for-lang-kortform", "nul-som-escape",
                 "nul-rakt-i-texten", "styrtecken-rakt-i-texten", "djup-nastling"):
        assert kind in names


def test_the_base_of_the_corpus_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """So each corpus file is refused for its one defect, not for something they all share."""
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'base.db'}")
    assert main(["import", str(BASE)]) == 0
    assert "Läste in 1 avtal: CMV utdrag" in capsys.readouterr().out


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_malformed_file_is_refused_with_file_line_and_field(
    path: Path, database: tuple[str, SqlStore], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, store = database
    field, line, message = _expected(path)
    where = f"{path.name}:{line}: {field}: "
    before = _snapshot(store.engine)

    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    assert main(["import", str(BASE), str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"avtalsbot: {where}{message}\n"  # one line: no dump, no traceback
    assert "Traceback" not in captured.err and captured.out == ""

    with pytest.raises(InputError) as caught:
        seed(store, [BASE, path])
    assert str(caught.value) == where + message
    assert (caught.value.file, caught.value.line, caught.value.field) == (path.name, line, field)

    assert _snapshot(store.engine) == before


# --- what a corpus of small files cannot show -------------------------------------------------


def _store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SqlStore:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    return open_store(url)


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    store = _store_url(tmp_path, monkeypatch)
    before = _snapshot(store.engine)
    big = tmp_path / "stor.yaml"
    text = BASE.read_text(encoding="utf-8")
    big.write_text(text + "# " + "x" * files.MAX_FILE_BYTES + "\n", encoding="utf-8")

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over the limit must not reach the YAML parser")

    monkeypatch.setattr(files.yaml, "parse", never)
    monkeypatch.setattr(files.yaml, "compose", never)
    assert main(["import", str(big)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avtalsbot: stor.yaml:1: filen är 1.0 MB; en avtalsfil får vara "
                          "högst 1 MB"), err
    with pytest.raises(InputError, match="högst 1 MB"):
        files.parse_agreement(text + "#" * files.MAX_FILE_BYTES, "stor.yaml")
    assert _snapshot(store.engine) == before


def test_two_files_with_the_same_id_in_one_import_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    store = _store_url(tmp_path, monkeypatch)
    before = _snapshot(store.engine)
    first, second = tmp_path / "forsta.yaml", tmp_path / "andra.yaml"
    first.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    second.write_text(BASE.read_text(encoding="utf-8").replace("short_name: CMV utdrag",
                                                                "short_name: CMV kopia"),
                      encoding="utf-8")
    assert main(["import", str(first), str(second)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avtalsbot: andra.yaml:4: id: avtalet 'korpus-cmv' finns redan i "
                          "forsta.yaml"), err
    with pytest.raises(InputError, match=r"finns redan i forsta\.yaml"):
        files.read_agreements([first, second])
    assert _snapshot(store.engine) == before


def test_nesting_thousands_deep_is_refused_without_recursion_error() -> None:
    base = BASE.read_text(encoding="utf-8")
    text = base + "extra: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(InputError) as caught:
        files.parse_agreement(text, "djup.yaml")
    deepest = "extra" + ".0" * (files.MAX_DEPTH - 1)
    assert str(caught.value).startswith(
        f"djup.yaml:{base.count(chr(10)) + 1}: {deepest}: filen är nästlad djupare "
        f"än {files.MAX_DEPTH} nivåer")


def test_an_alias_bomb_is_refused_at_its_first_alias() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(InputError) as caught:
        files.parse_agreement(bomb, "bomb.yaml")
    assert str(caught.value) == ("bomb.yaml:2: b.0: alias (*a) används inte i avtalsfiler: "
                                 "skriv ut värdet där det behövs")


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.read_text(encoding="utf-8").replace(
        "name: Bräcke kommun", "name: Br\udce4cke kommun").encode("utf-8", "surrogateescape"))
    with pytest.raises(InputError) as caught:
        files.read_agreement(path)
    assert str(caught.value) == ("latin1.yaml:23: tecknet på rad 23 är inte UTF-8 (byte 0xE4): "
                                 "spara filen som UTF-8")


def test_a_file_that_is_not_a_mapping_says_what_an_agreement_file_holds() -> None:
    with pytest.raises(InputError) as caught:
        files.parse_agreement("- id: x\n", "lista.yaml")
    assert str(caught.value).startswith("lista.yaml:1: filen ska innehålla ett avtal")


def test_the_store_refuses_an_agreement_built_in_code_with_nul_before_the_database() -> None:
    """Not only files: an Agreement with NUL cannot be built, so save_agreements never sends
    one to PostgreSQL (which answered with a 6 kB DataError holding every parameter)."""
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["parties"][0]["note"] = "Box\x00 150"
    with pytest.raises(ValueError, match=r"styrtecken \(U\+0000\)"):
        Agreement.model_validate(data)


# --- the checks agree with the database and with SCB -----------------------------------------


def _max_length(model: type[BaseModel], field: str) -> int | None:
    def find(schema: Any) -> int | None:
        if isinstance(schema, dict):
            if "maxLength" in schema:
                return int(schema["maxLength"])
            for value in schema.get("anyOf", []):
                if (found := find(value)) is not None:
                    return found
        return None

    return find(model.model_json_schema()["properties"][field])


# (pydantic model, field) -> (ORM model, column): every file text that lands in a length-limited
# column, so that a new column length or a new field cannot drift apart unnoticed.
COLUMNS = [
    (Agreement, "id", models.AgreementRow, "id"),
    (Agreement, "short_name", models.AgreementRow, "short_name"),
    (Agreement, "source_document", models.AgreementRow, "source_document"),
    (Agreement, "host", models.AgreementRow, "host_key"),
    (Party, "key", models.PartyRow, "key"),
    (Party, "name", models.PartyRow, "name"),
    (Party, "short_name", models.PartyRow, "short_name"),
    (Party, "source", models.PartyRow, "source"),
    (Term, "source", models.TermRow, "source"),
    (Body, "key", models.BodyRow, "key"),
    (Body, "name", models.BodyRow, "name"),
    (Body, "channel", models.BodyRow, "channel_key"),
    (Body, "source", models.BodyRow, "source"),
    (Meeting, "place", models.MeetingRow, "place"),
    (Channel, "key", models.ChannelRow, "key"),
    (Channel, "name", models.ChannelRow, "name"),
    (Channel, "slack_channel", models.ChannelRow, "slack_channel"),
    *[(model, field, models.CostModelRow, field)
      for model in (PopulationKeyModel, EqualSplitModel, PeriodicExtraModel, BudgetLinesModel)
      for field in ("key", "title", "source")],
    (DeadlineRule, "key", models.DeadlineRuleRow, "key"),
    (DeadlineRule, "responsible", models.DeadlineRuleRow, "responsible"),
    (DeadlineRule, "channel", models.DeadlineRuleRow, "channel_key"),
    (DeadlineRule, "source", models.DeadlineRuleRow, "source"),
    (Instrument, "key", models.ReflectionRoundRow, "instrument_key"),
    (Statement, "key", models.ReflectionVoteRow, "statement_key"),
]


@pytest.mark.parametrize(("model", "field", "row", "column"), COLUMNS,
                         ids=[f"{m.__name__}.{f}" for m, f, _, _ in COLUMNS])
def test_text_limits_are_the_database_columns(model: type[BaseModel], field: str,
                                              row: type[models.Base], column: str) -> None:
    column_type = row.__table__.columns[column].type  # type: ignore[attr-defined]
    assert isinstance(column_type, String) and column_type.length is not None
    assert _max_length(model, field) == column_type.length


def test_every_string_column_of_the_agreement_tables_is_limited_in_the_schema() -> None:
    covered = {(row.__tablename__, column) for _, _, row, column in COLUMNS}
    fixed_form = {("parties", "kind"), ("parties", "org_number"), ("parties", "municipality_code"),
                  ("bodies", "kind"), ("cost_models", "kind"), ("meetings", "origin")}
    for row in (models.AgreementRow, models.PartyRow, models.TermRow, models.BodyRow,
                models.MeetingRow, models.ChannelRow, models.CostModelRow,
                models.DeadlineRuleRow):
        for column in row.__table__.columns:  # type: ignore[attr-defined]
            if isinstance(column.type, String) and column.type.length is not None:
                key = (row.__tablename__, column.name)
                if column.name == "agreement_id":
                    continue  # Agreement.id, checked once above
                assert key in covered or key in fixed_form, key


# --- the other findings, each in Swedish at its field ----------------------------------------

WORDED = [
    ("  notice_months: 12\n", "  notice_months: 12\n  until_terminated: kanske\n",
     "term.until_terminated", "skriv true eller false (skrivet: kanske)"),
    ('time: "13:00"', 'time: "25:00"', "bodies.0.meetings.0.time",
     'skriv ett klockslag inom citattecken, t.ex. "13:00" (skrivet: 25:00)'),
    ("meeting_rule: {per_year_min: 4, per_year_max: 4, source: 001 §9.1}",
     "meeting_rule: fyra gånger om året", "bodies.0.meeting_rule",
     "ska vara en mappning (fält: värde, ett per rad)"),
    ("aliases: [cmv utdrag]", "aliases: cmv utdrag", "aliases",
     "ska vara en lista (rader som börjar med -)"),
    ("name: Styrgrupp CMV", "name:", "bodies.0.name", "fältet är tomt: skriv ett värde"),
    ("  name: Självreflektion, utdrag\n",
     "  name: Självreflektion, utdrag\n  scale: [Fungerar, Delvis, Behöver utvecklas]\n",
     "instrument.scale", "ska ha 2 värden, här 3"),
    ("    source: 001 §11.3, Figur 2\n", "    source: 001 §11.3, Figur 2\n    kind: equal_split\n",
     "cost_models.0.kind", "fältet står redan på rad 59; bara det sista skulle gälla: ta bort "
     "det ena"),
    ("kind: steering_group", "kind: styrgrupp", "bodies.0.kind",
     "ska vara en av 'steering_group', 'political_group', 'management_group', 'network' eller "
     "'other' (skrivet: styrgrupp)"),
    ("    - key: larande\n      name: Lärande\n      statements:\n        - {key: kunskap, "
     "title: Kunskap, text: Vi delar kunskap med varandra.}\n",
     "    - key: larande\n      name: Lärande\n      statements: []\n",
     "instrument.categories.1.statements", "listan får inte vara tom"),
    ("first_end: 2025-12-31", 'first_end: "2025-02-29"', "term.first_end",
     "2025-02-29 är inget datum: februari 2025 har 28 dagar (dag 29 finns inte). Skriv ett "
     "datum som finns, ÅÅÅÅ-MM-DD"),
    ("first_end: 2025-12-31", 'first_end: "31/12 2025"', "term.first_end",
     "skriv ett datum som ÅÅÅÅ-MM-DD (skrivet: 31/12 2025)"),
    ("first_end: 2025-12-31", "first_end: 2025-12-31 10:00", "term.first_end",
     "skriv bara datumet, ÅÅÅÅ-MM-DD (skrivet: 2025-12-31 10:00)"),
    ("first_year: 2026", "first_year: 2026-01-01", "cost_models.2.first_year",
     "skriv ett heltal (skrivet: 2026-01-01)"),
]


@pytest.mark.parametrize(("old", "new", "field", "message"), WORDED,
                         ids=[w[2] for w in WORDED])
def test_each_kind_of_finding_is_worded_in_swedish_at_its_field(
        old: str, new: str, field: str, message: str) -> None:
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(InputError) as caught:
        files.parse_agreement(text.replace(old, new, 1), "fil.yaml")
    assert (caught.value.field, caught.value.problem) == (field, message)


@pytest.mark.parametrize(("name", "short_name", "code"), [
    ("Falu kommun", "Falun", "2080"),  # SCB's short form is not the long form's stem
    ("Region Gotland", "Gotland", "0980"),
    ("Upplands Väsby kommun", "Upplands Väsby", "0114"),
])
def test_a_municipality_is_recognised_by_the_forms_its_name_takes(
        name: str, short_name: str, code: str) -> None:
    text = BASE.read_text(encoding="utf-8").replace(
        "name: Ragunda kommun\n    short_name: Ragunda", f"name: {name}\n    short_name: "
        f"{short_name}").replace('"2303"', f'"{code}"')
    agreement = files.parse_agreement(text, "fil.yaml")
    assert agreement.parties[0].municipality_code == code
