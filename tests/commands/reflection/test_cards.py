"""The voting card: one statement, the person's own progress and current answer, the five
buttons — personal, so it never replaces a message others can see."""

from __future__ import annotations

from bot.render.markup import mrkdwn
from commands.core.answers import Rich, Strong, plain, rich
from commands.reflection.cards import all_done, card
from commands.reflection.rules import items
from tests.commands.reflection.round_data import INSTRUMENT, KEYS, a_round


def test_a_card_shows_the_statement_progress_and_the_current_answer() -> None:
    item = items(INSTRUMENT)[4]
    shown = card(a_round(), INSTRUMENT, {KEYS[0]: "works", KEYS[4]: "develop"}, item)
    assert shown.personal and shown.replaces_clicked
    assert isinstance(shown.text, Rich)
    assert Strong(item.statement.title) in shown.text.spans
    assert plain(shown.text).startswith(
        f"FC Råslätt · påstående 5 av 30 · {item.category}\n{item.statement.title} – ")
    assert shown.details[0] == "Du har svarat på 2 av 30."
    assert mrkdwn(shown.details[1]) == "Ditt svar nu: *Behöver utvecklas* (du kan ändra det)."
    assert [(a.label, a.value, a.style) for a in shown.actions] == [
        ("Fungerar", f"7|{KEYS[4]}|works", None),
        ("Behöver utvecklas", f"7|{KEYS[4]}|develop", "primary"),
        ("Kommentera", f"7|{KEYS[4]}", None),
        ("◀ Föregående", f"7|prev:{KEYS[4]}", None),
        ("Nästa ▶", f"7|next:{KEYS[4]}", None),
        ("🔒 Så skyddas svaren", "7", None)]


def test_kommentera_is_offered_only_once_the_statement_has_an_answer() -> None:
    item = items(INSTRUMENT)[4]
    unanswered = card(a_round(), INSTRUMENT, {KEYS[0]: "works"}, item)
    assert "refl_comment" not in [a.action_id for a in unanswered.actions]
    assert [a.label for a in unanswered.actions][:2] == ["Fungerar", "Behöver utvecklas"]


def test_every_card_has_the_picker_of_all_statements_by_category() -> None:
    shown = card(a_round(), INSTRUMENT, {KEYS[0]: "works"}, items(INSTRUMENT)[4])
    assert shown.pick is not None and shown.pick.action_id == "refl_pick"
    groups = dict(shown.pick.groups)
    assert list(groups) == [c.name for c in INSTRUMENT.categories]
    options = [option for group in groups.values() for option in group]
    assert len(options) == 30
    assert options[0] == (f"1. {items(INSTRUMENT)[0].statement.title} ✓", f"7|{KEYS[0]}")
    assert options[1][0].endswith(items(INSTRUMENT)[1].statement.title)  # unanswered: no ✓


def test_a_card_in_english_keeps_the_statement_in_swedish() -> None:
    item = items(INSTRUMENT)[4]
    shown = card(a_round(), INSTRUMENT, {KEYS[4]: "works"}, item, lang="en")
    assert plain(shown.text).startswith(f"FC Råslätt · statement 5 of 30 · {item.category}\n"
                                        f"{item.statement.title} – {item.statement.text}")
    assert shown.details == ("You have answered 1 of 30.",
                             rich("Your answer now: ", Strong("Works"), " (you can change it)."))
    assert [a.label for a in shown.actions] == ["Works", "Needs development", "Comment",
                                                "◀ Previous", "Next ▶", "🔒 Your privacy"]


def test_all_done_thanks_and_offers_a_review() -> None:
    done = all_done(a_round(), INSTRUMENT, {}, saved="Sparat.")
    assert plain(done.text) == "Tack! Du har svarat på alla 30 påståendena för FC Råslätt."
    assert done.details[0] == "Sparat."
    assert "tills omgången stänger 2026-12-15 (tisdag)" in plain(done.details[1])
    assert done.personal and done.actions[0].value == f"7|{KEYS[0]}"
    assert done.pick is not None  # a change is one tap away
