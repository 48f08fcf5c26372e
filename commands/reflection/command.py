"""The ``självreflektion`` command (source 002): its words, its sub-commands and buttons,
the result and CSV on request, and the App Home section — the glue over ``cards`` (what a
voter sees) and ``flows`` (what a coordinator does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from commands.core.answers import (
    Action,
    Answer,
    Confirm,
    Delivery,
    Message,
    Outcome,
    Problem,
    Strong,
    Text,
    rich,
)
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.text import fold, inert
from commands.reflection import cards, flows
from commands.reflection.model import FollowUp, ReflectionStore, Round
from commands.reflection.report import csv_attachment, result_answer_of, withheld_message
from commands.reflection.rounds import instrument_in, reflection_store
from commands.reflection.rules import Result, Withheld, accepts_votes, instrument_of, result_of
from commands.reflection.wording import (
    UNKNOWN_BUTTON,
    centre_name,
    centre_text,
    closing,
    problem,
    short,
)
from commands.roles.facts import asker_of
from commands.roles.rules import Refused, may_share_result
from commands.roles.wording import refusal

# Closing cannot be undone: no more answers, and the result goes to the steering group.
CLOSE_CONFIRM = Confirm(title="Stänga omgången?",
                        text="Ingen kan svara efter att omgången har stängts, och resultatet "
                             "skickas till styrgruppen. Det går inte att ångra.",
                        yes="Stäng", no="Avbryt")

USAGE = "självreflektion starta|svara|status|påminn|stäng|resultat|csv|gemensam|mål"
EXAMPLES = (
    "/avtal självreflektion starta Familjecentralen Råslätt stänger 2026-12-15",
    "/avtal självreflektion svara",
    "/avtal självreflektion status",
    "/avtal självreflektion stäng",
)


def _closed_result(request: Request, store: Store, words: Sequence[str]
                   ) -> tuple[Round, Result] | Answer:
    """The named closed round and its aggregate, or the answer that stands instead (a
    problem naming the round, or how many answered while too few have)."""
    rstore = reflection_store(store)
    round_ = _named_round(request, rstore, words, closed_only=True)
    if isinstance(round_, Problem):
        return round_
    # Results belong in the steering group's channel; elsewhere only privately to the
    # centre's coordinators and administrators (issue 11).
    decision = may_share_result(asker_of(request, store), channel=request.channel,
                                steering_channel=round_.results_channel,
                                centre_channel=round_.channel)
    if isinstance(decision, Refused):
        return refusal(decision, request.lang)
    result = result_of(rstore, round_, instrument_in(store))
    return withheld_message(result) if isinstance(result, Withheld) else (round_, result)


def result_answer(request: Request, store: Store, words: Sequence[str]) -> Answer:
    found = _closed_result(request, store, words)
    return found if isinstance(found, Answer) else result_answer_of(found[1])


def csv_answer(request: Request, store: Store, words: Sequence[str]) -> Answer:
    found = _closed_result(request, store, words)
    if isinstance(found, Answer):
        return found
    round_, result = found
    reply = Message(lang="sv", text=rich("Här är resultatet för ", centre_text(round_.centre),
                                         f" {round_.year} som CSV (bara sammanställningar, "
                                         "inga enskilda svar)."))
    if request.channel is None:
        return reply
    file = csv_attachment(result)
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
        return problem("Det finns ingen stängd självreflektion här ännu. Resultatet visas "
                        "när samordnaren har stängt omgången.")
    if closed_only and round_.status != "closed":
        return problem("Resultatet visas först när omgången är stängd.")
    return round_


# --- the command ------------------------------------------------------------------------


def handle(request: Request, store: Store) -> Answer:
    words = request.text.split()
    sub = fold(words[0]) if words else ""
    rest = words[1:]
    if sub in ("starta", "start", "oppna", "open", "ny", "new"):
        return flows.start(request, store, rest)
    if sub in ("", "svara", "answer", "fortsatt", "continue", "rosta", "vote", "borja"):
        if rest and rest[0].isdigit():
            return _privately(request, store, _answer_number(request, store, int(rest[0])))
        return _privately(request, store, cards.answer_card(request, store))
    if sub in ("kommentar", "kommentera", "comment"):
        if len(rest) < 2:
            return problem("Ange påståendets nummer och din kommentar.",
                            "/avtal självreflektion kommentar 5 Vi behöver mer tid")
        return _privately(request, store, cards.save_comment(
            request, store, round_id=None, number_or_key=rest[0], text=" ".join(rest[1:])))
    if sub in ("status", "lage", "progress"):
        return flows.status(request, store)
    if sub in ("paminn", "paminnelse", "remind"):
        return flows.remind(request, store)
    if sub in ("stang", "avsluta", "close"):
        return flows.close(request, store)
    if sub in ("resultat", "result", "results"):
        return result_answer(request, store, rest)
    if sub in ("csv", "export", "exportera"):
        return csv_answer(request, store, rest)
    if sub in ("gemensam", "joint"):
        return flows.joint_view(request, store, rest)
    if sub in ("mal", "goal", "goals"):
        return flows.goal(request, store, rest)
    return problem(f"Jag känner inte igen ”{inert(words[0])}” för självreflektionen. "
                    f"Välj något av: {USAGE.split(' ', 1)[1].replace('|', ', ')}.", *EXAMPLES)


def _privately(request: Request, store: Store, answer: Answer) -> Answer:
    """A voting card asked for in a centre's channel goes to the person's DM instead: an
    @-mention is answered in the open, and a card shows that person's own answers."""
    if (not isinstance(answer, Message) or request.channel is None
            or not reflection_store(store).rounds_in_channel(request.channel)):
        return answer
    note = Message(lang="sv", text="Jag har skickat frågan till dig i ett direktmeddelande, "
                                   "så att ingen annan ser dina svar.")
    return Outcome(lang="sv", reply=note, deliveries=(
        Delivery(answer=replace(answer, replaces_clicked=False), user=request.user),))


def _answer_number(request: Request, store: Store, number: int) -> Answer:
    found = instrument_of(store)
    if found is None or not 1 <= number <= len(found[1].statements()):
        total = len(found[1].statements()) if found else 0
        return problem(f"Påstående {number} finns inte; de är numrerade 1–{total}.")
    return cards.answer_card(request, store, None, found[1].statements()[number - 1].key)


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: each open round the user is invited to, with their own progress; for a
    coordinator, the rounds they opened with counts (never names) and Påminn / Stäng."""
    if not isinstance(store, ReflectionStore):
        return None
    found = instrument_of(store)
    if found is None:
        return None
    total = len(found[1].statements())
    lines: list[Text] = []
    actions: list[Action] = []
    for round_ in store.rounds_of_user(request.user):
        if round_.opened_by == request.user and round_.status == "open":
            progress = store.progress(round_id=round_.id, statements=total)
            lines.append(rich("• ", centre_text(round_.centre), f" (du samordnar): "
                              f"{progress.finished} av {progress.participants} har svarat på "
                              f"alla, {closing(round_)}."))
            label = short(centre_name(round_.centre), 60)  # a button shows plain text
            actions += [Action(f"Påminn: {label}", "refl_remind", str(round_.id)),
                        Action(f"Stäng: {label}", "refl_close", str(round_.id),
                               style="danger", confirm=CLOSE_CONFIRM)]
        if not accepts_votes(round_, request.today) or not store.is_participant(
                round_id=round_.id, user=request.user):
            continue
        mine = len(store.my_votes(round_id=round_.id, user=request.user))
        lines.append(rich("• ", centre_text(round_.centre),
                          f": du har svarat på {mine} av {total} ({closing(round_)})."))
        actions.append(Action(f"Fortsätt: {short(centre_name(round_.centre), 60)}",
                              "refl_next", str(round_.id)))
    if not lines:
        lines.append("Ingen öppen omgång för dig just nu.")
    actions.append(Action("Starta en självreflektion", "refl_start_form", ""))
    return Message(lang=request.lang, text=rich(Strong("Självreflektion")), details=tuple(lines),
                   actions=tuple(actions[-25:]))


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
            return problem(UNKNOWN_BUTTON)
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
    "refl_next": cards.next_card,
    "refl_show": cards.show,
    "refl_vote": cards.vote,
    "refl_comment": cards.comment_hint,
    "refl_comment_save": cards.comment_from_modal,
    "refl_joint": flows.joint_hint,
    "refl_joint_save": flows.joint_from_modal,
    "refl_start_form": flows.start_hint,
    "refl_remind": _round_button(flows.remind),
    "refl_close": _round_button(flows.close),
}


