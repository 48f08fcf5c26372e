"""Population figures in and out (issue 9, point 9): the malformed corpus is refused with
file, line and field and leaves the database as it was; SCB's register decides which
municipality codes exist; loading is an upsert; the per-process cache sees other processes'
imports. How fast it is, is measured by bench/population.py, not here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from commands.core.agreement import PopulationFigure
from storage.models import PopulationFigureRow
from storage.municipalities import known_municipality_codes
from storage.store import SqlStore, open_store

CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed" / "population"
QUOTE = "citattecknet som börjar här avslutas aldrig på samma rad"
TOO_LONG = "inget fält i SCB:s fil är längre än 200"
# file -> (line, field, what the message says)
EXPECTED: dict[str, tuple[int, str, str]] = {
    "unknown-code.csv": (3, "kommunkod",
                         "okänd kommunkod '9999': finns inte i SCB:s kommunregister"),
    "unknown-code-in-region-column.csv": (3, "kommunkod", "okänd kommunkod '0000'"),
    "code-not-in-register.csv": (3, "kommunkod", "okänd kommunkod '2382'"),
    "unbalanced-quote-in-name.csv": (4, "kommun", QUOTE),
    "unbalanced-quote-to-end-of-file.csv": (2, "kommun", QUOTE),
    "unbalanced-quote-in-header.csv": (1, "kolumn 2", QUOTE),
    "unbalanced-quote-in-population.csv": (3, "folkmängd", QUOTE),
    "over-long-name.csv": (3, "kommun", f"fältet är 240 tecken långt; {TOO_LONG}"),
    "over-long-population.csv": (2, "folkmängd", f"fältet är 250 tecken långt; {TOO_LONG}"),
    "field-over-csv-limit.csv": (3, "kommun", f"fältet är 200000 tecken långt; {TOO_LONG}"),
    "over-long-extra-column.csv": (3, "anmärkning", f"fältet är 500 tecken långt; {TOO_LONG}"),
    "name-longer-than-column.csv": (2, "kommun", "kommunens namn är längre än 120 tecken"),
    "population-not-a-number.csv": (3, "folkmängd", "ogiltig folkmängd 'sex'"),
    "population-negative.csv": (2, "folkmängd", "ogiltig folkmängd '-5'"),
    "population-zero.csv": (2, "folkmängd", "ogiltig folkmängd '0'"),
    "population-too-large.csv": (2, "folkmängd", "ogiltig folkmängd '15604123456'"),
    "code-with-letter.csv": (4, "kommunkod", "ogiltig kommunkod '23X9': fyra siffror"),
    "code-three-digits.csv": (2, "kommunkod", "ogiltig kommunkod '230'"),
    "date-not-iso.csv": (2, "datum", "ogiltigt datum '1/11 2025': skriv ÅÅÅÅ-MM-DD"),
    "date-impossible.csv": (2, "datum", "ogiltigt datum '2025-02-30'"),
    "date-missing.csv": (3, "datum", "ogiltigt datum ''"),
    "name-missing.csv": (2, "kommun", "kommunens namn saknas"),
    "same-municipality-twice.csv": (
        4, "folkmängd", "kommun 2309 per 2025-11-01 står redan på rad 2 med en annan folkmängd"),
    "header-without-date.csv": (1, "datum", "rubrikraden saknar datum"),
    "header-without-code.csv": (1, "kommunkod", "rubrikraden saknar kommunkod"),
    "empty.csv": (1, "rubrikrad", "filen är tom"),
    "header-only.csv": (1, "rubrikrad", "filen har ingen rad med befolkningssiffror"),
}
GOOD = ("kommunkod;kommun;folkmängd;datum\n2309;Krokom;15604;2025-11-01\n"
        "2380;Östersund;64871;2025-11-01\n")


def rows(store: SqlStore) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            select(PopulationFigureRow.__table__).order_by(PopulationFigureRow.id))]


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.glob("*.csv")}
    assert len(files) >= 20
    assert files == set(EXPECTED)


@pytest.fixture
def loaded(database_url: str, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[SqlStore]:
    """A database that already holds good figures, so "unchanged" is visible."""
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", database_url)
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["population", "import", str(good)]) == 0
    store = open_store(database_url)
    yield store
    store.engine.dispose()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_file_is_refused_with_file_line_and_field(
    name: str, loaded: SqlStore, capsys: pytest.CaptureFixture[str],
) -> None:
    line, field, message = EXPECTED[name]
    before = rows(loaded)
    assert len(before) == 2
    capsys.readouterr()
    path = CORPUS / name
    assert main(["population", "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"avtalsbot: {path}:{line}: {field}: {message}" in captured.err, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert len(captured.err) < 1000  # a 200 KB field is not echoed back
    assert rows(loaded) == before


def test_the_register_is_scb_s() -> None:
    codes = known_municipality_codes()
    assert len(codes) == 290
    assert {"2309", "2380", "0114", "1480"} <= codes
    assert not {"9999", "0000", "2382"} & codes


def test_loading_replaces_the_same_municipality_and_date(fresh_store: SqlStore) -> None:
    def figure(code: str, name: str, population: int, day: dt.date) -> PopulationFigure:
        return PopulationFigure(municipality_code=code, name=name, population=population,
                                date=day)

    november = dt.date(2025, 11, 1)
    assert fresh_store.add_population_figures(
        [figure("2309", "Krokom", 15604, november), figure("2380", "Östersund", 64871, november),
         figure("2309", "Krokom", 15600, dt.date(2024, 11, 1))]) == 3
    assert fresh_store.add_population_figures(
        [figure("2309", "Krokom kommun", 15700, november),
         figure("2303", "Ragunda", 5135, november)]) == 2
    stored = {(f.municipality_code, f.date): (f.name, f.population)
              for f in fresh_store.population_figures()}
    assert stored == {("2309", november): ("Krokom kommun", 15700),
                      ("2380", november): ("Östersund", 64871),
                      ("2309", dt.date(2024, 11, 1)): ("Krokom", 15600),
                      ("2303", november): ("Ragunda", 5135)}
    # dates come back as dates: the bulk path writes what the ORM reads
    assert all(isinstance(f.date, dt.date) for f in fresh_store.population_figures())


def test_the_cache_sees_another_process_s_import(database_url: str) -> None:
    asking, importing = open_store(database_url), open_store(database_url)
    first = asking.population_figures()
    assert asking.population_figures() is first  # cached while nothing changed
    importing.add_population_figures([PopulationFigure(
        municipality_code="2309", name="Krokom", population=15604, date=dt.date(2025, 11, 1))])
    after = asking.population_figures()
    assert [f.population for f in after] == [15604]
    importing.add_population_figures([PopulationFigure(
        municipality_code="2309", name="Krokom", population=15700, date=dt.date(2025, 11, 1))])
    assert [f.population for f in asking.population_figures()] == [15700]
