"""The Slack deliverer reports how a keyed delivery went (a round's result): success only when
the post *and* its file arrived, Slack's error code or the network error's name otherwise,
and sends whatever the report asks for next. Unkeyed deliveries are not reported."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from slack_sdk import WebClient

from bot.delivery import ChannelPacer, SlackDeliverer
from commands.core.answers import (
    Attachment,
    Chart,
    ChartBar,
    Column,
    Delivery,
    Many,
    Message,
    Table,
)
from tests.slack.emulator import SlackEmulator

TOKEN = "xoxb-delivery-test"
CHART = Attachment(filename="chart.png", content=b"\x89PNG\r\n\x1a\nx", title="Diagram")


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=TOKEN) as emulator:
        yield emulator


def post(text: str, *, key: str | None = "reflection-result:1",
         attachment: Attachment | None = CHART) -> Delivery:
    return Delivery(answer=Message(lang="sv", text=text), channel="C1", key=key,
                    attachment=attachment)


class Reports:
    def __init__(self, follow_up: Delivery | None = None) -> None:
        self.seen: list[tuple[str | None, str | None]] = []
        self.follow_up = follow_up

    def __call__(self, delivery: Delivery, error: str | None) -> Iterable[Delivery]:
        self.seen.append((delivery.key, error))
        return (self.follow_up,) if self.follow_up and error else ()


def deliverer(base_url: str, reports: Reports) -> SlackDeliverer:
    client = WebClient(token=TOKEN, base_url=base_url, timeout=2)
    return SlackDeliverer(client, pacer=ChannelPacer(interval=0), on_done=reports)


def test_success_needs_the_post_and_its_file(emu: SlackEmulator) -> None:
    reports = Reports()
    sender = deliverer(emu.base_url, reports)
    assert sender.send(post("resultat")) is None
    emu.fail("files.completeUploadExternal", "internal_error")
    assert sender.send(post("resultat")) == "internal_error"
    assert sender.send(post("hej", key=None)) is None
    assert reports.seen == [("reflection-result:1", None),
                            ("reflection-result:1", "internal_error")]


def test_a_refusal_is_reported_and_the_follow_up_sent(emu: SlackEmulator) -> None:
    dm = Delivery(answer=Message(lang="sv", text="Bjud in mig"), user="U0SAMORD")
    reports = Reports(follow_up=dm)
    sender = deliverer(emu.base_url, reports)
    emu.fail("chat.postMessage", "not_in_channel", channel="C1")
    assert sender.send(post("resultat")) == "not_in_channel"
    assert reports.seen == [("reflection-result:1", "not_in_channel")]
    (sent,) = emu.wait_for("chat.postMessage",
                           where=lambda c: c.params["channel"] == emu.dm_channel("U0SAMORD"))
    assert sent.params["text"] == "Bjud in mig"
    assert emu.calls("files.getUploadURLExternal") == []  # no chart without its post


def test_a_network_error_is_reported_by_name() -> None:
    reports = Reports()
    sender = deliverer("http://127.0.0.1:9/api/", reports)  # nothing listens on port 9
    error = sender.send(post("resultat", attachment=None))
    assert error is not None and error.endswith("Error")
    assert reports.seen == [("reflection-result:1", error)]


def test_a_chart_goes_in_the_tables_thread_with_its_alt_text(emu: SlackEmulator) -> None:
    chart = Attachment(filename="r.png", title="R", content=Chart(
        title="t", series=("Fungerar", "Behöver utvecklas"),
        bars=(ChartBar("1. Arena", (2, 1)),), alt_text="Stapeldiagram: 3 har svarat."))
    sender = deliverer(emu.base_url, Reports())
    assert sender.send(post("resultat", attachment=chart)) is None
    (table,) = emu.wait_for("chat.postMessage")
    (url,) = emu.wait_for("files.getUploadURLExternal")
    assert url.params["alt_txt"] == "Stapeldiagram: 3 har svarat."  # Slack's image description
    (upload,) = emu.wait_for("files.completeUploadExternal")
    assert upload.params["thread_ts"] == _first_ts(emu)  # under the table, not beside it
    assert "thread_ts" not in table.params


def test_a_result_longer_than_one_message_continues_in_its_thread(emu: SlackEmulator) -> None:
    table = Table(lang="sv", title="Självreflektion FC Råslätt 2026", columns=(Column("Nr"),),
                  rows=(("1",),))
    pages = tuple(Message(lang="sv", text=f"Kommentarer {n}/30", details=("• x",))
                  for n in range(1, 31))
    sender = deliverer(emu.base_url, Reports())
    assert sender.send(Delivery(answer=Many(lang="sv", parts=(table, *pages)), channel="C1",
                                key=None)) is None
    posts = emu.wait_for("chat.postMessage", count=2)
    first, *replies = posts
    assert "thread_ts" not in first.params
    assert all(len(p.param_json("blocks")) <= 50 for p in posts)
    shown = " ".join(str(p.param_json("blocks")) for p in posts)
    assert all(f"Kommentarer {n}/30" in shown for n in range(1, 31))  # nothing cut
    assert replies and {r.params["thread_ts"] for r in replies} == {_first_ts(emu)}


def _first_ts(emu: SlackEmulator) -> str:
    """The ts Slack answered the first chat.postMessage with."""
    return str(emu.posted_messages[0]["ts"])
