"""Each permission rule on its own: pure functions over the asker's facts (issue 11)."""

from __future__ import annotations

from commands.core.agreement_roles import BodyRoles, CentreRoles, Roles
from commands.core.ports import RoleGrant
from commands.roles.rules import (
    Allowed,
    Asker,
    Refused,
    file_grants,
    may_administer,
    may_change_meetings,
    may_mark_done,
    may_run_round,
    may_send_results_to,
    may_share_result,
    steering_channel_of,
)
from tests.commands.agreements_fixture import agreement

CHAIR = RoleGrant("chair", "U0CHAIR", "cmv-jamtland", "styrgrupp")
SECRETARY = RoleGrant("secretary", "U0SEC", "cmv-jamtland", "styrgrupp")
COORD = RoleGrant("coordinator", "U0COORD", "jonkoping-familjecentraler", "C0FC")
GRANTS = (CHAIR, SECRETARY, COORD)
MEMBER = Asker("U0RANDOM")
ADMIN = Asker("U0ADMIN", is_admin=True)


def test_meetings_chair_and_secretary_of_that_body_only() -> None:
    def decide(asker: Asker, body: str = "styrgrupp") -> object:
        return may_change_meetings(asker, agreement_id="cmv-jamtland", body_key=body,
                                   grants=GRANTS)

    assert decide(Asker("U0CHAIR", roles=(CHAIR,))) == Allowed()
    assert decide(Asker("U0SEC", roles=(SECRETARY,))) == Allowed()
    assert decide(ADMIN) == Allowed()
    refused = decide(MEMBER)
    assert isinstance(refused, Refused) and refused.privilege == "meetings"
    assert refused.holders == ("U0CHAIR", "U0SEC")  # the refusal says whom to ask
    # the chair of one body is no one special in another
    assert isinstance(decide(Asker("U0CHAIR", roles=(CHAIR,)), body="socsam"), Refused)
    # nor is a coordinator
    assert isinstance(decide(Asker("U0COORD", roles=(COORD,))), Refused)


def test_the_command_line_operator_may_do_what_an_administrator_may() -> None:
    operator = Asker("console", operator=True)
    assert may_change_meetings(operator, agreement_id="x", body_key="y", grants=()) == Allowed()
    assert may_administer(operator) == Allowed()


def test_mark_done_by_members_of_the_responsible_channel() -> None:
    assert may_mark_done(MEMBER, channel="C0CMV", in_channel=True) == Allowed()
    refused = may_mark_done(MEMBER, channel="C0CMV", in_channel=False)
    assert isinstance(refused, Refused) and refused.scope == "C0CMV"
    assert may_mark_done(ADMIN, channel="C0CMV", in_channel=False) == Allowed()
    # a deadline without a channel: only an administrator
    assert isinstance(may_mark_done(MEMBER, channel=None, in_channel=True), Refused)


def test_rounds_are_run_by_the_centres_coordinators() -> None:
    coordinator = Asker("U0COORD", roles=(COORD,))
    assert may_run_round(coordinator, centre_channel="C0FC", grants=GRANTS) == Allowed()
    assert may_run_round(ADMIN, centre_channel="C0FC", grants=GRANTS) == Allowed()
    refused = may_run_round(MEMBER, centre_channel="C0FC", grants=GRANTS)
    assert isinstance(refused, Refused) and refused.holders == ("U0COORD",)
    # a coordinator of one centre does not run another's rounds
    other = may_run_round(coordinator, centre_channel="C0OTHER", grants=GRANTS)
    assert isinstance(other, Refused) and other.holders == ()


def test_results_go_to_the_steering_channel_or_the_coordinators_dm() -> None:
    coordinator = Asker("U0COORD", roles=(COORD,))
    assert may_send_results_to(coordinator, target=None, steering_channel="C0LG") == Allowed()
    assert may_send_results_to(coordinator, target="C0LG", steering_channel="C0LG") == Allowed()
    assert may_send_results_to(coordinator, target="U0COORD",
                               steering_channel="C0LG") == Allowed()
    elsewhere = may_send_results_to(coordinator, target="C0RANDOM", steering_channel="C0LG")
    assert isinstance(elsewhere, Refused) and elsewhere.privilege == "results_target"
    # someone else's DM is no better than a random channel
    assert isinstance(may_send_results_to(coordinator, target="U0ANNA",
                                          steering_channel="C0LG"), Refused)
    assert may_send_results_to(ADMIN, target="C0RANDOM", steering_channel="C0LG") == Allowed()


def test_a_closed_rounds_result_is_shown_in_the_steering_channel_or_privately() -> None:
    coordinator = Asker("U0COORD", roles=(COORD,))

    def share(asker: Asker, channel: str | None) -> object:
        return may_share_result(asker, channel=channel, steering_channel="C0LG",
                                centre_channel="C0FC")

    assert share(MEMBER, "C0LG") == Allowed()  # the steering group reads it where it is
    assert share(coordinator, "D0COORD") == Allowed()
    assert share(ADMIN, None) == Allowed()
    for asker, channel in ((MEMBER, "C0RANDOM"), (MEMBER, "D0RANDOM"), (coordinator, "C0FC"),
                           (ADMIN, "C0RANDOM")):
        refused = share(asker, channel)
        assert isinstance(refused, Refused) and refused.privilege == "share_result", (asker,
                                                                                     channel)


def test_only_administrators_grant_roles_and_read_the_trail() -> None:
    assert may_administer(ADMIN) == Allowed()
    assert may_administer(Asker("U0CHAIR", roles=(CHAIR,))) == Refused("admin")


def test_the_files_roles_become_grants_and_steering_channels() -> None:
    jonkoping = agreement("jonkoping-familjecentraler")
    cmv = agreement("cmv-jamtland")
    with_roles = [
        cmv.model_copy(update={"roles": Roles(bodies=(BodyRoles(
            body="styrgrupp", chair=("U0CHAIR",), secretary=("sekr@ostersund.se",)),))}),
        jonkoping.model_copy(update={"roles": Roles(centres=(CentreRoles(
            channel="C0FC", coordinators=("U0COORD",), steering_channel="C0LG"),))}),
    ]
    assert file_grants(with_roles) == [
        RoleGrant("chair", "U0CHAIR", "cmv-jamtland", "styrgrupp", "file"),
        RoleGrant("secretary", "sekr@ostersund.se", "cmv-jamtland", "styrgrupp", "file"),
        RoleGrant("coordinator", "U0COORD", "jonkoping-familjecentraler", "C0FC", "file"),
    ]
    assert steering_channel_of(with_roles, "C0FC", configured="C0OLD") == "C0LG"
    assert steering_channel_of(with_roles, "C0ELSE", configured="C0OLD") == "C0OLD"
