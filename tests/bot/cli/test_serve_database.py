"""`avtalsbot serve` names its database: no silent SQLite file in whatever folder it started in;
`--version` says which release runs."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from bot.cli import main


def test_serve_refuses_the_working_directory_default(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here either
    monkeypatch.delenv("AVTALSBOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-never-printed")
    assert main(["serve"]) == 1  # listed with every other setting that needs fixing
    err = capsys.readouterr().err
    assert "AVTALSBOT_DATABASE_URL saknas. En tjänst ska ange sin databas" in err
    assert f"SQLite-filen {tmp_path / 'avtalsbot.db'}" in err
    assert "sqlite:////var/lib/avtalsbot/avtalsbot.db" in err
    assert not (tmp_path / "avtalsbot.db").exists()  # nothing created on the way out


def test_serve_prints_the_absolute_database_location(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", "sqlite:///relativ.db")
    monkeypatch.delenv("AVTALSBOT_PSEUDONYM_SECRET", raising=False)  # stops it before Slack
    assert main(["serve"]) == 1
    assert f"Databas: SQLite-filen {tmp_path / 'relativ.db'}\n" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"avtalsbot {version('avtalsbot')}\n"
