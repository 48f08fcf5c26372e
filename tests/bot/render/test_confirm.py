"""An irreversible button carries Slack's confirmation dialog (issue 11), in plain text and
within Slack's limits; the text renderer shows the button as a numbered choice as before."""

from __future__ import annotations

from bot.render import to_blocks, to_text
from commands.core.answers import Action, Confirm, Message


def test_a_button_with_confirm_gets_slacks_dialog() -> None:
    answer = Message(lang="sv", text="Påminnelse", actions=(
        Action("Stäng: FC Råslätt", "refl_close", "7", style="danger", confirm=Confirm(
            title="Stänga omgången?", text="Det går inte att <!channel> ångra. " + "x" * 400,
            yes="Stäng", no="Avbryt")),
        Action("Fortsätt", "refl_next", "7")))
    buttons = next(b for b in to_blocks(answer) if b["type"] == "actions")["elements"]
    confirm = buttons[0]["confirm"]
    assert confirm["title"] == {"type": "plain_text", "text": "Stänga omgången?"}
    # plain text: nobody's words could ping a channel through it; cut to Slack's 300
    assert confirm["text"]["type"] == "plain_text" and len(confirm["text"]["text"]) == 300
    assert confirm["confirm"]["text"] == "Stäng" and confirm["deny"]["text"] == "Avbryt"
    assert confirm["style"] == "danger"
    assert "confirm" not in buttons[1]
    assert "[1] Stäng: FC Råslätt" in to_text(answer)
