"""Meetings of the agreements' bodies: the next one, those in a period, adding, moving and
removing one, with a warning when fewer are scheduled than the agreement requires.

The glue: ``question`` reads what was asked, the store is asked or changed, ``rules`` counts
against the body's rule ("4 per år"), ``wording`` answers. Examples:
``/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13``, ``… flytta … 12/2 2027 till 19/2
2027 kl 14``, ``… ta bort … 19/2 2027``, "när är nästa styrgruppsmöte?", "möten 2027".
"""

from __future__ import annotations

import datetime as dt

from commands.core.agreement import Agreement, Body
from commands.core.answers import Answer, Problem
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import WHEN_WORDS, Command
from commands.core.workdays import why_not_working
from commands.meetings import wording
from commands.meetings.question import (
    Action,
    Unclear,
    asks_how_to,
    asks_how_to_change_a_meeting,
    is_add_request,
    is_change_request,
    parse_change,
    parse_new_meeting,
    read_query,
)
from commands.meetings.rules import after_change, count_in_year, meetings_between, rule_status
from commands.roles.facts import all_grants, asker_of
from commands.roles.rules import Refused, may_change_meetings
from commands.roles.wording import refusal

HOME_DAYS = 90
HOME_ROWS = 5


def answer(request: Request, store: Store) -> Answer:
    """The read-only questions: next meeting, meetings in a period."""
    lang = request.lang
    query = read_query(request, list(store.agreements()))
    if isinstance(query, Problem):
        return query
    if not query.pairs:
        return wording.no_meetings_stated(lang)
    if query.next_only:
        return wording.next_meeting_answer(query.pairs, lang, request.today, request.now)
    return wording.meetings_answer(query.pairs, lang, query.start, query.end)


def add_meeting(request: Request, store: Store) -> Answer:
    """Parse and store one meeting; confirm it with the year's count against the rule."""
    lang = request.lang
    parsed = parse_new_meeting(request, list(store.agreements()))
    if isinstance(parsed, Unclear):
        return wording.unclear(parsed, lang)
    if isinstance(parsed, Problem):
        return parsed
    agreement, body, meeting = parsed.agreement, parsed.body, parsed.meeting
    if (refused := _refused(request, store, agreement, body)) is not None:
        return refused
    added = store.add_meeting(agreement_id=agreement.id, body_key=body.key, meeting=meeting,
                              actor=request.user)
    label = wording.body_label(agreement, body)
    if not added:
        return wording.already_has(label, meeting.date, lang)
    count = count_in_year(body.meetings, meeting.date.year) + 1
    return wording.added(label, body, meeting, count, why_not_working(meeting.date, lang), lang)


def change_meeting(request: Request, store: Store) -> Answer:
    """Remove or move one meeting; confirm it and say whether the rule is still met."""
    lang = request.lang
    parsed = parse_change(request, list(store.agreements()))
    if isinstance(parsed, Unclear):
        return wording.unclear(parsed, lang)
    if isinstance(parsed, Problem):
        return parsed
    agreement, body, old, new = parsed.agreement, parsed.body, parsed.old, parsed.new
    if (refused := _refused(request, store, agreement, body)) is not None:
        return refused
    if new is None:
        done = store.remove_meeting(agreement_id=agreement.id, body_key=body.key,
                                    date=old.date, actor=request.user)
    else:
        done = store.move_meeting(agreement_id=agreement.id, body_key=body.key,
                                  date=old.date, meeting=new, actor=request.user)
    label = wording.body_label(agreement, body)
    if not done:  # someone else changed the same meeting a moment ago
        return wording.lost_race(label, lang)
    after = after_change(body.meetings, old, new)
    years = sorted({old.date.year, *((new.date.year,) if new else ())})
    statuses = [s for y in years if (s := rule_status(body, body.meetings, after, y))]
    closed = why_not_working(new.date, lang) if new is not None else None
    return wording.changed(label, body, old, new, statuses, closed, lang)


def how_to(request: Request, store: Store, action: Action) -> Answer:
    """ "när flyttas mötet?", "hur lägger jag till ett möte?": the command that does it, written
    for the body asked about (or the first) so that it works as given — and for moving or
    removing, the coming meetings it can be done to."""
    query = read_query(request, list(store.agreements()))
    if isinstance(query, Problem):
        return query
    if not query.pairs:
        return wording.no_meetings_stated(request.lang)
    if action == "add":
        return wording.how_to_add(query.pairs, request.lang, request.today)
    upcoming = wording.next_meeting_answer(query.pairs, request.lang, request.today, request.now)
    return wording.how_to_change(action, upcoming, query.pairs, request.lang, request.today)


def _refused(request: Request, store: Store, agreement: Agreement, body: Body
             ) -> Answer | None:
    """A body's meetings are its chair's and secretary's to change (issue 11): the refusal,
    or None when the asker may."""
    decision = may_change_meetings(asker_of(request, store), agreement_id=agreement.id,
                                   body_key=body.key,
                                   grants=all_grants(store, request.directory))
    if not isinstance(decision, Refused):
        return None
    return refusal(decision, request.lang, label=wording.body_label(agreement, body),
                   grant_example=f"/avtal roll ge @{request.user} ordförande "
                                 f"{wording.body_label(agreement, body)}")


def handle(request: Request, store: Store) -> Answer:
    """Möten: nästa möte, möten i en period, lägg till, ta bort eller flytta ett möte."""
    # Nothing that fails is caught here: the brain tells the asker whether it was the
    # database (a temporary error, nothing changed) or a bug — "could not answer" would leave
    # them guessing whether a meeting was saved, or whether to ask again.
    if (action := asks_how_to(request.text, request.today)) is not None:
        return how_to(request, store, action)
    if is_change_request(request.text):
        return change_meeting(request, store)
    if is_add_request(request.text):
        return add_meeting(request, store)
    return answer(request, store)


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: the meetings of the coming 90 days."""
    lang, today = request.lang, request.today
    agreements = list(store.agreements())
    found = meetings_between(agreements, today, today + dt.timedelta(days=HOME_DAYS))
    if not found:
        return None
    labels = {(a.id, b.key): wording.body_label(a, b) for a in agreements for b in a.bodies}
    return wording.home_lines(found[:HOME_ROWS], labels, lang)


COMMANDS = (
    Command(
        name="möten",
        words=("mote", "moten", "motet", "meeting", "meetings", "sammantrade", "sammantraden"),
        handler=handle,
        help_sv=("Nästa möte, möten ett år, eller lägg till, ta bort eller flytta ett möte "
                 "(varnar om för få är inlagda)."),
        help_en=("Next meeting, meetings in a year, or add, remove or move a meeting (warns if "
                 "too few are entered)."),
        usage="möte [nästa | år | lägg till | ta bort | flytta … till …] [organ avtal datum]",
        example_sv="/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13",
        example_en="/avtal meeting add styrgrupp CMV 2027-02-12 at 13",
        triggers=("mote", "moten", "motet", "motena", "meeting", "meetings", "meet", "ses",
                  "sammantrader", "sammantrade", *WHEN_WORDS,  # "när/when": see deadlines
                  # "när flyttas mötet?" asks about moving a meeting, not about "flytt" out of
                  # a shelter flat (001 §11.4), which the clauses would otherwise find
                  "flytta", "flyttas", "flyttar", "flyttat", "flyttade", "flyttades", "move",
                  "moved", "reschedule", "rescheduled"),
        # "20…": a year counts for every dated command (as for costs and deadlines)
        prefix_triggers=("styrgrupp", "ledningsgrupp", "natverk", "motes", "sammantrad", "20"),
        claims=asks_how_to_change_a_meeting,
    ),
)
