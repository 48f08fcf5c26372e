"""Roles and the audit trail through Slack (issue 11), against the real `avtalsbot serve`:
each privileged action is refused for an ordinary member — ephemerally, naming who may,
nothing changed — and allowed for the role holder; an administrator grants a role with
`/avtal roll` and it takes effect at once; the audit trail holds every change with before
and after; `app_uninstalled` stops all posting."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from commands.nudges.command import DONE_ACTION
from tests.e2e.conftest import PSEUDONYM_SECRET, SIGNING_SECRET, ServedBot, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

ADMIN, MEMBER, COORD, CHAIR = "U0ADMIN", "U0RANDOM", "U0COORD", "U0CHAIR"
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA"]
CENTRE, STYR = "C0FCTEST", "C0STYR"
_slashes = itertools.count(1)
NOTICE = "cmv-jamtland/uppsagning/2026-12-31"
ADD_MEETING = "möte lägg till styrgrupp CMV 2027-02-12 kl 13"


def slash(bot: ServedBot, user: str, text: str, channel: str = CENTRE) -> str:
    """The answer: in the acknowledgement, or — for a command that reads the channel first
    (starting a round) — on the response URL after a short acknowledgement."""
    name = f"slash-{next(_slashes)}"
    body, headers = signing.slash_command(SIGNING_SECRET, text=text, user_id=user,
                                          channel_id=channel,
                                          response_url=bot.emulator.response_url(name))
    status, reply = signing.post(bot.url, body, headers)
    assert status == 200
    answer = json.loads(reply)
    assert answer["response_type"] == "ephemeral"  # refusals and answers: the asker only
    if answer["text"] == "Ett ögonblick – jag svarar här strax.":
        later = bot.emulator.wait_for("response_url",
                                      where=lambda c: c.path == f"/response/{name}")
        assert later[0].json is not None
        answer = later[0].json
        assert answer["response_type"] == "ephemeral"
    return str(answer["text"]) + "\n" + json.dumps(answer.get("blocks", []), ensure_ascii=False)


def mark_done(bot: ServedBot, user: str, name: str) -> dict[str, Any]:
    body, headers = signing.block_actions(
        SIGNING_SECRET, action_id=DONE_ACTION, value=NOTICE, user_id=user, channel_id=STYR,
        response_url=bot.emulator.response_url(name))
    assert signing.post(bot.url, body, headers)[0] == 200
    calls = bot.emulator.wait_for("response_url", where=lambda c: c.path == f"/response/{name}")
    assert calls[-1].json is not None
    return calls[-1].json


@pytest.fixture
def bot(emulator: SlackEmulator, tmp_path: Path) -> Any:
    emulator.set_user(ADMIN, is_admin=True)  # a workspace admin, as Slack's users.info says
    emulator.set_user(CHAIR, profile={"email": "ordf@krokom.se"})
    emulator.set_members(CENTRE, [COORD, MEMBER, *STAFF])
    emulator.set_members(STYR, [CHAIR])
    served = start_bot(emulator, f"sqlite:///{tmp_path / 'roles.db'}", tmp_path / "serve.log")
    yield served
    stop_bot(served)


def test_refused_for_a_member_allowed_for_the_role_holder(bot: ServedBot) -> None:
    from storage.store import open_store

    emulator = bot.emulator
    store = open_store(f"sqlite:///{Path(bot.log).parent / 'roles.db'}")

    # an ordinary member: start a round, add a meeting, grant a role, read the trail
    refused = slash(bot, MEMBER, "självreflektion starta FC Test")
    assert "Bara familjecentralens samordnare" in refused and "Inget har ändrats." in refused
    assert store.all_rounds() == []
    refused = slash(bot, MEMBER, ADD_MEETING)
    assert "Bara ordförande eller sekreterare i Styrgrupp CMV" in refused
    assert "/avtal roll ge @U0RANDOM ordförande Styrgrupp CMV" in refused  # how to get it
    assert not any(m.date.isoformat() == "2027-02-12" for a in store.agreements()
                   for b in a.bodies for m in b.meetings)
    assert "Bara administratörer" in slash(bot, MEMBER, f"roll ge <@{MEMBER}> samordnare "
                                                        f"<#{CENTRE}|fc-test>")
    assert "Bara administratörer" in slash(bot, MEMBER, "logg")
    # not in the deadline's channel: may not mark it done
    done = mark_done(bot, MEMBER, "done-refused")
    assert done["replace_original"] is False and "Bara de som är med i" in done["text"]
    assert NOTICE not in store.done_occurrences()
    # a refusal asked for with an @-mention is ephemeral too, never posted in the channel
    body, headers = signing.app_mention(SIGNING_SECRET, ADD_MEETING, user=MEMBER,
                                        channel=CENTRE)
    assert signing.post(bot.url, body, headers)[0] == 200
    (ephemeral,) = emulator.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == MEMBER and "Bara ordförande" in str(ephemeral.params)
    assert emulator.calls("chat.postMessage") == []

    # an administrator grants the roles from Slack; they hold at once
    granted = slash(bot, ADMIN, f"roll ge <@{COORD}|coord> samordnare <#{CENTRE}|fc-test>")
    assert "är nu" in granted and "samordnare" in granted
    assert "är nu" in slash(bot, ADMIN, "roll ge ordf@krokom.se ordförande styrgrupp CMV")
    roles = slash(bot, ADMIN, "roller")
    assert f"<@{COORD}>" in roles and f"<@{CHAIR}>" in roles  # the e-mail resolved to its user
    started = slash(bot, COORD, "självreflektion starta FC Test")
    assert "har fått en inbjudan" in started
    assert "Bara ordförande" not in slash(bot, CHAIR, ADD_MEETING)
    assert any(m.date.isoformat() == "2027-02-12" for a in store.agreements()
               for b in a.bodies for m in b.meetings)
    done = mark_done(bot, CHAIR, "done-allowed")  # CHAIR is in the responsible channel
    assert "✅ Klar" in done["text"]
    assert NOTICE in store.done_occurrences()

    # a closed round's CSV: refused in another channel, allowed in the coordinator's DM
    store.use_pseudonym_secret(PSEUDONYM_SECRET.encode())
    (round_,) = store.all_rounds()
    agreement = next(a for a in store.agreements() if a.instrument)
    assert agreement.instrument is not None
    for user in STAFF:
        for statement in agreement.instrument.statements():
            store.record_vote(round_id=round_.id, user=user, statement_key=statement.key,
                              value="works")
    assert "Bara familjecentralens samordnare" in slash(bot, MEMBER, "självreflektion stäng")
    assert "Bara familjecentralens samordnare" in slash(bot, MEMBER, "självreflektion stäng ändå")
    # `stäng` asks first (with a confirm button); `stäng ändå` closes at once
    assert "stänga omgången nu?" in slash(bot, COORD, "självreflektion stäng")
    assert "stängd" in slash(bot, COORD, "självreflektion stäng ändå")
    shared = slash(bot, MEMBER, f"självreflektion csv {round_.id}", channel="C0RANDOM")
    assert "Resultatet visas bara i styrgruppens kanal" in shared
    mine = slash(bot, COORD, f"självreflektion csv {round_.id}", channel="D0COORD")
    assert "som CSV" in mine
    emulator.wait_for("files.completeUploadExternal",
                      where=lambda c: "D0COORD" in str(c.params))

    # the trail: each change, who made it, before and after; never a vote
    trail = {(e.action, e.actor): e for e in store.audit_events()}
    grants = [e.after for e in store.audit_events() if e.action == "role.grant"]
    assert grants == [{"role": "coordinator", "user": COORD, "scope": CENTRE},
                      {"role": "chair", "user": CHAIR, "scope": "styrgrupp"}]
    assert trail[("role.grant", ADMIN)].before is None
    meeting = trail[("meeting.add", CHAIR)]
    assert meeting.before is None and meeting.after["date"] == "2027-02-12"
    assert trail[("deadline.done", CHAIR)].after == {"done": True}
    assert trail[("round.start", COORD)].after["invited"] == 5
    assert trail[("round.close", COORD)].before == {"status": "open"}
    assert not any(user in json.dumps([e.before, e.after]) for e in store.audit_events()
                   for user in STAFF)
    log = slash(bot, ADMIN, "logg")
    assert "role.grant" in log and "meeting.add" in log and "round.close" in log
    assert "Röster finns aldrig i loggen." in log


def test_app_uninstalled_stops_all_posting(emulator: SlackEmulator, tmp_path: Path) -> None:
    from storage.store import open_store

    database = f"sqlite:///{tmp_path / 'uninstalled.db'}"
    served = start_bot(emulator, database, tmp_path / "serve.log")
    try:
        event = signing.event_callback_payload({"type": "app_uninstalled"})
        body, headers = signing.json_request(SIGNING_SECRET, event)
        assert signing.post(served.url, body, headers)[0] == 200
        store = open_store(database)
        assert store.posting_stopped() == "app_uninstalled"
        assert [e.action for e in store.audit_events()][-1] == "posting.stop"
    finally:
        stop_bot(served)
