"""Cost answers on Slack's and the console's surfaces: Block Kit within Slack's limits, aligned
text with the sum row, and the CSV button delivering the table as a file upload."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from slack_sdk import WebClient

from bot.delivery import ChannelPacer, SlackDeliverer, deliveries_of
from bot.render import to_blocks, to_text
from bot.render.csv import cell, table_csv
from bot.service import Brain
from commands.core.answers import Column, Outcome, Table
from commands.costs import problems
from storage import files
from tests.slack.emulator import SlackEmulator

TOKEN = "xoxb-costs-test"


@pytest.mark.parametrize("question", [
    "fördelning CMV 2026", "Krokom 2025–2064", "budget per post 2026",
    "Samordnaren kostar 180 000 kr — vad betalar barnhälsovården?", "vad betalar Krokom 2026?",
    "skillnad Krokom 2025 och 2026", "vad betalar Krokum 2026?",
])
def test_cost_answers_fit_slacks_block_limits(brain: Brain, question: str) -> None:
    blocks = to_blocks(brain.ask(question))  # to_dict() validates each block
    assert 1 <= len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150


def test_split_table_in_slack_is_monospace_with_sum_row_source_and_csv_button(
    brain: Brain,
) -> None:
    blocks = to_blocks(brain.ask("fördelning CMV 2026"))
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == "Fördelning CMV Jämtland 2026"
    table = blocks[1]["text"]["text"]
    assert table.startswith("```") and "Summa" in table and "4\u00a0887\u00a0110\u00a0kr" in table
    context = next(b for b in blocks if b["type"] == "context")
    assert "001 §11.3" in context["elements"][0]["text"]
    assert blocks[-1]["elements"][0]["action_id"] == "table_csv"
    assert blocks[-1]["elements"][0]["value"] == "fördelning CMV 2026"


def test_split_table_in_the_console_is_aligned(brain: Brain) -> None:
    lines = to_text(brain.ask("fördelning CMV 2025")).splitlines()
    header = next(line for line in lines if line.startswith("Kommun"))
    total = next(line for line in lines if line.startswith("Summa"))
    krokom = next(line for line in lines if line.startswith("Krokom"))
    assert len(header) == len(total) == len(krokom)  # right-aligned amounts end together
    assert total.endswith("4\u00a0744\u00a0767\u00a0kr")


@pytest.fixture
def emu() -> Iterator[SlackEmulator]:
    with SlackEmulator(token=TOKEN) as emulator:
        yield emulator


def test_csv_button_uploads_the_table_to_the_channel(brain: Brain, emu: SlackEmulator) -> None:
    table = brain.ask("fördelning CMV 2025")
    assert isinstance(table, Table) and table.csv_query
    outcome = brain.act("table_csv", table.csv_query, user="U1", channel="C1")
    assert isinstance(outcome, Outcome)
    client = WebClient(token=TOKEN, base_url=emu.base_url, timeout=5)
    deliverer = SlackDeliverer(client, pacer=ChannelPacer(interval=0))
    for future in deliverer.submit(deliveries_of(outcome)):
        future.result(timeout=10)
    (complete,) = emu.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C1"
    (content,) = emu.uploaded_files.values()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.startswith("Kommun;Befolkning;Andel;Belopp\r\nRagunda;5135;3,876;183907\r\n")
    assert "Summa;132466;100,000;4744767" in text
    (get_url,) = emu.calls("files.getUploadURLExternal")
    assert get_url.params["filename"] == "cmv-jamtland-fordelning-2025.csv"


def test_the_figure_is_bold_in_slack_and_plain_in_the_console(brain: Brain) -> None:
    answer = brain.ask("vad betalar Krokom 2026?")
    section = to_blocks(answer)[0]["text"]["text"]
    assert section.startswith("Krokom betalar *575\u00a0702\u00a0kr* för CMV Jämtland 2026.")
    assert to_text(answer).startswith("Krokom betalar 575\u00a0702\u00a0kr för CMV Jämtland 2026.")


def test_a_name_echoed_from_the_question_cannot_ping_a_channel_in_slack() -> None:
    agreement = next(files.read_agreement(p) for p in files.bundled_paths()
                     if p.name == "cmv-jamtland.yaml")
    problem = problems.unknown_name("<!channel>", (), (agreement,), party_only=True, lang="sv")
    section = to_blocks(problem)[0]["text"]["text"]
    assert "<!channel>" not in section and '"&lt;!channel&gt;"' in section
    assert '"<!channel>"' in to_text(problem)  # the console shows what was written


def test_every_csv_field_with_a_number_gets_a_decimal_comma() -> None:
    assert [cell(v) for v in (Decimal("11.780"), 4744767, "Krokom", "3,876")] == [
        "11,780", "4744767", "Krokom", "3,876"]
    table = Table(lang="sv", title="T", columns=(Column("Kommun"), Column("Andel")),
                  rows=(("Åre", "9,343 %"),), csv_rows=(("Åre", "9,343"),))
    assert table_csv(table).decode("utf-8-sig") == "Kommun;Andel\r\nÅre;9,343\r\n"
