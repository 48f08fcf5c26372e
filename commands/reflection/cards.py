"""The voting card: one statement at a time in a person's DM — Fungerar / Behöver
utvecklas, then Kommentera, ◀ ▶, the statement picker and the privacy promise — with their
own progress ("18 av 30"), in the person's language.

A card shows one person's own answers, so it is always ``personal``: it may replace the
clicked message only where no one else sees it. Each click is saved before the next card
is shown. *Kommentera* appears once the statement has an answer (a comment belongs to an
answer); a comment written before that is kept on the card and saved with the choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from commands.core.agreement import Instrument
from commands.core.answers import Action, Answer, Message, Pick, Problem, Strong, Text, rich
from commands.core.context import Lang, Request
from commands.core.ports import Store
from commands.reflection import voter_wording as words
from commands.reflection.model import VOTE_LABEL, ReflectionStore, Round, Vote
from commands.reflection.rounds import (
    instrument_in,
    parse_round_id,
    reflection_store,
    round_here,
)
from commands.reflection.rules import (
    Item,
    accepts_votes,
    instrument_of,
    items,
    minimum_for_comments,
    next_unanswered,
)
from commands.reflection.wording import UNKNOWN_BUTTON, centre_name, centre_text

_COMMENT_MARK = "c:"  # a vote button's value may carry a comment waiting for the choice


def problem(lang: Lang, message: Text, *examples: str) -> Problem:
    return Problem(lang=lang, message=message, examples=tuple(examples))


def picker(round_: Round, instrument: Instrument, votes: Mapping[str, Vote], lang: Lang) -> Pick:
    """The 30 statements by category: one tap to any of them (✓ = answered)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in items(instrument):
        mark = " ✓" if item.statement.key in votes else ""
        groups.setdefault(item.category, []).append(
            (f"{item.number}. {item.statement.title}{mark}", f"{round_.id}|{item.statement.key}"))
    return Pick(placeholder=words.BUTTONS[lang]["pick"], action_id="refl_pick",
                groups=tuple((name, tuple(options)) for name, options in groups.items()),
                hint=words.pick_hint(lang))


def card(round_: Round, instrument: Instrument, votes: Mapping[str, Vote], item: Item,
         *, lang: Lang = "sv", saved: Text | None = None, comment: str | None = None) -> Message:
    total = len(instrument.statements())
    current = votes.get(item.statement.key)
    value = f"{round_.id}|{item.statement.key}"
    details: list[Text] = [words.progress_line(len(votes), total, lang)]
    if current:
        details.append(words.current_line(current, lang))
    if saved:
        details.insert(0, saved)
    if comment:
        details.insert(0, words.comment_waits(comment, lang))
    waiting = f"|{_COMMENT_MARK}{comment}" if comment else ""
    labels = words.BUTTONS[lang]
    actions = [
        Action(words.vote_word("works", lang), "refl_vote", f"{value}|works{waiting}",
               style="primary" if current == "works" else None),
        Action(words.vote_word("develop", lang), "refl_vote", f"{value}|develop{waiting}",
               style="primary" if current == "develop" else None),
    ]
    if current:  # a comment belongs to an answer: offered once there is one
        actions.append(Action(labels["comment"], "refl_comment", value))
    actions += [
        Action(labels["prev"], "refl_show", f"{round_.id}|prev:{item.statement.key}"),
        Action(labels["next"], "refl_show", f"{round_.id}|next:{item.statement.key}"),
        Action(words.PRIVACY_BUTTON[lang], "refl_privacy", str(round_.id)),
    ]
    return Message(
        lang=lang,
        text=rich(centre_text(round_.centre, strong=True),
                  words.card_heading(item.number, total, item.category, lang),
                  Strong(item.statement.title), f" – {item.statement.text}"),
        details=tuple(details),
        actions=tuple(actions),
        pick=picker(round_, instrument, votes, lang),
        replaces_clicked=True,
        personal=True,
    )


def all_done(round_: Round, instrument: Instrument, votes: Mapping[str, Vote],
             saved: Text | None = None, *, lang: Lang = "sv") -> Message:
    """The thanks, with the picker: a change is one tap away, and after it the person is
    back here, not at statement 1."""
    total = len(instrument.statements())
    first = instrument.statements()[0].key
    return Message(
        lang=lang,
        text=words.thanks(centre_text(round_.centre), total, lang),
        details=((saved,) if saved else ()) + (words.thanks_detail(round_, lang),),
        actions=(Action(words.BUTTONS[lang]["review"], "refl_show", f"{round_.id}|{first}"),
                 Action(words.PRIVACY_BUTTON[lang], "refl_privacy", str(round_.id))),
        pick=picker(round_, instrument, votes, lang),
        replaces_clicked=True,
        personal=True,
    )


def refusal_closed(round_: Round, lang: Lang = "sv") -> Message:
    return Message(lang=lang, text=words.closed_text(centre_text(round_.centre), round_, lang),
                   replaces_clicked=True, personal=True)


def voting_round(request: Request, rstore: ReflectionStore, round_id: int | None
                  ) -> Round | Answer:
    if round_id is not None:  # a click: the round and the voter's place in it in one read
        round_, invited = rstore.round_for_voter(round_id=round_id, user=request.user)
    else:
        round_ = round_here(request, rstore, open_only=True) or round_here(request, rstore)
        invited = round_ is not None and rstore.is_participant(round_id=round_.id,
                                                               user=request.user)
    if round_ is None:
        return problem(request.lang, words.no_open_round(request.lang))
    refused = _refusal(request, round_, invited)
    return round_ if refused is None else refused


def _refusal(request: Request, round_: Round, invited: bool) -> Answer | None:
    """Why ``request.user`` may not vote in ``round_`` now, or None if they may."""
    lang = request.lang
    if not invited:
        return problem(lang, words.not_invited(centre_name(round_.centre), lang))
    if not accepts_votes(round_, request.today):
        return refusal_closed(round_, lang)
    return None


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
            return problem(request.lang, words.no_such_statement(request.lang))
        return card(round_, instrument, votes, chosen, saved=saved, lang=request.lang)
    item = next_unanswered(all_items, votes)
    if item is None:
        return all_done(round_, instrument, votes, saved, lang=request.lang)
    return card(round_, instrument, votes, item, saved=saved, lang=request.lang)


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
    """The Fungerar / Behöver utvecklas buttons: save at once (with a comment that waited
    for the choice), then show the next unanswered card — or, when all are answered (a
    change), the thanks with the picker.

    The round is read, the rules asked and the vote stored in one transaction
    (``cast_vote``); the answers are those of ``voting_round``, in its order."""
    rstore = reflection_store(store)
    lang = request.lang
    try:
        round_id, rest = parse_round_id(value)
        key, choice, *waiting = rest.split("|", 2)
    except ValueError:
        return problem(lang, UNKNOWN_BUTTON)
    if choice not in VOTE_LABEL:
        return problem(lang, UNKNOWN_BUTTON)
    comment = waiting[0][len(_COMMENT_MARK):] if waiting and waiting[0].startswith(
        _COMMENT_MARK) else None
    found = instrument_of(store)
    all_items = items(found[1]) if found is not None else ()
    item = next((i for i in all_items if i.statement.key == key), None)

    def admit(round_: Round, invited: bool) -> bool:
        return item is not None and _refusal(request, round_, invited) is None

    ballot = rstore.cast_vote(round_id=round_id, user=request.user, statement_key=key,
                              value=choice, comment=comment[:1000] if comment else None,
                              admit=admit)
    round_ = ballot.round_
    if round_ is None:
        return problem(lang, words.no_open_round(lang))
    refused = _refusal(request, round_, ballot.invited)
    if refused is not None:
        return refused
    # a round without its instrument: instrument_in raises, as ever
    instrument = found[1] if found is not None else instrument_in(store)
    if item is None:
        return problem(lang, words.no_such_statement(lang))
    votes = ballot.votes
    if votes is None:  # not reached: admitted above
        return refusal_closed(round_, lang)
    saved = words.saved_vote(item.number, item.statement.title, choice, lang)
    if comment:
        saved = rich(saved, " ", words.saved_comment(item.number, item.statement.title, lang))
    following = next_unanswered(all_items, votes, after=item.number)
    if following is None:
        return all_done(round_, instrument, votes, saved, lang=lang)
    return card(round_, instrument, votes, following, saved=saved, lang=lang)


def show(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id, key = parse_round_id(value)
    except ValueError:
        return problem(request.lang, UNKNOWN_BUTTON)
    return answer_card(request, store, round_id, key or None)


def next_card(request: Request, value: str, store: Store) -> Answer:
    try:
        round_id = int(value)
    except ValueError:
        return problem(request.lang, UNKNOWN_BUTTON)
    return answer_card(request, store, round_id)


def privacy(request: Request, value: str, store: Store) -> Answer:
    """The lock button on every card: the promise again, next to the card, not instead."""
    if not value.isdigit():
        return problem(request.lang, UNKNOWN_BUTTON)
    round_ = reflection_store(store).reflection_round(int(value))
    if round_ is None:
        return problem(request.lang, words.no_open_round(request.lang))
    return words.privacy_message(round_, centre_text(round_.centre), request.lang)


def comment_hint(request: Request, value: str, store: Store) -> Answer:
    """Outside Slack (where a modal opens instead): how to write a comment."""
    rstore = reflection_store(store)
    try:
        round_id, key = parse_round_id(value)
    except ValueError:
        return problem(request.lang, UNKNOWN_BUTTON)
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    item = next((i for i in items(instrument) if i.statement.key == key), None)
    if item is None:
        return problem(request.lang, words.no_such_statement(request.lang))
    return words.comment_hint(item.number, minimum_for_comments(round_), request.lang)


def comment_from_modal(request: Request, value: str, store: Store) -> Answer:
    """The comment modal's submit (Slack): ``round|statement|text``."""
    try:
        round_id, rest = parse_round_id(value)
    except ValueError:
        return problem(request.lang, UNKNOWN_BUTTON)
    key, _, text = rest.partition("|")
    return save_comment(request, store, round_id=round_id, number_or_key=key, text=text)


def save_comment(request: Request, store: Store, *, round_id: int | None, number_or_key: str,
                 text: str) -> Answer:
    rstore = reflection_store(store)
    lang = request.lang
    round_ = voting_round(request, rstore, round_id)
    if not isinstance(round_, Round):
        return round_
    instrument = instrument_in(store)
    all_items = items(instrument)
    example = say_example(lang)
    item = next((i for i in all_items if str(i.number) == number_or_key
                 or i.statement.key == number_or_key), None)
    if item is None:
        return problem(lang, words.unknown_number(number_or_key, len(all_items), lang), example)
    if not text.strip():
        return problem(lang, words.empty_comment(lang), example)
    comment = text.strip()[:1000]
    votes = rstore.my_votes(round_id=round_.id, user=request.user)
    if item.statement.key not in votes:
        # No answer yet to attach it to: keep the comment on the card, ask for the choice.
        return card(round_, instrument, votes, item, comment=comment, lang=lang)
    if not rstore.record_comment(round_id=round_.id, user=request.user,
                                 statement_key=item.statement.key, comment=comment):
        return refusal_closed(round_, lang)
    return card(round_, instrument, votes, item, lang=lang,
                saved=words.saved_comment(item.number, item.statement.title, lang))


def say_example(lang: Lang) -> str:
    return ("/avtal self-reflection comment 5 We need more time" if lang == "en"
            else "/avtal självreflektion kommentar 5 Vi behöver mer tid")
