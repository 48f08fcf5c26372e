"""A round's result that Slack refuses is not lost: the real `avtalsbot serve` against the
emulator, where the bot is not in the steering group's channel at first. The coordinator
closes the round, the post fails with ``not_in_channel``, the coordinator gets one DM
saying what to do, the reflection clock keeps trying without repeating that DM, and once
the bot may post there the result and its chart land once."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storage.models import ReflectionRoundRow
from storage.store import open_store
from tests.e2e.conftest import SIGNING_SECRET, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

CENTRE = "C0RASLATT"
STEERING = "C0LEDNING"
COORD = "U0SAMORD"
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA"]
SECRET = "e2e-pseudonym-secret"


def test_a_refused_result_is_posted_later_and_the_coordinator_told_once(
        emulator: SlackEmulator, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'e2e.db'}"
    bot = start_bot(emulator, database, tmp_path / "serve.log", {
        "AVTALSBOT_PSEUDONYM_SECRET": SECRET,
        "AVTALSBOT_REFLECTION_TICK_SECONDS": "0.3",
    })
    try:
        emulator.set_members(CENTRE, [COORD, *STAFF])
        emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)

        def slash(text: str) -> str:
            body, headers = signing.slash_command(SIGNING_SECRET, text=text, user_id=COORD,
                                                  channel_id=CENTRE,
                                                  response_url=emulator.response_url("slash"))
            status, reply = signing.post(bot.url, body, headers)
            assert status == 200
            return str(json.loads(reply)["text"])

        assert slash(f"självreflektion starta FC Råslätt resultat <#{STEERING}|ledningsgrupp>"
                     ) == "Ett ögonblick – jag svarar här strax."
        (started,) = emulator.wait_for("response_url")  # started after the acknowledgement
        assert "4 personer har fått en inbjudan" in str(started.json)
        # three staff answer every statement (their clicks are another test's subject)
        store = open_store(database)
        store.use_pseudonym_secret(SECRET.encode())
        (round_,) = store.all_rounds()
        agreement = next(a for a in store.agreements() if a.instrument)
        assert agreement.instrument is not None
        for user in STAFF:
            for statement in agreement.instrument.statements():
                assert store.record_vote(round_id=round_.id, user=user,
                                         statement_key=statement.key, value="works")

        # the bot is not in the steering channel: the closing post and two retries fail
        emulator.fail("chat.postMessage", "not_in_channel", times=3, channel=STEERING)
        assert "Resultatet skickas nu till" in slash("självreflektion stäng ändå")

        to_steering = emulator.wait_for(
            "chat.postMessage", count=4, timeout=30,
            where=lambda c: c.params.get("channel") == STEERING)
        (upload,) = emulator.wait_for("files.completeUploadExternal", timeout=10)
        assert upload.params["channel_id"] == STEERING
        assert all("Självreflektion FC Råslätt" in c.params["text"] for c in to_steering)
        time.sleep(1.5)  # several more ticks: nothing is posted again
        assert len(emulator.calls("files.completeUploadExternal")) == 1
        assert len([c for c in emulator.calls("chat.postMessage")
                    if c.params.get("channel") == STEERING]) == 4

        coordinator_dm = emulator.dm_channel(COORD)
        (help_dm,) = [c for c in emulator.calls("chat.postMessage")
                      if c.params.get("channel") == coordinator_dm
                      and "/invite @Avtalsbot" in json.dumps(c.params["blocks"])]
        text = help_dm.params["text"]  # the notification: one headline
        blocks = json.dumps(help_dm.params["blocks"], ensure_ascii=False)  # what Slack shows
        assert ("Resultatet av självreflektionen för FC Råslätt kunde inte postas i "
                f"<#{STEERING}>, eftersom jag inte är med i kanalen.") in blocks
        assert f"Gör så här: gå till <#{STEERING}> och skriv `/invite @Avtalsbot`." in blocks
        assert text == (f"Resultatet av självreflektionen för FC Råslätt kunde inte postas i "
                        f"#{STEERING}, eftersom jag inte är med i kanalen.")

        with store.sessions() as session:
            posted = session.get_one(ReflectionRoundRow, round_.id)
            assert posted.results_posted_at is not None
            assert posted.results_attempts == 4 and posted.results_error is None
        store.engine.dispose()
    finally:
        stop_bot(bot)
    log = bot.output()
    assert "not_in_channel" in log
    for user in [COORD, *STAFF]:
        assert user not in log, "no user id may reach the logs"
