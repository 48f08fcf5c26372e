"""Which nudges are due when, what they say, and the "Markera som klar" button."""

from __future__ import annotations

import datetime as dt

from bot.render import to_text
from bot.render.blocks import to_blocks
from bot.render.markup import mrkdwn
from commands.core.answers import Message, Problem
from commands.core.context import Request
from commands.deadlines.rules import next_occurrence
from commands.nudges.rules import due_nudges, nudge_for, send_day
from commands.nudges.wording import DONE_ACTION, nudge_line, nudge_message
from commands.routing import router
from tests.commands.agreements_fixture import MemoryStore, agreement, bundled

CMV = "cmv-jamtland"
NOTICE_KEY = "cmv-jamtland/uppsagning/2026-12-31"


def _cmv_notice_nudges(today: dt.date, **kw):  # type: ignore[no-untyped-def]
    return [n for n in due_nudges(bundled(), today, **kw) if n.occurrence.key == NOTICE_KEY]


def test_send_days_count_back_from_the_act_by_day_to_a_working_day() -> None:
    act_by = dt.date(2026, 12, 30)  # CMV notice: 31 Dec is nyårsafton
    assert send_day(act_by, 30) == dt.date(2026, 11, 30)
    assert send_day(act_by, 7) == dt.date(2026, 12, 23)
    assert send_day(act_by, 1) == dt.date(2026, 12, 29)
    # 60 days before is Saturday 31 October: the Friday before
    assert send_day(act_by, 60) == dt.date(2026, 10, 30)
    # 7 days before 2027-01-04 is 28 Dec (a Monday, working) …
    assert send_day(dt.date(2027, 1, 4), 7) == dt.date(2026, 12, 28)
    # … 10 days before is 25 December, juldagen: back over julafton to the 23rd
    assert send_day(dt.date(2027, 1, 4), 10) == dt.date(2026, 12, 23)


def test_on_time_nudges_on_their_days_and_nothing_in_between() -> None:
    [on_time] = _cmv_notice_nudges(dt.date(2026, 10, 30))
    assert (on_time.lead_days, on_time.late, on_time.channel) == (60, False, "#cmv-styrgrupp")
    assert on_time.key == f"{NOTICE_KEY}/60/styrgrupp"
    sent = {on_time.key}
    assert _cmv_notice_nudges(dt.date(2026, 11, 2), sent=sent) == []
    [thirty] = _cmv_notice_nudges(dt.date(2026, 11, 30), sent=sent)
    assert (thirty.lead_days, thirty.late) == (30, False)


def test_catch_up_sends_only_the_nearest_missed_lead_marked_late() -> None:
    # offline from before the 60-day reminder until 24 December: only the 7-day one, late
    [late] = _cmv_notice_nudges(dt.date(2026, 12, 28))
    assert (late.lead_days, late.late, late.send_on) == (7, True, dt.date(2026, 12, 23))
    message = nudge_message(late, dt.date(2026, 12, 28))
    assert "Sen påminnelse (7 dagar före): den skulle ha skickats 2026-12-23 (onsdag)." in (
        message.details)


def test_one_day_is_one_dag_in_the_message_and_the_dry_run_line() -> None:
    [late] = _cmv_notice_nudges(dt.date(2026, 12, 30))  # the 29th's reminder, missed
    assert (late.lead_days, late.late) == (1, True)
    assert "Sen påminnelse (1 dag före): den skulle ha skickats 2026-12-29 (tisdag)." in (
        nudge_message(late, dt.date(2026, 12, 30)).details)
    assert nudge_line(late).startswith("#cmv-styrgrupp  1 dag före (sen): ")


def test_nothing_after_the_act_by_day_or_once_done() -> None:
    assert _cmv_notice_nudges(dt.date(2026, 12, 31)) == []
    assert _cmv_notice_nudges(dt.date(2026, 12, 29), done={NOTICE_KEY}) == []


def test_lead_times_are_configurable_per_agreement() -> None:
    cmv = agreement(CMV).model_copy(update={"default_lead_days": (14,)})
    occurrence = next_occurrence(cmv, cmv.deadlines[0], dt.date(2026, 11, 25))
    assert occurrence is not None and occurrence.lead_days == (14,)
    assert nudge_for(occurrence, "C1", dt.date(2026, 12, 15)) is None
    nudge = nudge_for(occurrence, "C1", dt.date(2026, 12, 16))
    assert nudge is not None and (nudge.lead_days, nudge.late) == (14, False)


def test_a_channel_id_set_by_the_administrator_is_used() -> None:
    cmv = agreement(CMV)
    channels = tuple(c.model_copy(update={"slack_channel": "C0CMVSTYR"}) for c in cmv.channels)
    with_id = cmv.model_copy(update={"channels": channels})
    [nudge] = [n for n in due_nudges([with_id], dt.date(2026, 10, 30))
               if n.occurrence.rule_key == "uppsagning"]
    assert nudge.channel == "C0CMVSTYR"
    # the claim key names the channel by its key: setting the id later re-posts nothing
    assert nudge.key == f"{NOTICE_KEY}/60/styrgrupp"


def test_the_message_says_date_what_who_source_with_a_done_button() -> None:
    [nudge] = _cmv_notice_nudges(dt.date(2026, 11, 30))
    message = nudge_message(nudge, dt.date(2026, 11, 30))
    # the title is emphasis (Strong), rendered for Slack by bot/render/markup
    assert mrkdwn(message.text) == (
        "⏰ Påminnelse: *Sista dag för skriftlig uppsägning av avtalet* (CMV Jämtland) – senast "
        "2026-12-30 (onsdag, v. 53), om 30 dagar.")
    assert ("Förfallodagen 2026-12-31 är nyårsafton, så sista arbetsdagen före gäller."
            in message.details)
    assert "Ansvarig: Parterna (efter diskussion i SocSam)." in message.details
    assert message.source == "001 §22"
    [button] = message.actions
    assert (button.label, button.action_id, button.value) == (
        "Markera som klar", DONE_ACTION, NOTICE_KEY)
    blocks = to_blocks(message)
    actions = next(b for b in blocks if b["type"] == "actions")
    assert actions["elements"][0]["action_id"] == DONE_ACTION
    assert actions["elements"][0]["value"] == NOTICE_KEY
    assert "Markera som klar" in to_text(message)


def test_mark_done_button_records_once_and_names_who() -> None:
    store = MemoryStore()
    request = Request(text="", today=dt.date(2026, 11, 30), user="U0ANNA", channel="C1")
    first = router.act(request, DONE_ACTION, NOTICE_KEY, store)
    assert isinstance(first, Message) and first.replaces_clicked
    # the mention is a UserRef: a real mention in Slack, the id as written in the console
    assert mrkdwn(first.text) == ("✅ Klar: *Sista dag för skriftlig uppsägning av avtalet* "
                                  "(CMV Jämtland, 2026-12-31) – markerad av <@U0ANNA>.")
    assert str(first.text) == ("✅ Klar: Sista dag för skriftlig uppsägning av avtalet "
                               "(CMV Jämtland, 2026-12-31) – markerad av U0ANNA.")
    assert store.done == {NOTICE_KEY: "U0ANNA"}
    again = router.act(request, DONE_ACTION, NOTICE_KEY, store)
    assert isinstance(again, Message)
    assert str(again.text).endswith("var redan markerad som klar.")
    gone = router.act(request, DONE_ACTION, "cmv-jamtland/finns-inte/2026-12-31", store)
    assert isinstance(gone, Problem)
    assert gone.message == "Jag hittar inte den deadlinen längre; avtalet kan ha ändrats."
    garbage = router.act(request, DONE_ACTION, "nonsense", store)
    assert isinstance(garbage, Problem)


def test_entering_the_last_meeting_keeps_the_occurrence_and_its_done_mark() -> None:
    from commands.core.agreement import Meeting

    key = "cmv-jamtland/systematisk-uppfoljning/2026-12-31"
    store = MemoryStore()
    before = [n for n in due_nudges(store.agreements(), dt.date(2026, 11, 25))
              if n.occurrence.rule_key == "systematisk-uppfoljning"]
    assert [n.occurrence.key for n in before] == [key]
    assert before[0].occurrence.placeholder
    request = Request(text="", today=dt.date(2026, 11, 25), user="U0ANNA")
    assert isinstance(router.act(request, DONE_ACTION, key, store), Message)
    store.add_meeting(agreement_id=CMV, body_key="styrgrupp",
                      meeting=Meeting(date=dt.date(2026, 12, 9)))
    cmv = agreement(CMV)
    real = next_occurrence(store.agreements()[0], next(
        r for r in cmv.deadlines if r.key == "systematisk-uppfoljning"), dt.date(2026, 11, 25))
    assert real is not None and real.due == dt.date(2026, 12, 9) and real.key == key
    assert [n for n in due_nudges(store.agreements(), dt.date(2026, 11, 25), done=set(store.done))
            if n.occurrence.rule_key == "systematisk-uppfoljning"] == []
    again = router.act(request, DONE_ACTION, key, store)
    assert isinstance(again, Message) and str(again.text).endswith("var redan markerad som klar.")


def test_a_title_someone_typed_cannot_ping_a_channel_from_a_reminder() -> None:
    # a priority goal's title is a coordinator's own words (002 step IV): escaped once, in
    # bot/render/markup, because the reminder carries it as a span, not inside mrkdwn
    from commands.deadlines.rules import follow_up_occurrence
    from commands.nudges.rules import Nudge
    from commands.reflection.model import FollowUp

    goal = FollowUp(key="reflection-goal:7:1", agreement_id="jonkoping-familjecentraler",
                    centre="FC Råslätt", channel="C0FC", title="Rutin <!channel> *nu*",
                    due=dt.date(2027, 6, 1), responsible="Samordnare", source="002 steg IV")
    occurrence = follow_up_occurrence(goal, [agreement("jonkoping-familjecentraler")])
    nudge = Nudge(occurrence=occurrence, lead_days=7, channel="C0FC",
                  send_on=dt.date(2027, 5, 25), late=False)
    text = mrkdwn(nudge_message(nudge, dt.date(2027, 5, 25)).text)
    assert text.startswith("⏰ Påminnelse: *Rutin &lt;!channel&gt; *nu** (Familjecentraler")
    assert "<!channel>" not in text
