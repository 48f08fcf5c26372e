"""What the meeting commands say, in Swedish and English: the next meeting, a period's list,
confirmations of added, moved and removed meetings, and whether the body's rule is met.

Commands to type are ``Code``, a place or note someone wrote is ``Quote``, a heading is
``Strong``: the renderers format and escape them once. The figures come from ``rules``; what
``question`` could not read comes here as an ``Unclear`` to be put into words (so wording
sits above question, never the reverse).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from commands.core.agreement import Agreement, Body, Meeting, MeetingRule
from commands.core.answers import (
    Answer,
    Code,
    Column,
    Message,
    Problem,
    Quote,
    Strong,
    Table,
    Text,
    rich,
)
from commands.core.context import Lang
from commands.core.text import day, fold, say
from commands.meetings.question import Action, Unclear
from commands.meetings.rules import (
    RuleStatus,
    ScheduledMeeting,
    Shortfall,
    following,
    meetings_between,
    next_meeting,
    order,
    shortfalls,
    sources,
    years_to_check,
)


def body_label(agreement: Agreement, body: Body) -> str:
    """'Styrgrupp CMV' as is; 'Familjecentralens lokala styrgrupp (Familjecentraler VG)'."""
    if any(fold(part) in fold(body.name) for part in (agreement.short_name, *agreement.aliases)):
        return body.name
    return f"{body.name} ({agreement.short_name})"


def time_text(time: dt.time | None, lang: Lang) -> str:
    if time is None:
        return ""
    return f"kl. {time:%H.%M}" if lang == "sv" else f"{time:%H:%M}"


def when(date: dt.date, time: dt.time | None, lang: Lang, *, week: bool = True) -> str:
    """'2027-02-12 (fredag, v. 6) kl. 13.00'."""
    return " ".join(p for p in (day(date, lang, week=week), time_text(time, lang)) if p)


def per_year(rule: MeetingRule) -> str:
    """'4' or '4–5': how many meetings a year the rule asks for."""
    return _how_many(rule.per_year_min, rule.per_year_max)


def _how_many(least: int, most: int | None) -> str:
    return f"{least}" if most in (None, least) else f"{least}–{most}"


def shortfall_text(s: Shortfall, lang: Lang) -> str:
    """'⚠️ Styrgrupp CMV (CMV Jämtland): 2 av 4 möten inlagda för 2027; avtalet säger 4 per år'."""
    rule = _how_many(s.required_min, s.required_max)
    return say(
        lang,
        f"⚠️ {s.body} ({s.agreement}): {s.scheduled} av {rule} möten inlagda för "
        f"{s.year}; avtalet säger {rule} per år ({s.source}).",
        f"⚠️ {s.body} ({s.agreement}): {s.scheduled} of {rule} meetings entered for "
        f"{s.year}; the agreement says {rule} a year ({s.source}).",
    )


def _place(place: str, lang: Lang) -> Text:
    """'Plats: Rådhuset.' — the place as someone typed it, escaped by the renderer."""
    return rich(say(lang, "Plats: ", "Place: "), Quote(place), ".")


def add_example(lang: Lang, pair: tuple[Agreement, Body] | None = None,
                today: dt.date | None = None) -> str:
    """How to add a meeting — for the body asked about, on a weekday eight weeks ahead, when
    known; otherwise for CMV's steering group."""
    if pair is None or today is None:
        return say(lang, "/avtal möte lägg till styrgrupp CMV 2027-02-12 kl 13",
                   "/avtal meeting add styrgrupp CMV 2027-02-12 at 13")
    words, date = _words(*pair), _add_day(today).isoformat()
    return say(lang, f"/avtal möte lägg till {words} {date} kl 13",
               f"/avtal meeting add {words} {date} at 13")


def _add_day(today: dt.date) -> dt.date:
    """The examples' new meeting: eight weeks ahead, moved off a weekend."""
    day = today + dt.timedelta(weeks=8)
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _words(agreement: Agreement, body: Body) -> str:
    """How a command names the body: its first alias (or name) and the agreement's."""
    return f"{(*body.aliases, body.name)[0]} {agreement.short_name}"


def how_to_add(pairs: Sequence[tuple[Agreement, Body]], lang: Lang, today: dt.date) -> Message:
    """ "hur lägger jag till ett möte?": the command, for the body asked about (or the first),
    and what else it takes."""
    return Message(
        lang=lang,
        text=rich(say(lang, "Lägg till ett möte: ", "Add a meeting: "),
                  Code(add_example(lang, pairs[0], today)), "."),
        details=(say(lang, "Datum som 2027-02-12 eller 12/2 2027; tid och plats kan läggas till "
                           "sist, till exempel ”kl 13.30 plats Rådhuset”.",
                     "A date as 2027-02-12 or 12/2 2027; a time and place may follow, for "
                     "example “at 13:30 place Town hall”."),),
    )


def how_to_change(action: Action, upcoming: Answer, pairs: Sequence[tuple[Agreement, Body]],
                  lang: Lang, today: dt.date) -> Answer:
    """ "när flyttas mötet?", "hur tar jag bort ett möte?": the coming meetings (``upcoming``)
    and the command — written for the first of them, so that it works as given. With none
    entered, for the meeting the add example (which ``upcoming`` shows) would enter."""
    first = min(((a, b, m) for a, b in pairs if (m := next_meeting(a, b, today)) is not None),
                key=lambda found: found[2].date, default=None)
    if first is None:
        agreement, body = pairs[0]
        old, hour = _add_day(today), "13"
        lead = say(lang, "När ett möte är inlagt: ", "Once a meeting is entered: ")
    else:
        agreement, body, meeting = first
        old, hour = meeting.date, meeting.time.strftime("%H.%M") if meeting.time else "13"
        lead = say(lang, "Flytta ett möte: ", "Move a meeting: ") if action == "move" else say(
            lang, "Ta bort ett möte: ", "Remove a meeting: ")
    words = _words(agreement, body)
    if action == "move":
        new = (old + dt.timedelta(weeks=1)).isoformat()
        example = say(lang, f"/avtal möte flytta {words} {old.isoformat()} till {new} kl {hour}",
                      f"/avtal meeting move {words} {old.isoformat()} to {new} at {hour}")
    else:
        example = say(lang, f"/avtal möte ta bort {words} {old.isoformat()}",
                      f"/avtal meeting remove {words} {old.isoformat()}")
    line = rich(lead, Code(example), ".")
    if isinstance(upcoming, Message | Table):
        return replace(upcoming, details=(*upcoming.details, line))
    return upcoming


def _examples(action: Action, lang: Lang) -> tuple[str, ...]:
    if action == "move":
        return (say(lang, "/avtal möte flytta styrgrupp CMV 12/2 2027 till 19/2 2027 kl 13",
                    "/avtal meeting move styrgrupp CMV 2027-02-12 to 2027-02-19 at 13"),)
    if action == "remove":
        return (say(lang, "/avtal möte ta bort styrgrupp CMV 12/2 2027",
                    "/avtal meeting remove styrgrupp CMV 2027-02-12"),)
    return (add_example(lang),)


# --- reading the agreements' meetings -----------------------------------------------------


def no_meetings_stated(lang: Lang) -> Message:
    return Message(lang=lang, text=say(lang, "Avtalen anger inga möten.",
                                       "The agreements state no meetings."))


def next_meeting_answer(
    pairs: Sequence[tuple[Agreement, Body]], lang: Lang, today: dt.date,
    now: dt.datetime | None = None,
) -> Answer:
    """'När är nästa styrgruppsmöte?' — one body in full, several as a table."""
    upcoming = [(a, b, m) for a, b in pairs if (m := next_meeting(a, b, today, now)) is not None]
    warnings = tuple(shortfall_text(s, lang) for s in shortfalls(pairs, years_to_check(today)))
    if not upcoming:
        names = ", ".join(body_label(a, b) for a, b in pairs) or say(lang, "organen", "the bodies")
        return Message(
            lang=lang,
            text=say(lang, f"Inget kommande möte är inlagt för {names}.",
                     f"No upcoming meeting is entered for {names}."),
            details=(*warnings, rich(
                say(lang, "Lägg till ett möte: ", "Add a meeting: "),
                Code(add_example(lang, pairs[0] if pairs else None, today)), ".",
            )),
            source=sources(pairs),
        )
    if len(upcoming) == 1:
        agreement, body, meeting = upcoming[0]
        details: list[Text] = []
        if meeting.place:
            details.append(_place(meeting.place, lang))
        if meeting.note:
            details.append(rich(Quote(meeting.note)))
        after = following(agreement, body, meeting)
        if after is not None:
            details.append(say(lang, f"Därefter: {day(after.date, lang)}.",
                               f"After that: {day(after.date, lang)}."))
        missing = [(a, b) for a, b in pairs if (a, b) != (agreement, body)]
        if missing:
            others = ", ".join(body_label(a, b) for a, b in missing)
            details.append(say(
                lang, f"Inga kommande möten inlagda för {others}.",
                f"No upcoming meetings entered for {others}.",
            ))
        at = when(meeting.date, meeting.time, lang)
        return Message(
            lang=lang,
            text=say(lang, f"Nästa möte i {body_label(agreement, body)}: {at}.",
                     f"Next meeting of {body_label(agreement, body)}: {at}."),
            details=(*details, *warnings),
            source=meeting.source,
        )
    rows = tuple(
        (body_label(a, b), day(m.date, lang, week=True), time_text(m.time, lang), m.place or "")
        for a, b, m in sorted(upcoming, key=lambda x: order(x[2]))
    )
    return Table(
        lang=lang,
        title=say(lang, "Nästa möte", "Next meeting"),
        columns=(Column(say(lang, "Organ", "Body")), Column(say(lang, "Datum", "Date")),
                 Column(say(lang, "Tid", "Time")), Column(say(lang, "Plats", "Place"))),
        rows=rows,
        details=warnings,
        source=sources(pairs),
    )


def meetings_answer(
    pairs: Sequence[tuple[Agreement, Body]], lang: Lang, start: dt.date, end: dt.date
) -> Answer:
    """'möten 2027' — every meeting in the period, with shortfall warnings per year."""
    agreements = list({a.id: a for a, _ in pairs}.values())
    found = meetings_between(agreements, start, end, bodies=[(a.id, b.key) for a, b in pairs])
    labels = {(a.id, b.key): body_label(a, b) for a, b in pairs}
    years = range(start.year, end.year + 1) if end.year - start.year <= 10 else range(0)
    warnings = tuple(shortfall_text(s, lang) for s in shortfalls(pairs, years))
    span = (str(start.year) if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            and start.year == end.year else f"{start.isoformat()} – {end.isoformat()}")
    if not found:
        return Message(
            lang=lang,
            text=say(lang, f"Inga möten inlagda {span}.", f"No meetings entered for {span}."),
            details=warnings,
            source=sources(pairs),
        )
    return Table(
        lang=lang,
        title=say(lang, f"Möten {span}", f"Meetings {span}"),
        columns=(Column(say(lang, "Datum", "Date")), Column(say(lang, "Tid", "Time")),
                 Column(say(lang, "Organ", "Body")), Column(say(lang, "Plats", "Place"))),
        rows=tuple(
            (day(m.date, lang, week=True), time_text(m.time, lang),
             labels.get((m.agreement_id, m.body_key), m.body), m.place or "")
            for m in found
        ),
        details=warnings,
        source=sources(pairs),
        csv_name=f"moten-{start.isoformat()}-{end.isoformat()}.csv",
        csv_rows=(
            ("agreement", "body", "date", "time", "place"),
            *((m.agreement_id, m.body_key, m.date.isoformat(),
               m.time.isoformat(timespec="minutes") if m.time else "", m.place or "")
              for m in found),
        ),
    )


def home_lines(found: Sequence[ScheduledMeeting], labels: dict[tuple[str, str], str],
               lang: Lang) -> Message:
    """App Home: the coming meetings, one line each."""
    lines = tuple(
        f"• {when(m.date, m.time, lang, week=False)} – "
        f"{labels.get((m.agreement_id, m.body_key), m.body)}"
        for m in found
    )
    return Message(lang=lang, text=rich(Strong(say(lang, "Kommande möten", "Upcoming meetings"))),
                   details=lines)


# --- what a meeting command could not read ------------------------------------------------


def unclear(u: Unclear, lang: Lang) -> Problem:
    """The question to put back when ``question`` could not read a meeting command."""
    examples = _examples(u.action, lang)
    label = body_label(u.agreement, u.body) if u.agreement and u.body else ""
    suggestions: tuple[str, ...] = u.options
    if u.kind == "bad_time":
        message: Text = rich(
            say(lang, "”", "“"), Quote(u.text),
            say(lang, "” är ingen giltig tid; skriv t.ex. kl 13 eller kl 13.30.",
                "” is not a valid time; write e.g. at 13 or at 13:30."))
    elif u.kind == "no_target":
        message = say(lang, "Vart ska mötet flyttas? Skriv ”till” och det nya datumet.",
                      "Where should the meeting move? Write “to” and the new date.")
    elif u.kind == "no_meetings":
        return Problem(lang=lang, message=say(lang, f"{label} har inga inlagda möten.",
                                              f"{label} has no meetings entered."))
    elif u.kind in ("no_meeting_on", "no_old_date"):
        message = (say(lang, f"{label} har inget möte {day(u.date, lang)}.",
                       f"{label} has no meeting on {day(u.date, lang)}.") if u.date is not None
                   else say(lang, "Vilket möte menar du? Jag hittar inget datum.",
                            "Which meeting do you mean? I can't find a date."))
        suggestions = tuple(when(m.date, m.time, lang, week=False) for m in u.meetings)
    elif u.kind == "no_date":
        message = say(lang, "Jag hittar inget datum för mötet.",
                      "I can't find a date for the meeting.")
        examples += (say(lang, "/avtal möte lägg till styrgrupp CMV 12 februari 2027 kl 13",
                         "/avtal meeting add styrgrupp CMV 12 February 2027 at 13"),)
    elif u.kind == "no_new_date":
        message = say(lang, "Jag hittar inget nytt datum för mötet.",
                      "I can't find a new date for the meeting.")
    elif u.kind == "past" and u.date is not None:
        message = say(lang, f"{day(u.date, lang)} har redan varit; ange ett kommande datum.",
                      f"{day(u.date, lang)} has already passed; give a future date.")
    elif u.kind == "too_far" and u.date is not None:
        message = say(lang, f"{u.date.isoformat()} ligger för långt fram.",
                      f"{u.date.isoformat()} is too far ahead.")
    elif u.kind == "taken" and u.date is not None:
        message = say(lang, f"{label} har redan ett möte {day(u.date, lang)}; inget ändrat. "
                            "Ta bort det först eller välj en annan dag.",
                      f"{label} already has a meeting on {day(u.date, lang)}; nothing "
                      "changed. Remove it first or pick another day.")
    elif u.kind == "unchanged" and u.meetings:
        old = u.meetings[0]
        message = say(lang, f"{label} har redan mötet {when(old.date, old.time, lang)}; "
                            "inget ändrat.",
                      f"{label} already meets on {when(old.date, old.time, lang)}; "
                      "nothing changed.")
    elif u.kind == "which_body":
        message = say(lang, "Vilket organ gäller mötet?", "Which body is the meeting for?")
    elif u.kind == "which_agreement":
        message = say(lang, "Vilket avtal gäller mötet?", "Which agreement is the meeting for?")
    else:  # pragma: no cover - every kind is phrased above
        raise ValueError(f"unphrased meeting problem {u.kind}")
    return Problem(lang=lang, message=message, suggestions=suggestions, examples=examples)


# --- confirming a change --------------------------------------------------------------------


def already_has(label: str, date: dt.date, lang: Lang) -> Message:
    """The store already has a meeting of the body that day (someone added it first)."""
    return Message(
        lang=lang,
        text=say(lang, f"{label} har redan ett möte {day(date, lang)}; inget ändrat.",
                 f"{label} already has a meeting on {day(date, lang)}; nothing changed."),
    )


def _not_working(date: dt.date, closed: str | None, lang: Lang) -> list[Text]:
    if not closed:
        return []
    return [say(lang, f"Obs: {date.isoformat()} är {closed}.",
                f"Note: {date.isoformat()} is {closed}.")]


def added(label: str, body: Body, meeting: Meeting, count: int, closed: str | None,
          lang: Lang) -> Message:
    """'Inlagt: Styrgrupp CMV 2027-02-12 (fredag, v. 6) kl. 13.00.' and the year's count."""
    details = _not_working(meeting.date, closed, lang)
    if meeting.place:
        details.append(_place(meeting.place, lang))
    rule = body.meeting_rule
    if rule is not None:
        wanted = per_year(rule)
        details.append(say(
            lang,
            f"{count} av {wanted} möten inlagda för {meeting.date.year} ({rule.source}).",
            f"{count} of {wanted} meetings entered for {meeting.date.year} ({rule.source}).",
        ))
    at = when(meeting.date, meeting.time, lang)
    return Message(
        lang=lang,
        text=say(lang, f"Inlagt: {label} {at}.", f"Added: {label} {at}."),
        details=tuple(details),
        source=rule.source if rule else body.source,
    )


def rule_status_text(status: RuleStatus, lang: Lang) -> str:
    """'Regeln 4 möten per år (001 §9.1) är inte längre uppfylld för 2027: 3 av 4 inlagda.'"""
    state = (status.was_met, status.is_met)
    sv_state = {(True, True): "är fortfarande uppfylld", (False, True): "är nu uppfylld",
                (True, False): "är inte längre uppfylld",
                (False, False): "är fortfarande inte uppfylld"}[state]
    en_state = {(True, True): "is still met", (False, True): "is now met",
                (True, False): "is no longer met", (False, False): "is still not met"}[state]
    mark = "" if status.is_met else "⚠️ "
    wanted, rule, year, count = per_year(status.rule), status.rule, status.year, status.count
    return say(
        lang,
        f"{mark}Regeln {wanted} möten per år ({rule.source}) {sv_state} för {year}: {count} av "
        f"{wanted} inlagda.",
        f"{mark}The rule of {wanted} meetings a year ({rule.source}) {en_state} for {year}: "
        f"{count} of {wanted} entered.",
    )


def changed(label: str, body: Body, old: Meeting, new: Meeting | None,
            statuses: Sequence[RuleStatus], closed: str | None, lang: Lang) -> Message:
    """Removed, a new time the same day, or moved — and the rule for each year touched."""
    if new is None:
        text = say(lang, f"Borttaget: {label} {when(old.date, old.time, lang)}.",
                   f"Removed: {label} {when(old.date, old.time, lang)}.")
    elif new.date == old.date:
        was = time_text(old.time, lang) or say(lang, "utan tid", "no time")
        text = say(lang, f"Ändrat: {label} {when(new.date, new.time, lang)} (tidigare {was}).",
                   f"Changed: {label} {when(new.date, new.time, lang)} (before: {was}).")
    else:
        text = say(lang, f"Flyttat: {label} från {when(old.date, old.time, lang)} till "
                         f"{when(new.date, new.time, lang)}.",
                   f"Moved: {label} from {when(old.date, old.time, lang)} to "
                   f"{when(new.date, new.time, lang)}.")
    details = _not_working(new.date, closed, lang) if new is not None else []
    details += [rule_status_text(s, lang) for s in statuses]
    rule = body.meeting_rule
    return Message(lang=lang, text=text, details=tuple(details),
                   source=rule.source if rule else body.source)


def lost_race(label: str, lang: Lang) -> Problem:
    """Someone else changed the same meeting between reading and writing."""
    return Problem(lang=lang, message=say(
        lang, f"Mötena i {label} ändrades just av någon annan; inget ändrat. Försök igen.",
        f"The meetings of {label} were just changed by someone else; nothing changed. "
        "Try again."))
