"""`avtalsbot serve` in HTTP mode, as Slack talks to it: signed slash commands and events."""

from __future__ import annotations

import json

from tests.e2e.conftest import SIGNING_SECRET, ServedBot
from tests.slack import signing


def test_slash_command_help_answers_in_the_acknowledgement(served_bot: ServedBot) -> None:
    body, headers = signing.slash_command(SIGNING_SECRET, text="hjälp")
    status, text = signing.post(served_bot.url, body, headers)
    assert status == 200
    reply = json.loads(text)
    assert reply["response_type"] == "ephemeral"
    assert "kostnader, möten, deadlines och vad avtalen säger" in reply["text"]
    assert reply["blocks"][0]["type"] == "section"


def test_badly_signed_request_is_refused(served_bot: ServedBot) -> None:
    body, headers = signing.slash_command("not-the-secret", text="hjälp")
    status, _ = signing.post(served_bot.url, body, headers)
    assert status == 401


def test_health_endpoint_for_load_balancers(served_bot: ServedBot) -> None:
    import urllib.request

    with urllib.request.urlopen(served_bot.url.replace("/slack/events", "/healthz")) as r:
        assert r.read() == b"ok"


def test_app_mention_is_answered_once_in_its_channel_even_when_retried(
    served_bot: ServedBot,
) -> None:
    emulator = served_bot.emulator
    body, headers = signing.app_mention(SIGNING_SECRET, "hjälp", channel="C0STYR",
                                        event_id="Ev0001")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    retry_body, retry_headers = signing.app_mention(SIGNING_SECRET, "hjälp", channel="C0STYR",
                                                    event_id="Ev0001", retry_num=1)
    assert signing.post(served_bot.url, retry_body, retry_headers)[0] == 200
    posts = emulator.wait_for("chat.postMessage")
    assert posts[0].params["channel"] == "C0STYR"
    assert "kostnader, möten, deadlines och vad avtalen säger" in posts[0].params["text"]
    # give a duplicate time to appear before asserting there is none
    import time

    time.sleep(0.5)
    assert len(emulator.calls("chat.postMessage")) == 1


def test_app_home_is_published_for_the_user(served_bot: ServedBot) -> None:
    body, headers = signing.app_home_opened(SIGNING_SECRET, user="U0ANNA")
    assert signing.post(served_bot.url, body, headers)[0] == 200
    publish = served_bot.emulator.wait_for("views.publish")[0]
    assert publish.params["user_id"] == "U0ANNA"
    view = publish.param_json("view")
    assert view["type"] == "home"
    assert "Avtalsbot" in view["blocks"][0]["text"]["text"]
