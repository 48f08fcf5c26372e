"""The walking skeleton's question — what Krokom pays in 2026 — asked of the real
`avtalsbot serve` process the three ways Slack delivers it: slash command, @-mention, DM."""

from __future__ import annotations

import json

from tests.e2e.conftest import SIGNING_SECRET, ServedBot
from tests.slack import signing

NBSP = "\u00a0"  # Swedish digit grouping, as Babel writes it
KROKOM_2026 = f"575{NBSP}702{NBSP}kr"


def _assert_full_cost_answer(text: str, blocks: object) -> None:
    """The notification (``text``) is the one-line answer; the message shows the rest."""
    assert KROKOM_2026 in text and "\n" not in text
    shown = json.dumps(blocks, ensure_ascii=False)
    assert KROKOM_2026 in shown
    assert "11,780" in shown  # the share
    assert f"4{NBSP}887{NBSP}110{NBSP}kr" in shown  # the year's total
    assert "001 §11.3" in shown  # the clause it rests on


def test_slash_command_answers_the_cost_in_the_acknowledgement(served_bot: ServedBot) -> None:
    body, headers = signing.slash_command(SIGNING_SECRET, text="kostnad Krokom 2026")
    status, text = signing.post(served_bot.url, body, headers)
    assert status == 200
    reply = json.loads(text)
    assert reply["response_type"] == "ephemeral"
    _assert_full_cost_answer(reply["text"], reply["blocks"])
    rendered = json.dumps(reply["blocks"], ensure_ascii=False)
    assert KROKOM_2026 in rendered and "1,03" in rendered  # the derivation is in the blocks


def test_app_mention_posts_the_cost_in_its_channel(served_bot: ServedBot) -> None:
    body, headers = signing.app_mention(SIGNING_SECRET, "vad betalar Krokom 2026?",
                                        channel="C0STYR", event_id="EvKrokom")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    post = served_bot.emulator.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C0STYR"
    _assert_full_cost_answer(post.params["text"], post.param_json("blocks"))
    assert post.param_json("blocks")[0]["type"] == "section"


def test_direct_message_in_english_is_answered_in_english(served_bot: ServedBot) -> None:
    body, headers = signing.dm_message(SIGNING_SECRET, "what does Krokom pay in 2026?",
                                       event_id="EvKrokomEn")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    post = served_bot.emulator.wait_for("chat.postMessage")[0]
    _assert_full_cost_answer(post.params["text"], post.param_json("blocks"))
    assert "Krokom pays" in post.params["text"]


def test_unknown_municipality_is_answered_with_suggestions(served_bot: ServedBot) -> None:
    body, headers = signing.slash_command(SIGNING_SECRET, text="kostnad Kroxom 2026")
    status, text = signing.post(served_bot.url, body, headers)
    assert status == 200
    reply = json.loads(text)
    assert 'ingen part som heter "Kroxom"' in reply["text"]
    assert "Menade du Krokom?" in json.dumps(reply["blocks"], ensure_ascii=False)
