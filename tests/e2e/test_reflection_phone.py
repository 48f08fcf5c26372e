"""Issue 13 through the real `avtalsbot serve` and the Slack emulator: a round as staff and a
coordinator meet it on a phone.

The start is acknowledged while Slack's member list is still held back (nothing read before
the ack); invitations notify with a headline, in English for an English Slack locale; the
centre's channel hears of start and close with counts only; a card offers *Kommentera* only
after a choice, a statement picker and the privacy promise; the form shows a bad minimum under
its field; closing asks first; the chart lands in the table's thread with its alt text; the
Home tab is a valid view for each person."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import SIGNING_SECRET, ServedBot
from tests.e2e.test_reflection_round import (
    buttons,
    click,
    invitation_to,
    press,
    section_text,
)
from tests.slack import signing

pytestmark = pytest.mark.e2e

CENTRE = "C0RASLATT"
STEERING = "C0LEDNING"
COORD = "U0SAMORD"
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA"]
ENGLISH = "U0ERIK"
NAMES = [COORD, *STAFF, ENGLISH]


def slash_now(bot: ServedBot, text: str, name: str) -> dict[str, Any]:
    body, headers = signing.slash_command(SIGNING_SECRET, text=text, user_id=COORD,
                                          channel_id=CENTRE,
                                          response_url=bot.emulator.response_url(name))
    status, reply = signing.post(bot.url, body, headers)
    assert status == 200
    return dict(json.loads(reply))


def test_a_round_on_a_phone(served_bot: ServedBot) -> None:
    emulator = served_bot.emulator
    emulator.set_members(CENTRE, [COORD, *STAFF, ENGLISH])
    emulator.set_user(ENGLISH, locale="en-GB")
    emulator.set_user(COORD, is_admin=True)  # may start, remind and close (issue 11)
    gate = emulator.hold("conversations.members")

    # starting: Slack gets its answer while the member list has not even been answered
    ack = slash_now(served_bot, f"självreflektion starta FC Råslätt resultat <#{STEERING}>",
                    "start")
    assert ack["text"] == "Ett ögonblick – jag svarar här strax."
    assert emulator.calls("users.info") == []
    gate.set()
    (started,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/start")
    assert started.json is not None
    assert started.json["text"].startswith("Självreflektionen för FC Råslätt är startad. "
                                           "5 personer har fått en inbjudan")
    assert "Du själv är inbjuden" in section_text(started.json["blocks"])

    # the centre's channel hears of it, counts only
    (announced,) = emulator.wait_for("chat.postMessage",
                                     where=lambda c: c.params["channel"] == CENTRE)
    assert announced.params["text"] == ("Självreflektionen för FC Råslätt har startat: 5 "
                                        "personer har fått en inbjudan i ett DM.")
    assert not any(user in json.dumps(announced.params) for user in NAMES)

    # the invitation notifies with a headline, never the button list
    anna_dm = emulator.dm_channel("U0ANNA")
    (invite_call,) = emulator.wait_for("chat.postMessage",
                                       where=lambda c: c.params["channel"] == anna_dm)
    assert invite_call.params["text"].startswith("Självreflektion för FC Råslätt – du är "
                                                 "inbjuden att svara.")
    assert "[1]" not in invite_call.params["text"] and "Börja" not in invite_call.params["text"]

    # English for an English Slack locale, from the invitation through the cards
    erik = invitation_to(emulator, ENGLISH)
    assert section_text(erik).startswith("*Self-reflection for FC Råslätt* – you are invited")
    assert "How your answers are protected:" in section_text(erik)
    card = click(served_bot, ENGLISH, buttons(erik)["Start"], erik)
    assert "statement 1 of 30" in section_text(card)
    assert list(buttons(card)) == ["Works", "Needs development", "◀ Previous", "Next ▶",
                                   "🔒 Your privacy"]  # no Comment before a choice
    card = click(served_bot, ENGLISH, buttons(card)["Works"], card)
    assert "Saved: 1. Hälsofrämjande arena – *Works*." in section_text(card)

    # Anna: Kommentera only once answered; the picker goes straight to 21; privacy one tap away
    invite = invitation_to(emulator, "U0ANNA")
    card = click(served_bot, "U0ANNA", buttons(invite)["Börja"], invite)
    assert "Kommentera" not in buttons(card)
    answered = click(served_bot, "U0ANNA", buttons(card)["Behöver utvecklas"], card)
    back = click(served_bot, "U0ANNA", buttons(answered)["◀ Föregående"], answered)
    assert "påstående 1 av 30" in section_text(back) and "Kommentera" in buttons(back)
    menu = next(e for b in back if b["type"] == "actions" for e in b["elements"]
                if e["type"] == "static_select")
    groups = menu["option_groups"]
    assert len(groups) == 7 and sum(len(g["options"]) for g in groups) == 30
    option = next(o for g in groups for o in g["options"] if o["text"]["text"].startswith("21."))
    payload = signing.block_actions_payload(
        action_id=menu["action_id"], user_id="U0ANNA", channel_id=anna_dm,
        message_blocks=back, response_url=emulator.response_url("picked"),
        actions=[{"type": "static_select", "action_id": menu["action_id"],
                  "block_id": "actions", "selected_option": option,
                  "action_ts": "1700000000.1"}])
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    (picked,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/picked")
    assert picked.json is not None
    assert "påstående 21 av 30" in section_text(picked.json["blocks"])
    press(served_bot, "U0ANNA", buttons(back)["🔒 Så skyddas svaren"], back, name="privacy")
    (promise,) = emulator.wait_for("response_url", where=lambda c: c.path == "/response/privacy")
    assert promise.json is not None and promise.json["replace_original"] is False
    assert "Så skyddas dina svar:" in section_text(promise.json["blocks"])

    # the Home tab: a valid view, the person's own progress, a coordinator's controls
    body, headers = signing.app_home_opened(SIGNING_SECRET, user=COORD)
    assert signing.post(served_bot.url, body, headers)[0] == 200
    home = emulator.wait_for("views.publish")[-1].param_json("view")
    assert home["type"] == "home" and len(home["blocks"]) <= 100
    home_text = section_text(home["blocks"])
    assert "FC Råslätt (du samordnar): 0 av 5 har svarat på alla, 2 har börjat" in home_text
    assert "Du är inte med i någon av avtalens kanaler" in home_text  # users.conversations
    close_home = buttons(home["blocks"])["Stäng: FC Råslätt"]
    assert close_home["confirm"]["text"]["text"] == (
        "2 av 5 har svarat; resultat visas från 3, så inget resultat visas.")

    # closing: asked first, with the threshold said plainly; then closed from the button
    for user in ("U0BERTIL", "U0CECILIA"):
        invite = invitation_to(emulator, user)
        card = click(served_bot, user, buttons(invite)["Börja"], invite)
        click(served_bot, user, buttons(card)["Fungerar"], card)
    asked = slash_now(served_bot, "självreflektion stäng", "asked")
    assert asked["text"] == "4 av 5 har svarat – stänga omgången nu?"
    close = buttons(asked["blocks"])["Stäng omgången"]
    assert close["style"] == "danger" and close["confirm"]["confirm"]["text"] == "Stäng"
    press(served_bot, COORD, close, asked["blocks"], name="closed", channel=CENTRE)
    (table,) = emulator.wait_for("chat.postMessage",
                                 where=lambda c: c.params["channel"] == STEERING)
    assert table.params["text"] == "Självreflektion FC Råslätt 2026"
    shown = section_text(table.param_json("blocks"))
    assert "• Generellt för arbete på FC: " in shown and "Fungerar, *" in shown  # counts
    (url,) = emulator.wait_for("files.getUploadURLExternal")
    assert url.params["alt_txt"].startswith("Stapeldiagram: antal svar Fungerar och Behöver "
                                            "utvecklas")
    (upload,) = emulator.wait_for("files.completeUploadExternal")
    ts = next(m["ts"] for m in emulator.posted_messages if m["channel"] == STEERING)
    assert upload.params["thread_ts"] == ts  # the chart in the table's thread
    closed = emulator.wait_for("chat.postMessage", count=2,
                               where=lambda c: c.params["channel"] == CENTRE)[-1]
    assert closed.params["text"] == ("Självreflektionen för FC Råslätt är stängd: 4 av 5 "
                                     "svarade. Tack alla!")


def test_the_start_form_shows_a_minimum_below_three_under_the_field(served_bot: ServedBot
                                                                     ) -> None:
    emulator = served_bot.emulator
    emulator.set_members(CENTRE, [COORD, *STAFF])
    values = {
        "channel": {"channel": {"type": "conversations_select",
                                "selected_conversation": CENTRE}},
        "centre": {"centre": {"type": "plain_text_input", "value": "FC Råslätt"}},
        "minimum": {"minimum": {"type": "number_input", "value": "2"}},
    }
    payload = signing.view_submission_payload(callback_id="refl_start_form", values=values,
                                              user_id=COORD)
    body, headers = signing.interactive_request(SIGNING_SECRET, payload)
    status, reply = signing.post(served_bot.url, body, headers)
    assert status == 200
    assert json.loads(reply) == {"response_action": "errors", "errors": {"minimum": (
        "Av integritetsskäl visas ett resultat aldrig för färre än 3 svarande; ange 3 eller "
        "fler.")}}
    assert emulator.calls("conversations.members") == []  # nothing started
