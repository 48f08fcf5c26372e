"""`/avtal roll`, `roller` and `logg` through the brain and a real database, with every error
message a user can meet, and the refusals of each privileged action (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from bot.service import Brain
from commands.core.agreement_roles import BodyRoles
from commands.core.answers import Message, Problem, Refusal, Table, plain
from commands.core.context import Request
from commands.roles.command import role_command
from storage.store import SqlStore
from tests.commands.agreements_fixture import MemoryStore
from tests.roles_fixture import Directory, set_centre_roles, set_roles

ADMIN, MEMBER, COORD = "U0ADMIN", "U0MEMBER", "U0COORD"
TODAY = dt.date(2026, 11, 25)


class EmailDirectory(Directory):
    def user_by_email(self, email: str) -> str | None:
        return {"ordf@krokom.se": "U0CHAIR"}.get(email)


@pytest.fixture
def brain(fresh_store: SqlStore) -> Brain:
    return Brain(fresh_store, today=TODAY, directory=EmailDirectory(
        {"C0FC": [COORD, MEMBER]}, admins=[ADMIN]))


def ask(brain: Brain, text: str, user: str = ADMIN, channel: str | None = "C0X") -> str:
    answer = brain.ask(text, user=user, channel=channel)
    return plain(answer.message) if isinstance(answer, Problem) else to_text(answer)


def test_every_error_message_of_roll(brain: Brain) -> None:
    example = "/avtal roll ge @anna samordnare #fc-raslatt"
    answer = brain.ask("roll", user=ADMIN)
    assert isinstance(answer, Problem) and example in answer.examples
    assert plain(answer.message) == "Skriv om rollen ska ges eller tas bort, till vem och vilken."
    assert ask(brain, "roll kröna <@U0A> samordnare") == (
        "”kröna” – skriv ”ge” eller ”ta bort” först.")
    assert ask(brain, "roll ge <@U0A>") == "Ange personen, rollen och vad den gäller."
    assert ask(brain, "roll ge anna samordnare <#C0FC>") == (
        "”anna” är ingen person jag känner igen; nämn personen med @ eller skriv "
        "e-postadressen.")
    assert ask(brain, "roll ge <@U0A> kung <#C0FC>") == (
        "”kung” är ingen roll; välj samordnare, ordförande eller sekreterare.")
    assert ask(brain, "roll ge <@U0A> samordnare") == (
        "Ange familjecentralens kanal, t.ex. #fc-raslatt.")
    assert ask(brain, "roll ge <@U0A> ordförande").startswith("Vilken grupp gäller rollen?")
    assert ask(brain, "roll ge okand@krokom.se ordförande styrgrupp CMV") == (
        "Ingen i arbetsytan har e-postadressen okand@krokom.se.")
    assert ask(brain, "roll ta bort <@U0A> ordförande styrgrupp CMV") == (
        "U0A har inte rollen ordförande för Styrgrupp CMV (CMV Jämtland).")
    nowhere = role_command(Request(text="ge <@U0A> samordnare <#C0FC>", today=TODAY),
                           MemoryStore())
    assert isinstance(nowhere, Problem) and plain(nowhere.message) == (
        "Roller kan inte sparas här.")


def test_grant_list_and_revoke(brain: Brain) -> None:
    granted = ask(brain, "roll ge ordf@krokom.se ordförande styrgrupp CMV")
    assert granted.startswith("✅ U0CHAIR är nu ordförande för Styrgrupp CMV (CMV Jämtland).")
    assert ask(brain, "roll ge <@U0CHAIR> ordförande styrgrupp CMV").startswith(
        "U0CHAIR har redan rollen ordförande")
    listed = ask(brain, "roller CMV", user=MEMBER)  # anyone may see who holds what
    assert "ordförande Styrgrupp CMV (CMV Jämtland): U0CHAIR (given i chatten)" in listed
    assert "Administratörer: arbetsytans administratörer och ägare" in listed
    assert ask(brain, "roll ta bort <@U0CHAIR> ordförande styrgrupp CMV").startswith(
        "U0CHAIR är inte längre ordförande")


def test_a_files_role_is_revoked_in_the_file(brain: Brain) -> None:
    set_roles(brain.store, "cmv-jamtland",
              bodies=[BodyRoles(body="styrgrupp", secretary=("U0SEK",))])
    assert ask(brain, "roll ta bort <@U0SEK> sekreterare styrgrupp CMV") == (
        "U0SEK har rollen genom avtalsfilen; ta bort den där och läs in filen igen "
        "(avtalsbot import).")
    assert "sekreterare Styrgrupp CMV (CMV Jämtland): U0SEK (avtalsfilen)" in ask(
        brain, "roller")


def test_the_log_for_administrators(brain: Brain) -> None:
    ask(brain, "roll ge <@U0CHAIR> ordförande styrgrupp CMV")
    ask(brain, "möte lägg till styrgrupp CMV 2027-02-12 kl 13", user="U0CHAIR")
    trail = brain.ask("logg CMV", user=ADMIN, channel="C0X")
    assert isinstance(trail, Table) and trail.title == "Logg – CMV Jämtland"
    assert [r[2] for r in trail.rows][-2:] == ["role.grant", "meeting.add"]
    assert trail.rows[-1][1] == "U0CHAIR" and '"date": "2027-02-12"' in trail.rows[-1][5]
    empty = brain.ask("logg CMV 2020", user=ADMIN, channel="C0X")
    assert isinstance(empty, Message) and plain(empty.text) == (
        "Loggen har inga ändringar för det du frågade om.")
    refused = brain.ask("logg", user=MEMBER, channel="C0X")
    assert isinstance(refused, Refusal) and plain(refused.message).startswith(
        "Bara administratörer – arbetsytans administratörer och ägare")


def test_results_go_only_where_the_steering_group_reads_them(fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(b"roles-test-secret")
    set_centre_roles(fresh_store, coordinator=COORD, steering="C0LG", channels=["C0FC"])
    brain = Brain(fresh_store, today=TODAY, directory=Directory(
        {"C0FC": [COORD, "U0A", "U0B", "U0C"]}))
    elsewhere = brain.ask("självreflektion starta FC resultat <#C0RANDOM|slask>", user=COORD,
                          channel="C0FC")
    assert isinstance(elsewhere, Refusal)
    assert plain(elsewhere.message) == (
        "Resultatet går bara till styrgruppens kanal #C0LG eller till ditt eget "
        "direktmeddelande (resultat mig). En annan kanal kan bara en administratör välja "
        "(eller ange som steering_channel i avtalsfilen). Inget har ändrats.")
    assert fresh_store.all_rounds() == []
    mine = brain.ask("självreflektion starta FC resultat mig", user=COORD, channel="C0FC")
    assert fresh_store.all_rounds()[0].results_channel == COORD, to_text(mine)


def test_marking_done_outside_the_responsible_channel_is_refused(brain: Brain) -> None:
    key = "cmv-jamtland/uppsagning/2026-12-31"
    refused = brain.act("deadline_done", key, user=MEMBER, channel="C0STYR")
    assert isinstance(refused, Refusal)
    assert plain(refused.message) == (
        "Bara de som är med i #C0STYR, där deadlinen påminns, får markera den som klar – eller "
        "en administratör. Gå med i kanalen eller be någon där. Inget har ändrats.")
    assert key not in brain.store.done_occurrences()
    assert isinstance(brain.act("deadline_done", key, user=ADMIN, channel="C0STYR"), Message)


def test_a_files_role_given_by_e_mail_is_resolved_through_the_directory(brain: Brain) -> None:
    set_roles(brain.store, "cmv-jamtland",
              bodies=[BodyRoles(body="styrgrupp", chair=("ordf@krokom.se",))])
    add = "möte lägg till styrgrupp CMV 2027-02-12 kl 13"
    assert isinstance(brain.ask(add, user=MEMBER, channel="C0X"), Refusal)
    added = brain.ask(add, user="U0CHAIR", channel="C0X")
    assert not isinstance(added, Problem), to_text(added)
    assert "ordförande Styrgrupp CMV (CMV Jämtland): U0CHAIR (avtalsfilen)" in ask(brain,
                                                                                  "roller")


def test_app_home_says_what_is_stored_for_how_long_and_who_sees_it(brain: Brain) -> None:
    home = to_text(brain.home(user=MEMBER))
    assert "Vad jag sparar och hur länge" in home
    assert "3 år efter att omgången stängts raderas röster, kommentarer och deltagarlista" in home
    assert "under en pseudonym, aldrig under ditt namn eller Slack-id" in home
    assert "ändringsloggen (vem, vad, när, före och efter), som bara administratörer läser" in home
    brain.retention_days = 400
    assert "400 dagar efter att omgången stängts" in to_text(brain.home(user=MEMBER))


@pytest.mark.parametrize(("question", "expected", "example"), [
    ("vem är ordförande i styrgruppen för CMV?",
     "Ingen är angiven som ordförande för Styrgrupp CMV (CMV Jämtland) i Avtalsbot.",
     "/avtal roll ge @namn ordförande styrgruppen CMV Jämtland"),
    ("who chairs the CMV steering group?",
     "No one is set as chair of Styrgrupp CMV (CMV Jämtland) in Avtalsbot.",
     "/avtal role grant @name chair styrgruppen CMV Jämtland"),
])
def test_who_holds_a_role_before_anyone_does_says_so_and_how_to_set_it(
        brain: Brain, question: str, expected: str, example: str) -> None:
    """Not the steering group's meetings (its word routed there) nor a clause: the roles."""
    text = ask(brain, question, user=MEMBER)
    assert text.startswith(expected), text
    assert example in text, text
    # the example, with a person, works as written
    granted = ask(brain, example.replace("/avtal ", "").replace("@namn", "<@U0BO>")
                  .replace("@name", "<@U0BO>"))
    assert granted.startswith("✅"), granted


def test_who_holds_a_role_names_the_holder_of_that_role_in_that_group(brain: Brain) -> None:
    for change in ("roll ge <@U0BO> ordförande styrgrupp CMV",
                   "roll ge <@U0SEK> sekreterare styrgrupp CMV",
                   "roll ge <@U0SOC> ordförande socsam CMV"):
        assert ask(brain, change).startswith("✅")
    text = ask(brain, "vem är ordförande i styrgruppen för CMV?", user=MEMBER)
    assert text == "Ordförande för Styrgrupp CMV (CMV Jämtland): U0BO.", text
    text = ask(brain, "vem är sekreterare i styrgruppen för CMV?", user=MEMBER)
    assert text == "Sekreterare för Styrgrupp CMV (CMV Jämtland): U0SEK.", text
