"""Starting a self-reflection round (source 002, step I): the start command's words, who
is invited — the channel's people, or a given list, and the coordinator only as they choose
(``med mig`` / ``utan mig``; the reply says which) — the invitations in each person's
language, and the announcement in the centre's channel (counts only, never names).

In Slack this runs after the acknowledgement: reading a large channel's members and each
person's locale takes longer than Slack's three seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.answers import Answer, Code, Delivery, Outcome, Problem, rich
from commands.core.context import Request
from commands.core.ports import Store, language_of
from commands.core.text import fold
from commands.reflection.model import DEFAULT_MIN_RESPONDENTS
from commands.reflection.rounds import reflection_store
from commands.reflection.rules import instrument_of
from commands.reflection.wording import (
    default_centre,
    invitation,
    persons,
    problem,
    start_announcement,
    start_hint_message,
    started,
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
    # Whether the coordinator answers too: None = as the channel has it (in it: invited),
    # True = ``med mig``, False = ``utan mig``. The start reply says which, either way.
    coordinator: bool | None = None


def parse_start(words: Sequence[str], today: dt.date) -> StartOptions | Problem:
    centre: list[str] = []
    closes_on: dt.date | None = None
    minimum = DEFAULT_MIN_RESPONDENTS
    people: list[str] = []
    results: str | None = None
    coordinator: bool | None = None
    rest = list(words)
    while rest:
        word = rest.pop(0)
        key = fold(word)
        if key in ("utan", "without", "med", "with") and rest and fold(rest[0]) in ("mig",
                                                                                  "me"):
            rest.pop(0)
            coordinator = key in ("med", "with")
        elif key in ("stanger", "closes", "stangs", "till") and rest:
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
                        results_channel=results, coordinator=coordinator)


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
    if options.coordinator is True:
        people.append(request.user)
    elif options.coordinator is False:
        people = [p for p in people if p != request.user]
    people = list(dict.fromkeys(people))
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
    reply = started(round_, invited=len(people), coordinator_invited=request.user in people,
                    source=instrument.source)
    # Each invitation in its reader's language (their Slack locale); Swedish when unknown.
    invites = tuple(Delivery(answer=invitation(round_, instrument,
                                               language_of(request.directory, u) or "sv"),
                             user=u) for u in people)
    announce = Delivery(answer=start_announcement(round_, invited=len(people)),
                        channel=round_.channel)
    return Outcome(lang="sv", reply=reply, deliveries=(*invites, announce))


def _configured_results_channel(agreement: Agreement) -> str | None:
    """The Slack channel of the management group (ledningsgrupp), else the steering group."""
    for kind in ("management_group", "steering_group"):
        for body in agreement.bodies:
            if body.kind == kind and body.channel:
                channel = agreement.channel(body.channel)
                if channel.slack_channel:
                    return channel.slack_channel
    return None


def start_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a form opens instead): how to start a round."""
    return start_hint_message()


def start_command(*, centre: str, closes_on: str | None, minimum: str | None,
                  results_channel: str | None, coordinator: bool | None = None) -> str:
    """The start command a form's answers amount to (so a form and the slash command are
    validated by the same parser)."""
    words = ["självreflektion", "starta", centre.strip()]
    if closes_on:
        words += ["stänger", closes_on]
    if minimum:
        words += ["minst", minimum]
    if results_channel:
        words += ["resultat", f"<#{results_channel}>"]
    if coordinator is not None:
        words += ["med mig" if coordinator else "utan mig"]
    return " ".join(w for w in words if w)
