"""The coordinator's flows of a self-reflection round (source 002, steps I–V): start and
invite, status, remind, close and post the result (by hand or by the clock), record the
group's joint view (step III) and the two priority goals (steps IV–V).

The coordinator sees how many have answered, never who; reminders go by DM to each person
who has not finished, and the coordinator's reply holds only the count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Code, Delivery, Outcome, Problem, rich
from commands.core.context import Request
from commands.core.ports import SYSTEM_ACTOR, Store
from commands.core.text import fold
from commands.reflection.model import (
    DEFAULT_MIN_RESPONDENTS,
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
    instrument_of,
    items,
    result_of,
    results_target,
)
from commands.reflection.wording import (
    NOT_INVITED,
    UNKNOWN_BUTTON,
    closed_reply,
    default_centre,
    goal_recorded,
    invitation,
    joint_hint_message,
    joint_recorded,
    joint_saved,
    not_posted_help,
    persons,
    problem,
    reminder,
    reminders_sent,
    start_hint_message,
    started,
    status_message,
)
from commands.roles.checks import round_refusal
from commands.roles.facts import asker_of
from commands.roles.rules import Refused, may_send_results_to, steering_channel_of
from commands.roles.wording import refusal

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_USER = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class StartOptions:
    centre: str
    closes_on: dt.date | None
    min_respondents: int
    participants: tuple[str, ...]
    results_channel: str | None


def parse_start(words: Sequence[str], today: dt.date) -> StartOptions | Problem:
    centre: list[str] = []
    closes_on: dt.date | None = None
    minimum = DEFAULT_MIN_RESPONDENTS
    people: list[str] = []
    results: str | None = None
    rest = list(words)
    while rest:
        word = rest.pop(0)
        key = fold(word)
        if key in ("stanger", "closes", "stangs", "till") and rest:
            raw = rest.pop(0)
            if not _DATE.match(raw):
                return problem(f"Jag förstår inte datumet ”{raw}”. Skriv det som ÅÅÅÅ-MM-DD.",
                                "/avtal självreflektion starta stänger 2026-12-15")
            try:
                closes_on = dt.date.fromisoformat(raw)
            except ValueError:
                return problem(f"Datumet ”{raw}” finns inte. Skriv det som ÅÅÅÅ-MM-DD.",
                                "/avtal självreflektion starta stänger 2026-12-15")
            if closes_on < today:
                return problem(f"Stängningsdagen {raw} har redan varit. Ange en dag från "
                                f"och med {today.isoformat()}.")
        elif key in ("minst", "min") and rest:
            raw = rest.pop(0)
            if not raw.isdigit():
                return problem(f"”minst” ska följas av ett antal svarande, inte ”{raw}”.",
                                "/avtal självreflektion starta minst 4")
            minimum = int(raw)
            if minimum < DEFAULT_MIN_RESPONDENTS:
                return problem(f"Av integritetsskäl visas ett resultat aldrig för färre än "
                                f"{DEFAULT_MIN_RESPONDENTS} svarande; ”minst {raw}” går inte.")
        elif key in ("resultat", "results") and rest:
            raw = rest.pop(0)
            match = _CHANNEL.match(raw)
            results = match.group(1) if match else raw.lstrip("#")
        elif key in ("deltagare", "participants"):
            for raw in rest:
                match = _USER.match(raw)
                people.append(match.group(1) if match else raw.lstrip("@").strip(","))
            rest = []
        else:
            centre.append(word)
    return StartOptions(centre=" ".join(centre).strip(), closes_on=closes_on,
                        min_respondents=minimum, participants=tuple(p for p in people if p),
                        results_channel=results)


def start(request: Request, store: Store, words: Sequence[str]) -> Answer:
    rstore = reflection_store(store)
    if not request.channel:
        return problem("Starta självreflektionen i familjecentralens kanal, så vet jag vilka "
                        "som ska bjudas in.")
    found = instrument_of(store)
    if found is None:
        return problem("Inget av avtalen har ett självreflektionsinstrument.")
    agreement, instrument = found
    options = parse_start(words, request.today)
    if isinstance(options, Problem):
        return options
    if (refused := round_refusal(request, store, request.channel)) is not None:
        return refused
    steering = steering_channel_of(store.agreements(), request.channel,
                                   _configured_results_channel(agreement))
    chosen = options.results_channel
    if chosen is not None and fold(chosen) in ("mig", "me", "dm"):
        chosen = request.user
    decision = may_send_results_to(asker_of(request, store), target=chosen,
                                   steering_channel=steering)
    if isinstance(decision, Refused):
        return refusal(decision, request.lang)
    people = list(options.participants)
    if not people:
        if request.directory is None:
            return problem("Jag kan inte se vilka som är med i kanalen här. Ange deltagarna.",
                            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
        try:
            people = list(request.directory.human_members(request.channel))
        except Exception:  # Slack says no (the bot is not in the channel, …): say what helps
            return problem(rich("Jag kunde inte se vilka som är med i kanalen. Bjud in mig "
                                "till kanalen (", Code("/invite @Avtalsbot"),
                                ") eller ange deltagarna."),
                            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
    if len(people) < options.min_respondents:
        return problem(
            f"Bara {persons(len(people))} skulle bjudas in, men resultatet visas först när "
            f"minst {options.min_respondents} har svarat. Bjud in fler.",
            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
    # The steering group's channel, else the coordinator's own DM: never the centre's channel,
    # where the staff who answered would see the result before the steering group.
    results = chosen or steering or request.user
    centre = options.centre or default_centre(request.channel)
    round_ = rstore.open_round(
        agreement_id=agreement.id, instrument_key=instrument.key, centre=centre,
        channel=request.channel, results_channel=results, year=request.today.year,
        min_respondents=options.min_respondents, opened_by=request.user,
        closes_on=options.closes_on, participants=people)
    if round_ is None:
        return problem("Det finns redan en öppen självreflektion i den här kanalen. Stäng "
                        "den först.", "/avtal självreflektion stäng")
    reply = started(round_, invited=len(set(people)), source=instrument.source)
    invite = invitation(round_, instrument)
    return Outcome(lang="sv", reply=reply,
                   deliveries=tuple(Delivery(answer=invite, user=u)
                                    for u in dict.fromkeys(people)))


def _configured_results_channel(agreement: Agreement) -> str | None:
    """The Slack channel of the management group (ledningsgrupp), else the steering group."""
    for kind in ("management_group", "steering_group"):
        for body in agreement.bodies:
            if body.kind == kind and body.channel:
                channel = agreement.channel(body.channel)
                if channel.slack_channel:
                    return channel.slack_channel
    return None


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
    return status_message(round_, progress, open_=accepts_votes(round_, request.today),
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
    return reminders(round_, store)


def reminders(round_: Round, store: Store) -> Outcome:
    rstore = reflection_store(store)
    instrument = instrument_in(store)
    total = len(instrument.statements())
    unfinished = rstore.unfinished_participants(round_id=round_.id, statements=total)
    deliveries = []
    for user in unfinished:
        answered = len(rstore.my_votes(round_id=round_.id, user=user))
        deliveries.append(Delivery(user=user, answer=reminder(round_, answered, total)))
    return Outcome(lang="sv", reply=reminders_sent(len(deliveries)),
                   deliveries=tuple(deliveries))


def due_work(today: dt.date, store: Store) -> tuple[Delivery, ...]:
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
            deliveries += reminders(round_, store).deliveries
    # A result Slack did not take (the bot not in the channel, the network away) is posted
    # again, each by one process: never silently skipped.
    deliveries += [result_delivery(r, store) for r in rstore.claim_unposted_results()]
    return tuple(deliveries)


def close(request: Request, store: Store, round_id: int | None = None) -> Answer:
    round_ = _coordinator_round(request, store, open_only=True,
                                round_id=round_id)
    if isinstance(round_, Problem):
        return round_
    return closed_outcome(round_, store, closed_by_coordinator=True, actor=request.user)


def closed_outcome(round_: Round, store: Store, *, closed_by_coordinator: bool,
                   actor: str = SYSTEM_ACTOR) -> Answer:
    """Close the round (once, even if two ask at the same moment) and post the result."""
    rstore = reflection_store(store)
    if not rstore.close_round(round_id=round_.id, actor=actor):
        return problem("Omgången är redan stängd.")
    closed = rstore.reflection_round(round_.id) or round_
    delivery = result_delivery(closed, store)
    return Outcome(lang="sv", reply=closed_reply(closed, by_coordinator=closed_by_coordinator),
                   deliveries=(delivery,))


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


def start_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a form opens instead): how to start a round."""
    return start_hint_message()


def start_command(*, centre: str, closes_on: str | None, minimum: str | None,
                  results_channel: str | None) -> str:
    """The start command a form's answers amount to (so a form and the slash command are
    validated by the same parser)."""
    words = ["självreflektion", "starta", centre.strip()]
    if closes_on:
        words += ["stänger", closes_on]
    if minimum:
        words += ["minst", minimum]
    if results_channel:
        words += ["resultat", f"<#{results_channel}>"]
    return " ".join(w for w in words if w)


