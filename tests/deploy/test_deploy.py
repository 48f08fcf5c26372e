"""deploy/: the compose file, the systemd unit and the container's start script run the same
commands as the README's "Production", and the start script really starts the bot (on SQLite,
against the Slack emulator). The image itself cannot be built here (no Docker engine)."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import BOT_TOKEN, SIGNING_SECRET, free_port
from tests.slack.emulator import SlackEmulator

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def entrypoint_commands() -> list[str]:
    """The avtalsbot commands deploy/entrypoint.sh runs, in order."""
    found = []
    for line in (DEPLOY / "entrypoint.sh").read_text(encoding="utf-8").splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["exec"]:
            words = words[1:]
        if words[:1] == ["avtalsbot"]:
            found.append(" ".join(words[:2]))
    return found


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    # systemd allows a key twice (ExecStartPre); unit_commands() reads those lines in order.
    parser.read(DEPLOY / "avtalsbot.service", encoding="utf-8")
    return parser


def unit_commands() -> list[str]:
    commands = []
    for line in (DEPLOY / "avtalsbot.service").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(ExecStartPre|ExecStart)=-?(\S+) (.+)$", line)
        if match:
            assert match.group(2) == "/opt/avtalsbot/bin/avtalsbot"
            commands.append(f"avtalsbot {match.group(3)}")
    return commands


def readme_production() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Production\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end != -1 else None]


def test_the_three_places_run_the_same_commands() -> None:
    commands = entrypoint_commands()
    assert commands == ["avtalsbot migrate", "avtalsbot doctor", "avtalsbot serve"]
    assert unit_commands() == commands
    production = readme_production()
    for command in commands:
        assert f"\n{command}\n" in production or f"{command} " in production, command
    assert "deploy/compose.yaml" in production and "deploy/avtalsbot.service" in production


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_compose_runs_two_bots_on_one_postgresql() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "bot-1", "bot-2"}
    assert services["db"]["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    urls = set()
    for name in ("bot-1", "bot-2"):
        bot = services[name]
        assert bot["image"] == "avtalsbot:latest"
        assert bot["env_file"] == "avtalsbot.env"
        assert bot["depends_on"]["db"] == {"condition": "service_healthy"}
        assert bot["restart"] == "unless-stopped"
        assert "command" not in bot and "entrypoint" not in bot  # the image's start script
        assert "ports" not in bot  # Socket Mode: nothing to publish
        urls.add(bot["environment"]["AVTALSBOT_DATABASE_URL"])
        assert int(bot["environment"]["AVTALSBOT_HEALTH_PORT"]) > 0
        check = bot["healthcheck"]
        assert check["test"][:3] == ["CMD", "python", "-c"]  # the image has no curl
        assert "AVTALSBOT_HEALTH_PORT" in check["test"][3] and "/healthz" in check["test"][3]
        assert check["retries"] >= 1 and check["start_period"]
    assert len(urls) == 1
    assert re.fullmatch(r"postgresql://avtalsbot:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/"
                        r"avtalsbot", urls.pop())
    build = services["bot-1"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert "pgdata" in compose()["volumes"]


def healthcheck_command() -> list[str]:
    """The bots' healthcheck from compose.yaml, run with this interpreter."""
    test = compose()["services"]["bot-1"]["healthcheck"]["test"]
    return [sys.executable, *test[2:]]


def test_the_image_starts_with_the_start_script() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "curl" not in dockerfile  # the healthcheck must get by with python
    assert "COPY deploy/entrypoint.sh /usr/local/bin/avtalsbot-entrypoint" in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/avtalsbot-entrypoint"]' in dockerfile
    assert re.search(r"^USER avtalsbot$", dockerfile, re.MULTILINE)
    for copied in ("pyproject.toml", "README.md", "bot", "commands", "storage"):
        assert (ROOT / copied).exists(), copied
    env_keys = {line.split("=", 1)[0] for line in
                (DEPLOY / "avtalsbot.env.example").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}
    assert env_keys == {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "AVTALSBOT_PSEUDONYM_SECRET"}


def test_the_unit_is_valid(tmp_path: Path) -> None:
    parsed = unit()
    assert parsed["Service"]["User"] == "avtalsbot"
    assert parsed["Service"]["EnvironmentFile"] == "/etc/avtalsbot/avtalsbot.env"
    assert parsed["Install"]["WantedBy"] == "multi-user.target"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:  # the parse above is then all that is checked; the README says so
        return
    # systemd-analyze wants the programs to exist: point the unit at this checkout's command.
    here = Path(sys.executable).with_name("avtalsbot")
    copy = tmp_path / "avtalsbot.service"
    copy.write_text((DEPLOY / "avtalsbot.service").read_text(encoding="utf-8")
                    .replace("/opt/avtalsbot/bin/avtalsbot", str(here)), encoding="utf-8")
    result = subprocess.run([analyze, "verify", "--man=no", str(copy)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


@pytest.mark.e2e
def test_the_start_script_migrates_checks_and_serves(tmp_path: Path) -> None:
    port = free_port()
    database = tmp_path / "avtalsbot.db"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVTALSBOT_"))},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "PORT": str(port),
        "AVTALSBOT_DATABASE_URL": f"sqlite:///{database}",
        "AVTALSBOT_PSEUDONYM_SECRET": "start-script-secret-0123456789",
        "AVTALSBOT_NUDGES": "off",
        "AVTALSBOT_HEALTH_PORT": str(free_port()),
    }
    log = tmp_path / "start.log"
    with SlackEmulator(token=BOT_TOKEN) as emulator, log.open("wb") as out:
        env["SLACK_API_URL"] = emulator.base_url
        process = subprocess.Popen(["sh", str(DEPLOY / "entrypoint.sh")], env=env, cwd=tmp_path,
                                   stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                                timeout=1) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            # compose's healthcheck, as Docker runs it in the container: healthy
            check = subprocess.run(healthcheck_command(), env=env, capture_output=True,
                                   text=True, timeout=30)
            assert check.returncode == 0, check.stderr
            closed = {**env, "AVTALSBOT_HEALTH_PORT": str(free_port())}
            assert subprocess.run(healthcheck_command(), env=closed, capture_output=True,
                                  timeout=30).returncode != 0
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
        assert [c.method for c in emulator.calls()][:2] == ["auth.test", "users.conversations"]
    output = log.read_text(encoding="utf-8")
    assert f"Databas: SQLite-filen {database} är migrerad." in output
    assert f"OK   Databas: SQLite-filen {database} svarar och är migrerad" in output
    # no channel is set up in the emulator: doctor says so, and the bot starts anyway
    assert "FEL  Kanaler: #cmv-styrgrupp (CMV Jämtland): boten är inte medlem" in output
    assert "avtalsbot doctor hittade fel (se raderna ovan); boten startar ändå" in output
    assert f"Databas: SQLite-filen {database}\n" in output  # serve's own line
    assert BOT_TOKEN not in output
