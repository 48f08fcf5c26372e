"""The subcommand table and the handlers agree, and a subcommand loads only what it needs."""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.cli
from bot.cli import parser, subcommands
from bot.cli.common import Handler
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
GROUPS = [m.name for m in pkgutil.iter_modules(bot.cli.__path__) if m.name != "__main__"]


def _handlers(p: argparse.ArgumentParser) -> dict[str, str]:
    """Every subcommand path ("population import") -> the handler it names."""
    found: dict[str, str] = {}
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child.get_default("handler")
                found.update({f"{name} {k}": v for k, v in _handlers(child).items()})
    return found


def test_every_listed_handler_is_a_function_of_its_group() -> None:
    for name, reference in _handlers(parser()).items():
        handler = subcommands.handler(reference)
        assert callable(handler), name
        assert list(inspect.signature(handler).parameters) == ["args", "settings"], name


def test_every_handler_of_every_group_is_listed() -> None:
    listed = set(_handlers(parser()).values())
    written = set()
    for name_of_group in GROUPS:
        group = importlib.import_module(f"bot.cli.{name_of_group}")
        written |= {f"{name_of_group}:{name}" for name, value in vars(group).items()
                    if name.startswith("cmd_") and inspect.isfunction(value)
                    and value.__module__ == group.__name__}
    assert listed == written


def _modules_loaded(code: str, tmp_path: Path) -> set[str]:
    """The modules a fresh Python has loaded after ``code``, on a database in ``tmp_path``."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVTALSBOT_"))},
           "AVTALSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_loads_no_database_and_no_slack(tmp_path: Path) -> None:
    loaded = _modules_loaded("from bot.cli import parser\nparser().format_help()", tmp_path)
    assert not {m for m in loaded if m.split(".")[0] in (
        "sqlalchemy", "storage", "slack_bolt", "slack_sdk", "alembic")}


def test_ask_loads_neither_slack_nor_alembic_nor_other_subcommands(tmp_path: Path) -> None:
    ask = "from bot.cli import main\nmain(['ask', 'vad betalar Krokom 2026?'])"
    _modules_loaded(ask, tmp_path)  # the first run migrates and seeds the new database
    loaded = _modules_loaded(ask, tmp_path)
    assert "bot.cli.chat" in loaded
    assert not {m for m in loaded if m.split(".")[0] in (
        "slack_bolt", "slack_sdk", "alembic", "icalendar", "waitress", "matplotlib")}
    other_groups = {f"bot.cli.{g}" for g in GROUPS} - {
        "bot.cli.chat", "bot.cli.common", "bot.cli.subcommands"}
    assert not loaded & other_groups


def test_as_the_program_the_handler_runs_with_the_collector_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake(reference: str) -> Handler:
        seen["loading with the collector"] = gc.isenabled()

        def run(args: argparse.Namespace, settings: Settings) -> int:
            seen["running with the collector"] = gc.isenabled()
            return 0
        return run

    monkeypatch.setattr(subcommands, "handler", fake)
    monkeypatch.setattr(sys, "argv", ["avtalsbot", "ask", "hjälp"])
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", "sqlite://")
    try:
        assert bot.cli.main() == 0
        assert gc.get_freeze_count() > 0  # what the start-up made is out of the collector's way
    finally:
        gc.unfreeze()
    assert seen == {"loading with the collector": False, "running with the collector": True}
    assert gc.isenabled()

    seen.clear()  # called with its arguments (as tests do), main leaves the collector alone
    assert bot.cli.main(["ask", "hjälp"]) == 0
    assert seen == {"loading with the collector": True, "running with the collector": True}
    assert gc.get_freeze_count() == 0
