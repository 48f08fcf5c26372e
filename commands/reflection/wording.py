"""What a self-reflection round says in conversation (Swedish, as the instrument is): the
invitation with its privacy promise, the replies to voters and coordinators, refusals.

Texts only; the rules live in ``rules``, the result's table, chart and CSV in ``report``.
"""

from __future__ import annotations

import datetime as dt
import re

from commands.core.agreement import Instrument
from commands.core.answers import (
    Action,
    ChannelRef,
    Code,
    Confirm,
    Message,
    Problem,
    Quote,
    Rich,
    Span,
    Strong,
    Text,
    rich,
)
from commands.core.context import Lang

# One wording for every button whose value cannot be read (an old message, a forged click).
from commands.core.replies import UNKNOWN_BUTTON as UNKNOWN_BUTTON
from commands.core.text import day, say
from commands.reflection import voter_wording as voter
from commands.reflection.model import VOTE_LABEL, Progress, Round, Vote
from commands.reflection.rules import (
    Item,
    minimum_answers,
    results_target,
)


def closing(round_: Round, lang: Lang = "sv") -> str:
    return voter.closing(round_, lang)


def invitation(round_: Round, instrument: Instrument, lang: Lang = "sv") -> Message:
    """The DM each invited person gets: what it is, the privacy promise, *Börja*."""
    return Message(
        lang=lang,
        text=voter.invitation_text(centre_text(voter.invitation_heading(lang) + round_.centre,
                                               strong=True),
                                   len(instrument.statements()), lang),
        details=(*voter.privacy_points(round_, lang), voter.how_to_begin(lang)),
        source=instrument.source,
        actions=(Action(voter.BUTTONS[lang]["begin"], "refl_next", str(round_.id),
                        style="primary"),),
    )


def problem(message: Text, *examples: str) -> Problem:
    return Problem(lang="sv", message=message, examples=tuple(examples))


NOT_INVITED = {
    "not_in_channel": "eftersom jag inte är med i kanalen",
    "channel_not_found": "eftersom jag inte hittar kanalen – den är privat och jag är inte "
                         "inbjuden, eller så har den tagits bort",
}


def not_posted_help(round_: Round, error: str) -> Message:
    where = ChannelRef(results_target(round_))
    return Message(
        lang="sv",
        text=rich("Resultatet av självreflektionen för ", centre_text(round_.centre),
                  " kunde inte postas i ", where,
                  f", {NOT_INVITED.get(error, 'eftersom Slack inte tog emot det')}."),
        details=(
            rich("Gör så här: gå till ", where, " och skriv ", Code("/invite @Avtalsbot"), "."),
            "Sedan behöver du inte göra något mer: jag försöker igen med jämna mellanrum och "
            "postar resultatet där så snart jag är med i kanalen. Du får bara det här "
            "meddelandet en gång.",
            rich("Vill du se resultatet redan nu? Skriv ",
                 Code(f"/avtal självreflektion resultat {round_.id}"), " här."),
        ),
    )


def started(round_: Round, *, invited: int, coordinator_invited: bool,
            source: str | None) -> Message:
    """The coordinator's reply when a round has started; it says whether they answer too."""
    results = round_.results_channel
    where = (rich("Resultatet postas i ", ChannelRef(results), " när omgången stängs.")
             if results else
             rich("Ingen kanal för ledningsgruppen är inställd, så resultatet postas här när "
                  "omgången stängs (ange en med ", Code("resultat #kanal"), ")."))
    needed = minimum_answers(round_)
    yourself = (rich("Du själv är inbjuden och får påminnelser som de andra (starta med ",
                     Code("utan mig"), " om du inte ska svara).") if coordinator_invited else
                rich("Du själv är inte inbjuden (starta med ", Code("med mig"),
                     " om du också ska svara)."))
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(round_.centre, strong=True),
                  f" är startad. {persons(invited).capitalize()} har fått en inbjudan i ett "
                  "DM."),
        details=(
            yourself,
            rich(f"Omgången {closing(round_)}. ", where),
            rich(f"Resultat visas bara om minst {needed} svarar, och för varje påstående bara "
                 f"om minst {needed} har svarat på det. Du ser hur många som har svarat (",
                 Code("/avtal självreflektion status"), "), aldrig vilka eller vad."),
        ),
        source=source,
    )


def start_announcement(round_: Round, *, invited: int) -> Message:
    """Posted in the centre's channel at the start: how many are invited, never who."""
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(round_.centre, strong=True),
                  f" har startat: {persons(invited)} har fått en inbjudan i ett DM."),
        details=(f"Omgången {closing(round_)}. Svaren är anonyma; resultatet visas bara som "
                 f"en sammanställning och bara om minst {minimum_answers(round_)} har svarat.",),
    )


def close_announcement(round_: Round, *, respondents: int, participants: int) -> Message:
    """Posted in the centre's channel at closing: counts only."""
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(round_.centre, strong=True),
                  f" är stängd: {respondents} av {participants} svarade. Tack alla!"),
        details=("Resultatet går till ledningsgruppen som en sammanställning utan namn.",),
    )


def close_question(round_: Round, *, respondents: int, participants: int,
                   lang: Lang = "sv") -> Message:
    """Before closing: how many have answered, whether that is enough for a result, and a
    close button that asks once more (closing cannot be undone)."""
    needed = minimum_answers(round_)
    where = ChannelRef(results_target(round_))
    counted = say(lang, f"{respondents} av {participants} har svarat",
                  f"{respondents} of {participants} have answered")
    if respondents < needed:
        text = rich(Strong(counted + say(lang, f"; resultat visas från {needed}",
                                         f"; results are shown from {needed}")),
                    say(lang, " – stäng ändå?", " – close anyway?"))
        detail: Text = say(lang, "Stänger du nu visas inget resultat, bara antalet svarande, "
                                 "och ingen kan svara längre. Du kan också vänta eller skicka "
                                 "en påminnelse.",
                           "If you close now no result is shown, only how many answered, and "
                           "no one can answer any more. You can also wait or send a reminder.")
        label = yes = say(lang, "Stäng ändå", "Close anyway")
    else:
        text = rich(Strong(counted), say(lang, " – stänga omgången nu?", " – close the round now?"))
        detail = say(lang, rich("När omgången är stängd kan ingen svara eller ändra sina svar, "
                                "och resultatet postas i ", where, "."),
                     rich("Once the round is closed no one can answer or change an answer, "
                          "and the result is posted in ", where, "."))
        label, yes = say(lang, "Stäng omgången", "Close the round"), say(lang, "Stäng", "Close")
    return Message(
        lang=lang, text=text,
        details=(detail,),
        actions=(
            Action(label, "refl_close", str(round_.id), style="danger", confirm=Confirm(
                title=say(lang, "Stänga omgången?", "Close the round?"),
                text=counted + say(lang, ". Det går inte att ångra.", ". This cannot be undone."),
                yes=yes, no=say(lang, "Avbryt", "Cancel"))),
            Action(say(lang, "Påminn", "Remind"), "refl_remind", str(round_.id)),
        ),
    )


def status_message(round_: Round, progress: Progress, *, open_: bool, mine: int | None,
                   total: int, lang: Lang = "sv") -> Message:
    """Counts only: how many are invited, finished, started — never who."""
    begun = progress.started - progress.finished
    waiting = progress.participants - progress.started
    details: list[Text] = [
        say(lang, f"{progress.participants} inbjudna · {progress.finished} har svarat på alla · "
                  f"{begun} har börjat · {waiting} har inte börjat.",
            f"{progress.participants} invited · {progress.finished} have answered all · "
            f"{begun} have started · {waiting} have not started."),
        say(lang, "Vem som har svarat visas aldrig, bara antalet.",
            "Who has answered is never shown, only how many."),
    ]
    if mine is not None:
        details.append(say(lang, f"Du själv: {mine} av {total}.", f"You: {mine} of {total}."))
    state = say(lang, "öppen" if open_ else "stängd", "open" if open_ else "closed")
    return Message(lang=lang,
                   text=rich(say(lang, "Självreflektion ", "Self-reflection "),
                             centre_text(round_.centre),
                             f" {round_.year}: {state}, {closing(round_, lang)}."),
                   details=tuple(details))


def reminder(round_: Round, answered: int, total: int, lang: Lang = "sv") -> Message:
    """The DM to someone who has not finished, in their language."""
    return Message(
        lang=lang,
        text=voter.reminder_text(centre_text(round_.centre), round_, answered, total, lang),
        details=(voter.reminder_detail(lang),),
        actions=(Action(voter.BUTTONS[lang]["continue"], "refl_next", str(round_.id),
                        style="primary"),),
    )


def reminders_sent(count: int, lang: Lang = "sv") -> Message:
    """The coordinator's reply: the count, never who."""
    if lang == "en":
        return Message(lang=lang, text=(
            f"I have sent a reminder to {count} who have not finished. Who they are is not "
            "shown, not even to you." if count
            else "Everyone has answered every statement – no reminder is needed."))
    return Message(lang="sv", text=(
        f"Jag har skickat en påminnelse till {count} som inte har svarat klart. Vilka det är "
        "visas inte, inte heller för dig." if count
        else "Alla har svarat på alla påståenden – ingen påminnelse behövs."))


def closed_reply(closed: Round, *, by_coordinator: bool) -> Message:
    """The coordinator's reply on closing: the result is on its way (confirmed only when
    Slack has taken it, so it promises no more), and steps III–IV come next."""
    late = ("" if by_coordinator or closed.closes_on is None
            else f" (sista svarsdag var {closed.closes_on.isoformat()})")
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(closed.centre), f" är stängd{late}. "
                  "Resultatet skickas nu till ", ChannelRef(results_target(closed)), "."),
        details=(rich("Kommer det inte fram säger jag till i ett DM och försöker igen tills "
                      "det lyckas. Du kan också skriva ",
                      Code(f"/avtal självreflektion resultat {closed.id}"), " i kanalen."),
                 "Nästa steg: för in er gemensamma uppfattning per påstående (steg III) och "
                 "välj två prioriterade mål (steg IV).",
                 rich(Code("/avtal självreflektion gemensam 5 utvecklas Vi behöver en rutin")),
                 rich(Code("/avtal självreflektion mål 1 5 Rutin för slussning [uppföljning "
                           "ÅÅÅÅ-MM-DD]"))),
        actions=(Action("För in gemensam uppfattning", "refl_joint", str(closed.id)),),
    )


STEP_III = "002 Självreflektionsinstrument, steg III"


def joint_hint_message() -> Message:
    return Message(lang="sv", text="För in den gemensamma uppfattningen ett påstående i taget:",
                   details=(rich(Code("självreflektion gemensam 5 utvecklas Vi behöver en "
                                      "rutin")),
                            rich(Code("självreflektion gemensam 6 fungerar"))))


def joint_saved(centre: str, *, saved: int, recorded: int, total: int) -> Message:
    return Message(lang="sv",
                   text=rich(f"Gemensam uppfattning sparad för {saved} påståenden (",
                             centre_text(centre), ")."),
                   details=(f"{recorded} av {total} påståenden har en gemensam "
                            "uppfattning. Välj sedan två prioriterade mål:",
                            rich(Code("/avtal självreflektion mål 1 5 Rutin för slussning"))),
                   source=STEP_III)


def joint_recorded(item: Item, value: Vote, note: str | None, *, recorded: int,
                   total: int) -> Message:
    return Message(lang="sv",
                   text=rich(f"Gemensam uppfattning om {item.number}. {item.statement.title}: ",
                             Strong(VOTE_LABEL[value]),
                             *((" – ", Quote(note)) if note else ()), "."),
                   details=(f"{recorded} av {total} påståenden har en gemensam uppfattning.",),
                   source=STEP_III)


def goal_recorded(round_: Round, position: int, text: str, item: Item, follow_up: dt.date,
                  *, chosen: int) -> Message:
    return Message(
        lang="sv",
        text=rich(f"Prioriterat mål {position} för ", centre_text(round_.centre), ": ",
                  Quote(text), f" (påstående {item.number}. {item.statement.title})."),
        details=(f"Uppföljning senast {day(follow_up)} – samordnaren får en påminnelse "
                 "före dess.",
                 f"{chosen} av 2 prioriterade mål valda. De visas i nästa omgångs resultat."),
        source="002 Självreflektionsinstrument, steg IV–V",
    )


def start_hint_message() -> Message:
    return Message(lang="sv", text="Starta en omgång i familjecentralens kanal:",
                   details=(rich(Code("/avtal självreflektion starta FC Råslätt stänger "
                                      "2026-12-15")),
                            rich("Alla i kanalen bjuds in; ange ",
                                 Code("deltagare @anna @bertil …"), " för en annan lista och ",
                                 Code("resultat #kanal"), " för ledningsgruppens kanal.")))


def persons(count: int) -> str:
    return "1 person" if count == 1 else f"{count} personer"


# --- the centre's name ----------------------------------------------------------------


_STORED_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>|#([\w-]+)")


def default_centre(channel: str) -> str:
    """The name a round gets when the coordinator gives none. It is stored with the round,
    so it keeps the form rounds have always been stored in (``<#C…>`` for a Slack channel
    id, ``#name`` in the console); ``centre_text`` turns it back into a channel reference."""
    return (f"familjecentralen i <#{channel}>" if re.fullmatch(r"[CG][A-Z0-9]{2,}", channel)
            else f"familjecentralen i #{channel}")


def centre_text(centre: str, *, strong: bool = False) -> Rich:
    """A centre's stored name as text: a channel in it becomes a ``ChannelRef`` (a link in
    Slack), the rest stays the words the coordinator typed — escaped by the renderer."""
    spans: list[Span] = []
    at = 0
    for match in _STORED_CHANNEL.finditer(centre):
        spans += _words(centre[at:match.start()], strong)
        spans.append(ChannelRef(match.group(1) or f"#{match.group(2)}"))
        at = match.end()
    spans += _words(centre[at:], strong)
    return rich(*spans)


def centre_name(centre: str) -> str:
    """A centre's name where no link can be (a title, a file): ``#channel`` for a channel."""
    return str(centre_text(centre))


def _words(text: str, strong: bool) -> list[Span]:
    if not strong or not text.strip():
        return [text] if text else []
    # Slack reads *bold* only when the marks touch the words: spaces stay outside
    core = text.strip()
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return [span for span in (lead, Strong(core), trail) if span]


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
