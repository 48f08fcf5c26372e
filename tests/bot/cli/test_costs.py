"""`avtalsbot population import` and `avtalsbot export-costs` on the command line, on SQLite
and (with AVTALSBOT_TEST_DATABASE_URL) PostgreSQL: what they print, write and refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

HEADER = "kommunkod;kommun;folkmängd;datum"
# 1 November 2025, Krokom doubled so the key visibly changes.
ROWS = [
    "2303;Ragunda;5 135;2025-11-01",
    "2305;Bräcke;6 091;2025-11-01",
    "2309;Krokom;31 208;2025-11-01",
    "2313;Strömsund;11 139;2025-11-01",
    "2321;Åre;12 376;2025-11-01",
    "2326;Berg;7 114;2025-11-01",
    "2361;Härjedalen;10 136;2025-11-01",
    "2380;Östersund;64 871;2025-11-01",
]


@pytest.fixture(autouse=True)
def database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", database_url)
    return database_url


def write(tmp_path: Path, lines: list[str], name: str = "befolkning.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def ask(question: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    main(["ask", question, "--today", "2026-11-25"])
    return capsys.readouterr().out


def test_import_drives_the_next_years_key_and_the_answer_names_the_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert "575\u00a0702\u00a0kr" in ask("vad betalar Krokom 2026?", capsys)

    assert main(["population", "import", str(write(tmp_path, [HEADER, *ROWS]))]) == 0
    out = capsys.readouterr().out
    assert "Läste in 8 befolkningssiffror från befolkning.csv." in out
    assert "CMV Jämtland 2026: nyckeln bygger nu på befolkningen 2025-11-01." in out

    answer = ask("vad betalar Krokom 2026?", capsys)
    assert "Nyckeln bygger på inlästa befolkningssiffror per 2025-11-01" in answer
    assert "31\u00a0208 av 148\u00a0070 invånare 2025-11-01" in answer
    assert "575\u00a0702\u00a0kr" not in answer
    # 2025 keeps the agreement's own table
    assert "558\u00a0934\u00a0kr" in ask("vad betalar Krokom 2025?", capsys)


def test_import_replaces_figures_for_the_same_municipality_and_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["population", "import", str(write(tmp_path, [HEADER, *ROWS]))]) == 0
    back = [row.replace("31 208", "15 604") for row in ROWS]
    assert main(["population", "import", str(write(tmp_path, [HEADER, *back], "v2.csv"))]) == 0
    assert "15\u00a0604 av 132\u00a0466 invånare" in ask("vad betalar Krokom 2026?", capsys)


def test_scb_region_column_bom_and_commas_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    lines = ['"region","folkmängd","datum"',
             *(f'"{r.split(";")[0]} {r.split(";")[1]}","{r.split(";")[2]}","{r.split(";")[3]}"'
               for r in ROWS)]
    path = tmp_path / "scb.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    assert main(["population", "import", str(path)]) == 0
    assert "nyckeln bygger nu på befolkningen 2025-11-01" in capsys.readouterr().out


def test_figures_missing_a_party_are_stored_but_said_to_be_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["population", "import", str(write(tmp_path, [HEADER, *ROWS[:-1]]))]) == 0
    assert "används inte än, siffror saknas för Östersund" in capsys.readouterr().out
    assert "575\u00a0702\u00a0kr" in ask("vad betalar Krokom 2026?", capsys)


BAD_FILES = [
    ([HEADER, ROWS[0], "2305;Bräcke;sex;2025-11-01"], 3,
     "folkmängd: ogiltig folkmängd 'sex'"),
    ([HEADER, ROWS[0], ROWS[1], "23X9;Krokom;15604;2025-11-01"], 4,
     "kommunkod: ogiltig kommunkod '23X9'"),
    ([HEADER, "2309;Krokom;15604;1/11 2025"], 2, "datum: ogiltigt datum '1/11 2025'"),
    ([HEADER, "2309;Krokom;-5;2025-11-01"], 2, "ogiltig folkmängd '-5'"),
    ([HEADER, "2309;;15604;2025-11-01"], 2, "kommun: kommunens namn saknas"),
    ([HEADER, "2309;Krokom;15604123456;2025-11-01"], 2, "ogiltig folkmängd '15604123456'"),
    ([HEADER, f"2309;{'K' * 121};15604;2025-11-01"], 2, "längre än 120 tecken"),
    ([HEADER, ROWS[2], "2309;Krokom;15604;2025-11-01"], 3,
     "kommun 2309 per 2025-11-01 står redan på rad 2 med en annan folkmängd"),
    (["kod;namn;antal", ROWS[0]], 1, "rubrikraden saknar datum"),
    ([HEADER], 1, "filen har ingen rad med befolkningssiffror"),
    ([""], 1, "filen är tom"),
]


@pytest.mark.parametrize(("lines", "line", "message"), BAD_FILES,
                         ids=[b[2][:30] for b in BAD_FILES])
def test_a_bad_csv_names_file_and_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], line: int,
    message: str,
) -> None:
    # a good file first, so "nothing changed" is visible in the answer
    assert main(["population", "import", str(write(tmp_path, [HEADER, *ROWS], "ok.csv"))]) == 0
    before = ask("fördelning CMV 2026", capsys)
    bad = write(tmp_path, lines, "trasig.csv")

    assert main(["population", "import", str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:{line}: " in captured.err and message in captured.err, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert ask("fördelning CMV 2026", capsys) == before


def test_a_bad_line_after_good_lines_writes_none_of_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [r.replace("2025-11-01", "2026-11-01") for r in ROWS]
    rows[5] = "2326;Berg;sju tusen;2026-11-01"
    assert main(["population", "import", str(write(tmp_path, [HEADER, *rows]))]) == 1
    assert "befolkning.csv:7: folkmängd" in capsys.readouterr().err
    assert "siffror per 2026-11-01 är inte inlästa" in ask("vad betalar Krokom 2027?", capsys)


def test_a_missing_file_is_reported_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["population", "import", "finns-inte.csv"]) == 1
    err = capsys.readouterr().err
    assert "finns-inte.csv: kan inte läsa filen" in err and "Traceback" not in err


def test_population_without_an_action_says_what_to_write(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["population"]) == 1
    assert "avtalsbot population import FIL.csv" in capsys.readouterr().err


# --- export-costs ----------------------------------------------------------------------------


def test_export_costs_writes_csv_for_swedish_excel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "f.csv"
    assert main(["export-costs", "fördelning CMV 2025", "--out", str(out)]) == 0
    assert f"Skrev Fördelning CMV Jämtland 2025 till {out}." in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "Kommun;Befolkning;Andel;Belopp",
        "Ragunda;5135;3,876;183907",
        "Bräcke;6091;4,598;218164",
        "Krokom;15604;11,780;558934",
        "Strömsund;11139;8,409;398987",
        "Åre;12376;9,343;443304",
        "Berg;7114;5,370;254794",
        "Härjedalen;10136;7,652;363070",
        "Östersund;64871;48,972;2323607",
        "Summa;132466;100,000;4744767",
        "",
    ]


def test_export_costs_of_one_party_exports_that_years_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export-costs", "Krokom", "2026", "--out", str(tmp_path) + "/"]) == 0
    text = (tmp_path / "cmv-jamtland-fordelning-2026.csv").read_bytes().decode("utf-8-sig")
    assert "Krokom;15604;11,780;575702;17670\r\n" in text


def test_export_costs_years_and_budget_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export-costs", "Krokom 2025–2030", "--today", "2026-11-25"]) == 0
    years = (tmp_path / "cmv-jamtland-krokom-2025-2030.csv").read_text(encoding="utf-8-sig")
    assert "2030;11,780;647958;0;prognos" in years
    assert main(["export-costs", "budget per post 2025"]) == 0
    budget = (tmp_path / "cmv-jamtland-budget-2025.csv").read_text(encoding="utf-8-sig")
    assert "Totalt inkl. OH;4744767" in budget


def test_export_costs_refuses_a_question_without_a_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export-costs", "vad betalar Krokum 2026"]) == 1
    captured = capsys.readouterr()
    assert "Menade du Krokom?" in captured.err
    assert "ger ingen tabell att exportera" in captured.err


@pytest.mark.parametrize(("today", "question", "amount"), [
    ("2027-03-01", "vad betalar Krokom nästa år?", "610\u00a0762\u00a0kr för CMV Jämtland 2028"),
    ("2027-03-01", "vad betalar Krokom i år?", "592\u00a0973\u00a0kr för CMV Jämtland 2027"),
    ("2027-03-01", "vad betalar Krokom förra året?", "575\u00a0702\u00a0kr för CMV Jämtland 2026"),
    ("2026-01-15", "what does Krokom pay next year?",
     "592\u00a0973\u00a0kr for CMV Jämtland in 2027"),
])
def test_relative_years_follow_the_given_today(
    capsys: pytest.CaptureFixture[str], today: str, question: str, amount: str,
) -> None:
    assert main(["ask", question, "--today", today]) == 0
    assert amount in capsys.readouterr().out


def test_a_file_saved_by_excel_in_windows_1252_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, [HEADER, *ROWS], encoding="cp1252")
    assert main(["population", "import", str(path)]) == 0
    assert "31\u00a0208 av 148\u00a0070 invånare" in ask("vad betalar Krokom 2026?", capsys)


def test_figures_not_dated_1_november_are_stored_but_not_used_for_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [r.replace("2025-11-01", "2025-12-31") for r in ROWS]
    assert main(["population", "import", str(write(tmp_path, [HEADER, *rows]))]) == 0
    assert "CMV Jämtland: används inte, nyckeln bygger på 1 november (001 §11.3, Figur 2)." in (
        capsys.readouterr().out)
    assert "575\u00a0702\u00a0kr" in ask("vad betalar Krokom 2026?", capsys)
