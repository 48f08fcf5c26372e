"""The Block Kit written as plain dicts is what slack_sdk's typed models would write, and passes
their checks of Slack's limits: every block of many answers is parsed by ``Block.parse``,
validated and written back unchanged."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block

from bot.render import to_blocks
from bot.service import Brain
from commands.core.answers import Action, Confirm, Message, Pick, Table
from commands.core.answers import Column as Col

QUESTIONS = ["hjälp", "kostnad Krokom 2026", "fördelning CMV 2026", "budget 2026",
             "vilka deadlines har vi de närmaste 60 dagarna?", "när är nästa styrgruppsmöte?",
             "what does Östersund pay in 2027", "blaha", "Krokom"]


def _round_trip(blocks: list[dict[str, Any]]) -> None:
    assert blocks
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.validate_json()  # raises on a broken limit
        assert parsed.to_dict() == block


def test_answers_to_questions_are_what_slack_sdk_would_write(brain: Brain) -> None:
    for question in QUESTIONS:
        _round_trip(to_blocks(brain.ask(question, user="U1", channel="C1")))


def test_buttons_menus_confirms_and_tables_too() -> None:
    pick = Pick(placeholder="Välj påstående", action_id="refl_pick", groups=(
        ("Samverkan " * 10, tuple((f"{n}. Påstående {'x' * 90}", f"7|s{n}") for n in range(60))),
        ("Tomt", ()),
        ("Ledning", tuple((f"{n}. Påstående ✓", f"7|t{n}") for n in range(60)))))
    card = Message(lang="sv", text="Kort", details=("18 av 30",), actions=(
        Action("Fungerar", "refl_vote", "7|s1|works", style="primary"),
        Action("Behöver utvecklas", "refl_vote", "7|s1|develop"),
        Action("Starta", "refl_start_form", ""),
        Action("Stäng", "refl_close", "7", style="danger",
               confirm=Confirm(title="Stänga?", text="Det går inte att ångra.", yes="Stäng",
                               no="Avbryt"))), pick=pick)
    blocks = to_blocks(card)
    _round_trip(blocks)
    menu = blocks[-1]["elements"][-1]
    assert sum(len(g["options"]) for g in menu["option_groups"]) == 100  # Slack's most
    assert all(len(o["text"]["text"]) <= 75 for g in menu["option_groups"]
               for o in g["options"])
    table = Table(lang="sv", title="Fördelning", columns=(Col("Part"), Col("Belopp")),
                  rows=(("Krokom", "575 702 kr"), ("Östersund", "2 950 000 kr")),
                  csv_name="fordelning.csv", csv_query="fördelning CMV 2026")
    _round_trip(to_blocks(table))
