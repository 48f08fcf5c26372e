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
    Message,
    Problem,
    Quote,
    Rich,
    Span,
    Strong,
    Text,
    rich,
)

# One wording for every button whose value cannot be read (an old message, a forged click).
from commands.core.replies import UNKNOWN_BUTTON as UNKNOWN_BUTTON
from commands.core.text import day
from commands.reflection.model import VOTE_LABEL, Progress, Round, Vote
from commands.reflection.rules import (
    Item,
    minimum_answers,
    minimum_for_comments,
    results_target,
)


def closing(round_: Round) -> str:
    return f"stänger {day(round_.closes_on)}" if round_.closes_on else "stängs av samordnaren"


def invitation(round_: Round, instrument: Instrument) -> Message:
    count = len(instrument.statements())
    needed = minimum_answers(round_)
    return Message(
        lang="sv",
        text=rich(centre_text(f"Självreflektion för {round_.centre}", strong=True),
                  " – du är inbjuden att "
                  f"svara. Det är {count} påståenden; för vart och ett väljer du ",
                  Strong(VOTE_LABEL["works"]), " eller ", Strong(VOTE_LABEL["develop"]),
                  " och kan lägga till en kommentar. Det tar ett par minuter."),
        details=(
            rich(Strong("Så skyddas dina svar:")),
            "• Dina svar sparas inte under ditt namn eller ditt Slack-id, bara under en kod "
            "som inte går att föra tillbaka till dig utan en hemlig nyckel som bara servern har.",
            "• Ingen – inte samordnaren, inte ledningsgruppen – kan se vad just du har svarat: "
            "inget kommando, ingen export och ingen logg visar enskildas svar. Samordnaren ser "
            "bara hur många som har svarat, inte vilka.",
            f"• Resultatet visas bara som en sammanställning, och bara om minst {needed} har "
            "svarat. Samma gräns gäller varje påstående för sig: har färre än "
            f"{needed} svarat på ett påstående visas inga siffror för det, och det räknas "
            "inte in i kategorierna eller i jämförelsen med förra omgången.",
            f"• Kommentarer visas bara om minst {minimum_for_comments(round_)} har svarat på "
            "just det påståendet, utan namn och i blandad ordning. Skriv inget i en "
            "kommentar som avslöjar vem du är.",
            "• Varje svar sparas direkt. Du kan sluta när du vill, fortsätta senare och ändra "
            f"dina svar tills omgången {closing(round_)}.",
            rich("Börja med knappen, eller skriv ", Code("/avtal självreflektion svara"), "."),
        ),
        source=instrument.source,
        actions=(Action("Börja", "refl_next", str(round_.id), style="primary"),),
    )


def refusal_closed(round_: Round) -> Message:
    when = (f" (sista svarsdag var {day(round_.closes_on)})"
            if round_.closes_on and round_.status == "open" else "")
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(round_.centre),
                  f" är stängd{when}, så svar kan inte längre lämnas eller ändras. Tack för "
                  "att du var med!"),
        replaces_clicked=True,
        personal=True,
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


def started(round_: Round, *, invited: int, source: str | None) -> Message:
    """The coordinator's reply when a round has started."""
    results = round_.results_channel
    where = (rich("Resultatet postas i ", ChannelRef(results), " när omgången stängs.")
             if results else
             rich("Ingen kanal för ledningsgruppen är inställd, så resultatet postas här när "
                  "omgången stängs (ange en med ", Code("resultat #kanal"), ")."))
    needed = minimum_answers(round_)
    return Message(
        lang="sv",
        text=rich("Självreflektionen för ", centre_text(round_.centre, strong=True),
                  f" är startad. {invited} personer har fått en inbjudan i ett DM."),
        details=(
            rich(f"Omgången {closing(round_)}. ", where),
            rich(f"Resultat visas bara om minst {needed} svarar, och för varje påstående bara "
                 f"om minst {needed} har svarat på det. Du ser hur många som har svarat (",
                 Code("/avtal självreflektion status"), "), aldrig vilka eller vad."),
        ),
        source=source,
    )


def status_message(round_: Round, progress: Progress, *, open_: bool, mine: int | None,
                   total: int) -> Message:
    """Counts only: how many are invited, finished, started — never who."""
    details: list[Text] = [
        f"{progress.participants} inbjudna · {progress.finished} har svarat på alla · "
        f"{progress.started - progress.finished} har börjat · "
        f"{progress.participants - progress.started} har inte börjat.",
        "Vem som har svarat visas aldrig, bara antalet.",
    ]
    if mine is not None:
        details.append(f"Du själv: {mine} av {total}.")
    return Message(lang="sv",
                   text=rich("Självreflektion ", centre_text(round_.centre),
                             f" {round_.year}: {'öppen' if open_ else 'stängd'}, "
                             f"{closing(round_)}."),
                   details=tuple(details))


def reminder(round_: Round, answered: int, total: int) -> Message:
    """The DM to someone who has not finished."""
    return Message(
        lang="sv",
        text=rich("Påminnelse: självreflektionen för ", centre_text(round_.centre),
                  f" är öppen och {closing(round_)}. Du har svarat på {answered} av {total}."),
        details=("Dina svar är anonyma; samordnaren ser bara hur många som har svarat.",),
        actions=(Action("Fortsätt", "refl_next", str(round_.id), style="primary"),),
    )


def reminders_sent(count: int) -> Message:
    """The coordinator's reply: the count, never who."""
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
