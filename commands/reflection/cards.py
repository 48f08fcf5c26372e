"""The voting card: one statement at a time in a person's DM — Fungerar / Behöver
utvecklas, Kommentera, ◀ ▶ — with their own progress ("18 av 30").

A card shows one person's own answers, so it is always ``personal``: it may replace the
clicked message only where no one else sees it. Each click is saved before the next card
is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from commands.core.agreement import Instrument
from commands.core.answers import Action, Answer, Code, Message, Strong, Text, rich
from commands.core.context import Request
from commands.core.ports import Store
from commands.reflection.model import (
    VOTE_LABEL,
    ReflectionStore,
    Round,
    Vote,
)
from commands.reflection.rounds import (
    instrument_in,
    parse_round_id,
    reflection_store,
    round_here,
)
from commands.reflection.rules import (
    Item,
    accepts_votes,
    items,
    minimum_for_comments,
    next_unanswered,
)
from commands.reflection.wording import (
    UNKNOWN_BUTTON,
    centre_text,
    closing,
    problem,
    refusal_closed,
)


def card(round_: Round, instrument: Instrument, votes: Mapping[str, Vote], item: Item,
         *, saved: Text | None = None) -> Message:
    total = len(instrument.statements())
    current = votes.get(item.statement.key)
    value = f"{round_.id}|{item.statement.key}"
    details: list[Text] = [f"Du har svarat på {len(votes)} av {total}."]
    if current:
        details.append(rich("Ditt svar nu: ", Strong(VOTE_LABEL[current]),
                            " (du kan ändra det)."))
    if saved:
        details.insert(0, saved)
    return Message(
        lang="sv",
        text=rich(centre_text(round_.centre, strong=True),
                  f" · påstående {item.number} av {total} · {item.category}\n",
                  Strong(item.statement.title), f" – {item.statement.text}"),
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


def all_done(round_: Round, instrument: Instrument, saved: Text | None = None) -> Message:
    total = len(instrument.statements())
    first = instrument.statements()[0].key
    return Message(
        lang="sv",
        text=rich(f"Tack! Du har svarat på alla {total} påståendena för ",
                  centre_text(round_.centre), "."),
        details=((saved,) if saved else ()) + (
            "Svaren är sparade. Du kan ändra dem tills omgången "
            f"{closing(round_)}.",),
        actions=(Action("Gå igenom mina svar", "refl_show", f"{round_.id}|{first}"),),
        replaces_clicked=True,
        personal=True,
    )


def voting_round(request: Request, rstore: ReflectionStore, round_id: int | None
                  ) -> Round | Answer:
    round_ = (rstore.reflection_round(round_id) if round_id is not None
              else round_here(request, rstore, open_only=True)
              or round_here(request, rstore))
    if round_ is None:
        return problem("Det finns ingen öppen självreflektion för dig just nu.")
    if not rstore.is_participant(round_id=round_.id, user=request.user):
        return problem(f"Du är inte inbjuden till självreflektionen för {round_.centre}. "
                        "Fråga samordnaren om du borde vara med.")
    if not accepts_votes(round_, request.today):
        return refusal_closed(round_)
    return round_


def answer_card(request: Request, store: Store, round_id: int | None = None,
                key: str | None = None, saved: Text | None = None) -> Answer:
    rstore = reflection_store(store)
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    if key is not None:
        chosen = _navigate(all_items, key)
        if chosen is None:
            return problem("Det påståendet finns inte i instrumentet.")
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
    rstore = reflection_store(store)
    try:
        round_id, rest = parse_round_id(value)
        key, choice = rest.rsplit("|", 1)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    if choice not in VOTE_LABEL:
        return problem(UNKNOWN_BUTTON)
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    item = next((i for i in all_items if i.statement.key == key), None)
    if item is None:
        return problem("Det påståendet finns inte i instrumentet.")
    if not rstore.record_vote(round_id=round_.id, user=request.user, statement_key=key,
                              value=choice):
        return refusal_closed(round_)
    saved = rich(f"Sparat: {item.number}. {item.statement.title} – ",
                 Strong(VOTE_LABEL[choice]), ".")
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    following = next_unanswered(all_items, votes, after=item.number)
    if following is None:
        return all_done(round_, instrument, saved)
    return card(round_, instrument, votes, following, saved=saved)


def show(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id, key = parse_round_id(value)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    return answer_card(request, store, round_id, key or None)


def next_card(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id = int(value)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    return answer_card(request, store, round_id)


def comment_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a modal opens instead): how to write a comment."""
    rstore = reflection_store(store)
    try:
        round_id, key = parse_round_id(value)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    item = next((i for i in items(instrument) if i.statement.key == key), None)
    if item is None:
        return problem("Det påståendet finns inte i instrumentet.")
    return Message(lang="sv",
                   text=rich(f"Skriv din kommentar till påstående {item.number} så här: ",
                             Code(f"självreflektion kommentar {item.number} din kommentar")),
                   details=("Kommentaren visas utan namn, och bara om minst "
                            f"{minimum_for_comments(round_)} har svarat på påståendet.",))


def comment_from_modal(request: Request, value: str, store: Store) -> Answer:
    """The comment modal's submit (Slack): ``round|statement|text``."""
    try:
        round_id, rest = parse_round_id(value)
    except ValueError:
        return problem(UNKNOWN_BUTTON)
    key, _, text = rest.partition("|")
    return save_comment(request, store, round_id=round_id, number_or_key=key, text=text)


def save_comment(request: Request, store: Store, *, round_id: int | None, number_or_key: str,
                 text: str) -> Answer:
    rstore = reflection_store(store)
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    item = next((i for i in all_items if str(i.number) == number_or_key
                 or i.statement.key == number_or_key), None)
    if item is None:
        return problem(f"Påstående ”{number_or_key}” finns inte; de är numrerade 1–"
                        f"{len(all_items)}.", "självreflektion kommentar 5 Vi behöver mer tid")
    if not text.strip():
        return problem("Kommentaren är tom.", "självreflektion kommentar 5 Vi behöver mer tid")
    if not rstore.record_comment(round_id=round_.id, user=request.user,
                                 statement_key=item.statement.key, comment=text.strip()[:1000]):
        if not accepts_votes(round_, request.today):
            return refusal_closed(round_)
        return problem(f"Svara först Fungerar eller Behöver utvecklas på påstående "
                        f"{item.number}, sedan kan du lägga till en kommentar.")
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    return card(round_, instrument, votes, item,
                saved=f"Kommentaren till {item.number}. {item.statement.title} är sparad.")


