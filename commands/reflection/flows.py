"""The coordinator's flows of a self-reflection round (source 002, steps I–V): start and
invite, status, remind, close and post the result (by hand or by the clock), record the
group's joint view (step III) and the two priority goals (steps IV–V).

The coordinator sees how many have answered, never who; reminders go by DM to each person
who has not finished, and the coordinator's reply holds only the count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from commands.core.answers import Answer, Delivery, Outcome, Problem
from commands.core.context import Request
from commands.core.ports import SYSTEM_ACTOR, Store, language_of
from commands.core.text import fold
from commands.reflection.model import (
    VOTE_LABEL,
    Goal,
    JointView,
    Round,
    Vote,
)
from commands.reflection.report import chart_attachment, result_answer_of, withheld_message
from commands.reflection.rounds import (
    instrument_in,
    parse_round_id,
    reflection_store,
    round_here,
)
from commands.reflection.rules import (
    Withheld,
    accepts_votes,
    default_follow_up,
    items,
    result_of,
    results_target,
)
from commands.reflection.wording import (
    NOT_INVITED,
    UNKNOWN_BUTTON,
    close_announcement,
    close_question,
    closed_reply,
    goal_recorded,
    joint_hint_message,
    joint_recorded,
    joint_saved,
    not_posted_help,
    problem,
    reminder,
    reminders_sent,
    status_message,
)
from commands.roles.checks import round_refusal


def status(request: Request, store: Store) -> Answer:
    rstore = reflection_store(store)
    round_ = round_here(request, rstore)
    if round_ is None:
        return problem("Det finns ingen självreflektion här ännu.",
                        "/avtal självreflektion starta Familjecentralen Råslätt")
    instrument = instrument_in(store)
    total = len(instrument.statements())
    progress = rstore.progress(round_id=round_.id, statements=total)
    mine = (len(rstore.my_votes(round_id=round_.id, user=request.user))
            if rstore.is_participant(round_id=round_.id, user=request.user) else None)
    return status_message(round_, progress, lang=request.lang,
                          open_=accepts_votes(round_, request.today),
                          mine=mine, total=total)


def _coordinator_round(request: Request, store: Store,
                       *, open_only: bool, round_id: int | None = None) -> Round | Problem:
    rstore = reflection_store(store)
    if round_id is not None:
        round_ = rstore.reflection_round(round_id)
        if round_ is not None and open_only and round_.status != "open":
            return problem("Omgången är redan stängd.")
    else:
        round_ = round_here(request, rstore, open_only=open_only)
    if round_ is None:
        return problem("Det finns ingen " + ("öppen " if open_only else "")
                        + "självreflektion här.")
    return round_refusal(request, store, round_.channel) or round_


def remind(request: Request, store: Store, round_id: int | None = None) -> Answer:
    round_ = _coordinator_round(request, store, open_only=True,
                                round_id=round_id)
    if isinstance(round_, Problem):
        return round_
    if not accepts_votes(round_, request.today):
        return problem("Omgången har passerat sin stängningsdag; stäng den i stället.",
                        "/avtal självreflektion stäng")
    reflection_store(store).mark_reminded(round_id=round_.id, on=request.today,
                                          actor=request.user)
    sent = reminders(round_, store, request.directory)
    return replace(sent, lang=request.lang,
                   reply=reminders_sent(len(sent.deliveries), request.lang))


def reminders(round_: Round, store: Store, directory: object = None) -> Outcome:
    """A reminder DM to each who has not finished, in their language (their Slack locale
    where the directory knows it); the reply holds only the count."""
    rstore = reflection_store(store)
    instrument = instrument_in(store)
    total = len(instrument.statements())
    unfinished = rstore.unfinished_participants(round_id=round_.id, statements=total)
    deliveries = []
    for user in unfinished:
        answered = len(rstore.my_votes(round_id=round_.id, user=user))
        lang = language_of(directory, user) or "sv"
        deliveries.append(Delivery(user=user, answer=reminder(round_, answered, total, lang)))
    return Outcome(lang="sv", reply=reminders_sent(len(deliveries)),
                   deliveries=tuple(deliveries))


def due_work(today: dt.date, store: Store, directory: object = None
             ) -> tuple[Delivery, ...]:
    """What the clock brings (run by ``serve`` every few minutes, by any number of bot
    processes): a round past its closing date is closed and its result posted, the day
    before closing those who have not finished get a reminder, and a result not yet
    posted is posted again. Closing, reminding and each posting attempt are claimed in
    the database, so each happens once however many processes ask."""
    rstore = reflection_store(store)
    deliveries: list[Delivery] = []
    for round_ in rstore.all_rounds():
        if round_.status != "open" or round_.closes_on is None:
            continue
        if today > round_.closes_on:
            outcome = closed_outcome(round_, store, closed_by_coordinator=False)
            if isinstance(outcome, Outcome):
                deliveries += outcome.deliveries
                deliveries.append(Delivery(answer=outcome.reply, user=round_.opened_by))
        elif (today == round_.closes_on - dt.timedelta(days=1)
              and rstore.mark_reminded(round_id=round_.id, on=today)):
            deliveries += reminders(round_, store, directory).deliveries
    # A result Slack did not take (the bot not in the channel, the network away) is posted
    # again, each by one process: never silently skipped.
    deliveries += [result_delivery(r, store) for r in rstore.claim_unposted_results()]
    return tuple(deliveries)


CONFIRMING_WORDS = ("anda", "nu", "bekrafta", "anyway", "now", "confirm")


def close(request: Request, store: Store, round_id: int | None = None) -> Answer:
    """The close button (its confirmation dialog already asked) or ``stäng ändå``: close."""
    round_ = _coordinator_round(request, store, open_only=True,
                                round_id=round_id)
    if isinstance(round_, Problem):
        return round_
    return closed_outcome(round_, store, closed_by_coordinator=True, actor=request.user)


def ask_to_close(request: Request, store: Store, words: Sequence[str]) -> Answer:
    """``stäng``: first how many have answered and whether a result can be shown, with a
    close button that confirms; ``stäng ändå`` closes at once (for scripts and the CLI)."""
    if any(fold(word) in CONFIRMING_WORDS for word in words):
        return close(request, store)
    rstore = reflection_store(store)
    round_ = _coordinator_round(request, store, open_only=True)
    if isinstance(round_, Problem):
        return round_
    return close_question(round_, respondents=rstore.tally(round_id=round_.id).respondents,
                          participants=rstore.participant_count(round_id=round_.id),
                          lang=request.lang)


def closed_outcome(round_: Round, store: Store, *, closed_by_coordinator: bool,
                   actor: str = SYSTEM_ACTOR) -> Answer:
    """Close the round (once, even if two ask at the same moment) and post the result."""
    rstore = reflection_store(store)
    if not rstore.close_round(round_id=round_.id, actor=actor):
        return problem("Omgången är redan stängd.")
    closed = rstore.reflection_round(round_.id) or round_
    delivery = result_delivery(closed, store)
    announce = Delivery(answer=close_announcement(
        closed, respondents=rstore.tally(round_id=closed.id).respondents,
        participants=rstore.participant_count(round_id=closed.id)), channel=closed.channel)
    return Outcome(lang="sv", reply=closed_reply(closed, by_coordinator=closed_by_coordinator),
                   deliveries=(delivery, announce))


def result_delivery(round_: Round, store: Store) -> Delivery:
    """The closed round's result as a post to the steering group's channel, with its chart;
    ``key`` asks the sender to report back, so that the result counts as posted only once
    Slack has taken it (``results_posted``) and is tried again until then."""
    rstore = reflection_store(store)
    result = result_of(rstore, round_, instrument_in(store))
    key = f"{RESULT_KEY}{round_.id}"
    if isinstance(result, Withheld):
        return Delivery(answer=withheld_message(result), channel=results_target(round_),
                        key=key)
    return Delivery(answer=result_answer_of(result), channel=results_target(round_), key=key,
                    attachment=chart_attachment(result))


RESULT_KEY = "reflection-result:"
HELP_KEY = "reflection-result-help:"
# Slack's answers when the bot may not post in a channel: it was never invited (a private
# channel it is not in looks to it as if it did not exist). Only the coordinator can fix it.


def delivered(store: Store, key: str, error: str | None) -> tuple[Delivery, ...]:
    """What follows when the sender reports a keyed delivery: a result that arrived is
    recorded as posted; one that did not is left for the clock to post again, and when
    the bot is not let into the channel the coordinator is told, once per round, how to
    fix it. Returns what is to be sent next (that message to the coordinator, or nothing)."""
    rstore = reflection_store(store)
    kind, _, number = key.rpartition(":")
    if not number.isdigit():
        return ()
    round_id = int(number)
    if f"{kind}:" == HELP_KEY:
        if error is not None:
            rstore.release_results_help(round_id=round_id)
        return ()
    if f"{kind}:" != RESULT_KEY:
        return ()
    if error is None:
        rstore.results_posted(round_id=round_id)
        return ()
    rstore.results_failed(round_id=round_id, error=error)
    round_ = rstore.reflection_round(round_id)
    if (round_ is None or error not in NOT_INVITED
            or not rstore.claim_results_help(round_id=round_id)):
        return ()
    return (Delivery(answer=not_posted_help(round_, error), user=round_.opened_by,
                     key=f"{HELP_KEY}{round_id}"),)


@dataclass(frozen=True)
class JointForm:
    """What the step III modal asks: each statement, with the view already recorded."""

    round_id: int
    centre: str
    choices: tuple[tuple[str, str, Vote | None], ...]  # (key, "5. Title", current view)


def joint_form(request: Request, store: Store, round_id: int) -> JointForm | Problem:
    rstore = reflection_store(store)
    round_ = rstore.reflection_round(round_id)
    if round_ is None:
        return problem("Den omgången finns inte längre.")
    if (refused := round_refusal(request, store, round_.channel)) is not None:
        return refused
    current = {v.statement_key: v.value for v in rstore.joint_views(round_id=round_id)}
    return JointForm(round_id, round_.centre, tuple(
        (i.statement.key, f"{i.number}. {i.statement.title}", current.get(i.statement.key))
        for i in items(instrument_in(store))))


def joint_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a modal opens instead): how to record the joint view."""
    return joint_hint_message()


def joint_from_modal(request: Request, value: str, store: Store) -> Answer:
    """The step III modal's submit (Slack): ``round|key=works,key=develop,…``."""
    try:
        round_id, rest = parse_round_id(value)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    form = joint_form(request, store, round_id)
    if isinstance(form, Problem):
        return form
    known = {key for key, _, _ in form.choices}
    saved = 0
    for pair in filter(None, rest.split(",")):
        key, _, choice = pair.partition("=")
        if key in known and choice in VOTE_LABEL:
            reflection_store(store).set_joint_view(round_id=round_id, view=JointView(
                statement_key=key, value=choice), actor=request.user)
            saved += 1
    recorded = len(reflection_store(store).joint_views(round_id=round_id))
    return joint_saved(form.centre, saved=saved, recorded=recorded, total=len(form.choices))


def joint_view(request: Request, store: Store, words: Sequence[str]) -> Answer:
    """Step III: ``gemensam 5 utvecklas Vi behöver en rutin``."""
    rstore = reflection_store(store)
    round_ = _coordinator_round(request, store, open_only=False)
    if isinstance(round_, Problem):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    example = "/avtal självreflektion gemensam 5 utvecklas Vi behöver en rutin"
    if len(words) < 2:
        return problem("Ange påståendets nummer och Fungerar eller Utvecklas.", example)
    item = next((i for i in all_items if str(i.number) == words[0]), None)
    if item is None:
        return problem(f"Påstående ”{words[0]}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", example)
    value = _vote_word(words[1])
    if value is None:
        return problem(f"”{words[1]}” är varken Fungerar eller Utvecklas.", example)
    note = " ".join(words[2:]).strip() or None
    rstore.set_joint_view(round_id=round_.id,
                          view=JointView(statement_key=item.statement.key, value=value, note=note),
                          actor=request.user)
    recorded = len(rstore.joint_views(round_id=round_.id))
    return joint_recorded(item, value, note, recorded=recorded, total=len(all_items))


def _vote_word(word: str) -> Vote | None:
    key = fold(word)
    if key in ("fungerar", "works", "ok"):
        return "works"
    if key in ("utvecklas", "utveckla", "behover", "develop"):
        return "develop"
    return None


def goal(request: Request, store: Store, words: Sequence[str]) -> Answer:
    """Step IV–V: ``mål 1 5 Rutin för slussning uppföljning 2027-06-01``."""
    rstore = reflection_store(store)
    round_ = _coordinator_round(request, store, open_only=False)
    if isinstance(round_, Problem):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    example = "/avtal självreflektion mål 1 5 Rutin för slussning uppföljning 2027-06-01"
    if len(words) < 3 or words[0] not in ("1", "2"):
        return problem("Ange målets nummer (1 eller 2), påståendets nummer och målet.", example)
    item = next((i for i in all_items if str(i.number) == words[1]), None)
    if item is None:
        return problem(f"Påstående ”{words[1]}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", example)
    rest = list(words[2:])
    follow_up = default_follow_up(round_)
    if len(rest) >= 2 and fold(rest[-2]) in ("uppfoljning", "folj", "senast", "follow-up"):
        raw = rest[-1]
        try:
            follow_up = dt.date.fromisoformat(raw)
        except ValueError:
            return problem(f"Jag förstår inte datumet ”{raw}”. Skriv det som ÅÅÅÅ-MM-DD.",
                            example)
        if follow_up <= request.today:
            return problem(f"Uppföljningen {raw} måste ligga efter i dag.", example)
        rest = rest[:-2]
    text = " ".join(rest).strip()
    if not text:
        return problem("Skriv själva målet efter påståendets nummer.", example)
    rstore.set_goal(round_id=round_.id, goal=Goal(position=int(words[0]), text=text,
                                                  statement_key=item.statement.key,
                                                  follow_up_on=follow_up),
                   actor=request.user)
    chosen = rstore.goals(round_id=round_.id)
    return goal_recorded(round_, int(words[0]), text, item, follow_up, chosen=len(chosen))
