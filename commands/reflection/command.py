"""Self-reflection rounds (source 002, steps I–V): staff vote statement by statement, the
steering group gets the anonymous aggregate.

Pure domain: everything arrives as arguments (``today`` in the request, the store behind
``ReflectionStore``) and leaves as answer objects — a voting card, a DM to each invited
person, the result posted to the steering group's channel with a chart and a CSV. The
privacy rules live here, next to what they protect:

* a round's result is shown only when at least ``min_respondents`` have answered (default
  3; a round may ask for more, never fewer) — below that, nothing but the count;
* comments only from five respondents up, without names, in an order unrelated to who
  wrote them or when;
* the coordinator sees how many have answered, never who; reminders go by DM to each
  person who has not finished, and the coordinator's reply holds only the count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from commands.core.agreement import Agreement, Instrument
from commands.core.answers import (
    Action,
    Answer,
    Attachment,
    Delivery,
    Message,
    Outcome,
    Problem,
)
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.replies import unknown_button
from commands.core.text import day, fold, inert
from commands.reflection.model import (
    DEFAULT_MIN_RESPONDENTS,
    MIN_RESPONDENTS_FOR_COMMENTS,
    VOTE_LABEL,
    FollowUp,
    Goal,
    JointView,
    ReflectionStore,
    Round,
    Vote,
)
from commands.reflection.result import (
    Item,
    Result,
    Withheld,
    channel_ref,
    instrument_of,
    items,
    result_answer_of,
    result_csv,
    result_of,
    short,
    slug,
    withheld_message,
)

USAGE = "självreflektion starta|svara|status|påminn|stäng|resultat|csv|gemensam|mål"
EXAMPLES = (
    "/avtal självreflektion starta Familjecentralen Råslätt stänger 2026-12-15",
    "/avtal självreflektion svara",
    "/avtal självreflektion status",
    "/avtal självreflektion stäng",
)


# --- round rules -----------------------------------------------------------------------


def accepts_votes(round_: Round, today: dt.date) -> bool:
    """Open, and not past its closing date (the closing day itself still counts)."""
    return round_.status == "open" and (round_.closes_on is None or today <= round_.closes_on)


def default_follow_up(round_: Round) -> dt.date:
    """Step V: goals chosen after a round are followed up before the next year's
    self-reflection, which the year wheel puts in December (002 Årshjul) — so 1 December
    of the following year unless the coordinator gives a date."""
    return dt.date(round_.year + 1, 12, 1)


def _closing(round_: Round) -> str:
    return f"stänger {day(round_.closes_on)}" if round_.closes_on else "stängs av samordnaren"


# --- voting cards ------------------------------------------------------------------------


def invitation(round_: Round, instrument: Instrument) -> Message:
    count = len(instrument.statements())
    needed = max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS)
    return Message(
        lang="sv",
        text=f"*Självreflektion för {round_.centre}* – du är inbjuden att svara. Det är "
             f"{count} påståenden; för vart och ett väljer du *Fungerar* eller *Behöver "
             "utvecklas* och kan lägga till en kommentar. Det tar ett par minuter.",
        details=(
            "*Så skyddas dina svar:*",
            "• Dina svar sparas inte under ditt namn eller ditt Slack-id, bara under en kod "
            "som inte går att föra tillbaka till dig utan en hemlig nyckel som bara servern har.",
            "• Ingen – inte samordnaren, inte ledningsgruppen – kan se vad just du har svarat: "
            "inget kommando, ingen export och ingen logg visar enskildas svar. Samordnaren ser "
            "bara hur många som har svarat, inte vilka.",
            f"• Resultatet visas bara som en sammanställning, och bara om minst {needed} har "
            "svarat.",
            f"• Kommentarer visas bara om minst {MIN_RESPONDENTS_FOR_COMMENTS} har svarat, "
            "utan namn och i blandad ordning. Skriv inget i en kommentar som avslöjar vem du är.",
            "• Varje svar sparas direkt. Du kan sluta när du vill, fortsätta senare och ändra "
            f"dina svar tills omgången {_closing(round_)}.",
            "Börja med knappen, eller skriv `/avtal självreflektion svara`.",
        ),
        source=instrument.source,
        actions=(Action("Börja", "refl_next", str(round_.id), style="primary"),),
    )


def card(round_: Round, instrument: Instrument, votes: Mapping[str, Vote], item: Item,
         *, saved: str | None = None) -> Message:
    total = len(instrument.statements())
    current = votes.get(item.statement.key)
    value = f"{round_.id}|{item.statement.key}"
    details = [f"Du har svarat på {len(votes)} av {total}."]
    if current:
        details.append(f"Ditt svar nu: *{VOTE_LABEL[current]}* (du kan ändra det).")
    if saved:
        details.insert(0, saved)
    return Message(
        lang="sv",
        text=f"*{round_.centre}* · påstående {item.number} av {total} · {item.category}\n"
             f"*{item.statement.title}* – {item.statement.text}",
        details=tuple(details),
        actions=(
            Action("Fungerar", "refl_vote", f"{value}|works",
                   style="primary" if current == "works" else None),
            Action("Behöver utvecklas", "refl_vote", f"{value}|develop",
                   style="primary" if current == "develop" else None),
            Action("Kommentera", "refl_comment", value),
            Action("◀ Föregående", "refl_show", f"{round_.id}|prev:{item.statement.key}"),
            Action("Nästa ▶", "refl_show", f"{round_.id}|next:{item.statement.key}"),
        ),
        replaces_clicked=True,
        personal=True,
    )


def all_done(round_: Round, instrument: Instrument, saved: str | None = None) -> Message:
    total = len(instrument.statements())
    first = instrument.statements()[0].key
    return Message(
        lang="sv",
        text=f"Tack! Du har svarat på alla {total} påståendena för {round_.centre}.",
        details=((saved,) if saved else ()) + (
            "Svaren är sparade. Du kan ändra dem tills omgången "
            f"{_closing(round_)}.",),
        actions=(Action("Gå igenom mina svar", "refl_show", f"{round_.id}|{first}"),),
        replaces_clicked=True,
        personal=True,
    )


def next_unanswered(all_items: Sequence[Item], votes: Mapping[str, Vote],
                    after: int = 0) -> Item | None:
    """The first unanswered statement after number ``after``, wrapping round to the start."""
    ordered = [*all_items[after:], *all_items[:after]]
    return next((i for i in ordered if i.statement.key not in votes), None)


# --- context: which round, which instrument --------------------------------------------


def _stores(store: Store) -> ReflectionStore:
    if not isinstance(store, ReflectionStore):
        raise TypeError("this store cannot hold reflection rounds")
    return store


def _refusal_closed(round_: Round) -> Message:
    when = (f" (sista svarsdag var {day(round_.closes_on)})"
            if round_.closes_on and round_.status == "open" else "")
    return Message(
        lang="sv",
        text=f"Självreflektionen för {round_.centre} är stängd{when}, så svar kan inte längre "
             "lämnas eller ändras. Tack för att du var med!",
        replaces_clicked=True,
        personal=True,
    )


def _problem(message: str, *examples: str) -> Problem:
    return Problem(lang="sv", message=message, examples=tuple(examples))


def _instrument(store: Store) -> Instrument:
    found = instrument_of(store)
    if found is None:
        raise LookupError("a round exists but no agreement carries the instrument any more")
    return found[1]


def _round_here(request: Request, rstore: ReflectionStore, *, open_only: bool = False
                ) -> Round | None:
    """The round the user means: the channel's newest round, else their own newest."""
    candidates: list[Round] = []
    if request.channel:
        candidates += rstore.rounds_in_channel(request.channel)
    candidates += [r for r in rstore.rounds_of_user(request.user) if r not in candidates]
    if open_only:
        candidates = [r for r in candidates if r.status == "open"]
    return candidates[0] if candidates else None


def _parse_round_id(value: str) -> tuple[int, str]:
    head, _, rest = value.partition("|")
    return int(head), rest


# --- handlers --------------------------------------------------------------------------


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
                return _problem(f"Jag förstår inte datumet ”{raw}”. Skriv det som ÅÅÅÅ-MM-DD.",
                                "/avtal självreflektion starta stänger 2026-12-15")
            try:
                closes_on = dt.date.fromisoformat(raw)
            except ValueError:
                return _problem(f"Datumet ”{raw}” finns inte. Skriv det som ÅÅÅÅ-MM-DD.",
                                "/avtal självreflektion starta stänger 2026-12-15")
            if closes_on < today:
                return _problem(f"Stängningsdagen {raw} har redan varit. Ange en dag från "
                                f"och med {today.isoformat()}.")
        elif key in ("minst", "min") and rest:
            raw = rest.pop(0)
            if not raw.isdigit():
                return _problem(f"”minst” ska följas av ett antal svarande, inte ”{raw}”.",
                                "/avtal självreflektion starta minst 4")
            minimum = int(raw)
            if minimum < DEFAULT_MIN_RESPONDENTS:
                return _problem(f"Av integritetsskäl visas ett resultat aldrig för färre än "
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
    rstore = _stores(store)
    if not request.channel:
        return _problem("Starta självreflektionen i familjecentralens kanal, så vet jag vilka "
                        "som ska bjudas in.")
    found = instrument_of(store)
    if found is None:
        return _problem("Inget av avtalen har ett självreflektionsinstrument.")
    agreement, instrument = found
    options = parse_start(words, request.today)
    if isinstance(options, Problem):
        return options
    people = list(options.participants)
    if not people:
        if request.directory is None:
            return _problem("Jag kan inte se vilka som är med i kanalen här. Ange deltagarna.",
                            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
        try:
            people = list(request.directory.human_members(request.channel))
        except Exception:  # Slack says no (the bot is not in the channel, …): say what helps
            return _problem("Jag kunde inte se vilka som är med i kanalen. Bjud in mig till "
                            "kanalen (`/invite @Avtalsbot`) eller ange deltagarna.",
                            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
    if len(people) < options.min_respondents:
        return _problem(
            f"Bara {_people(len(people))} skulle bjudas in, men resultatet visas först när "
            f"minst {options.min_respondents} har svarat. Bjud in fler.",
            "/avtal självreflektion starta deltagare @anna @bertil @cecilia")
    results = options.results_channel or _configured_results_channel(agreement)
    centre = options.centre or f"familjecentralen i {channel_ref(request.channel)}"
    round_ = rstore.open_round(
        agreement_id=agreement.id, instrument_key=instrument.key, centre=centre,
        channel=request.channel, results_channel=results, year=request.today.year,
        min_respondents=options.min_respondents, opened_by=request.user,
        closes_on=options.closes_on, participants=people)
    if round_ is None:
        return _problem("Det finns redan en öppen självreflektion i den här kanalen. Stäng "
                        "den först.", "/avtal självreflektion stäng")
    where = (f"Resultatet postas i {channel_ref(results)} när omgången stängs."
             if results else
             "Ingen kanal för ledningsgruppen är inställd, så resultatet postas här när "
             "omgången stängs (ange en med `resultat #kanal`).")
    reply = Message(
        lang="sv",
        text=f"Självreflektionen för *{centre}* är startad. {len(set(people))} personer har "
             f"fått en inbjudan i ett DM.",
        details=(
            f"Omgången {_closing(round_)}. {where}",
            f"Resultat visas bara om minst {round_.min_respondents} svarar. Du ser hur många "
            "som har svarat (`/avtal självreflektion status`), aldrig vilka eller vad.",
        ),
        source=instrument.source,
    )
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


def _voting_round(request: Request, rstore: ReflectionStore, round_id: int | None
                  ) -> Round | Answer:
    round_ = (rstore.reflection_round(round_id) if round_id is not None
              else _round_here(request, rstore, open_only=True)
              or _round_here(request, rstore))
    if round_ is None:
        return _problem("Det finns ingen öppen självreflektion för dig just nu.")
    if not rstore.is_participant(round_id=round_.id, user=request.user):
        return _problem(f"Du är inte inbjuden till självreflektionen för {round_.centre}. "
                        "Fråga samordnaren om du borde vara med.")
    if not accepts_votes(round_, request.today):
        return _refusal_closed(round_)
    return round_


def answer_card(request: Request, store: Store, round_id: int | None = None,
                key: str | None = None, saved: str | None = None) -> Answer:
    rstore = _stores(store)
    round_ = _voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = _instrument(store)
    all_items = items(instrument)
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    if key is not None:
        chosen = _navigate(all_items, key)
        if chosen is None:
            return _problem("Det påståendet finns inte i instrumentet.")
        return card(round_, instrument, votes, chosen, saved=saved)
    item = next_unanswered(all_items, votes)
    if item is None:
        return all_done(round_, instrument, saved)
    return card(round_, instrument, votes, item, saved=saved)


def _navigate(all_items: Sequence[Item], key: str) -> Item | None:
    step = 0
    if key.startswith(("prev:", "next:")):
        step = -1 if key.startswith("prev:") else 1
        key = key.split(":", 1)[1]
    index = next((n for n, i in enumerate(all_items) if i.statement.key == key), None)
    if index is None:
        return None
    return all_items[(index + step) % len(all_items)]


def vote(request: Request, value: str, store: Store) -> Answer:
    """The Fungerar / Behöver utvecklas buttons: save at once, then show the next card."""
    rstore = _stores(store)
    try:
        round_id, rest = _parse_round_id(value)
        key, choice = rest.rsplit("|", 1)
    except ValueError:
        return unknown_button()
    if choice not in VOTE_LABEL:
        return unknown_button()
    round_ = _voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = _instrument(store)
    all_items = items(instrument)
    item = next((i for i in all_items if i.statement.key == key), None)
    if item is None:
        return _problem("Det påståendet finns inte i instrumentet.")
    if not rstore.record_vote(round_id=round_.id, user=request.user, statement_key=key,
                              value=choice):
        return _refusal_closed(round_)
    saved = f"Sparat: {item.number}. {item.statement.title} – *{VOTE_LABEL[choice]}*."
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    following = next_unanswered(all_items, votes, after=item.number)
    if following is None:
        return all_done(round_, instrument, saved)
    return card(round_, instrument, votes, following, saved=saved)


def show(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id, key = _parse_round_id(value)
    except ValueError:
        return unknown_button()
    return answer_card(request, store, round_id, key or None)


def next_card(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id = int(value)
    except ValueError:
        return unknown_button()
    return answer_card(request, store, round_id)


def comment_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a modal opens instead): how to write a comment."""
    rstore = _stores(store)
    try:
        round_id, key = _parse_round_id(value)
    except ValueError:
        return unknown_button()
    round_ = _voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = _instrument(store)
    item = next((i for i in items(instrument) if i.statement.key == key), None)
    if item is None:
        return _problem("Det påståendet finns inte i instrumentet.")
    return Message(lang="sv",
                   text=f"Skriv din kommentar till påstående {item.number} så här: "
                        f"`självreflektion kommentar {item.number} din kommentar`",
                   details=("Kommentaren visas utan namn, och bara om minst "
                            f"{MIN_RESPONDENTS_FOR_COMMENTS} har svarat.",))


def comment_from_modal(request: Request, value: str, store: Store) -> Answer:
    """The comment modal's submit (Slack): ``round|statement|text``."""
    try:
        round_id, rest = _parse_round_id(value)
    except ValueError:
        return unknown_button()
    key, _, text = rest.partition("|")
    return save_comment(request, store, round_id=round_id, number_or_key=key, text=text)


def save_comment(request: Request, store: Store, *, round_id: int | None, number_or_key: str,
                 text: str) -> Answer:
    rstore = _stores(store)
    round_ = _voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = _instrument(store)
    all_items = items(instrument)
    item = next((i for i in all_items if str(i.number) == number_or_key
                 or i.statement.key == number_or_key), None)
    if item is None:
        return _problem(f"Påstående ”{number_or_key}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", "självreflektion kommentar 5 Vi behöver mer tid")
    if not text.strip():
        return _problem("Kommentaren är tom.", "självreflektion kommentar 5 Vi behöver mer tid")
    if not rstore.record_comment(round_id=round_.id, user=request.user,
                                 statement_key=item.statement.key, comment=text.strip()[:1000]):
        if not accepts_votes(round_, request.today):
            return _refusal_closed(round_)
        return _problem(f"Svara först Fungerar eller Behöver utvecklas på påstående "
                        f"{item.number}, sedan kan du lägga till en kommentar.")
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    return card(round_, instrument, votes, item,
                saved=f"Kommentaren till {item.number}. {item.statement.title} är sparad.")


def status(request: Request, store: Store) -> Answer:
    rstore = _stores(store)
    round_ = _round_here(request, rstore)
    if round_ is None:
        return _problem("Det finns ingen självreflektion här ännu.",
                        "/avtal självreflektion starta Familjecentralen Råslätt")
    instrument = _instrument(store)
    total = len(instrument.statements())
    progress = rstore.progress(round_id=round_.id, statements=total)
    state = ("öppen" if accepts_votes(round_, request.today) else "stängd")
    details = [
        f"{progress.participants} inbjudna · {progress.finished} har svarat på alla · "
        f"{progress.started - progress.finished} har börjat · "
        f"{progress.participants - progress.started} har inte börjat.",
        "Vem som har svarat visas aldrig, bara antalet.",
    ]
    if rstore.is_participant(round_id=round_.id, user=request.user):
        mine = len(rstore.my_votes(round_id=round_.id, user=request.user))
        details.append(f"Du själv: {mine} av {total}.")
    return Message(lang="sv",
                   text=f"Självreflektion {round_.centre} {round_.year}: {state}, "
                        f"{_closing(round_)}.",
                   details=tuple(details))


def _coordinator_round(request: Request, rstore: ReflectionStore, what: str,
                       *, open_only: bool, round_id: int | None = None) -> Round | Problem:
    if round_id is not None:
        round_ = rstore.reflection_round(round_id)
        if round_ is not None and open_only and round_.status != "open":
            return _problem("Omgången är redan stängd.")
    else:
        round_ = _round_here(request, rstore, open_only=open_only)
    if round_ is None:
        return _problem("Det finns ingen " + ("öppen " if open_only else "")
                        + "självreflektion här.")
    if round_.opened_by != request.user:
        return _problem(f"Bara samordnaren som startade omgången kan {what}.")
    return round_


def remind(request: Request, store: Store, round_id: int | None = None) -> Answer:
    rstore = _stores(store)
    round_ = _coordinator_round(request, rstore, "skicka påminnelser", open_only=True,
                                round_id=round_id)
    if isinstance(round_, Problem):
        return round_
    if not accepts_votes(round_, request.today):
        return _problem("Omgången har passerat sin stängningsdag; stäng den i stället.",
                        "/avtal självreflektion stäng")
    _stores(store).mark_reminded(round_id=round_.id, on=request.today)
    return reminders(round_, store)


def reminders(round_: Round, store: Store) -> Outcome:
    rstore = _stores(store)
    instrument = _instrument(store)
    total = len(instrument.statements())
    unfinished = rstore.unfinished_participants(round_id=round_.id, statements=total)
    deliveries = []
    for user in unfinished:
        answered = len(rstore.my_votes(round_id=round_.id, user=user))
        deliveries.append(Delivery(user=user, answer=Message(
            lang="sv",
            text=f"Påminnelse: självreflektionen för {round_.centre} är öppen och "
                 f"{_closing(round_)}. Du har svarat på {answered} av {total}.",
            details=("Dina svar är anonyma; samordnaren ser bara hur många som har svarat.",),
            actions=(Action("Fortsätt", "refl_next", str(round_.id), style="primary"),),
        )))
    text = (f"Jag har skickat en påminnelse till {len(deliveries)} som inte har svarat klart. "
            "Vilka det är visas inte, inte heller för dig." if deliveries
            else "Alla har svarat på alla påståenden – ingen påminnelse behövs.")
    return Outcome(lang="sv", reply=Message(lang="sv", text=text), deliveries=tuple(deliveries))


def due_work(today: dt.date, store: Store) -> tuple[Delivery, ...]:
    """What the clock brings (run by ``serve`` every few minutes, by any number of bot
    processes): a round past its closing date is closed and its result posted, the day
    before closing those who have not finished get a reminder, and a result not yet
    posted is posted again. Closing, reminding and each posting attempt are claimed in
    the database, so each happens once however many processes ask."""
    rstore = _stores(store)
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
    rstore = _stores(store)
    round_ = _coordinator_round(request, rstore, "stänga omgången", open_only=True,
                                round_id=round_id)
    if isinstance(round_, Problem):
        return round_
    return closed_outcome(round_, store, closed_by_coordinator=True)


def closed_outcome(round_: Round, store: Store, *, closed_by_coordinator: bool) -> Answer:
    """Close the round (once, even if two ask at the same moment) and post the result."""
    rstore = _stores(store)
    if not rstore.close_round(round_id=round_.id):
        return _problem("Omgången är redan stängd.")
    closed = rstore.reflection_round(round_.id) or round_
    delivery = result_delivery(closed, store)
    target = results_target(closed)
    reply = Message(
        lang="sv",
        text=f"Självreflektionen för {closed.centre} är stängd"
             + ("" if closed_by_coordinator or closed.closes_on is None
                else f" (sista svarsdag var {closed.closes_on.isoformat()})")
             + f". Resultatet skickas nu till {channel_ref(target)}.",
        # the post is confirmed only when Slack has taken it (``delivered``): promise no more
        details=("Kommer det inte fram säger jag till i ett DM och försöker igen tills det "
                 "lyckas. Du kan också skriva "
                 f"`/avtal självreflektion resultat {closed.id}` i kanalen.",
                 "Nästa steg: för in er gemensamma uppfattning per påstående (steg III) och "
                 "välj två prioriterade mål (steg IV).",
                 "`/avtal självreflektion gemensam 5 utvecklas Vi behöver en rutin`",
                 "`/avtal självreflektion mål 1 5 Rutin för slussning [uppföljning "
                 "ÅÅÅÅ-MM-DD]`"),
        actions=(Action("För in gemensam uppfattning", "refl_joint", str(closed.id)),),
    )
    return Outcome(lang="sv", reply=reply, deliveries=(delivery,))


def results_target(round_: Round) -> str:
    return round_.results_channel or round_.channel


def result_delivery(round_: Round, store: Store) -> Delivery:
    """The closed round's result as a post to the steering group's channel, with its chart;
    ``key`` asks the sender to report back, so that the result counts as posted only once
    Slack has taken it (``results_posted``) and is tried again until then."""
    rstore = _stores(store)
    result = result_of(rstore, round_, _instrument(store))
    key = f"{RESULT_KEY}{round_.id}"
    if isinstance(result, Withheld):
        return Delivery(answer=withheld_message(result), channel=results_target(round_),
                        key=key)
    from bot.render.chart import chart_png

    return Delivery(answer=result_answer_of(result), channel=results_target(round_), key=key,
                    attachment=Attachment(
                        filename=f"sjalvreflektion-{slug(round_.centre)}-{round_.year}.png",
                        content=chart_png(result),
                        title=f"Självreflektion {round_.centre} {round_.year}"))


RESULT_KEY = "reflection-result:"
HELP_KEY = "reflection-result-help:"
# Slack's answers when the bot may not post in a channel: it was never invited (a private
# channel it is not in looks to it as if it did not exist). Only the coordinator can fix it.
NOT_INVITED = {
    "not_in_channel": "eftersom jag inte är med i kanalen",
    "channel_not_found": "eftersom jag inte hittar kanalen – den är privat och jag är inte "
                         "inbjuden, eller så har den tagits bort",
}


def delivered(store: Store, key: str, error: str | None) -> tuple[Delivery, ...]:
    """What follows when the sender reports a keyed delivery: a result that arrived is
    recorded as posted; one that did not is left for the clock to post again, and when
    the bot is not let into the channel the coordinator is told, once per round, how to
    fix it. Returns what is to be sent next (that message to the coordinator, or nothing)."""
    rstore = _stores(store)
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


def not_posted_help(round_: Round, error: str) -> Message:
    where = channel_ref(results_target(round_))
    return Message(
        lang="sv",
        text=f"Resultatet av självreflektionen för {round_.centre} kunde inte postas i "
             f"{where}, {NOT_INVITED.get(error, 'eftersom Slack inte tog emot det')}.",
        details=(
            f"Gör så här: gå till {where} och skriv `/invite @Avtalsbot`.",
            "Sedan behöver du inte göra något mer: jag försöker igen med jämna mellanrum och "
            "postar resultatet där så snart jag är med i kanalen. Du får bara det här "
            "meddelandet en gång.",
            f"Vill du se resultatet redan nu? Skriv `/avtal självreflektion resultat "
            f"{round_.id}` här.",
        ),
    )


@dataclass(frozen=True)
class JointForm:
    """What the step III modal asks: each statement, with the view already recorded."""

    round_id: int
    centre: str
    choices: tuple[tuple[str, str, Vote | None], ...]  # (key, "5. Title", current view)


def joint_form(request: Request, store: Store, round_id: int) -> JointForm | Problem:
    rstore = _stores(store)
    round_ = rstore.reflection_round(round_id)
    if round_ is None:
        return _problem("Den omgången finns inte längre.")
    if round_.opened_by != request.user:
        return _problem("Bara samordnaren som startade omgången kan föra in den gemensamma "
                        "uppfattningen.")
    current = {v.statement_key: v.value for v in rstore.joint_views(round_id=round_id)}
    return JointForm(round_id, round_.centre, tuple(
        (i.statement.key, f"{i.number}. {i.statement.title}", current.get(i.statement.key))
        for i in items(_instrument(store))))


def joint_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a modal opens instead): how to record the joint view."""
    return Message(lang="sv", text="För in den gemensamma uppfattningen ett påstående i taget:",
                   details=("`självreflektion gemensam 5 utvecklas Vi behöver en rutin`",
                            "`självreflektion gemensam 6 fungerar`"))


def joint_from_modal(request: Request, value: str, store: Store) -> Answer:
    """The step III modal's submit (Slack): ``round|key=works,key=develop,…``."""
    try:
        round_id, rest = _parse_round_id(value)
    except ValueError:
        return unknown_button()
    form = joint_form(request, store, round_id)
    if isinstance(form, Problem):
        return form
    known = {key for key, _, _ in form.choices}
    saved = 0
    for pair in filter(None, rest.split(",")):
        key, _, choice = pair.partition("=")
        if key in known and choice in VOTE_LABEL:
            _stores(store).set_joint_view(round_id=round_id, view=JointView(
                statement_key=key, value=choice))
            saved += 1
    recorded = len(_stores(store).joint_views(round_id=round_id))
    return Message(lang="sv",
                   text=f"Gemensam uppfattning sparad för {saved} påståenden ({form.centre}).",
                   details=(f"{recorded} av {len(form.choices)} påståenden har en gemensam "
                            "uppfattning. Välj sedan två prioriterade mål:",
                            "`/avtal självreflektion mål 1 5 Rutin för slussning`"),
                   source="002 Självreflektionsinstrument, steg III")


def _closed_result(request: Request, store: Store, words: Sequence[str]
                   ) -> tuple[Round, Result] | Answer:
    """The named closed round and its aggregate, or the answer that stands instead (a
    problem naming the round, or how many answered while too few have)."""
    rstore = _stores(store)
    round_ = _named_round(request, rstore, words, closed_only=True)
    if isinstance(round_, Problem):
        return round_
    result = result_of(rstore, round_, _instrument(store))
    return withheld_message(result) if isinstance(result, Withheld) else (round_, result)


def result_answer(request: Request, store: Store, words: Sequence[str]) -> Answer:
    found = _closed_result(request, store, words)
    return found if isinstance(found, Answer) else result_answer_of(found[1])


def csv_answer(request: Request, store: Store, words: Sequence[str]) -> Answer:
    found = _closed_result(request, store, words)
    if isinstance(found, Answer):
        return found
    round_, result = found
    reply = Message(lang="sv", text=f"Här är resultatet för {round_.centre} {round_.year} som "
                                    "CSV (bara sammanställningar, inga enskilda svar).")
    if request.channel is None:
        return reply
    file = Attachment(filename=f"sjalvreflektion-{slug(round_.centre)}-{round_.year}.csv",
                      content=result_csv(result), title=f"Självreflektion {round_.centre}")
    return Outcome(lang="sv", reply=reply,
                   deliveries=(Delivery(answer=reply, channel=request.channel,
                                        attachment=file),))


def _named_round(request: Request, rstore: ReflectionStore, words: Sequence[str],
                 *, closed_only: bool) -> Round | Problem:
    if words and words[0].isdigit():
        round_ = rstore.reflection_round(int(words[0]))
    else:
        rounds = list(rstore.rounds_in_channel(request.channel)) if request.channel else []
        rounds += list(rstore.rounds_of_user(request.user))
        if closed_only:
            rounds = [r for r in rounds if r.status == "closed"]
        round_ = max(rounds, key=lambda r: r.id, default=None)
    if round_ is None:
        return _problem("Det finns ingen stängd självreflektion här ännu. Resultatet visas "
                        "när samordnaren har stängt omgången.")
    if closed_only and round_.status != "closed":
        return _problem("Resultatet visas först när omgången är stängd.")
    return round_


def joint_view(request: Request, store: Store, words: Sequence[str]) -> Answer:
    """Step III: ``gemensam 5 utvecklas Vi behöver en rutin``."""
    rstore = _stores(store)
    round_ = _coordinator_round(request, rstore, "föra in den gemensamma uppfattningen",
                                open_only=False)
    if isinstance(round_, Problem):
        return round_
    instrument = _instrument(store)
    all_items = items(instrument)
    example = "/avtal självreflektion gemensam 5 utvecklas Vi behöver en rutin"
    if len(words) < 2:
        return _problem("Ange påståendets nummer och Fungerar eller Utvecklas.", example)
    item = next((i for i in all_items if str(i.number) == words[0]), None)
    if item is None:
        return _problem(f"Påstående ”{words[0]}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", example)
    value = _vote_word(words[1])
    if value is None:
        return _problem(f"”{words[1]}” är varken Fungerar eller Utvecklas.", example)
    note = " ".join(words[2:]).strip() or None
    rstore.set_joint_view(round_id=round_.id,
                          view=JointView(statement_key=item.statement.key, value=value, note=note))
    recorded = len(rstore.joint_views(round_id=round_.id))
    return Message(lang="sv",
                   text=f"Gemensam uppfattning om {item.number}. {item.statement.title}: "
                        f"*{VOTE_LABEL[value]}*" + (f" – {note}" if note else "") + ".",
                   details=(f"{recorded} av {len(all_items)} påståenden har en gemensam "
                            "uppfattning.",),
                   source="002 Självreflektionsinstrument, steg III")


def _vote_word(word: str) -> Vote | None:
    key = fold(word)
    if key in ("fungerar", "works", "ok"):
        return "works"
    if key in ("utvecklas", "utveckla", "behover", "develop"):
        return "develop"
    return None


def goal(request: Request, store: Store, words: Sequence[str]) -> Answer:
    """Step IV–V: ``mål 1 5 Rutin för slussning uppföljning 2027-06-01``."""
    rstore = _stores(store)
    round_ = _coordinator_round(request, rstore, "välja prioriterade mål", open_only=False)
    if isinstance(round_, Problem):
        return round_
    instrument = _instrument(store)
    all_items = items(instrument)
    example = "/avtal självreflektion mål 1 5 Rutin för slussning uppföljning 2027-06-01"
    if len(words) < 3 or words[0] not in ("1", "2"):
        return _problem("Ange målets nummer (1 eller 2), påståendets nummer och målet.", example)
    item = next((i for i in all_items if str(i.number) == words[1]), None)
    if item is None:
        return _problem(f"Påstående ”{words[1]}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", example)
    rest = list(words[2:])
    follow_up = default_follow_up(round_)
    if len(rest) >= 2 and fold(rest[-2]) in ("uppfoljning", "folj", "senast", "follow-up"):
        raw = rest[-1]
        try:
            follow_up = dt.date.fromisoformat(raw)
        except ValueError:
            return _problem(f"Jag förstår inte datumet ”{raw}”. Skriv det som ÅÅÅÅ-MM-DD.",
                            example)
        if follow_up <= request.today:
            return _problem(f"Uppföljningen {raw} måste ligga efter i dag.", example)
        rest = rest[:-2]
    text = " ".join(rest).strip()
    if not text:
        return _problem("Skriv själva målet efter påståendets nummer.", example)
    rstore.set_goal(round_id=round_.id, goal=Goal(position=int(words[0]), text=text,
                                                  statement_key=item.statement.key,
                                                  follow_up_on=follow_up))
    chosen = rstore.goals(round_id=round_.id)
    return Message(
        lang="sv",
        text=f"Prioriterat mål {words[0]} för {round_.centre}: {text} "
             f"(påstående {item.number}. {item.statement.title}).",
        details=(f"Uppföljning senast {day(follow_up)} – samordnaren får en påminnelse "
                 "före dess.",
                 f"{len(chosen)} av 2 prioriterade mål valda. De visas i nästa omgångs "
                 "resultat."),
        source="002 Självreflektionsinstrument, steg IV–V",
    )


# --- the command ------------------------------------------------------------------------


def handle(request: Request, store: Store) -> Answer:
    words = request.text.split()
    sub = fold(words[0]) if words else ""
    rest = words[1:]
    if sub in ("starta", "start", "oppna", "open", "ny", "new"):
        return start(request, store, rest)
    if sub in ("", "svara", "answer", "fortsatt", "continue", "rosta", "vote", "borja"):
        if rest and rest[0].isdigit():
            return _privately(request, store, _answer_number(request, store, int(rest[0])))
        return _privately(request, store, answer_card(request, store))
    if sub in ("kommentar", "kommentera", "comment"):
        if len(rest) < 2:
            return _problem("Ange påståendets nummer och din kommentar.",
                            "/avtal självreflektion kommentar 5 Vi behöver mer tid")
        return _privately(request, store, save_comment(
            request, store, round_id=None, number_or_key=rest[0], text=" ".join(rest[1:])))
    if sub in ("status", "lage", "progress"):
        return status(request, store)
    if sub in ("paminn", "paminnelse", "remind"):
        return remind(request, store)
    if sub in ("stang", "avsluta", "close"):
        return close(request, store)
    if sub in ("resultat", "result", "results"):
        return result_answer(request, store, rest)
    if sub in ("csv", "export", "exportera"):
        return csv_answer(request, store, rest)
    if sub in ("gemensam", "joint"):
        return joint_view(request, store, rest)
    if sub in ("mal", "goal", "goals"):
        return goal(request, store, rest)
    return _problem(f"Jag känner inte igen ”{inert(words[0])}” för självreflektionen. "
                    f"Välj något av: {USAGE.split(' ', 1)[1].replace('|', ', ')}.", *EXAMPLES)


def _privately(request: Request, store: Store, answer: Answer) -> Answer:
    """A voting card asked for in a centre's channel goes to the person's DM instead: an
    @-mention is answered in the open, and a card shows that person's own answers."""
    if (not isinstance(answer, Message) or request.channel is None
            or not _stores(store).rounds_in_channel(request.channel)):
        return answer
    note = Message(lang="sv", text="Jag har skickat frågan till dig i ett direktmeddelande, "
                                   "så att ingen annan ser dina svar.")
    return Outcome(lang="sv", reply=note, deliveries=(
        Delivery(answer=replace(answer, replaces_clicked=False), user=request.user),))


def _answer_number(request: Request, store: Store, number: int) -> Answer:
    found = instrument_of(store)
    if found is None or not 1 <= number <= len(found[1].statements()):
        total = len(found[1].statements()) if found else 0
        return _problem(f"Påstående {number} finns inte; de är numrerade 1–{total}.")
    return answer_card(request, store, None, found[1].statements()[number - 1].key)


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: each open round the user is invited to, with their own progress; for a
    coordinator, the rounds they opened with counts (never names) and Påminn / Stäng."""
    if not isinstance(store, ReflectionStore):
        return None
    found = instrument_of(store)
    if found is None:
        return None
    total = len(found[1].statements())
    lines, actions = [], []
    for round_ in store.rounds_of_user(request.user):
        if round_.opened_by == request.user and round_.status == "open":
            progress = store.progress(round_id=round_.id, statements=total)
            lines.append(f"• {round_.centre} (du samordnar): {progress.finished} av "
                         f"{progress.participants} har svarat på alla, {_closing(round_)}.")
            actions += [Action(f"Påminn: {short(round_.centre, 60)}", "refl_remind",
                               str(round_.id)),
                        Action(f"Stäng: {short(round_.centre, 60)}", "refl_close",
                               str(round_.id), style="danger")]
        if not accepts_votes(round_, request.today) or not store.is_participant(
                round_id=round_.id, user=request.user):
            continue
        mine = len(store.my_votes(round_id=round_.id, user=request.user))
        lines.append(f"• {round_.centre}: du har svarat på {mine} av {total} "
                     f"({_closing(round_)}).")
        actions.append(Action(f"Fortsätt: {short(round_.centre, 60)}", "refl_next",
                              str(round_.id)))
    if not lines:
        lines.append("Ingen öppen omgång för dig just nu.")
    actions.append(Action("Starta en självreflektion", "refl_start_form", ""))
    return Message(lang=request.lang, text="*Självreflektion*", details=tuple(lines),
                   actions=tuple(actions[-25:]))


def start_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a form opens instead): how to start a round."""
    return Message(lang="sv", text="Starta en omgång i familjecentralens kanal:",
                   details=("`/avtal självreflektion starta FC Råslätt stänger 2026-12-15`",
                            "Alla i kanalen bjuds in; ange `deltagare @anna @bertil …` för "
                            "en annan lista och `resultat #kanal` för ledningsgruppens kanal."))


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


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} personer"


def follow_ups(store: Store) -> tuple[FollowUp, ...]:
    """Step V for the deadline engine: every priority goal's follow-up as a plain object
    (stable ``key``, ``due`` date, the centre's ``channel``, ``title``, ``responsible``,
    ``source``), oldest first; empty where the store keeps no reflection rounds."""
    if not isinstance(store, ReflectionStore):
        return ()
    return tuple(store.follow_ups())


def _round_button(handler: Callable[[Request, Store, int], Answer]
                  ) -> Callable[[Request, str, Store], Answer]:
    def run(request: Request, value: str, store: Store) -> Answer:
        if not value.isdigit():
            return unknown_button()
        return handler(request, store, int(value))
    return run


COMMANDS = (
    Command(
        name="självreflektion",
        words=("sjalvreflektion", "reflektion", "reflection", "self-reflection",
               "selfreflection"),
        handler=handle,
        help_sv="Självreflektion på familjecentralen (källa 002): starta, svara, status, "
                "påminn, stäng, resultat, csv, gemensam (steg III), mål (steg IV–V).",
        help_en="Self-reflection at a family centre (source 002): start, answer, status, "
                "remind, close, result, csv, joint view (step III), goals (steps IV–V).",
        usage="självreflektion [starta|svara|stäng …]",
        example_sv="/avtal självreflektion starta Familjecentralen Råslätt stänger 2026-12-15",
        example_en="/avtal self-reflection start Familjecentralen Råslätt closes 2026-12-15",
        triggers=("sjalvreflektion", "reflektion", "reflection", "enkat", "rosta"),
    ),
)

ACTIONS = {
    "refl_next": next_card,
    "refl_show": show,
    "refl_vote": vote,
    "refl_comment": comment_hint,
    "refl_comment_save": comment_from_modal,
    "refl_joint": joint_hint,
    "refl_joint_save": joint_from_modal,
    "refl_start_form": start_hint,
    "refl_remind": _round_button(remind),
    "refl_close": _round_button(close),
}
