"""Tests that manifest.yml is a valid Slack app manifest and asks for exactly what the bot uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SHARED

REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = SHARED / "slack"

# One scope per named use; manifest.yml says which use. A new scope must be argued for there
# and added here, so the set cannot grow by accident.
EXPECTED_BOT_SCOPES = {
    "app_mentions:read",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:read",
    "im:history",
    "im:write",
    "users:read",
    "users:read.email",  # issue 11: roles given by e-mail address in agreement files
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO_ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_manifest_validates_against_slacks_schema(manifest: dict[str, Any]) -> None:
    if not SCHEMAS.is_dir():
        pytest.skip(f"{SCHEMAS} not present")
    from jsonschema import Draft7Validator

    # Slack reads a manifest without _metadata as major version 1.
    major = manifest.get("_metadata", {}).get("major_version", 1)
    schema = json.loads((SCHEMAS / f"manifest.schema.{major}.0.0.json").read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft7Validator(schema).iter_errors(manifest)
    ]
    assert errors == []


def test_slash_command(manifest: dict[str, Any]) -> None:
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    avtal = commands["/avtal"]
    assert avtal["description"]
    assert "hjälp" in avtal["usage_hint"]
    assert avtal["should_escape"] is True  # reflection: "deltagare @anna" must arrive as <@U…>


def test_events_and_delivery(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "app_home_opened",
        "app_uninstalled",  # issue 11: stop all posting
        "tokens_revoked",
    }
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    # Socket Mode needs no URLs; a leftover request_url would be ignored and mislead the reader.
    assert "request_url" not in settings["event_subscriptions"]
    assert "request_url" not in settings["interactivity"]


def test_app_home_lets_users_write_to_the_bot(manifest: dict[str, Any]) -> None:
    features = manifest["features"]
    assert features["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": True,
        "messages_tab_read_only_enabled": False,
    }
    assert features["bot_user"] == {"display_name": "avtalsbot", "always_online": True}


def test_scopes_are_exactly_the_least_privilege_set(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    assert set(scopes) == {"bot"}, "no user scopes: the bot never acts as a person"
    assert len(scopes["bot"]) == len(set(scopes["bot"]))
    assert set(scopes["bot"]) == EXPECTED_BOT_SCOPES


def test_every_event_has_its_scope(manifest: dict[str, Any]) -> None:
    # Slack refuses to save a manifest whose bot_events lack the scope they need.
    needs = {"app_mention": "app_mentions:read", "message.im": "im:history"}
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        if event in needs:
            assert needs[event] in scopes, event
