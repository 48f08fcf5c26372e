"""App Home per person: the deadlines of the agreements whose channels the person is in
(membership through the Directory port), their open rounds with their own progress, the
priority goals' follow-ups, and a coordinator's round controls — a valid Home view within
Slack's 100 blocks."""

from __future__ import annotations

import datetime as dt

from bot.render import to_text
from bot.render.blocks import MAX_HOME_BLOCKS, home_view
from commands.core.answers import Message, plain
from commands.core.context import Request
from commands.core.ports import RoleGrant
from commands.reflection import command
from commands.reflection.model import Goal
from commands.routing.home import home
from storage.store import SqlStore
from tests.commands.agreements_fixture import MemoryStore
from tests.commands.reflection.round_data import KEYS

TODAY = dt.date(2026, 12, 1)


class Directory:
    def __init__(self, channels: dict[str, list[str]]) -> None:
        self.channels = channels

    def human_members(self, channel: str) -> list[str]:
        return [u for u, theirs in self.channels.items() if channel in theirs]

    def channels_of(self, user: str) -> list[str]:
        return self.channels.get(user, [])

    def is_admin(self, user: str) -> bool:
        return False

    def is_member(self, channel: str, user: str) -> bool:
        return channel in self.channels.get(user, [])

    def user_by_email(self, email: str) -> str | None:
        return None


class NoMemberships:
    def human_members(self, channel: str) -> list[str]:
        return []


def deadlines(parts: tuple[object, ...]) -> list[str]:
    section = next((p for p in parts if isinstance(p, Message)
                    and "Deadlines" in plain(p.text)), None)
    return [plain(d) for d in section.details] if section else []


def test_each_person_sees_the_deadlines_of_their_own_agreements() -> None:
    directory = Directory({"UCMV": ["#cmv-styrgrupp"], "UNONE": ["#random"]})
    cmv = home(Request(text="", today=TODAY, user="UCMV", directory=directory), MemoryStore())
    listed = deadlines(cmv.parts)
    assert listed and all("(CMV Jämtland)" in line for line in listed if line.startswith("•"))
    assert plain(cmv.parts[0].details[1]) == "Här visas de 1 avtal vars kanaler du är med i."  # type: ignore[attr-defined]
    everyone = home(Request(text="", today=TODAY, user="UCMV", directory=NoMemberships()),
                    MemoryStore())
    assert any("(Familjecentraler Jönköping)" in line for line in deadlines(everyone.parts))
    assert plain(everyone.parts[0].details[1]) == (  # type: ignore[attr-defined]
        "Jag kan inte se vilka kanaler du är med i, så här visas alla avtal.")
    nobody = home(Request(text="", today=TODAY, user="UNONE", directory=directory),
                  MemoryStore())
    assert deadlines(nobody.parts) == []
    assert plain(nobody.parts[0].details[1]).startswith("Du är inte med i någon av avtalens")


def test_rounds_goals_and_a_coordinators_controls_in_a_valid_home_view(
        fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(b"home-test")
    # UK coordinates the centre (issue 11: only its coordinators start its rounds)
    fresh_store.grant_role(RoleGrant("coordinator", "UK", "jonkoping-familjecentraler", "CFC"),
                           actor="test")
    directory = Directory({"UK": ["CFC"], "UA": ["CFC"], "UB": ["CFC"], "UC": ["CFC"]})
    start = Request(text="starta FC Råslätt", today=dt.date(2026, 11, 1), user="UK",
                    channel="CFC", directory=directory)
    command.handle(start, fresh_store)
    rid = fresh_store.rounds_in_channel("CFC")[0].id
    fresh_store.record_vote(round_id=rid, user="UA", statement_key=KEYS[0], value="works")
    fresh_store.set_goal(round_id=rid, goal=Goal(position=1, text="Rutin för bekräftelse",
                                                 statement_key=KEYS[4],
                                                 follow_up_on=dt.date(2027, 6, 1)))
    anna = home(Request(text="", today=TODAY, user="UA", directory=directory), fresh_store)
    text = to_text(anna)
    assert "FC Råslätt: du har svarat på 1 av 30" in text
    assert "2027-06-01 (tisdag): Rutin för bekräftelse (FC Råslätt, mål 1)" in text
    assert "Stäng" not in text  # no controls for staff
    coordinator = home(Request(text="", today=TODAY, user="UK", directory=directory),
                       fresh_store)
    section = next(p for p in coordinator.parts if isinstance(p, Message)
                   and plain(p.text) == "Självreflektion")
    assert "FC Råslätt (du samordnar): 0 av 4 har svarat på alla, 1 har börjat" in plain(
        section.details[0])
    close = next(a for a in section.actions if a.action_id == "refl_close")
    assert close.label == "Stäng: FC Råslätt" and close.confirm is not None
    assert close.confirm.text == ("1 av 4 har svarat; resultat visas från 3, så inget "
                                  "resultat visas.")
    view = home_view(coordinator).to_dict()
    assert view["type"] == "home" and len(view["blocks"]) <= MAX_HOME_BLOCKS
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"Påminn: FC Råslätt", "Stäng: FC Råslätt", "Fortsätt: FC Råslätt"} <= {
        b["text"]["text"] for b in buttons}
    english = home(Request(text="", today=TODAY, user="UK", directory=directory, lang="en"),
                   fresh_store)
    assert "FC Råslätt (you coordinate): 0 of 4 have answered all" in to_text(english)
