"""The coordinator's side against a real store: told whether they are invited, start and
close announced in the centre's channel with counts only, and asked before closing — with
the threshold said plainly when it is not met."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from commands.core.answers import Message, Outcome, Refusal, plain
from commands.core.context import Request
from commands.core.ports import RoleGrant
from commands.reflection import command
from storage.store import SqlStore
from tests.commands.reflection.round_data import KEYS

TODAY = dt.date(2026, 11, 25)


class Members:
    def human_members(self, channel: str) -> list[str]:
        return ["UK", "UA", "UB", "UC"]

    def is_admin(self, user: str) -> bool:
        return False

    def is_member(self, channel: str, user: str) -> bool:
        return user in self.human_members(channel)

    def user_by_email(self, email: str) -> str | None:
        return None


@pytest.fixture(autouse=True)
def coordinator(fresh_store: SqlStore) -> None:
    """UK coordinates the centre (issue 11: only its coordinators run its rounds)."""
    fresh_store.grant_role(RoleGrant("coordinator", "UK", "jonkoping-familjecentraler", "CFC"),
                           actor="test")


def ask(store: SqlStore, text: str, user: str = "UK") -> object:
    store.use_pseudonym_secret(b"coordinating-test")
    return command.handle(Request(text=text, today=TODAY, user=user, channel="CFC",
                                  directory=Members()), store)


def test_the_coordinator_is_told_whether_they_are_invited(fresh_store: SqlStore) -> None:
    outcome = ask(fresh_store, "starta FC Råslätt utan mig")
    assert isinstance(outcome, Outcome)
    invited = sorted(d.user for d in outcome.deliveries if d.user)
    assert invited == ["UA", "UB", "UC"]
    assert plain(outcome.reply.text).endswith("3 personer har fått en inbjudan i ett DM.")  # type: ignore[attr-defined]
    assert plain(outcome.reply.details[0]) == (  # type: ignore[attr-defined]
        "Du själv är inte inbjuden (starta med med mig om du också ska svara).")
    (announced,) = [d for d in outcome.deliveries if d.channel]
    assert announced.channel == "CFC"
    text = plain(announced.answer.text)  # type: ignore[attr-defined]
    assert text == ("Självreflektionen för FC Råslätt har startat: 3 personer har fått en "
                    "inbjudan i ett DM.")
    assert not any(user in text for user in ("UA", "UB", "UC", "UK"))


def test_closing_below_the_threshold_says_so_and_asks_with_a_confirm(
        fresh_store: SqlStore) -> None:
    ask(fresh_store, "starta FC Råslätt")
    rid = fresh_store.rounds_in_channel("CFC")[0].id
    for user in ("UA", "UB"):
        fresh_store.record_vote(round_id=rid, user=user, statement_key=KEYS[0], value="works")
    question = ask(fresh_store, "stäng")
    assert isinstance(question, Message)
    assert plain(question.text) == "2 av 4 har svarat; resultat visas från 3 – stäng ändå?"
    close = question.actions[0]
    assert (close.label, close.action_id, close.value) == ("Stäng ändå", "refl_close", str(rid))
    assert close.confirm is not None and close.confirm.text.startswith("2 av 4 har svarat.")
    assert fresh_store.reflection_round(rid).status == "open"  # type: ignore[union-attr]
    refused = ask(fresh_store, "stäng ändå", user="UA")
    assert isinstance(refused, Refusal)
    assert plain(refused.message).startswith("Bara familjecentralens samordnare (för #CFC)")
    closed = command.ACTIONS["refl_close"](
        Request(text="", today=TODAY, user="UK", channel="CFC"), close.value, fresh_store)
    assert isinstance(closed, Outcome)
    announced = [d for d in closed.deliveries if d.channel == "CFC"][-1]  # after the result
    assert plain(announced.answer.text) == (  # type: ignore[attr-defined]
        "Självreflektionen för FC Råslätt är stängd: 2 av 4 svarade. Tack alla!")


def test_closing_above_the_threshold_still_asks_first(fresh_store: SqlStore) -> None:
    ask(fresh_store, "starta FC Råslätt")
    rid = fresh_store.rounds_in_channel("CFC")[0].id
    for user in ("UA", "UB", "UC"):
        fresh_store.record_vote(round_id=rid, user=user, statement_key=KEYS[0], value="works")
    question = ask(fresh_store, "stäng")
    assert isinstance(question, Message)
    assert plain(question.text) == "3 av 4 har svarat – stänga omgången nu?"
    assert question.actions[0].confirm is not None
    assert isinstance(ask(fresh_store, "stäng nu"), Outcome)


class English(Members):
    def language(self, user: str) -> str | None:
        return "en" if user == "UB" else None


def test_reminders_go_out_in_each_persons_language(fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(b"coordinating-test")
    request = Request(text="starta FC Råslätt", today=TODAY, user="UK", channel="CFC",
                      directory=English())
    invited = command.handle(request, fresh_store)
    assert isinstance(invited, Outcome)
    to_bertil = next(d for d in invited.deliveries if d.user == "UB")
    assert plain(to_bertil.answer.text).startswith("Self-reflection for FC Råslätt – you are "  # type: ignore[attr-defined]
                                                   "invited to answer.")
    reminded = command.handle(Request(text="påminn", today=TODAY, user="UK", channel="CFC",
                                      directory=English()), fresh_store)
    assert isinstance(reminded, Outcome)
    texts = {d.user: plain(d.answer.text) for d in reminded.deliveries}  # type: ignore[attr-defined]
    assert texts["UB"].startswith("Reminder: the self-reflection for FC Råslätt is open")
    assert texts["UA"].startswith("Påminnelse: självreflektionen för FC Råslätt är öppen")


def test_a_centres_second_round_in_a_year_is_named_apart_everywhere(
        fresh_store: SqlStore) -> None:
    names = []
    for _ in range(2):
        ask(fresh_store, "starta FC Råslätt")
        rid = fresh_store.rounds_in_channel("CFC")[0].id
        for user in ("UA", "UB", "UC"):
            for key in KEYS:
                fresh_store.record_vote(round_id=rid, user=user, statement_key=key,
                                        value="works")
        closed = ask(fresh_store, "stäng ändå")
        assert isinstance(closed, Outcome)
        result = closed.deliveries[0]
        assert result.attachment is not None
        names.append((plain(result.answer.title), result.attachment.filename))  # type: ignore[attr-defined]
    assert names == [("Självreflektion FC Råslätt 2026", "sjalvreflektion-fc-raslatt-2026.png"),
                     ("Självreflektion FC Råslätt 2026, omgång 2",
                      "sjalvreflektion-fc-raslatt-2026-omgang-2.png")]
    # the coordinator's own DM: a result is not shown in the centre's channel (issue 11)
    csv = command.handle(Request(text=f"csv {rid}", today=TODAY, user="UK", channel="DUK"),
                         fresh_store)
    assert isinstance(csv, Outcome)
    assert plain(csv.reply.text).startswith(  # type: ignore[attr-defined]
        "Här är resultatet för FC Råslätt 2026, omgång 2 som CSV")
    assert csv.deliveries[0].attachment.filename == (  # type: ignore[union-attr]
        "sjalvreflektion-fc-raslatt-2026-omgang-2.csv")


def test_a_coordinator_who_writes_english_is_answered_in_english(fresh_store: SqlStore) -> None:
    ask(fresh_store, "starta FC Råslätt")
    english = Request(text="", today=TODAY, user="UK", channel="CFC", lang="en",
                      directory=Members())
    status = command.handle(replace(english, text="status"), fresh_store)
    assert isinstance(status, Message)
    assert plain(status.text) == ("Self-reflection FC Råslätt 2026: open, is closed by the "
                                  "coordinator.")
    assert status.details[0] == ("4 invited · 0 have answered all · 0 have started · 4 have "
                                 "not started.")
    question = command.handle(replace(english, text="close"), fresh_store)
    assert isinstance(question, Message)
    assert plain(question.text) == "0 of 4 have answered; results are shown from 3 – close anyway?"
    assert question.actions[0].confirm is not None
    assert question.actions[0].confirm.text == "0 of 4 have answered. This cannot be undone."
    reminded = command.handle(replace(english, text="remind"), fresh_store)
    assert isinstance(reminded, Outcome)
    assert plain(reminded.reply.text).startswith("I have sent a reminder to 4 who have not")  # type: ignore[attr-defined]
