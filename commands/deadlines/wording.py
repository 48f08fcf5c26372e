"""What the deadline answers say, in Swedish and English: tables of occurrences, one
occurrence told in full, the notice day, and the words for windows and act-by days.

Texts only: which occurrences exist is decided by ``rules``; which ones a question asks for
by ``question``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date

from commands.core.agreement import Agreement, NoticeSchedule
from commands.core.answers import (
    Answer,
    ChannelRef,
    Code,
    Column,
    Many,
    Message,
    Problem,
    Strong,
    Table,
    Text,
    rich,
)
from commands.core.context import Lang
from commands.core.term import earliest_end, end_for_notice, next_notice, notice_for_end
from commands.core.text import day, months_text, say
from commands.core.workdays import add_months, last_working_day_on_or_before, why_not_working
from commands.deadlines.rules import Occurrence, occurrence_order, occurrences


def _locale(lang: Lang) -> str:
    return "sv_SE" if lang == "sv" else "en_GB"


def month_name(month: int, lang: Lang) -> str:
    return format_date(dt.date(2000, month, 1), "LLLL", locale=_locale(lang))


def window_text(occurrence: Occurrence, lang: Lang) -> str | None:
    """'januari–mars 2027', 'v. 45–46 2026' — the window of a months or weeks rule."""
    start, end = occurrence.window_start, occurrence.due
    if start is None:
        return None
    if occurrence.kind == "weeks":
        first, last = start.isocalendar(), end.isocalendar()
        label = "v." if lang == "sv" else "wk"
        weeks = f"{first.week}" if first.week == last.week else f"{first.week}–{last.week}"
        year = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
        return f"{label} {weeks} {year}"
    first_month, last_month = month_name(start.month, lang), month_name(end.month, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{first_month} {start.year}"
    if start.year == end.year:
        return f"{first_month}–{last_month} {start.year}"
    return f"{first_month} {start.year}–{last_month} {end.year}"


def due_day_reason(occurrence: Occurrence, lang: Lang) -> str | None:
    """Why the act-by day is earlier than the due day ('nyårsafton'), or None."""
    if occurrence.act_by == occurrence.due:
        return None
    return why_not_working(occurrence.due, lang)


def _a(reason: str, lang: Lang) -> str:
    """'en söndag' but 'nyårsafton'; 'a Sunday' but 'New Year's Eve'."""
    if reason in {"lördag", "söndag"}:
        return f"en {reason}"
    if reason in {"Saturday", "Sunday"}:
        return f"a {reason}"
    return reason


def what_text(occurrence: Occurrence, lang: Lang, today: dt.date) -> str:
    """The 'what' cell: title, window, and why the act-by day differs from the due day."""
    parts = [occurrence.title]
    window = window_text(occurrence, lang)
    extras: list[str] = []
    if window:
        extras.append(window)
    reason = due_day_reason(occurrence, lang)
    if reason and occurrence.kind in {"notice", "date", "last_meeting"}:
        extras.append(say(lang, f"förfaller {occurrence.due.isoformat()}, {reason}",
                          f"due {occurrence.due.isoformat()}, {reason}"))
    if occurrence.expiry is not None:
        extras.append(say(lang, f"avtalet löper ut {occurrence.expiry.isoformat()}",
                          f"the agreement expires {occurrence.expiry.isoformat()}"))
    if occurrence.placeholder:
        extras.append(say(lang, "inget möte inlagt ännu", "no meeting date entered yet"))
    elif occurrence.kind == "last_meeting":
        extras.append(say(lang, "vid årets sista möte", "at the year's last meeting"))
    if occurrence.due < today:
        extras.append(say(lang, "passerad", "passed"))
    return parts[0] + (f" ({'; '.join(extras)})" if extras else "")


def _columns(lang: Lang) -> tuple[Column, ...]:
    return (
        Column(say(lang, "Agera senast", "Act by")),
        Column(say(lang, "Vad", "What")),
        Column(say(lang, "Ansvarig", "Responsible")),
        Column(say(lang, "Källa", "Source")),
    )


def csv_row(o: Occurrence) -> tuple[str, ...]:
    return (
        o.agreement_id, o.rule_key, o.title, o.due.isoformat(), o.act_by.isoformat(),
        o.window_start.isoformat() if o.window_start else "", o.responsible, o.channel or "",
        o.source,
    )


CSV_HEADER = ("agreement", "rule", "title", "due", "act_by", "window_start", "responsible",
              "channel", "source")


def _range_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return start.isoformat()
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()} – {end.isoformat()}"


ACT_BY_EXPLAINED = (
    "”Agera senast” är sista arbetsdagen på eller före förfallodagen: helger, röda dagar "
    "och midsommar-, jul- och nyårsafton räknas inte.",
    "“Act by” is the last working day on or before the due day: weekends, public holidays and "
    "Midsummer, Christmas and New Year's Eve do not count.",
)


def listing(
    found: Sequence[Occurrence], agreements: Sequence[Agreement], lang: Lang, today: dt.date,
    start: dt.date, end: dt.date, *, note: str | None = None,
) -> Answer:
    """Occurrences as one table per agreement (in the order given), sorted by act-by day."""
    span = _range_text(start, end)
    if not found:
        return _nothing_found(agreements, lang, today, start, end, note=note)
    groups: dict[str, list[Occurrence]] = {}
    for occurrence in sorted(found, key=occurrence_order):
        groups.setdefault(occurrence.agreement_id, []).append(occurrence)
    names = {a.id: a.short_name for a in agreements}
    order = [a.id for a in agreements if a.id in groups] + [k for k in groups if k not in names]
    tables: list[Answer] = []
    for agreement_id in order:
        rows = groups[agreement_id]
        title = say(lang, f"{names.get(agreement_id, agreement_id)}: deadlines {span}",
                    f"{names.get(agreement_id, agreement_id)}: deadlines {span}")
        tables.append(Table(
            lang=lang,
            title=title,
            columns=_columns(lang),
            rows=tuple(
                (day(o.act_by, lang, week=True), what_text(o, lang, today), o.responsible,
                 o.source)
                for o in rows
            ),
            details=(say(lang, *ACT_BY_EXPLAINED),),
            note=note,
            csv_name=f"deadlines-{agreement_id}-{start.isoformat()}-{end.isoformat()}.csv",
            csv_rows=(CSV_HEADER, *(csv_row(o) for o in rows)),
        ))
    return tables[0] if len(tables) == 1 else Many(lang=lang, parts=tuple(tables))


def _nothing_found(
    agreements: Sequence[Agreement], lang: Lang, today: dt.date, start: dt.date, end: dt.date,
    *, note: str | None,
) -> Message:
    span = _range_text(start, end)
    later = [
        o for o in occurrences(agreements, end + dt.timedelta(days=1), add_months(end, 24))
        if o.due > end
    ]
    details: tuple[str, ...] = ()
    if later:
        first = later[0]
        details = (say(
            lang,
            f"Nästa därefter: {first.title} ({first.agreement}), senast "
            f"{day(first.act_by, lang, week=True)}.",
            f"Next after that: {first.title} ({first.agreement}), act by "
            f"{day(first.act_by, lang, week=True)}.",
        ),)
    return Message(
        lang=lang,
        text=say(lang, f"Inga deadlines {span}.", f"No deadlines {span}."),
        details=details,
        note=note,
    )


def occurrence_message(occurrence: Occurrence, agreement: Agreement, lang: Lang,
                       today: dt.date) -> Message:
    """One occurrence, told in full: when to act, the window, who, where it is nudged."""
    headline = say(
        lang,
        f"{occurrence.title} ({occurrence.agreement}): senast "
        f"{day(occurrence.act_by, lang, week=True)}.",
        f"{occurrence.title} ({occurrence.agreement}): act by "
        f"{day(occurrence.act_by, lang, week=True)}.",
    )
    details: list[Text] = []
    window = window_text(occurrence, lang)
    if window and occurrence.window_start is not None:
        details.append(say(
            lang,
            f"Period: {window} ({occurrence.window_start.isoformat()} – "
            f"{occurrence.due.isoformat()}).",
            f"Period: {window} ({occurrence.window_start.isoformat()} – "
            f"{occurrence.due.isoformat()}).",
        ))
    reason = due_day_reason(occurrence, lang)
    if reason:
        details.append(say(
            lang,
            f"Förfallodagen {occurrence.due.isoformat()} är {_a(reason, lang)}; sista "
            f"arbetsdagen före är {day(occurrence.act_by, lang)}.",
            f"The due day {occurrence.due.isoformat()} is {_a(reason, lang)}; the last working "
            f"day before it is {day(occurrence.act_by, lang)}.",
        ))
    if occurrence.placeholder:
        details.append(rich(
            say(lang, "Inget möte är inlagt ännu för året, så årets sista dag står i stället. "
                      "Lägg till mötet med ",
                "No meeting is entered for the year yet, so the year's last day stands in. "
                "Add it with "),
            Code(say(lang, "/avtal möte lägg till …", "/avtal meeting add …")), ".",
        ))
    elif occurrence.kind == "last_meeting":
        time = f" kl. {occurrence.meeting_time:%H.%M}" if occurrence.meeting_time else ""
        details.append(say(lang, f"Vid årets sista möte, {day(occurrence.due, lang)}{time}.",
                           f"At the year's last meeting, {day(occurrence.due, lang)}{time}."))
    details.append(say(lang, f"Ansvarig: {occurrence.responsible}.",
                       f"Responsible: {occurrence.responsible}."))
    if occurrence.channel:
        channel = ChannelRef(agreement.channel(occurrence.channel).name)
        details.append(rich(say(lang, "Påminnelser går till ", "Reminders go to "), channel, "."))
    if occurrence.due < today:
        details.append(say(lang, "Datumet har passerat.", "The date has passed."))
    return Message(lang=lang, text=headline, details=tuple(details), source=occurrence.source,
                   note=occurrence.note)


def notice_message(agreement: Agreement, lang: Lang, today: dt.date) -> Message:
    """When to give notice: the next last notice day, or the earliest end if notice is
    given today (agreements that run until terminated)."""
    term = agreement.term
    rule = next((r for r in agreement.deadlines if isinstance(r.schedule, NoticeSchedule)), None)
    source = rule.source if rule else term.source
    note = term.note
    details: list[str] = []
    if rule is not None:
        details.append(say(lang, f"Ansvarig: {rule.responsible}.",
                           f"Responsible: {rule.responsible}."))
    name = agreement.short_name
    if term.until_terminated:
        if term.notice_months == 0:
            text = say(
                lang,
                f"{name} gäller tills vidare och anger ingen uppsägningstid.",
                f"{name} runs until further notice and states no notice period.",
            )
            return Message(lang=lang, text=text, source=term.source, note=note)
        end = earliest_end(term, today)
        text = say(
            lang,
            f"{name} löper tills vidare med {term.notice_months} månaders uppsägningstid, så det "
            f"finns ingen sista uppsägningsdag. Säger ni upp det i dag ({today.isoformat()}) "
            f"upphör det tidigast {day(end, lang)}.",
            f"{name} runs until terminated with {term.notice_months} months' notice, so there is "
            f"no last notice day. If notice is given today ({today.isoformat()}), it ends "
            f"{day(end, lang)} at the earliest.",
        )
        return Message(lang=lang, text=text, details=tuple(details), source=source, note=note)
    upcoming = next_notice(term, today)
    if upcoming is None:
        ends = term.first_end.isoformat() if term.first_end else ""
        text = say(
            lang,
            f"{name} löper ut {ends} utan förlängning; det finns ingen uppsägningsdag kvar.",
            f"{name} expires on {ends} without renewal; there is no notice day left.",
        )
        return Message(lang=lang, text=text, source=source, note=note)
    reason = why_not_working(upcoming.last_notice_day, lang)
    text = say(
        lang,
        f"Sista dag att säga upp {name}: {day(upcoming.last_notice_day, lang, week=True)}.",
        f"Last day to give notice on {name}: {day(upcoming.last_notice_day, lang, week=True)}.",
    )
    steps = [say(
        lang,
        f"Uppsägningen ska vara skriftlig och ske minst {term.notice_months} månader före "
        f"avtalstidens utgång {upcoming.expiry.isoformat()}.",
        f"Notice must be given in writing at least {term.notice_months} months before the term "
        f"ends on {upcoming.expiry.isoformat()}.",
    )]
    if upcoming.act_by != upcoming.last_notice_day and reason:
        steps.append(say(
            lang,
            f"Det är {_a(reason, lang)}, så agera senast {day(upcoming.act_by, lang, week=True)}.",
            f"That is {_a(reason, lang)}, so act by {day(upcoming.act_by, lang, week=True)}.",
        ))
    if upcoming.extended_to is not None and term.renewal_months:
        steps.append(say(
            lang,
            f"Annars förlängs avtalet med {months_text(term.renewal_months, 'sv')}, till "
            f"{upcoming.extended_to.isoformat()}.",
            f"Otherwise it is extended by {months_text(term.renewal_months, 'en')}, to "
            f"{upcoming.extended_to.isoformat()}.",
        ))
    details = steps + details
    return Message(lang=lang, text=text, details=tuple(details), source=source, note=note)


def notice_for_date(agreement: Agreement, given: dt.date, is_end: bool, lang: Lang,
                    today: dt.date) -> Message:
    """ "För att CMV ska upphöra 2027-12-31: säg upp senast 2026-12-31." — or, from the day
    notice is given, when the agreement ends. Past days are said in the past."""
    term = agreement.term
    name = agreement.short_name
    rule = next((r for r in agreement.deadlines if isinstance(r.schedule, NoticeSchedule)), None)
    source = rule.source if rule else term.source
    rule_text = say(lang, f"Uppsägningstid {term.notice_months} månader, skriftligen.",
                    f"Notice period {term.notice_months} months, in writing.")
    if term.renewal_months and not term.until_terminated:
        rule_text = say(lang, f"{rule_text[:-1]}; annars förlängs avtalet med "
                              f"{months_text(term.renewal_months, 'sv')} i taget.",
                        f"{rule_text[:-1]}; otherwise the agreement is extended by "
                        f"{months_text(term.renewal_months, 'en')} at a time.")
    if is_end:
        found = notice_for_end(term, given)
        if found is None:
            return Message(lang=lang, text=say(
                lang, f"{name} kan inte upphöra {given.isoformat()} eller senare genom uppsägning.",
                f"{name} cannot be ended on or after {given.isoformat()} by notice."),
                source=source, note=term.note)
        end, last_day = found
        past = last_day < today
        text = say(lang, rich(f"För att {name} ska upphöra {end.isoformat()} "
                              f"{'måste uppsägningen ha skett' if past else 'ska ni säga upp'} "
                              f"senast ", Strong(day(last_day, lang, week=True)), "."),
                   rich(f"For {name} to end on {end.isoformat()}, notice "
                        f"{'had to be' if past else 'must be'} given by ",
                        Strong(day(last_day, lang, week=True)), "."))
        details = [rule_text]
        if end != given:
            details.insert(0, say(lang, f"Avtalet kan bara upphöra när en avtalstid går ut; "
                                        f"närmast efter {given.isoformat()} är {end.isoformat()}.",
                                  f"The agreement can only end when a term runs out; the first "
                                  f"after {given.isoformat()} is {end.isoformat()}."))
        act_by = last_working_day_on_or_before(last_day)
        if act_by != last_day and (reason := why_not_working(last_day, lang)):
            details.append(say(lang, f"Det är {_a(reason, lang)}, så agera senast "
                                     f"{day(act_by, lang, week=True)}.",
                               f"That is {_a(reason, lang)}, so act by "
                               f"{day(act_by, lang, week=True)}."))
        return Message(lang=lang, text=text, details=tuple(details), source=source,
                       note=term.note)
    ends = end_for_notice(term, given)
    if ends is None:
        return Message(lang=lang, text=say(
            lang, f"En uppsägning av {name} {given.isoformat()} kommer för sent för att avsluta "
                  f"avtalet.", f"Notice on {name} given on {given.isoformat()} is too late to "
                               f"end the agreement."), source=source, note=term.note)
    text = say(lang, rich(f"Säger ni upp {name} {given.isoformat()} upphör det ",
                          Strong(day(ends, lang)), "."),
               rich(f"If notice on {name} is given on {given.isoformat()}, it ends on ",
                    Strong(day(ends, lang)), "."))
    return Message(lang=lang, text=text, details=(rule_text,), source=source, note=term.note)


def unknown_name(word: str, suggestions: Sequence[str], agreements: Sequence[Agreement],
                 lang: Lang) -> Problem:
    """A name in the question that is no agreement or party we know (or only a typo of one)."""
    example = agreements[0].short_name if agreements else "CMV"
    return Problem(
        lang=lang,
        message=say(
            lang,
            f"Jag hittar inget avtal eller någon part som heter ”{word}”.",
            f"I can't find an agreement or party called “{word}”.",
        ),
        suggestions=tuple(suggestions[:4]),
        examples=(say(lang, f"deadlines för {example}", f"deadlines for {example}"),),
    )
