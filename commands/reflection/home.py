"""The self-reflection section of a person's App Home: each open round they are invited
to, with their own progress and a button to go on; the priority goals' follow-ups of their
centres' rounds; and for a coordinator, each round they opened with its counts (never
names) and its controls — Status, Påminn, Stäng (which asks before it closes).
"""

from __future__ import annotations

from commands.core.answers import Action, Answer, Confirm, Message, Quote, Strong, Text, rich
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.text import day, say
from commands.reflection import voter_wording as voter
from commands.reflection.model import ReflectionStore, Round
from commands.reflection.rules import accepts_votes, instrument_of, minimum_answers
from commands.reflection.wording import centre_name, centre_text, closing

_LABEL = 40  # a button's label (Slack: 75 characters), whole words of the centre's name
MAX_FOLLOW_UPS = 5


def _label(text: str) -> str:
    if len(text) <= _LABEL:
        return text
    return text[:_LABEL].rsplit(" ", 1)[0] + " …"  # never cut mid-word


def section(request: Request, store: Store) -> Answer | None:
    if not isinstance(store, ReflectionStore):
        return None
    found = instrument_of(store)
    if found is None:
        return None
    lang = request.lang
    total = len(found[1].statements())
    lines: list[Text] = []
    actions: list[Action] = []
    rounds = list(store.rounds_of_user(request.user))
    for round_ in rounds:
        name = _label(centre_name(round_.centre))
        if round_.opened_by == request.user and round_.status == "open":
            progress = store.progress(round_id=round_.id, statements=total)
            respondents = progress.started
            enough = respondents >= minimum_answers(round_)
            lines.append(rich("• ", centre_text(round_.centre), say(
                lang, f" (du samordnar): {progress.finished} av {progress.participants} har "
                      f"svarat på alla, {respondents} har börjat; {closing(round_)}.",
                f" (you coordinate): {progress.finished} of {progress.participants} have "
                f"answered all, {respondents} have started; {closing(round_, lang)}.")))
            counted = say(lang, f"{respondents} av {progress.participants} har svarat",
                          f"{respondents} of {progress.participants} have answered")
            actions += [
                Action(say(lang, f"Påminn: {name}", f"Remind: {name}"), "refl_remind",
                       str(round_.id)),
                Action(say(lang, f"Stäng: {name}", f"Close: {name}"), "refl_close",
                       str(round_.id), style="danger", confirm=Confirm(
                           title=say(lang, "Stänga omgången?", "Close the round?"),
                           text=counted + (say(lang, ". Det går inte att ångra.",
                                               ". This cannot be undone.") if enough else
                                           say(lang, f"; resultat visas från "
                                                     f"{minimum_answers(round_)}, så inget "
                                                     "resultat visas.",
                                               f"; results are shown from "
                                               f"{minimum_answers(round_)}, so none will be.")),
                           yes=say(lang, "Stäng", "Close"), no=say(lang, "Avbryt", "Cancel"))),
            ]
        if not accepts_votes(round_, request.today) or not store.is_participant(
                round_id=round_.id, user=request.user):
            continue
        mine = len(store.my_votes(round_id=round_.id, user=request.user))
        lines.append(rich("• ", centre_text(round_.centre), say(
            lang, f": du har svarat på {mine} av {total} ({closing(round_)}).",
            f": you have answered {mine} of {total} ({closing(round_, lang)}).")))
        actions.append(Action(f"{voter.BUTTONS[lang]['continue']}: {name}", "refl_next",
                              str(round_.id)))
    if not lines:
        lines.append(say(lang, "Ingen öppen omgång för dig just nu.",
                         "No open round for you right now."))
    lines += _follow_ups(request, store, rounds)
    actions.append(Action(say(lang, "Starta en självreflektion", "Start a self-reflection"),
                          "refl_start_form", ""))
    return Message(lang=lang, text=rich(Strong(say(lang, "Självreflektion", "Self-reflection"))),
                   details=tuple(lines), actions=tuple(actions[-25:]))


def _follow_ups(request: Request, store: ReflectionStore, rounds: list[Round]) -> list[Text]:
    """Step V: the priority goals of the person's centres still to be followed up."""
    lang = request.lang
    due = sorted(((goal.follow_up_on, goal, round_) for round_ in rounds
                  for goal in store.goals(round_id=round_.id)
                  if goal.follow_up_on is not None and goal.follow_up_on >= request.today),
                 key=lambda found: (found[0], found[2].id, found[1].position))
    if not due:
        return []
    lines: list[Text] = [rich(Strong(say(lang, "Prioriterade mål att följa upp:",
                                         "Priority goals to follow up:")))]
    for when, goal, round_ in due[:MAX_FOLLOW_UPS]:
        lines.append(rich(f"• {day(when, lang)}: ", Quote(goal.text), " (",
                          centre_text(round_.centre),
                          say(lang, f", mål {goal.position})", f", goal {goal.position})")))
    if len(due) > MAX_FOLLOW_UPS:
        lines.append(say(lang, f"… och {len(due) - MAX_FOLLOW_UPS} till.",
                         f"… and {len(due) - MAX_FOLLOW_UPS} more."))
    return lines
