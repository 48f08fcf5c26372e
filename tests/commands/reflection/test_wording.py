"""What a round says in conversation: the invitation's promise, and text with structure —
emphasis, commands, channels and other people's words as spans, never Slack marks."""

from __future__ import annotations

import datetime as dt

from bot.render.markup import mrkdwn
from commands.core.answers import ChannelRef, Code, Quote, Rich, Strong, plain
from commands.reflection.rules import items
from commands.reflection.wording import (
    centre_text,
    closed_reply,
    default_centre,
    goal_recorded,
    invitation,
    joint_recorded,
    not_posted_help,
)
from tests.commands.reflection.round_data import INSTRUMENT, a_round


def test_the_invitation_states_the_rule_per_statement() -> None:
    invite = invitation(a_round(min_respondents=4), INSTRUMENT)
    said = " ".join(plain(d) for d in invite.details)
    assert ("Samma gräns gäller varje påstående för sig: har färre än 4 svarat på ett "
            "påstående visas inga siffror för det, och det räknas inte in i kategorierna "
            "eller i jämförelsen med förra omgången.") in said
    assert "Kommentarer visas bara om minst 5 har svarat på just det påståendet" in said


def test_the_invitation_carries_structure_not_slack_marks() -> None:
    invite = invitation(a_round(centre="FC <b>*Råslätt*"), INSTRUMENT)
    assert isinstance(invite.text, Rich)
    assert Strong("Fungerar") in invite.text.spans
    assert mrkdwn(invite.text).startswith("*Självreflektion för FC &lt;b&gt;*Råslätt**")
    linked = invitation(a_round(centre="familjecentralen i <#C0FC>"), INSTRUMENT)
    assert mrkdwn(linked.text).startswith("*Självreflektion för familjecentralen i* <#C0FC> –")
    last = invite.details[-1]
    assert isinstance(last, Rich) and Code("/avtal självreflektion svara") in last.spans
    assert plain(last) == "Börja med knappen, eller skriv /avtal självreflektion svara."


def test_a_centre_named_after_its_channel_links_the_channel() -> None:
    assert default_centre("C0RASLATT") == "familjecentralen i <#C0RASLATT>"
    assert default_centre("fc-raslatt") == "familjecentralen i #fc-raslatt"
    linked = centre_text(default_centre("C0RASLATT"))
    assert linked.spans == ("familjecentralen i ", ChannelRef("C0RASLATT"))
    assert mrkdwn(linked) == "familjecentralen i <#C0RASLATT>"
    assert plain(centre_text(default_centre("fc-raslatt"))) == "familjecentralen i #fc-raslatt"
    assert centre_text("FC Råslätt", strong=True).spans == (Strong("FC Råslätt"),)


def test_other_peoples_words_are_quoted_and_escaped() -> None:
    item = items(INSTRUMENT)[4]
    joint = joint_recorded(item, "develop", "Vi når inte <!channel>", recorded=1, total=30)
    assert isinstance(joint.text, Rich)
    assert Quote("Vi når inte <!channel>") in joint.text.spans
    assert Strong("Behöver utvecklas") in joint.text.spans
    assert "&lt;!channel&gt;" in mrkdwn(joint.text) and "<!channel>" not in mrkdwn(joint.text)
    goal = goal_recorded(a_round(), 1, "Rutin *för* <@U1>", item, dt.date(2027, 6, 1), chosen=1)
    assert isinstance(goal.text, Rich) and Quote("Rutin *för* <@U1>") in goal.text.spans
    assert "<@U1>" not in mrkdwn(goal.text)


def test_closing_and_help_name_the_results_channel_as_a_channel() -> None:
    closed = a_round(status="closed", results_channel="C0LEDNING")
    reply = closed_reply(closed, by_coordinator=True)
    assert isinstance(reply.text, Rich) and ChannelRef("C0LEDNING") in reply.text.spans
    assert mrkdwn(reply.text).endswith("Resultatet skickas nu till <#C0LEDNING>.")
    assert plain(reply.text).endswith("Resultatet skickas nu till #C0LEDNING.")
    helped = not_posted_help(closed, "not_in_channel")
    assert mrkdwn(helped.details[0]) == ("Gör så här: gå till <#C0LEDNING> och skriv "
                                         "`/invite @Avtalsbot`.")
