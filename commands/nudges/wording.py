"""What the nudges say, in Swedish and English: the reminder as posted (with its "Markera
som klar" button), the dry-run line, and the table of coming reminders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from commands.core.agreement import Agreement
from commands.core.answers import Action, Answer, Column, Confirm, Message, Strong, Table, rich
from commands.core.context import Lang
from commands.core.text import day, say
from commands.deadlines.wording import due_day_reason, window_text
from commands.nudges.rules import Nudge, PlannedNudge

# The "Markera som klar" button's action id; its handler is ``command.mark_done``.
DONE_ACTION = "deadline_done"


def _days_left(days: int, lang: Lang) -> str:
    if days == 0:
        return say(lang, "i dag", "today")
    if days == 1:
        return say(lang, "i morgon", "tomorrow")
    return say(lang, f"om {days} dagar", f"in {days} days")


def nudge_message(nudge: Nudge, today: dt.date, lang: Lang = "sv") -> Message:
    """The reminder as posted: date, what, who, source, and a button to mark it done."""
    o = nudge.occurrence
    left = (o.act_by - today).days
    text = rich(
        say(lang, "⏰ Påminnelse: ", "⏰ Reminder: "), Strong(o.title),
        say(lang, f" ({o.agreement}) – senast {day(o.act_by, lang, week=True)}, "
                  f"{_days_left(left, lang)}.",
            f" ({o.agreement}) – by {day(o.act_by, lang, week=True)}, "
            f"{_days_left(left, lang)}."),
    )
    details: list[str] = []
    window = window_text(o, lang)
    if window:
        details.append(say(lang, f"Period: {window}.", f"Period: {window}."))
    reason = due_day_reason(o, lang)
    if reason:
        details.append(say(
            lang,
            f"Förfallodagen {o.due.isoformat()} är {reason}, så sista arbetsdagen före gäller.",
            f"The due day {o.due.isoformat()} is {reason}, so the working day before counts.",
        ))
    if o.placeholder:
        details.append(say(lang, "Vid årets sista möte – inget möte är inlagt ännu.",
                           "At the year's last meeting – no meeting date is entered yet."))
    details.append(say(lang, f"Ansvarig: {o.responsible}.", f"Responsible: {o.responsible}."))
    if nudge.late:
        details.append(say(
            lang,
            f"Sen påminnelse ({_days(nudge, lang)} före): den skulle ha skickats "
            f"{day(nudge.send_on, lang)}.",
            f"Late reminder ({_days(nudge, lang)} before): it was due on "
            f"{day(nudge.send_on, lang)}.",
        ))
    return Message(
        lang=lang,
        text=text,
        details=tuple(details),
        source=o.source,
        actions=(Action(label=say(lang, "Markera som klar", "Mark as done"),
                        action_id=DONE_ACTION, value=o.key, style="primary",
                        confirm=done_confirm(lang)),),
    )


def done_confirm(lang: Lang) -> Confirm:
    """Marked done stops the reminders for everyone in the channel: asked before it is."""
    return Confirm(
        title=say(lang, "Markera som klar?", "Mark as done?"),
        text=say(lang, "Inga fler påminnelser skickas för den här gången, till någon. "
                 "Det går inte att ångra i chatten.", "No more reminders will be sent for "
                 "this occurrence, to anyone. This cannot be undone in chat."),
        yes=say(lang, "Markera som klar", "Mark as done"), no=say(lang, "Avbryt", "Cancel"))


def nudge_line(nudge: Nudge) -> str:
    """One line for ``avtalsbot nudges --dry-run``."""
    o = nudge.occurrence
    late = " (sen)" if nudge.late else ""
    return (f"{nudge.channel}  {_days(nudge, 'sv')} före{late}: {o.title} ({o.agreement}), "
            f"agera senast {o.act_by.isoformat()} – {o.responsible} [{o.source}]")


def _lead_text(nudge: Nudge, lang: Lang) -> str:
    late = say(lang, ", sen", ", late") if nudge.late else ""
    return say(lang, f"{_days(nudge, lang)} före{late}", f"{_days(nudge, lang)} before{late}")


def _days(nudge: Nudge, lang: Lang) -> str:
    """ "1 dag", "7 dagar" ("1 day", "7 days")."""
    one = nudge.lead_days == 1
    return f"{nudge.lead_days} " + say(lang, "dag" if one else "dagar", "day" if one else "days")


def _channel_label(nudge: Nudge, agreements: Sequence[Agreement]) -> str:
    """The channel as people know it ("#cmv-styrgrupp"), also once its id is set."""
    o = nudge.occurrence
    agreement = next((a for a in agreements if a.id == o.agreement_id), None)
    if agreement is None or o.kind == "follow_up" or o.channel is None:
        return nudge.channel  # a priority goal is nudged in the centre's own channel
    return agreement.channel(o.channel).name


def schedule_answer(
    planned: Sequence[PlannedNudge], agreements: Sequence[Agreement], lang: Lang,
    start: dt.date, end: dt.date, *, later: PlannedNudge | None = None,
    note: str | None = None,
) -> Answer:
    """The coming nudges as a table: when, where, how long before, what, act by."""
    span = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
    if len(agreements) == 1:
        span = f"{agreements[0].short_name} {span}"
    explained = say(
        lang,
        "Boten skickar varje påminnelse en gång, på arbetsdagar, till avtalets kanal. Redan "
        "skickade påminnelser och deadlines som markerats som klara visas inte.",
        "The bot posts each reminder once, on working days, to the agreement's channel. "
        "Reminders already sent and deadlines marked done are not shown.",
    )
    if not planned:
        details = [explained]
        if later is not None:
            o = later.nudge.occurrence
            details.append(say(
                lang,
                f"Nästa därefter: {day(later.posts_on, lang)} – {o.title} ({o.agreement}).",
                f"Next after that: {day(later.posts_on, lang)} – {o.title} ({o.agreement}).",
            ))
        return Message(lang=lang, text=say(lang, f"Inga påminnelser går ut {span}.",
                                           f"No reminders go out {span}."),
                       details=tuple(details), note=note)
    return Table(
        lang=lang,
        title=say(lang, f"Påminnelser {span}", f"Reminders {span}"),
        columns=(Column(say(lang, "Skickas", "Posted")), Column(say(lang, "Kanal", "Channel")),
                 Column(say(lang, "Före", "Lead")), Column(say(lang, "Vad", "What")),
                 Column(say(lang, "Agera senast", "Act by"))),
        rows=tuple(
            (day(p.posts_on, lang), _channel_label(p.nudge, agreements),
             _lead_text(p.nudge, lang),
             f"{p.nudge.occurrence.title} ({p.nudge.occurrence.agreement})",
             day(p.nudge.occurrence.act_by, lang))
            for p in planned
        ),
        details=(explained,),
        source="; ".join(dict.fromkeys(p.nudge.occurrence.source for p in planned)),
        note=note,
        csv_name=f"paminnelser-{start.isoformat()}-{end.isoformat()}.csv",
        csv_rows=(
            ("posts_on", "channel", "lead_days", "late", "agreement", "title", "act_by", "key"),
            *((p.posts_on.isoformat(), p.nudge.channel, str(p.nudge.lead_days),
               "yes" if p.nudge.late else "no", p.nudge.occurrence.agreement_id,
               p.nudge.occurrence.title, p.nudge.occurrence.act_by.isoformat(), p.nudge.key)
              for p in planned),
        ),
    )
