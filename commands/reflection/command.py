"""The ``självreflektion`` command (source 002): its words, its sub-commands and buttons,
the result and CSV on request, and the App Home section — the glue over ``cards`` (what a
voter sees) and ``flows`` (what a coordinator does).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from commands.core.answers import (
    Answer,
    Delivery,
    Message,
    Outcome,
    Problem,
    rich,
)
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.text import fold, inert
from commands.reflection import cards, flows, home, opening, questions
from commands.reflection import voter_wording as voter
from commands.reflection.model import FollowUp, ReflectionStore, Round
from commands.reflection.report import csv_attachment, result_answer_of, withheld_message
from commands.reflection.rounds import instrument_in, reflection_store
from commands.reflection.rules import Result, Withheld, instrument_of, result_of
from commands.reflection.wording import (
    UNKNOWN_BUTTON,
    centre_text,
    problem,
)
from commands.roles.facts import asker_of
from commands.roles.rules import Refused, may_share_result
from commands.roles.wording import refusal

USAGE = "självreflektion starta|svara|status|påminn|stäng|resultat|csv|gemensam|mål"
EXAMPLES = (
    "/avtal självreflektion starta Familjecentralen Råslätt stänger 2026-12-15",
    "/avtal självreflektion svara",
    "/avtal självreflektion status",
    "/avtal självreflektion stäng",
)


START_WORDS = ("starta", "start", "oppna", "open", "ny", "new")


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
    second = f", omgång {result.ordinal}" if result.ordinal > 1 else ""
    reply = Message(lang="sv", text=rich("Här är resultatet för ", centre_text(round_.centre),
                                         f" {round_.year}{second} som CSV (bara "
                                         "sammanställningar, inga enskilda svar)."))
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
    if questions.asks_about_reflection(request):  # "hur svarar jag?", "vem har svarat?"
        return questions.answer(request, store)
    words = request.text.split()
    sub = fold(words[0]) if words else ""
    rest = words[1:]
    if sub in START_WORDS:
        return opening.start(request, store, rest)
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
        return flows.ask_to_close(request, store, rest)
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
    note = Message(lang=request.lang, text=voter.sent_to_dm(request.lang))
    return Outcome(lang=request.lang, reply=note, deliveries=(
        Delivery(answer=replace(answer, replaces_clicked=False), user=request.user),))


def _answer_number(request: Request, store: Store, number: int) -> Answer:
    found = instrument_of(store)
    if found is None or not 1 <= number <= len(found[1].statements()):
        total = len(found[1].statements()) if found else 0
        return cards.problem(request.lang, voter.unknown_number(str(number), total,
                                                                request.lang))
    return cards.answer_card(request, store, None, found[1].statements()[number - 1].key)


# The section shows the person's own rounds (invited or opened): personal by itself, so it
# sees every agreement (the instrument's among them) rather than only the person's.
HOME_IS_PERSONAL = True


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: see ``commands.reflection.home``."""
    return home.section(request, store)


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
        claims=questions.asks_about_reflection,
        takes_time=lambda rest: fold(rest.split()[0]) in START_WORDS if rest.split() else False,
    ),
)

ACTIONS = {
    "refl_next": cards.next_card,
    "refl_show": cards.show,
    "refl_pick": cards.show,
    "refl_privacy": cards.privacy,
    "refl_vote": cards.vote,
    "refl_comment": cards.comment_hint,
    "refl_comment_save": cards.comment_from_modal,
    "refl_joint": flows.joint_hint,
    "refl_joint_save": flows.joint_from_modal,
    "refl_start_form": opening.start_hint,
    "refl_remind": _round_button(flows.remind),
    "refl_close": _round_button(flows.close),
}


