"""`avtalsbot doctor` against the local Slack emulator and a real database: each check's line,
its fix, and the exit code."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.cli.doctor import REQUIRED_SCOPES
from storage.database import make_engine
from storage.store import SqlStore, open_store
from tests.slack.emulator import DEFAULT_SCOPES, SlackEmulator

TOKEN = "xoxb-doctor-token"
SECRET = "en-riktig-hemlighet-for-testet"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded SQLite file; each test works on its own copy."""
    path = tmp_path_factory.mktemp("doctor") / "seeded.db"
    store = open_store(f"sqlite:///{path}")
    store.engine.dispose()
    return path


@pytest.fixture
def database(seeded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "avtalsbot.db"
    shutil.copy(seeded, path)
    return path


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=TOKEN) as emu:
        yield emu


def channel_names(store: SqlStore) -> list[str]:
    return sorted({c.name.lstrip("#") for a in store.agreements() for c in a.channels})


@pytest.fixture
def ready(emulator: SlackEmulator, database: Path, monkeypatch: pytest.MonkeyPatch,
          tmp_path: Path) -> SlackEmulator:
    """Everything right: the tests below break one thing each."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-doctor")
    monkeypatch.setenv("SLACK_API_URL", emulator.base_url)
    monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", SECRET)
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    for n, name in enumerate(channel_names(store)):
        emulator.set_channel(f"C0{n:04d}", name)
    store.engine.dispose()
    return emulator


def run(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["doctor"])
    return code, capsys.readouterr().out.splitlines()


def line(lines: list[str], start: str) -> str:
    found = [x for x in lines if x.startswith(start)]
    assert len(found) == 1, lines
    return found[0]


def test_all_well(ready: SlackEmulator, database: Path,
                  capsys: pytest.CaptureFixture[str]) -> None:
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    named = sum(len(a.channels) for a in store.agreements())
    store.engine.dispose()
    code, lines = run(capsys)
    assert code == 0, lines
    assert lines == [
        "OK   Inställningar: fullständiga (Socket Mode)",
        f"OK   Databas: SQLite-filen {database} svarar och är migrerad (version 0008)",
        "OK   Pseudonymnyckel: inga röster sparade ännu; kontrollvärdet sparas med den första",
        "OK   Slack: token giltig (avtalsbot i Avtal Test), alla 10 behörigheter som "
        "manifest.yml begär finns",
        f"OK   Kanaler: boten är medlem i alla {named} kanaler som avtalen nämner",
        "Allt ser bra ut.",
    ]
    assert [c.method for c in ready.calls()] == ["auth.test", "users.conversations"]


def test_the_required_scopes_are_the_manifests() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert set(REQUIRED_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])
    assert set(REQUIRED_SCOPES) == set(DEFAULT_SCOPES.split(","))


def test_a_missing_scope_is_named(ready: SlackEmulator,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    ready.scopes = DEFAULT_SCOPES.replace("files:write,", "")
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Slack:") == (
        "FEL  Slack: token giltig (avtalsbot i Avtal Test) men behörigheter saknas: files:write "
        "Åtgärd: lägg till dem under OAuth & Permissions (eller klistra in manifest.yml igen) "
        "och installera om appen")


def test_a_refused_token(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Slack:").startswith("FEL  Slack: token avvisas (invalid_auth) "
                                                 "Åtgärd: kopiera en aktuell Bot User OAuth")
    assert not any("xoxb-revoked" in x for x in lines)


def test_slack_out_of_reach(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Slack: når inte Slack").endswith(
        "Åtgärd: kontrollera att servern får ansluta till slack.com över HTTPS (port 443)")


def test_a_channel_the_bot_is_not_in(ready: SlackEmulator, database: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    names = channel_names(store)
    store.engine.dispose()
    ready.set_channel(f"C0{names.index('cmv-styrgrupp'):04d}", "cmv-styrgrupp", member=False)
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Kanaler:") == (
        "FEL  Kanaler: #cmv-styrgrupp (CMV Jämtland): boten är inte medlem (eller kanalen finns "
        "inte) Åtgärd: skriv /invite @Avtalsbot i #cmv-styrgrupp; är kanalen privat, skriv "
        "dessutom dess id i slack_channel i avtalsfilen")


def test_a_private_channel_by_id(ready: SlackEmulator, database: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    cmv = store.agreement("cmv-jamtland")
    assert cmv is not None
    private = cmv.channels[0].model_copy(update={"slack_channel": "G0STYR"})
    store.save_agreements([cmv.model_copy(update={"channels": (private, *cmv.channels[1:])})])
    store.engine.dispose()
    ready.set_channel("G0STYR", "cmv-styrgrupp-privat", private=True, member=False)
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Kanaler:") == (
        "FEL  Kanaler: #cmv-styrgrupp (CMV Jämtland): boten ser inte kanalen G0STYR "
        "(channel_not_found) Åtgärd: kontrollera id:t i slack_channel och skriv /invite "
        "@Avtalsbot i kanalen (en privat kanal syns bara för boten efter det)")
    ready.set_channel("G0STYR", "cmv-styrgrupp-privat", private=True, member=True)
    code, lines = run(capsys)
    assert code == 0, lines
    assert ready.calls("conversations.info")[-1].params["channel"] == "G0STYR"


def vote(database: Path, secret: str) -> None:
    store = SqlStore(make_engine(f"sqlite:///{database}"))
    store.use_pseudonym_secret(secret.encode())
    agreement = next(a for a in store.agreements() if a.instrument is not None)
    assert agreement.instrument is not None
    opened = store.open_round(
        agreement_id=agreement.id, instrument_key=agreement.instrument.key, centre="FC Test",
        channel="C0CENTRE", results_channel=None, year=2026, min_respondents=3,
        opened_by="U0SAMORD", closes_on=None, participants=["U0ANNA"])
    assert opened is not None
    statement = agreement.instrument.statements()[0].key
    assert store.record_vote(round_id=opened.id, user="U0ANNA", statement_key=statement,
                             value="works")
    store.engine.dispose()


def test_the_secret_the_votes_were_made_with(ready: SlackEmulator, database: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    vote(database, SECRET)
    code, lines = run(capsys)
    assert code == 0
    assert "OK   Pseudonymnyckel: samma som de sparade rösterna lades med" in lines
    monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", "en-annan-hemlighet-som-ar-lang")
    code, lines = run(capsys)
    assert code == 1
    assert line(lines, "FEL  Pseudonymnyckel:") == (
        "FEL  Pseudonymnyckel: AVTALSBOT_PSEUDONYM_SECRET är inte den som de sparade rösterna "
        "lades med: pågående omgångar skulle räkna samma person två gånger Åtgärd: använd den "
        "tidigare nyckeln (samma i alla bot-processer); byt nyckel bara mellan omgångar och töm "
        "då tabellen pseudonym_check")
    assert not any(SECRET in x or "en-annan-hemlighet" in x for x in lines)


def test_settings_incomplete(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SLACK_APP_TOKEN")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", "kort")
    code, lines = run(capsys)
    assert code == 1
    assert [x for x in lines if x.startswith("FEL  Inställningar:")] == [
        "FEL  Inställningar: varken SLACK_APP_TOKEN (Socket Mode) eller SLACK_SIGNING_SECRET "
        "(HTTP) är satt Åtgärd: ange SLACK_APP_TOKEN för Socket Mode, eller "
        "SLACK_SIGNING_SECRET och PORT för HTTP",
        "FEL  Inställningar: AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort (minst 16 "
        "tecken) Åtgärd: skapa en med python3 -c \"import secrets; "
        "print(secrets.token_urlsafe(32))\" och ge alla bot-processer samma värde",
    ]


def test_wrong_kind_of_tokens(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-swapped")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-swapped")
    code, lines = run(capsys)
    assert code == 1
    assert "FEL  Inställningar: SLACK_BOT_TOKEN börjar inte med xoxb- Åtgärd: använd Bot User " \
           "OAuth Token, inte användar- eller apptoken" in lines
    assert any(x.startswith("FEL  Inställningar: SLACK_APP_TOKEN börjar inte med xapp-")
               for x in lines)


def test_the_default_database_is_named_and_not_created(
        ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "annan-mapp"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("AVTALSBOT_DATABASE_URL")
    code, lines = run(capsys)
    assert code == 1
    assert "FEL  Inställningar: AVTALSBOT_DATABASE_URL är inte satt (serve startar inte utan " \
           "den) Åtgärd: ange databasen, t.ex. postgresql://avtalsbot@localhost/avtalsbot " \
           "eller sqlite:////var/lib/avtalsbot/avtalsbot.db" in lines
    assert line(lines, "FEL  Databas:").startswith(
        f"FEL  Databas: SQLite-filen {elsewhere / 'avtalsbot.db'} finns inte (relativa "
        "sökvägar utgår från mappen kommandot körs i) Åtgärd: ange den befintliga filen")
    assert "OBS  Kanaler: inte kontrollerade: databasen gick inte att läsa" in lines
    assert not (elsewhere / "avtalsbot.db").exists()


def test_an_unmigrated_database(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "tom.db"
    empty.touch()
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{empty}")
    code, lines = run(capsys)
    assert code == 1
    assert f"OK   Databas: SQLite-filen {empty} svarar" in lines
    assert line(lines, "FEL  Databas:") == (
        "FEL  Databas: schemat är tom (inga tabeller), senaste är 0008 Åtgärd: kör avtalsbot "
        "seed (migrerar och läser in avtalen) eller starta avtalsbot serve, som migrerar vid "
        "start")
    with sqlite3.connect(empty) as connection:  # doctor migrated nothing
        assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_an_unreachable_server(ready: SlackEmulator, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", "postgresql://avtalsbot:hemligt@127.0.0.1:9/x")
    code, lines = run(capsys)
    assert code == 1
    found = line(lines, "FEL  Databas:")
    assert found.startswith("FEL  Databas: postgresql://avtalsbot:***@127.0.0.1:9/x svarar inte (")
    assert found.endswith("Åtgärd: kontrollera AVTALSBOT_DATABASE_URL, att servern är igång och "
                          "att användaren får logga in")
    assert "hemligt" not in "\n".join(lines)
