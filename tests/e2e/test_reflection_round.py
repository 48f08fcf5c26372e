"""A whole self-reflection round through Slack: the real `avtalsbot serve` over HTTP against
the Slack emulator. The coordinator starts the round with the slash command; each staff
member clicks the buttons the bot actually posted (the invitation's *Börja*, then each
card's *Fungerar* / *Behöver utvecklas*), one click is redelivered by Slack, one comment
goes through the modal; the coordinator closes the round and the result lands in the
steering group's channel as Block Kit with a PNG uploaded through files.getUploadURLExternal
+ files.completeUploadExternal."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from tests.e2e.conftest import SIGNING_SECRET, ServedBot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

pytestmark = pytest.mark.e2e

CENTRE = "C0RASLATT"
STEERING = "C0LEDNING"
COORD = "U0SAMORD"
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA"]
_clicks = itertools.count(1)


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The buttons in a message's blocks, by their visible label."""
    return {element["text"]["text"]: element for block in blocks if block["type"] == "actions"
            for element in block["elements"] if element["type"] == "button"}


def section_text(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")


def press(bot: ServedBot, user: str, button: dict[str, Any], blocks: list[dict[str, Any]],
          *, name: str, retry_num: int | None = None, channel: str | None = None) -> None:
    """Click ``button`` in a message (the user's DM unless ``channel``)."""
    payload = signing.block_actions_payload(
        action_id=button["action_id"], value=button.get("value", ""), user_id=user,
        channel_id=channel or "D" + user[1:], message_blocks=blocks,
        response_url=bot.emulator.response_url(name))
    body, headers = signing.interactive_request(SIGNING_SECRET, payload, retry_num=retry_num)
    assert signing.post(bot.url, body, headers)[0] == 200


def click(bot: ServedBot, user: str, button: dict[str, Any], blocks: list[dict[str, Any]],
          *, retry_num: int | None = None, name: str | None = None) -> list[dict[str, Any]]:
    """Click ``button`` in the DM; return the blocks the bot answered on the response_url."""
    name = name or f"click-{next(_clicks)}"
    press(bot, user, button, blocks, name=name, retry_num=retry_num)
    calls = bot.emulator.wait_for("response_url", where=lambda c: c.path == f"/response/{name}")
    answer = calls[-1].json
    assert answer is not None
    return list(answer["blocks"])


def submit(bot: ServedBot, user: str, modal: dict[str, Any], values: dict[str, Any],
           name: str) -> str:
    """Submit ``modal`` with ``values``; return the text the bot put on the clicked message."""
    payload = signing.view_submission_payload(callback_id=modal["callback_id"], values=values,
                                              private_metadata=modal["private_metadata"],
                                              user_id=user)
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    assert signing.post(bot.url, body, headers)[0] == 200
    calls = bot.emulator.wait_for("response_url", where=lambda c: c.path == f"/response/{name}")
    assert calls[-1].json is not None
    return section_text(calls[-1].json["blocks"])


def slash(bot: ServedBot, user: str, text: str, channel: str = CENTRE) -> dict[str, Any]:
    """The slash command's answer: in the acknowledgement, or — for a command that reads the
    channel first (starting a round) — on the response URL after a short acknowledgement."""
    name = f"slash-{next(_clicks)}"
    body, headers = signing.slash_command(SIGNING_SECRET, text=text, user_id=user,
                                          channel_id=channel,
                                          response_url=bot.emulator.response_url(name))
    status, reply = signing.post(bot.url, body, headers)
    assert status == 200
    answer = dict(json.loads(reply))
    if answer["text"] != "Ett ögonblick – jag svarar här strax.":
        return answer
    later = bot.emulator.wait_for("response_url", where=lambda c: c.path == f"/response/{name}")
    assert later[0].json is not None
    return dict(later[0].json)


def invitation_to(emulator: SlackEmulator, user: str) -> list[dict[str, Any]]:
    dm = emulator.dm_channel(user)
    (call,) = emulator.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == dm)
    return list(call.param_json("blocks"))


def test_a_round_start_vote_comment_close_and_result_through_slack(served_bot: ServedBot
                                                                   ) -> None:
    emulator = served_bot.emulator
    emulator.set_members(CENTRE, [COORD, *STAFF])
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)

    reply = slash(served_bot, COORD, f"självreflektion starta FC Råslätt resultat "
                                     f"<#{STEERING}|ledningsgrupp>")
    assert "4 personer har fått en inbjudan" in reply["text"]

    for n, user in enumerate(STAFF):
        invite = invitation_to(emulator, user)
        assert "Så skyddas dina svar" in section_text(invite)
        card = click(served_bot, user, buttons(invite)["Börja"], invite)
        for number in range(1, 31):
            assert f"påstående {number} av 30" in section_text(card)
            label = "Behöver utvecklas" if number == 5 or (number == 7 and n == 0) else "Fungerar"
            if number == 3 and n == 0:
                # Slack redelivers the click (X-Slack-Retry-Num): it must count once
                name = "anna-retried"
                click(served_bot, user, buttons(card)[label], card, name=name)
                card = click(served_bot, user, buttons(card)[label], card, retry_num=1,
                             name=name)
                continue
            card = click(served_bot, user, buttons(card)[label], card)
        assert "Tack! Du har svarat på alla 30" in section_text(card)

    # a comment through the modal, on the card of statement 5 that Anna reopens
    anna_invite = invitation_to(emulator, "U0ANNA")
    first = click(served_bot, "U0ANNA", buttons(anna_invite)["Börja"], anna_invite)
    assert "Tack!" in section_text(first)
    review = click(served_bot, "U0ANNA", buttons(first)["Gå igenom mina svar"], first)
    for _ in range(4):
        review = click(served_bot, "U0ANNA", buttons(review)["Nästa ▶"], review)
    assert "påstående 5 av 30" in section_text(review)
    assert "Ditt svar nu: *Behöver utvecklas*" in section_text(review)
    press(served_bot, "U0ANNA", buttons(review)["Kommentera"], review, name="comment-card")
    modal = emulator.wait_for("views.open")[0].param_json("view")
    assert modal["callback_id"] == "refl_comment"
    saved = submit(served_bot, "U0ANNA", modal, {"comment": {"comment": {
        "type": "plain_text_input", "value": "Mer tid behövs"}}}, "comment-card")
    assert "Kommentaren till 5. Bekräftelse av personal är sparad." in saved

    # the coordinator's App Home: counts only, and a Fortsätt button that answers in the DM
    body, headers = signing.app_home_opened(SIGNING_SECRET, user=COORD)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    home = emulator.wait_for("views.publish")[-1].param_json("view")
    home_text = section_text(home["blocks"])
    assert "FC Råslätt (du samordnar): 3 av 4 har svarat på alla" in home_text
    assert not any(user in home_text for user in STAFF)
    go_on = buttons(home["blocks"])["Fortsätt: FC Råslätt"]
    payload = signing.block_actions_payload(action_id=go_on["action_id"], value=go_on["value"],
                                            user_id=COORD, view=home)
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    coord_dm = emulator.dm_channel(COORD)
    cards = emulator.wait_for("chat.postMessage", count=2,
                              where=lambda c: c.params["channel"] == coord_dm)
    assert "påstående 1 av 30" in section_text(cards[-1].param_json("blocks"))

    status = slash(served_bot, COORD, "självreflektion status")
    assert ("4 inbjudna · 3 har svarat på alla · 0 har börjat · 1 har inte börjat."
            in section_text(status["blocks"]))

    asked = slash(served_bot, COORD, "självreflektion stäng")
    assert asked["text"] == "3 av 4 har svarat – stänga omgången nu?"
    close_button = buttons(asked["blocks"])["Stäng omgången"]
    assert close_button["confirm"]["text"]["text"] == "3 av 4 har svarat. Det går inte att ångra."
    press(served_bot, COORD, close_button, asked["blocks"], name="close", channel=CENTRE)
    (closing,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/close")
    assert closing.json is not None
    closed = closing.json
    assert "Resultatet skickas nu till" in closed["text"]
    (post,) = emulator.wait_for("chat.postMessage",
                                where=lambda c: c.params["channel"] == STEERING)
    assert post.params["text"] == "Självreflektion FC Råslätt 2026"  # the notification
    blocks = post.param_json("blocks")
    assert "*Svarande:* 3 av 4 (75\xa0% svarsfrekvens)" in section_text(blocks)
    assert blocks[0]["type"] == "header"
    table = section_text(blocks)
    lines = table.splitlines()
    top = next(line for line in lines if line.strip().startswith("5 "))
    assert top.split()[-5:-2] == ["0", "3", "100"]  # Fungerar 0, Behöver utv. 3, 100 %
    seventh = next(line for line in lines if line.strip().startswith("7 "))
    assert seventh.split()[-5:-2] == ["2", "1", "33"]
    third = next(line for line in lines if line.strip().startswith("3 "))
    assert third.split()[-5:-2] == ["3", "0", "0"]  # the retried click counted once
    assert "Kommentarer visas först när minst 5 har svarat." in table  # only 3 answered

    upload = emulator.wait_for("files.completeUploadExternal")[0]
    assert upload.params["channel_id"] == STEERING
    (file_id,) = [f["id"] for f in upload.param_json("files")]
    png = emulator.uploaded_files[file_id]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 1080 and height > 1000

    # step III: the coordinator's button on the closing reply opens the joint-view modal
    joint_button = buttons(closed["blocks"])["För in gemensam uppfattning"]
    stranger = click(served_bot, "U0ANNA", joint_button, closed["blocks"])
    assert "Bara familjecentralens samordnare" in section_text(stranger)
    press(served_bot, COORD, joint_button, closed["blocks"], name="joint", channel=CENTRE)
    form = emulator.wait_for("views.open", count=2)[-1].param_json("view")
    assert form["callback_id"] == "refl_joint"
    inputs = [b for b in form["blocks"] if b["type"] == "input"]
    assert len(inputs) == 30 and inputs[4]["label"]["text"] == "5. Bekräftelse av personal"
    values = {inputs[4]["block_id"]: {"view": {"type": "static_select",
                                               "selected_option": {"value": "develop"}}},
              inputs[0]["block_id"]: {"view": {"type": "static_select",
                                               "selected_option": {"value": "works"}}},
              inputs[1]["block_id"]: {"view": {"type": "static_select",
                                               "selected_option": None}}}
    done = submit(served_bot, COORD, form, values, "joint")
    assert "Gemensam uppfattning sparad för 2 påståenden" in done
    # the result is read in the steering group's channel (issue 11)
    result = slash(served_bot, "U0LEDARE", "självreflektion resultat 1", channel=STEERING)
    assert ("*Gemensam uppfattning (steg III):* 1. Hälsofrämjande arena: Fungerar; "
            "5. Bekräftelse av personal: Behöver utvecklas") in section_text(result["blocks"])

    # a click on an old card after closing: a polite refusal, nothing stored
    late = click(served_bot, "U0ANNA", buttons(review)["Fungerar"], review)
    assert "är stängd, så svar kan inte längre lämnas eller ändras" in section_text(late)

    log = served_bot.output()
    for user in [COORD, *STAFF]:
        assert user not in log, "no user id may reach the logs"


def test_a_card_clicked_in_a_channel_never_replaces_the_channel_post(served_bot: ServedBot
                                                                    ) -> None:
    emulator = served_bot.emulator
    emulator.set_members(CENTRE, [COORD, *STAFF])
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    slash(served_bot, COORD, "självreflektion starta FC Råslätt")
    invite = invitation_to(emulator, "U0ANNA")
    start_button = buttons(invite)["Börja"]
    # someone got a card into the centre channel (e.g. by an @-mention) and clicks it there
    press(served_bot, "U0ANNA", start_button, invite, name="in-channel", channel=CENTRE)
    (call,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/in-channel")
    assert call.json is not None
    assert call.json["replace_original"] is False and call.json["response_type"] == "ephemeral"
    press(served_bot, "U0ANNA", start_button, invite, name="in-dm")
    (dm,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/in-dm")
    assert dm.json is not None and dm.json["replace_original"] is True


def test_a_round_started_from_the_app_home_form(served_bot: ServedBot) -> None:
    emulator = served_bot.emulator
    emulator.set_members(CENTRE, [COORD, *STAFF])
    emulator.set_user("U0SAMORD", is_admin=True)  # an admin (issue 11)
    body, headers = signing.app_home_opened(SIGNING_SECRET, user=COORD)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    home = emulator.wait_for("views.publish")[-1].param_json("view")
    start = buttons(home["blocks"])["Starta en självreflektion"]
    payload = signing.block_actions_payload(action_id=start["action_id"], value="",
                                            user_id=COORD, view=home)
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    form = emulator.wait_for("views.open")[-1].param_json("view")
    assert form["callback_id"] == "refl_start_form"
    values = {
        "channel": {"channel": {"type": "conversations_select",
                                "selected_conversation": CENTRE}},
        "centre": {"centre": {"type": "plain_text_input", "value": "FC Råslätt"}},
        "closes": {"closes": {"type": "datepicker", "selected_date": "2099-12-15"}},
        "results": {"results": {"type": "conversations_select",
                                "selected_conversation": STEERING}},
        "minimum": {"minimum": {"type": "number_input", "value": None}},
        "coordinator": {"coordinator": {"type": "checkboxes",
                                        "selected_options": [{"value": "me"}]}},
    }
    payload = signing.view_submission_payload(callback_id="refl_start_form", values=values,
                                              user_id=COORD)
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    coord_dm = emulator.dm_channel(COORD)
    posts = emulator.wait_for("chat.postMessage", count=2,
                              where=lambda c: c.params["channel"] == coord_dm)
    texts = [p.params["text"] for p in posts]
    assert any("Självreflektionen för FC Råslätt är startad. 4 personer" in t for t in texts)
    shown = [json.dumps(p.params["blocks"], ensure_ascii=False) for p in posts]  # in Slack
    assert any("Omgången stänger 2099-12-15" in t and "<#C0LEDNING>" in t for t in shown)
    assert any("Du själv är inbjuden" in t for t in shown)  # the form's box was ticked
    for user in STAFF:
        assert "Så skyddas dina svar" in section_text(invitation_to(emulator, user))
