"""`avtalsbot audit [--csv]` and `avtalsbot purge [--dry-run]` (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.cli import main
from storage.models import ReflectionRoundRow
from storage.store import open_store


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    return url


def test_audit_as_text_and_csv(database: str, capsysbinary: pytest.CaptureFixture[bytes]
                               ) -> None:
    assert main(["ask", "möte lägg till styrgrupp CMV 2027-02-12 kl 13", "--user", "U0OPS",
                 "--today", "2026-11-25"]) == 0
    capsysbinary.readouterr()
    assert main(["audit", "--agreement", "cmv-jamtland"]) == 0
    text = capsysbinary.readouterr().out.decode()
    assert "U0OPS  meeting.add  cmv-jamtland/styrgrupp/2027-02-12" in text
    assert "    före:  –" in text and '"date": "2027-02-12"' in text
    assert main(["audit", "--csv", "--since", "2020-01-01"]) == 0
    rows = capsysbinary.readouterr().out.decode("utf-8-sig").splitlines()
    assert rows[0] == "tid;vem;vad;avtal;gäller;före;efter"
    assert any(";U0OPS;meeting.add;cmv-jamtland;" in row for row in rows)
    assert main(["audit", "--until", "2020-01-01"]) == 0
    assert "Loggen har inga ändringar" in capsysbinary.readouterr().out.decode()


def test_purge_dry_run_then_for_real(database: str, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_RETENTION_DAYS", "30")
    store = open_store(database)
    store.use_pseudonym_secret(b"cli-purge-secret")
    agreement = next(a for a in store.agreements() if a.instrument)
    assert agreement.instrument is not None
    round_ = store.open_round(agreement_id=agreement.id, instrument_key=agreement.instrument.key,
                              centre="FC Test", channel="C0FC", results_channel="C0LG",
                              year=2026, min_respondents=3, opened_by="U0C", closes_on=None,
                              participants=["U0A", "U0B", "U0D"])
    assert round_ is not None
    store.record_vote(round_id=round_.id, user="U0A",
                      statement_key=agreement.instrument.statements()[0].key, value="works")
    store.close_round(round_id=round_.id)
    with store.transaction() as session:
        session.execute(update(ReflectionRoundRow).values(
            closed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)))
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 omgång skulle rensas" in out and "1 röst och 3 deltagare" in out
    assert store.participants(round_id=round_.id) == ["U0A", "U0B", "U0D"]
    assert main(["purge"]) == 0
    assert "1 omgång rensades" in capsys.readouterr().out
    assert store.participants(round_id=round_.id) == []
    assert main(["purge"]) == 0
    assert "Inga stängda omgångar äldre än 30 dagar att rensa." in capsys.readouterr().out
