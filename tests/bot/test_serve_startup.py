"""`avtalsbot serve` start-up: every problem with the settings in one Swedish message, a clear
word when Slack cannot be reached or refuses the token, and no database file left behind."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.slack.emulator import SlackEmulator

TOKEN = "xoxb-startup-test"
SECRET = "startup-pseudonym-secret-0123456789"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No Slack or Avtalsbot variables, and a working directory without a .env file."""
    import os

    for name in list(os.environ):
        if name.startswith(("SLACK_", "AVTALSBOT_")) or name == "PORT":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    yield tmp_path


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_every_missing_and_invalid_setting_is_named_in_one_message(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PORT", "tretusen")
    monkeypatch.setenv("AVTALSBOT_LOG_LEVEL", "PRATIG")
    monkeypatch.setenv("AVTALSBOT_LOG_FORMAT", "xml")
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avtalsbot: inställningarna behöver rättas")
    assert "miljövariabeln PORT: ska vara ett heltal (nu: 'tretusen')" in err
    assert ("miljövariabeln AVTALSBOT_LOG_LEVEL: ska vara en av DEBUG, INFO, WARNING, ERROR, "
            "CRITICAL") in err
    assert "miljövariabeln AVTALSBOT_LOG_FORMAT: ska vara en av 'text' eller 'json'" in err
    assert "SLACK_BOT_TOKEN saknas" in err
    assert "SLACK_SIGNING_SECRET saknas" in err
    assert "AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort" in err
    assert "Traceback" not in err and "ValueError" not in err
    assert not (clean_env / "bot.db").exists()


def test_missing_settings_alone_are_listed_together(
        clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n  - ") == 3
    assert not (clean_env / "bot.db").exists()


def test_an_invalid_log_level_is_a_message_for_any_command(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_LOG_LEVEL", "verbose")
    assert main(["ask", "hjälp"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avtalsbot: miljövariabeln AVTALSBOT_LOG_LEVEL: ska vara en av DEBUG")
    assert "(nu: 'verbose')" in err and "Traceback" not in err


def test_a_secret_value_is_never_echoed(clean_env: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PORT", "0")
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "miljövariabeln PORT: ska vara minst 1 (nu: '0')" in err
    assert "AVTALSBOT_PSEUDONYM_SECRET saknas" in err  # serve's own checks in the same list
    assert TOKEN not in err


def test_the_health_port_and_the_pool_size_are_checked_with_the_rest(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AVTALSBOT_HEALTH_PORT", "hälsa")
    monkeypatch.setenv("AVTALSBOT_DATABASE_POOL_SIZE", "0")
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "miljövariabeln AVTALSBOT_HEALTH_PORT: ska vara ett heltal (nu: 'hälsa')" in err
    assert "miljövariabeln AVTALSBOT_DATABASE_POOL_SIZE: ska vara minst 1 (nu: '0')" in err
    assert "SLACK_BOT_TOKEN saknas" in err


def test_a_health_port_that_is_the_http_port_is_refused(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PORT", "3000")
    monkeypatch.setenv("AVTALSBOT_HEALTH_PORT", "3000")
    assert main(["serve"]) == 1
    assert ("AVTALSBOT_HEALTH_PORT är samma som PORT: HTTP-läget svarar redan på /healthz på "
            "PORT; välj en annan port eller ta bort inställningen") in capsys.readouterr().err


def _serve_env(monkeypatch: pytest.MonkeyPatch, api_url: str) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "startup-signing-secret")
    monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", api_url)


def test_an_unreachable_slack_api_is_a_clear_message_and_leaves_no_database(
        clean_env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    port = closed_port()
    _serve_env(monkeypatch, f"http://127.0.0.1:{port}/api/")
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert f"Slacks API på 127.0.0.1:{port} går inte att nå" in err
    assert "SLACK_API_URL" in err
    assert "Traceback" not in err and "URLError:" not in err
    assert list(clean_env.iterdir()) == []


def test_a_token_slack_refuses_is_named(clean_env: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with SlackEmulator(token="xoxb-another-token") as emulator:
        _serve_env(monkeypatch, emulator.base_url)
        assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "Slack godtar inte SLACK_BOT_TOKEN (invalid_auth)" in err
    assert TOKEN not in err
    assert list(clean_env.iterdir()) == []
