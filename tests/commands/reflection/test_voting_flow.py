"""The voter's flow against a real store: a comment before a choice is kept and saved with
the choice, a change after finishing goes through the picker and returns to the thanks,
the privacy promise is one tap away, and English follows the person's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from commands.core.answers import Message, Outcome, Problem, plain
from commands.core.context import Request
from commands.reflection import cards, command
from commands.reflection.rounds import reflection_store
from commands.reflection.rules import items
from storage.store import SqlStore
from tests.commands.reflection.round_data import INSTRUMENT, KEYS

TODAY = dt.date(2026, 11, 25)


def started(store: SqlStore) -> int:
    store.use_pseudonym_secret(b"voting-flow-test")
    request = Request(text="starta FC Råslätt deltagare UA UB UC", today=TODAY, user="UK",
                      channel="CFC")
    outcome = command.handle(request, store)
    assert isinstance(outcome, Outcome), outcome
    return store.rounds_in_channel("CFC")[0].id


def voter(user: str = "UA", lang: str = "sv") -> Request:
    return Request(text="", today=TODAY, user=user, channel="DUA", lang=lang)  # type: ignore[arg-type]


def test_a_comment_before_a_choice_waits_on_the_card_and_is_saved_with_it(
        fresh_store: SqlStore) -> None:
    round_id = started(fresh_store)
    shown = cards.save_comment(voter(), fresh_store, round_id=round_id, number_or_key="5",
                               text="Mer tid behövs")
    assert isinstance(shown, Message)
    assert "påstående 5 av 30" in plain(shown.text)
    assert plain(shown.details[0]) == ("Välj Fungerar eller Behöver utvecklas – din kommentar "
                                       "sparas tillsammans med valet.")
    develop = next(a for a in shown.actions if a.label == "Behöver utvecklas")
    assert develop.value.endswith("|develop|c:Mer tid behövs")
    after = cards.vote(voter(), develop.value, fresh_store)
    assert isinstance(after, Message)
    assert "Kommentaren till 5. Bekräftelse av personal är sparad." in plain(after.details[0])
    assert fresh_store.tally(round_id=round_id).comments[KEYS[4]] == ("Mer tid behövs",)


def test_a_change_after_finishing_goes_straight_to_the_statement_and_back_to_the_thanks(
        fresh_store: SqlStore) -> None:
    round_id = started(fresh_store)
    for key in KEYS:
        fresh_store.record_vote(round_id=round_id, user="UA", statement_key=key, value="works")
    done = cards.answer_card(voter(), fresh_store, round_id)
    assert isinstance(done, Message) and done.pick is not None
    (_, options), *_ = [g for g in done.pick.groups if any("21." in o[0] for o in g[1])]
    value = next(v for label, v in options if label.startswith("21."))
    picked = command.ACTIONS["refl_pick"](voter(), value, fresh_store)
    assert isinstance(picked, Message) and "påstående 21 av 30" in plain(picked.text)
    develop = next(a for a in picked.actions if a.label == "Behöver utvecklas")
    back = cards.vote(voter(), develop.value, fresh_store)
    assert isinstance(back, Message)
    assert plain(back.text).startswith("Tack! Du har svarat på alla 30")
    assert "Sparat: 21." in plain(back.details[0])
    assert fresh_store.my_votes(round_id=round_id, user="UA")[KEYS[20]] == "develop"


def test_the_privacy_promise_is_one_tap_away_and_does_not_replace_the_card(
        fresh_store: SqlStore) -> None:
    round_id = started(fresh_store)
    shown = cards.answer_card(voter(), fresh_store, round_id)
    assert isinstance(shown, Message)
    lock = next(a for a in shown.actions if a.action_id == "refl_privacy")
    promise = command.ACTIONS["refl_privacy"](voter(), lock.value, fresh_store)
    assert isinstance(promise, Message) and not promise.replaces_clicked
    assert plain(promise.details[0]) == "Så skyddas dina svar:"
    assert any("bara om minst 3 har svarat" in plain(d) for d in promise.details)
    english = command.ACTIONS["refl_privacy"](voter(lang="en"), lock.value, fresh_store)
    assert plain(english.details[0]) == "How your answers are protected:"  # type: ignore[union-attr]
    bad = command.ACTIONS["refl_privacy"](voter(), "x", fresh_store)
    assert isinstance(bad, Problem) and plain(bad.message) == "Den knappen känner jag inte igen."


def test_the_voters_replies_in_english(fresh_store: SqlStore) -> None:
    round_id = started(fresh_store)
    en = voter(lang="en")
    first = cards.answer_card(en, fresh_store, round_id)
    works = next(a for a in first.actions if a.label == "Works")  # type: ignore[union-attr]
    after = cards.vote(en, works.value, fresh_store)
    assert isinstance(after, Message)
    assert plain(after.details[0]) == f"Saved: 1. {items(INSTRUMENT)[0].statement.title} – Works."
    stranger = cards.answer_card(replace(en, user="UZ"), fresh_store, round_id)
    assert isinstance(stranger, Problem)
    assert plain(stranger.message) == ("You are not invited to the self-reflection for FC "
                                       "Råslätt. Ask the coordinator if you should be.")
    empty = cards.save_comment(en, fresh_store, round_id=round_id, number_or_key="1", text=" ")
    assert isinstance(empty, Problem) and plain(empty.message) == "The comment is empty."


def test_only_a_store_that_holds_rounds_is_taken_for_one(fresh_store: SqlStore) -> None:
    """``reflection_store`` remembers its answer per store class, not once for all."""

    class Facts:  # answers questions, holds no rounds
        def agreements(self) -> list[object]:
            return []

    assert reflection_store(fresh_store) is fresh_store
    with pytest.raises(TypeError):
        reflection_store(Facts())  # type: ignore[arg-type]
    assert reflection_store(fresh_store) is fresh_store
    with pytest.raises(TypeError):
        reflection_store(Facts())  # type: ignore[arg-type]
