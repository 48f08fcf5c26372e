"""The notification headline (a phone's lock screen shows the ``text`` fallback), a
button's confirmation dialog and the pick menu, in Block Kit and in text."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.render import to_blocks, to_text
from bot.render.slack import message
from bot.render.text import HEADLINE_LIMIT, headline
from commands.core.answers import (
    Action,
    Column,
    Confirm,
    Many,
    Message,
    Outcome,
    Pick,
    Problem,
    Strong,
    Table,
    rich,
)

CARD = Message(lang="sv", text=rich(Strong("FC Råslätt"), " · påstående 1 av 30\n",
                                    Strong("Arena"), " – Verksamheten är en arena."),
               details=("Du har svarat på 0 av 30.",),
               actions=(Action("Börja", "refl_next", "1"), Action("Fungerar", "refl_vote")))


def test_the_notification_is_one_headline_without_buttons_or_details() -> None:
    text = message(CARD)["text"]
    assert text == "FC Råslätt · påstående 1 av 30 Arena – Verksamheten är en arena."
    assert "[1]" not in text and "Börja" not in text and "0 av 30" not in text
    assert "[1] Börja" in to_text(CARD)  # the console still numbers its choices


def test_a_table_an_outcome_and_a_problem_are_announced_by_their_first_line() -> None:
    table = Table(lang="sv", title="Självreflektion FC Råslätt 2026", columns=(Column("Nr"),),
                  rows=(("1",),))
    assert headline(table) == "Självreflektion FC Råslätt 2026"
    assert headline(Many(lang="sv", parts=(table, CARD))) == "Självreflektion FC Råslätt 2026"
    assert headline(Outcome(lang="sv", reply=CARD)) == headline(CARD)
    assert headline(Problem(lang="sv", message="Omgången är redan stängd.",
                            examples=("/avtal x",))) == "Omgången är redan stängd."


def test_a_long_headline_is_cut_between_words() -> None:
    long = Message(lang="sv", text="ordet " * 100)
    text = headline(long)
    assert len(text) <= HEADLINE_LIMIT and text.endswith("ordet…")


def test_a_confirm_renders_as_slacks_dialog() -> None:
    close = Message(lang="sv", text="Stäng?", actions=(Action(
        "Stäng omgången", "refl_close", "7", style="danger",
        confirm=Confirm("Stänga omgången?", "2 av 4 har svarat.", "Stäng", "Avbryt")),))
    (button,) = to_blocks(close)[1]["elements"]
    # plain text throughout (nobody's words can ping a channel through it); a danger button's
    # dialog has the danger style too (roles, issue 11)
    assert button["confirm"] == {
        "title": {"type": "plain_text", "text": "Stänga omgången?"},
        "text": {"type": "plain_text", "text": "2 av 4 har svarat."},
        "confirm": {"type": "plain_text", "text": "Stäng"},
        "deny": {"type": "plain_text", "text": "Avbryt"},
        "style": "danger"}


def test_a_pick_is_a_grouped_menu_in_slack_and_a_hint_in_the_console() -> None:
    pick = Pick(placeholder="Gå till påstående", action_id="refl_pick", groups=(
        ("Kurator", (("21. Kurator", "1|k21"),)), ("Tomt", ())), hint="Skriv svara 21.")
    card = Message(lang="sv", text="Kort", actions=(Action("Fungerar", "refl_vote", "v"),),
                   pick=pick)
    actions = to_blocks(card)[1]
    menu = actions["elements"][-1]
    assert menu["type"] == "static_select" and menu["action_id"] == "refl_pick"
    assert [g["label"]["text"] for g in menu["option_groups"]] == ["Kurator"]
    assert menu["option_groups"][0]["options"][0]["value"] == "1|k21"
    Block.parse(actions)  # valid for slack_sdk
    assert to_text(card).endswith("  Skriv svara 21.")


def test_the_headline_keeps_the_no_break_spaces_of_an_amount() -> None:
    amount = Message(lang="sv", text="Krokom betalar 575\u00a0702\u00a0kr\nför 2026.")
    assert headline(amount) == "Krokom betalar 575\u00a0702\u00a0kr för 2026."
