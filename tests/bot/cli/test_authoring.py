"""`avtalsbot schema`, `check` and `new`: the administrator's path from an empty template to an
agreement the bot answers from."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.cli.authoring import schema_text
from storage import files
from tests.bot.cli.template_fill import fill

ROOT = Path(__file__).resolve().parents[3]
BUNDLED_SCHEMA = ROOT / "storage" / "agreements" / "agreement.schema.json"
MODELINE = "# yaml-language-server: $schema=agreement.schema.json\n"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.chdir(tmp_path)
    return path


def as_json(path: Path) -> Any:
    """The file as an editor's YAML language server sees it: dates are text (YAML 1.2)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date | dt.time) else str(v)))


def test_the_bundled_schema_is_the_generated_one() -> None:
    assert BUNDLED_SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "run: avtalsbot schema --out storage/agreements/agreement.schema.json")


def test_schema_is_swedish_and_written_where_asked(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Avtalsfil för Avtalsbot"
    party = schema["$defs"]["Party"]
    assert party["description"] == "En part i avtalet: kommun, region eller verksamhet."
    assert party["properties"]["org_number"]["description"] == "Organisationsnummer, 212000-2478"
    assert "title" not in party["properties"]["org_number"]
    assert main(["schema", "--out", "s.json"]) == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", files.bundled_paths(), ids=lambda p: p.name)
def test_bundled_files_point_editors_at_the_schema_and_pass_it(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith(MODELINE)
    schema = json.loads(BUNDLED_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(as_json(path))


def test_the_schema_catches_what_an_editor_should_underline() -> None:
    schema = json.loads(BUNDLED_SCHEMA.read_text(encoding="utf-8"))
    data = as_json(files.bundled_paths()[0])
    data["parties"][0]["org_nummer"] = "212000-2452"  # misspelt field
    data["term"]["notice_months"] = "tolv"
    found = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert any("org_nummer" in m for m in found), found
    assert any("'tolv'" in m for m in found), found


def test_check_passes_the_bundled_files_and_writes_nothing(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *map(str, files.bundled_paths())]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4
    assert out[0].endswith("cmv-jamtland.yaml: ok — Samarbetsavtal Centrum mot våld (CMV) "
                           "Jämtlands län (8 parter, 3 kostnadsmodeller, 8 tidsfrister, "
                           "2 kanaler)")
    assert not database.exists()


MALFORMED = sorted((ROOT / "tests" / "data" / "malformed" / "agreements").glob("*.yaml"))


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_check_gives_imports_message(path: Path, capsys: pytest.CaptureFixture[str],
                                     database: Path) -> None:
    assert main(["check", str(path)]) == 1
    checked = capsys.readouterr().err
    assert main(["import", str(path)]) == 1
    imported = capsys.readouterr().err
    assert checked.splitlines()[0] == imported.splitlines()[0]
    assert checked.startswith(f"avtalsbot: {path.name}:")
    expected = next(line.removeprefix("# Meddelande: ") for line in
                    path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("# Meddelande: "))
    assert expected in checked
    assert "Traceback" not in checked


def test_check_refuses_one_id_in_two_files(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    cmv = files.bundled_paths()[0]
    copy = tmp_path / "kopia.yaml"
    copy.write_text(cmv.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(cmv), str(copy)]) == 1
    assert ("avtalsbot: kopia.yaml:3: id: avtalet 'cmv-jamtland' finns redan i "
            "cmv-jamtland.yaml") in capsys.readouterr().err


def test_new_writes_the_template_and_the_schema_beside_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Samverkansavtal Räddningstjänst: Öst"]) == 0
    out = capsys.readouterr().out
    written = tmp_path / "samverkansavtal-raddningstjanst-ost.yaml"
    assert out.startswith(f"Skrev {written.name} och agreement.schema.json.")
    text = written.read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    assert 'name: "Samverkansavtal Räddningstjänst: Öst"\n' in text
    assert (tmp_path / "agreement.schema.json").read_text(encoding="utf-8") == schema_text()
    for part in ("parties:", "term:", "notice_months:", "bodies:", "meetings:", "channels:",
                 "kind: budget_lines", "kind: population_key", "kind: equal_split",
                 "kind: periodic_extra", "deadlines:", "kind: notice", "kind: date",
                 "kind: months", "kind: weeks", "kind: last_meeting", "source:"):
        assert part in text, part


def test_new_does_not_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mitt.yaml").write_text("x", encoding="utf-8")
    assert main(["new", "Mitt avtal", "--out", "mitt.yaml"]) == 1
    assert capsys.readouterr().err == ("avtalsbot: mitt.yaml: filen finns redan: välj ett annat "
                                       "namn med --out eller ta bort den\n")
    assert (tmp_path / "mitt.yaml").read_text(encoding="utf-8") == "x"


def test_an_unfilled_template_is_refused_at_its_first_placeholder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Mitt avtal"]) == 0
    capsys.readouterr()
    assert main(["check", "mitt-avtal.yaml"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("avtalsbot: mitt-avtal.yaml:8: short_name: «kort namn som visas i svaren» "
                      "är en platshållare: skriv avtalets uppgift i stället")
    assert err[1].startswith("avtalsbot: mitt-avtal.yaml: 64 rader har kvar «platshållare» att "
                             "fylla i: 8, 10, 18,")
    assert main(["import", "mitt-avtal.yaml"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == err[0]


def test_the_filled_template_passes_check_imports_and_answers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Mitt avtal"]) == 0
    template = tmp_path / "mitt-avtal.yaml"
    template.write_text(fill(template.read_text(encoding="utf-8")), encoding="utf-8")
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator(schema).validate(as_json(template))
    capsys.readouterr()
    assert main(["check", "mitt-avtal.yaml"]) == 0
    assert capsys.readouterr().out == ("mitt-avtal.yaml: ok — Mitt avtal (2 parter, 4 "
                                       "kostnadsmodeller, 5 tidsfrister, 1 kanal)\n")
    assert main(["import", "mitt-avtal.yaml"]) == 0
    capsys.readouterr()
    assert main(["ask", "vad betalar Krokom 2026 i Testavtalet?", "--today", "2026-02-01"]) == 0
    assert "Krokom betalar 557\u00a0730\u00a0kr för Testavtalet 2026." in capsys.readouterr().out
    assert main(["ask", "vilka deadlines har Testavtalet de närmaste 60 dagarna?",
                 "--today", "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "2026-02-27 (fredag, v. 9)" in out
    assert "Årsrapporten lämnas till styrgruppen (förfaller 2026-03-01, söndag)" in out
