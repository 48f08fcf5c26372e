"""`/avtal kalender` on the real `avtalsbot serve`: the reply in the acknowledgement, and
the .ics uploaded to the channel through Slack's external-upload flow."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from tests.e2e.conftest import SIGNING_SECRET, ServedBot
from tests.slack import signing

pytestmark = pytest.mark.e2e


def test_calendar_file_is_uploaded_to_the_channel(served_bot: ServedBot) -> None:
    emulator = served_bot.emulator
    body, headers = signing.slash_command(SIGNING_SECRET, text="kalender CMV 2027",
                                          channel_id="C0STYR")
    status, text = signing.post(served_bot.url, body, headers)
    assert status == 200
    reply = json.loads(text)
    assert reply["text"].startswith("Kalender för CMV Jämtland, 2027-01-01 – 2027-12-31:")
    [complete] = emulator.wait_for("files.completeUploadExternal", timeout=15)
    assert complete.params["channel_id"] == "C0STYR"
    [upload] = emulator.calls("files.getUploadURLExternal")
    assert upload.params["filename"] == "avtalsbot-2027-01-01-2027-12-31.ics"
    [content] = emulator.uploaded_files.values()
    events = list(Calendar.from_ical(content).walk("VEVENT"))
    assert {str(e["UID"]) for e in events} >= {"cmv-jamtland/uppsagning/2027-12-31@avtalsbot"}
