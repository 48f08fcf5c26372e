"""Both renderers for every answer type: Block Kit within Slack's limits, aligned text."""

from __future__ import annotations

import json

from bot.render import to_blocks, to_text
from commands.core.answers import (
    Action,
    Column,
    Delivery,
    HelpAnswer,
    HelpEntry,
    Many,
    Message,
    Outcome,
    Problem,
    Strong,
    Table,
    rich,
)

MESSAGE = Message(lang="sv", text=rich("Krokom betalar ", Strong("575 702 kr"), " 2026."),
                  details=("Andel 11,780 %",), source="001 §11.3", note="Läsart",
                  actions=(Action(label="Klar", action_id="nudge_done", value="k1",
                                  style="primary"),))
TABLE = Table(lang="sv", title="Fördelning 2026", csv_query="fördelning 2026",
              columns=(Column("Kommun"), Column("Belopp", "right")),
              rows=(("Krokom", "575 702 kr"), ("Åre", "456 603 kr")),
              total=("Summa", "1 032 305 kr"), source="001 §11.3", csv_name="fordelning.csv")


def test_message_text_has_details_source_note_and_numbered_choices() -> None:
    text = to_text(MESSAGE)
    assert text.splitlines() == [
        "Krokom betalar 575 702 kr 2026.", "  Andel 11,780 %", "Källa: 001 §11.3",
        "Not: Läsart", "  [1] Klar",
    ]


def test_message_blocks_have_section_context_and_button() -> None:
    blocks = to_blocks(MESSAGE)
    assert [b["type"] for b in blocks] == ["section", "context", "actions"]
    assert "*575 702 kr*" in blocks[0]["text"]["text"]
    assert blocks[2]["elements"][0]["action_id"] == "nudge_done"
    assert blocks[2]["elements"][0]["style"] == "primary"


def test_english_labels_follow_the_answer_language() -> None:
    english = Message(lang="en", text="x", source="001 §11.3")
    assert "Source: 001 §11.3" in to_text(english)
    assert "Source: 001 §11.3" in json.dumps(to_blocks(english), ensure_ascii=False)


def test_problem_suggests_and_gives_examples() -> None:
    problem = Problem(lang="sv", message="Jag känner inte till Krokum.",
                      suggestions=("Krokom",), examples=("vad betalar Krokom 2026?",))
    assert "Menade du Krokom?" in to_text(problem)
    assert "vad betalar Krokom 2026?" in to_text(problem)
    blocks = to_blocks(problem)
    assert "Menade du Krokom?" in blocks[0]["text"]["text"]
    assert "`vad betalar Krokom 2026?`" in blocks[1]["elements"][0]["text"]
    english = Problem(lang="en", message="?", suggestions=("Krokom", "Bräcke"))
    assert english.suggestion_line() == "Did you mean Krokom or Bräcke?"


def test_table_text_is_aligned_with_sum_row() -> None:
    lines = to_text(TABLE).splitlines()
    assert lines[:6] == [
        "Fördelning 2026",
        "Kommun        Belopp",
        "------  ------------",
        "Krokom    575 702 kr",
        "Åre       456 603 kr",
        "------  ------------",
    ]
    assert lines[6] == "Summa   1 032 305 kr"


def test_table_blocks_use_monospace_and_offer_csv() -> None:
    blocks = to_blocks(TABLE)
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text":
                                                      "Fördelning 2026", "emoji": True}}
    assert blocks[1]["text"]["text"].startswith("```Kommun")
    assert blocks[-1]["elements"][0]["action_id"] == "table_csv"


def test_long_table_is_split_within_slack_limits() -> None:
    rows = tuple((f"Kommun {i}", f"{i} kr") for i in range(400))
    big = Table(lang="sv", title="Stor", columns=(Column("K"), Column("B", "right")), rows=rows)
    blocks = to_blocks(big)
    assert len(blocks) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_help_lists_usage_and_example() -> None:
    answer = HelpAnswer(lang="sv", intro="Hej",
                        entries=(HelpEntry("hjälp", "Visar", "/avtal hjälp"),))
    assert "t.ex. /avtal hjälp" in to_text(answer)
    assert to_blocks(answer)[2]["text"]["text"] == "*hjälp* — Visar\n`/avtal hjälp`"


def test_many_and_outcome_render_their_parts() -> None:
    many = Many(lang="sv", parts=(MESSAGE, TABLE))
    assert "Krokom betalar" in to_text(many) and "Fördelning 2026" in to_text(many)
    assert {"divider", "header"} <= {b["type"] for b in to_blocks(many)}
    outcome = Outcome(lang="sv", reply=MESSAGE,
                      deliveries=(Delivery(answer=TABLE, user="U1"),))
    assert to_text(outcome) == to_text(MESSAGE)
    assert to_blocks(outcome) == to_blocks(MESSAGE)


def test_a_wide_table_is_listed_row_by_row_in_slack() -> None:
    long_what = "Rapport från kvalitetsgranskningen redovisas för styrgrupp och politisk " \
                "ledningsgrupp (förfaller 2026-12-31, nyårsafton)"
    wide = Table(lang="sv", title="CMV Jämtland: deadlines",
                 columns=(Column("Agera senast"), Column("Vad"), Column("Ansvarig"),
                          Column("Källa")),
                 rows=(("2026-12-30 (onsdag, v. 53)", long_what, "CMV & granskare",
                        "001 Bilaga 1"),))
    sections = [b["text"]["text"] for b in to_blocks(wide) if b["type"] == "section"]
    assert sections[0] == (f"*2026-12-30 (onsdag, v. 53)* — {long_what}\n"
                           "Ansvarig: CMV &amp; granskare · Källa: 001 Bilaga 1")
    assert "```" not in sections[0]
    # the console keeps the aligned table
    assert to_text(wide).splitlines()[1].startswith("Agera senast")


def test_a_narrow_table_stays_aligned_in_monospace() -> None:
    sections = [b["text"]["text"] for b in to_blocks(TABLE) if b["type"] == "section"]
    assert sections[0].startswith("```Kommun") and sections[0].endswith("```")


def test_a_star_or_angle_bracket_in_a_plain_text_is_never_markup() -> None:
    """Structure comes only from spans: a bare string is escaped for Slack and shown as
    written in the console, so typed ``*`` or ``<!channel>`` stays inert text."""
    answer = Message(lang="sv", text="5 * 3 <!channel> & co")
    assert to_blocks(answer)[0]["text"]["text"] == "5 * 3 &lt;!channel&gt; &amp; co"
    assert to_text(answer) == "5 * 3 <!channel> & co"
