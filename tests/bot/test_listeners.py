"""Listeners dispatched through Bolt as Socket Mode delivers them (no HTTP gate in front):
a click is stored by the time Bolt answers, and a malformed slash command gets a polite
reply instead of a KeyError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from slack_bolt import App, BoltRequest

from bot.app import build_app
from bot.service import Brain
from bot.settings import Settings
from storage.store import SqlStore, open_store
from tests.conftest import TODAY
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

TOKEN = "xoxb-listener-test"
MEMBERS = ["U0SAMORD", "U0ANNA", "U0BERTIL", "U0CECILIA"]


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=TOKEN) as emu:
        yield emu


@pytest.fixture
def wired(emulator: SlackEmulator, tmp_path: Path) -> Iterator[tuple[App, SqlStore]]:
    store = open_store(f"sqlite:///{tmp_path / 'listeners.db'}")
    store.use_pseudonym_secret(b"listener-test-pseudonym-secret")
    settings = Settings(slack_bot_token=SecretStr(TOKEN), slack_app_token=SecretStr("xapp-1"),
                        slack_api_url=emulator.base_url)
    yield build_app(settings, Brain(store, today=TODAY)), store
    store.engine.dispose()


def dispatch(app: App, payload: dict[str, object]) -> tuple[int, str]:
    response = app.dispatch(BoltRequest(body=payload, mode="socket_mode"))
    return response.status, response.body


def test_a_vote_is_stored_when_bolt_answers(wired: tuple[App, SqlStore],
                                            emulator: SlackEmulator) -> None:
    app, store = wired
    emulator.set_members("C0FC", MEMBERS)
    emulator.set_user("U0SAMORD", is_admin=True)  # a workspace admin may start any round
    status, body = dispatch(app, signing.slash_command_fields(
        text="självreflektion starta FC Test", user_id="U0SAMORD", channel_id="C0FC",
        response_url=emulator.response_url("start")))
    assert status == 200
    # starting reads the channel: acknowledged at once, answered on the response URL
    assert json.loads(body)["text"] == "Ett ögonblick – jag svarar här strax."
    started = emulator.wait_for("response_url", where=lambda c: c.path == "/response/start")
    assert "4 personer har fått en inbjudan" in str(started[0].json)
    (round_,) = store.rounds_in_channel("C0FC")
    click = signing.block_actions_payload(
        action_id="refl_vote", value=f"{round_.id}|halsoframjande-arena|develop",
        user_id="U0ANNA", channel_id="D0ANNA", response_url=emulator.response_url("card"))
    assert dispatch(app, click)[0] == 200
    # no waiting: the answer to Slack came after the write
    assert store.my_votes(round_id=round_.id, user="U0ANNA") == {
        "halsoframjande-arena": "develop"}
    card = emulator.wait_for("response_url", where=lambda c: c.path == "/response/card")[0]
    assert "Sparat: 1. Hälsofrämjande arena" in str(card.json)


def test_a_slash_command_without_a_user_gets_a_polite_reply(wired: tuple[App, SqlStore]
                                                            ) -> None:
    app, _ = wired
    fields = signing.slash_command_fields(text="kostnad Krokom 2026")
    del fields["user_id"]
    status, body = dispatch(app, fields)
    assert status == 200
    assert "Jag kan inte se vem som frågar" in json.loads(body)["text"]
