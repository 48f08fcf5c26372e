"""Roles in the console (issue 11): a refusal can be tried without Slack — `/user` switches to
an ordinary member, `/admin` makes one an administrator, `/roll` grants a role — and a button
that cannot be undone asks "Säker? (j/n)" first."""

from __future__ import annotations

import datetime as dt
import io

from bot.console import run
from bot.service import Brain
from commands.core.answers import Action, Answer, Message
from commands.nudges.wording import DONE_ACTION, done_confirm
from storage.store import SqlStore

ADD = "möte lägg till styrgrupp CMV 2027-02-12 kl 13"


def chat(brain: Brain, *lines: str) -> list[str]:
    said: list[str] = []
    assert run(brain, stdin=io.StringIO("\n".join(lines) + "\n"), write=said.append) == 0
    return said


def replies(said: list[str]) -> list[str]:
    return [s for s in said if s.startswith("bot> ")]


def test_a_member_is_refused_until_an_administrator_grants_the_role(
        fresh_store: SqlStore) -> None:
    brain = Brain(fresh_store, today=dt.date(2026, 11, 25))
    said = chat(brain, "/user anna", ADD,
                "roll ge @anna ordförande styrgrupp CMV",  # anna may not grant herself
                "/user console", "/roll ge @anna ordförande styrgrupp CMV",
                "/user anna", ADD)
    first, self_grant, granted, allowed = replies(said)
    assert "Bara ordförande eller sekreterare i Styrgrupp CMV" in first
    assert "Ingen har den rollen ännu." in first and "Inget har ändrats." in first
    assert "Bara administratörer" in self_grant
    assert "✅ anna är nu ordförande för Styrgrupp CMV (CMV Jämtland)." in granted
    assert "Bara ordförande" not in allowed and "2027-02-12" in allowed
    roles = replies(chat(brain, "roller CMV"))[0]
    assert "ordförande Styrgrupp CMV (CMV Jämtland): anna (given i chatten)" in roles


def test_admin_makes_a_simulated_user_an_administrator(fresh_store: SqlStore) -> None:
    brain = Brain(fresh_store, today=dt.date(2026, 11, 25))
    said = chat(brain, "/user bertil", "logg", "/admin bertil", "logg")
    refused, trail = replies(said)
    assert "Bara administratörer" in refused
    assert "(bertil är nu administratör)" in said
    assert "Logg" in trail and "agreement.seed" in trail


class Pressed(Brain):
    """A brain whose answer carries an irreversible button; it records the presses."""

    pressed: list[str]

    def ask(self, text: str, *, user: str = "console", channel: str | None = None) -> Answer:
        return Message(lang="sv", text="Påminnelse", actions=(Action(
            "Markera som klar", DONE_ACTION, "cmv-jamtland/uppsagning/2026-12-31",
            confirm=done_confirm("sv")),))

    def act(self, action_id: str, value: str, *, user: str, channel: str | None) -> Answer:
        self.pressed.append(value)
        return Message(lang="sv", text="✅ Klar")


def test_an_irreversible_button_asks_first(fresh_store: SqlStore) -> None:
    brain = Pressed(fresh_store)
    brain.pressed = []
    said = chat(brain, "påminnelse", "1", "n", "1", "j")
    assert brain.pressed == ["cmv-jamtland/uppsagning/2026-12-31"]  # once: after the yes
    asked = [s for s in said if s.startswith("Markera som klar? Inga fler påminnelser")]
    assert len(asked) == 2 and said.count("Säker? (j/n)") == 2
    assert "(avbrutet – inget har ändrats)" in said
    assert replies(said)[-1] == "bot> ✅ Klar"
