"""Deadlines derived from the agreements' rules, and the questions about them.

The engine is pure: agreements and dates in, ``Occurrence`` objects out. A rule is never a
typed-in list of dates; it is a schedule from ``commands.core.agreement`` — notice before expiry
with renewal (001 §22, 003 §4), a yearly date (002 "28/2"), whole months (001 §23 "januari",
Bilaga 1 "årets tre första månader"), ISO weeks (002 "v.45–46"), or the last meeting of a
body (001 Bilaga 1) — with an optional every-n-years cycle (004 "varannan höst").

Every occurrence carries the day to act on: the last working day on or before the due day
(``commands.core.workdays``). A notice that must be given "senast 2026-12-31" is shown as "agera
senast 2026-12-30", because 31 December is nyårsafton and the office is closed; the due day
itself is still stated, so nobody is misled about the contract.

The handlers answer "vilka deadlines har vi de närmaste 60 dagarna?", "when must we give
notice on the CMV agreement?", "när ska verksamhetsberättelsen vara klar?", "vad händer i
januari?" and "deadlines för Jönköping". They never raise: any text gets an answer or a
``Problem`` that says what to type instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from babel.dates import format_date
from rapidfuzz import fuzz, process

from commands.core.agreement import (
    Agreement,
    DateSchedule,
    DeadlineRule,
    LastMeetingSchedule,
    MonthsSchedule,
    NoticeSchedule,
    Term,
    WeeksSchedule,
)
from commands.core.answers import Answer, Column, Many, Message, Problem, Table
from commands.core.context import Lang, Request
from commands.core.ports import Store
from commands.core.registry import WHEN_WORDS, Command
from commands.core.text import ENGLISH_MARKERS, SWEDISH_MARKERS, day, fold, say, words
from commands.core.workdays import last_working_day_on_or_before, why_not_working
from commands.reading.periods import Period, add_months, find_period, week_range, weeks_in_year
from commands.reflection.command import follow_ups
from commands.reflection.model import FollowUp

log = logging.getLogger(__name__)

# The default windows when a question names no period: the longest default lead time for
# all agreements (what will be nudged soon), a whole year for one agreement (its year wheel).
DEFAULT_DAYS_ALL = 60
DEFAULT_DAYS_ONE = 365
# Ranges longer than this are cut: nothing useful is asked about two centuries at once.
_MAX_YEARS = 200


# --- the engine -------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One deadline on one date: what, when, by whom, where it stands, who is nudged."""

    agreement_id: str
    agreement: str  # short name, for people
    rule_key: str
    title: str
    due: dt.date
    act_by: dt.date  # last working day on or before ``due``
    responsible: str
    channel: str | None  # channel key in the agreement; None when the agreement has none
    source: str
    note: str | None = None
    window_start: dt.date | None = None  # first day of a months/weeks window
    kind: str = "date"  # the schedule kind: notice, date, months, weeks, last_meeting
    lead_days: tuple[int, ...] = (60, 30, 7, 1)
    expiry: dt.date | None = None  # notice: the expiry this notice day protects
    extended_to: dt.date | None = None  # notice: the new end if nobody gives notice
    renewal_months: int | None = None  # notice: how long each extension is
    meeting_time: dt.time | None = None  # last_meeting: the meeting's time, when known
    placeholder: bool = False  # last_meeting without a meeting date: 31 December stands in

    @property
    def key(self) -> str:
        """Stable id of this occurrence: ``agreement/rule/YYYY-MM-DD`` (the due day).

        "At the year's last meeting" is keyed by the year's 31 December whatever the meeting
        date: entering or moving that meeting must not make it a new occurrence (its done
        mark and sent nudges stay with it).
        """
        anchor = dt.date(self.due.year, 12, 31) if self.kind == "last_meeting" else self.due
        return occurrence_key(self.agreement_id, self.rule_key, anchor)

    @property
    def first_day(self) -> dt.date:
        """Where the occurrence begins on a calendar: its window, or the day to act."""
        return min(self.window_start or self.act_by, self.act_by)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.first_day <= end and self.due >= start


FOLLOW_UP_RULE = "reflection-goal"


def follow_up_occurrence(follow_up: FollowUp, agreements: Iterable[Agreement]) -> Occurrence:
    """A self-reflection priority goal (002 steps IV–V) as a deadline occurrence, nudged in
    the centre's channel like the agreements' own deadlines. Its rule key carries the round
    and the goal's position, so its key is as stable as theirs."""
    _, round_id, position = follow_up.key.split(":")
    agreement = next((a for a in agreements if a.id == follow_up.agreement_id), None)
    return Occurrence(
        agreement_id=follow_up.agreement_id,
        agreement=agreement.short_name if agreement else follow_up.agreement_id,
        rule_key=f"{FOLLOW_UP_RULE}-{round_id}-{position}",
        title=follow_up.title,
        due=follow_up.due,
        act_by=last_working_day_on_or_before(follow_up.due),
        responsible=follow_up.responsible,
        channel=follow_up.channel,  # the centre's Slack channel itself, not a channel key
        source=follow_up.source,
        kind="follow_up",
        lead_days=tuple(agreement.default_lead_days) if agreement else (60, 30, 7, 1),
    )


def occurrence_key(agreement_id: str, rule_key: str, due: dt.date) -> str:
    return f"{agreement_id}/{rule_key}/{due.isoformat()}"


@dataclass(frozen=True)
class NoticeDeadline:
    """The next chance to terminate an agreement with a fixed term."""

    last_notice_day: dt.date
    act_by: dt.date
    expiry: dt.date  # the agreement ends here if notice is given in time
    extended_to: dt.date | None  # … and runs to here if not (None: no renewal)


def _is_month_end(date: dt.date) -> bool:
    return date.day == calendar.monthrange(date.year, date.month)[1]


def shift_months(date: dt.date, months: int) -> dt.date:
    """Move by whole months; a month's last day stays the last day (2025-02-28 +36 -> 2028-02-29).

    Expiries in the sources are month ends ("2025-12-31"), and "12 months before 31 December"
    is 31 December the year before.
    """
    moved = add_months(date, months)
    if _is_month_end(date):
        moved = moved.replace(day=calendar.monthrange(moved.year, moved.month)[1])
    return moved


def expiry_after(term: Term, renewals: int) -> dt.date | None:
    """The end of the term after ``renewals`` automatic extensions (0: the first end)."""
    if term.until_terminated or term.first_end is None:
        return None
    if renewals == 0:
        return term.first_end
    if term.renewal_months is None:
        return None
    # computed from first_end each time, never chained, so a day clamped once stays right
    return shift_months(term.first_end, renewals * term.renewal_months)


def notice_day(expiry: dt.date, notice_months: int) -> dt.date:
    """The last day to give notice: ``notice_months`` before expiry (2027-12-31 -> 2026-12-31)."""
    return shift_months(expiry, -notice_months)


def _notice_chain(term: Term, start: dt.date) -> Iterator[tuple[dt.date, dt.date, dt.date | None]]:
    """(last notice day, expiry, extended end) for every expiry whose notice day is ≥ start."""
    if term.until_terminated or term.first_end is None:
        return
    first = 0
    if term.renewal_months:
        # jump close to ``start`` instead of walking every renewal since first_end
        months_ahead = (start.year - term.first_end.year) * 12 + start.month - term.first_end.month
        first = max(0, months_ahead // term.renewal_months - 2)
    renewals = first
    while True:
        expiry = expiry_after(term, renewals)
        if expiry is None:
            return
        deadline = notice_day(expiry, term.notice_months)
        if deadline >= start:
            yield deadline, expiry, expiry_after(term, renewals + 1)
        renewals += 1


def next_notice(term: Term, today: dt.date) -> NoticeDeadline | None:
    """The next last notice day on or after ``today``; None for 'until terminated' or an end
    that can no longer be reached (a term without renewal whose notice day has passed)."""
    for deadline, expiry, extended in _notice_chain(term, today):
        return NoticeDeadline(
            last_notice_day=deadline,
            act_by=last_working_day_on_or_before(deadline),
            expiry=expiry,
            extended_to=extended,
        )
    return None


def earliest_end(term: Term, today: dt.date) -> dt.date:
    """For an agreement that runs until terminated: the end if notice is given today."""
    return add_months(today, term.notice_months)


def _active_year(rule: DeadlineRule, year: int) -> bool:
    if rule.until_year is not None and year > rule.until_year:
        return False
    if rule.from_year is None:
        return True
    if year < rule.from_year:
        return False
    return (year - rule.from_year) % rule.every_years == 0


def channel_for(agreement: Agreement, rule: DeadlineRule) -> str | None:
    """The rule's channel; else its body's (last-meeting rules); else the agreement's first.

    Falling back to a channel rather than to none keeps a nudge from being silently lost.
    """
    if rule.channel is not None:
        return rule.channel
    if isinstance(rule.schedule, LastMeetingSchedule):
        body_channel = agreement.body(rule.schedule.body).channel
        if body_channel is not None:
            return body_channel
    return agreement.channels[0].key if agreement.channels else None


def _occurrence(
    agreement: Agreement, rule: DeadlineRule, due: dt.date, **extra: object
) -> Occurrence:
    return Occurrence(
        agreement_id=agreement.id,
        agreement=agreement.short_name,
        rule_key=rule.key,
        title=rule.title,
        due=due,
        act_by=last_working_day_on_or_before(due),
        responsible=rule.responsible,
        channel=channel_for(agreement, rule),
        source=rule.source,
        note=rule.note,
        kind=rule.schedule.kind,
        lead_days=rule.lead_days or agreement.default_lead_days,
        **extra,  # type: ignore[arg-type]
    )


def _in_year(agreement: Agreement, rule: DeadlineRule, year: int) -> Occurrence | None:
    """The occurrence of a yearly rule in ``year`` (its window's first year)."""
    schedule = rule.schedule
    if isinstance(schedule, DateSchedule):
        # "29/2" in a common year, "31/4" by mistake: the month's last day
        last = calendar.monthrange(year, schedule.month)[1]
        return _occurrence(agreement, rule, dt.date(year, schedule.month, min(schedule.day, last)))
    if isinstance(schedule, MonthsSchedule):
        start = dt.date(year, schedule.from_month, 1)
        end_year = year if schedule.to_month >= schedule.from_month else year + 1
        end = dt.date(end_year, schedule.to_month,
                      calendar.monthrange(end_year, schedule.to_month)[1])
        return _occurrence(agreement, rule, end, window_start=start)
    if isinstance(schedule, WeeksSchedule):
        if schedule.from_week > weeks_in_year(year):
            return None  # "v. 53" in a year without one: no week to hold it
        start = week_range(year, schedule.from_week)[0]
        end_year = year if schedule.to_week >= schedule.from_week else year + 1
        end = week_range(end_year, schedule.to_week)[1]
        return _occurrence(agreement, rule, end, window_start=start)
    if isinstance(schedule, LastMeetingSchedule):
        body = agreement.body(schedule.body)
        meetings = sorted((m for m in body.meetings if m.date.year == year), key=lambda m: m.date)
        if meetings:
            final = meetings[-1]
            return _occurrence(agreement, rule, final.date, meeting_time=final.time)
        # No meeting entered yet: the year's end stands in, so the deadline is still nudged.
        return _occurrence(agreement, rule, dt.date(year, 12, 31), placeholder=True)
    return None


def _notice_occurrences(
    agreement: Agreement, rule: DeadlineRule, start: dt.date, end: dt.date
) -> Iterator[Occurrence]:
    term = agreement.term
    # a notice day can be up to a weekend-and-holidays before its act-by day: start early
    for deadline, expiry, extended in _notice_chain(term, start - dt.timedelta(days=14)):
        if deadline > end:
            return
        yield _occurrence(
            agreement, rule, deadline, expiry=expiry, extended_to=extended,
            renewal_months=term.renewal_months,
        )


def _term_allows(agreement: Agreement, due: dt.date) -> bool:
    term = agreement.term
    if due < term.start:
        return False
    if not term.until_terminated and term.renewal_months is None and term.first_end is not None:
        return due <= term.first_end  # a fixed term without renewal simply ends
    return True


def rule_occurrences(
    agreement: Agreement, rule: DeadlineRule, start: dt.date, end: dt.date
) -> list[Occurrence]:
    """Occurrences of one rule that overlap [start, end] (window or act-by day to due day)."""
    if end < start:
        return []
    end = min(end, start.replace(year=min(start.year + _MAX_YEARS, 9998), day=1))
    if isinstance(rule.schedule, NoticeSchedule):
        return [
            o for o in _notice_occurrences(agreement, rule, start, end) if o.overlaps(start, end)
        ]
    found: list[Occurrence] = []
    # a window may begin the year before the range (Nov–Feb) or in ISO week 1 of next year
    for year in range(max(start.year - 1, 1), min(end.year + 1, 9998) + 1):
        if not _active_year(rule, year):
            continue
        occurrence = _in_year(agreement, rule, year)
        if (
            occurrence is not None
            and occurrence.overlaps(start, end)
            and _term_allows(agreement, occurrence.due)
        ):
            found.append(occurrence)
    return found


def occurrences(
    agreements: Iterable[Agreement],
    start: dt.date,
    end: dt.date,
    *,
    rule_keys: Iterable[tuple[str, str]] | None = None,
) -> list[Occurrence]:
    """Every occurrence in [start, end], sorted by act-by day; optionally only some
    (agreement id, rule key) pairs."""
    wanted = set(rule_keys) if rule_keys is not None else None
    found = [
        occurrence
        for agreement in agreements
        for rule in agreement.deadlines
        if wanted is None or (agreement.id, rule.key) in wanted
        for occurrence in rule_occurrences(agreement, rule, start, end)
    ]
    return sorted(found, key=_order)


def _order(occurrence: Occurrence) -> tuple[dt.date, dt.date, str, str]:
    return occurrence.act_by, occurrence.due, occurrence.agreement_id, occurrence.rule_key


def next_occurrence(agreement: Agreement, rule: DeadlineRule, today: dt.date) -> Occurrence | None:
    """The first occurrence due on or after ``today`` (an ongoing window counts)."""
    horizon = rule.every_years + 1
    if isinstance(rule.schedule, NoticeSchedule) and agreement.term.renewal_months:
        horizon = max(horizon, agreement.term.renewal_months // 12 + agreement.term.notice_months
                      // 12 + 2)
    upcoming = [
        o for o in rule_occurrences(agreement, rule, today, add_months(today, 12 * horizon))
        if o.due >= today
    ]
    return min(upcoming, key=_order) if upcoming else None


# --- agreement names in questions -----------------------------------------------------

# Words that are ordinary words as well as municipality names (Vara, Mark, Åre, Berg …):
# such a name counts only when written with a capital letter and not as the first word.
_COMMON = (
    ENGLISH_MARKERS
    | SWEDISH_MARKERS
    | frozenset(
        """vara mark are berg ale hjo orust skara tanum tibro kan nar vad ska
        deadline deadlines datum nasta narmaste kommande inom dagar moten mote""".split()
    )
)


@dataclass(frozen=True)
class AgreementMatch:
    agreements: tuple[Agreement, ...]
    problem: Problem | None = None


def _names(agreement: Agreement) -> list[tuple[str, bool]]:
    """(folded name, is the agreement's own name) — party names point to it too."""
    own = [agreement.id, agreement.short_name, agreement.name, *agreement.aliases]
    parties = [n for p in agreement.parties for n in (p.key, p.short_name, p.name, *p.aliases)]
    return ([(" ".join(words(n)), True) for n in own]
            + [(" ".join(words(n)), False) for n in parties])


def _capitalised_words(text: str) -> set[str]:
    """Folded words written with a capital letter, except the first word of the text."""
    raw = re.findall(r"[^\W\d_]+", text)
    return {fold(w) for w in raw[1:] if w[:1].isupper()}


def match_agreements(text: str, agreements: Sequence[Agreement], lang: Lang) -> AgreementMatch:
    """The agreements a question names — by id, short name, alias, or one of its parties.

    Nothing named: no agreements and no problem (the caller decides what "all" means). A
    capitalised word or a near miss that names nothing gets a ``Problem`` with suggestions.
    """
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    # genitive s ("Jönköpings", "CMV:s") is tried as well
    stripped = f" {' '.join(_without_agreement_suffix(t) for t in tokens)} "
    capitals = _capitalised_words(text)
    own_hits: list[Agreement] = []
    party_hits: list[Agreement] = []
    used: set[str] = set()
    for agreement in agreements:
        for name, own in _names(agreement):
            if not name:
                continue
            if " " not in name and name in _COMMON and name not in capitals:
                continue
            if f" {name} " in padded or f" {name} " in stripped:
                (own_hits if own else party_hits).append(agreement)
                used.update(name.split())
    found = _unique(own_hits + party_hits)
    if found:
        return AgreementMatch(agreements=tuple(found))
    return AgreementMatch(agreements=(), problem=_unknown_name(text, tokens, agreements, lang))


_AGREEMENT_SUFFIXES = ("savtalet", "savtalets", "savtal", "avtalet", "avtalets", "avtal")


def _without_agreement_suffix(token: str) -> str:
    """'jonkopingsavtalet' -> 'jonkoping', 'cmv-avtalet' and 'cmvs' -> 'cmv'."""
    for suffix in _AGREEMENT_SUFFIXES:
        stem = token[: -len(suffix)].rstrip("-")  # "cmv-avtalet" as well as "cmvavtalet"
        if token.endswith(suffix) and len(stem) >= 3:
            return stem
    return token[:-1] if len(token) > 3 and token.endswith("s") else token


def _unique(agreements: Iterable[Agreement]) -> list[Agreement]:
    seen: dict[str, Agreement] = {}
    for agreement in agreements:
        seen.setdefault(agreement.id, agreement)
    return list(seen.values())


def _known_vocabulary(agreements: Sequence[Agreement]) -> set[str]:
    from commands.reading.periods import MONTHS, NUMBER_WORDS, WEEKDAYS

    known = set(MONTHS) | set(WEEKDAYS) | set(NUMBER_WORDS) | set(_COMMON) | set(_STOP)
    for agreement in agreements:
        for rule in agreement.deadlines:
            known.update(words(rule.title))
            known.update(words(rule.responsible))
            known.update(words(rule.key.replace("-", " ")))
        for body in agreement.bodies:
            known.update(words(body.name))
            for alias in body.aliases:
                known.update(words(alias))
    for topic_words in _TOPICS.values():
        known.update(topic_words)
    known.update(_NOTICE_WORDS)
    return known


def _unknown_name(
    text: str, tokens: list[str], agreements: Sequence[Agreement], lang: Lang
) -> Problem | None:
    """A Problem when the question seems to name an agreement or party we do not know."""
    if not agreements:
        return None
    known = _known_vocabulary(agreements)
    # folded name -> what to suggest: the agreement's short name, or the party's
    choices: dict[str, str] = {}
    for agreement in agreements:
        for name in (agreement.id, agreement.short_name, *agreement.aliases):
            choices.setdefault(" ".join(words(name)), agreement.short_name)
        for party in agreement.parties:
            for name in (party.short_name, party.name, *party.aliases):
                folded = " ".join(words(name))
                if " " not in folded:
                    choices.setdefault(folded, party.short_name)
    capitals = {t for t in _capitalised_words(text) if len(t) >= 3 and not _is_known(t, known)}
    # Only a word placed where a name goes ("för Jönkping", "on CMW") or written with a
    # capital is taken for a name: ordinary words ("klara") must not become "Skara?".
    after_preposition = {
        token for previous, token in pairwise(tokens) if previous in _NAME_PREPOSITIONS
    }
    candidates = [
        t for t in tokens
        if (t in after_preposition or t in capitals) and len(t) >= 3 and not t.isdigit()
        and not _is_known(t, known)
    ]
    for token in candidates:
        best = process.extract(token, list(choices), scorer=fuzz.ratio, limit=5)
        # one wrong letter in a short name ("CMW") scores 67; longer names need 80
        threshold = 66 if len(token) <= 4 else 80
        close = [choices[name] for name, score, _ in best if score >= threshold]
        if close:
            return _problem(_as_written(text, token), _unique_names(close), agreements, lang)
    if capitals:
        first = sorted(capitals, key=lambda t: tokens.index(t) if t in tokens else 0)[0]
        return _problem(_as_written(text, first), [a.short_name for a in agreements],
                        agreements, lang)
    return None


_NAME_PREPOSITIONS = frozenset(
    "for on med hos about with avtalet agreement i in till pa of".split()
)


def _is_known(token: str, known: set[str]) -> bool:
    return token in known or _stem(token) in known or any(
        len(k) >= 5 and (token.startswith(k) or k.startswith(_stem(token))) for k in known
    )


def _as_written(text: str, folded: str) -> str:
    """The word as the user wrote it ('Jönkping'), for quoting it back."""
    for word in re.findall(r"[\w-]+", text):
        if fold(word) == folded:
            return str(word)
    return folded


def _unique_names(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _problem(word: str, suggestions: list[str], agreements: Sequence[Agreement],
             lang: Lang) -> Problem:
    return Problem(
        lang=lang,
        message=say(
            lang,
            f"Jag hittar inget avtal eller någon part som heter ”{word}”.",
            f"I can't find an agreement or party called “{word}”.",
        ),
        suggestions=tuple(suggestions[:4]),
        examples=(
            say(lang, f"deadlines för {agreements[0].short_name}",
                f"deadlines for {agreements[0].short_name}"),
        ),
    )


def agreements_for_channel(channel: str | None, agreements: Sequence[Agreement]) -> list[Agreement]:
    """Agreements that have ``channel`` (a Slack channel id) as one of their channels."""
    if not channel:
        return []
    return [a for a in agreements if any(c.slack_channel == channel for c in a.channels)]


# --- which rules a question is about ----------------------------------------------------

# Question words that say nothing about *which* deadline.
_STOP = frozenset(
    """vilka vilken vilket nar vad hur ska skall maste har finns gora gor hander hande
    klar klart vara bli blir dags datum deadline deadlines frist frister senast sista
    foljande kommande narmaste nasta inom dagar dagarna veckor manader avtal avtalet
    avtalets avtalen for med till fran och eller som den det de att pa om alla all oss
    when what which must should will does the a an of on for in to is are we our us
    due by be done ready next coming days weeks months agreement agreements happen
    happens happening list show give visa lista""".split()
)

# English and everyday words for the Swedish words in rule titles.
_TOPICS: dict[str, tuple[str, ...]] = {
    "faktur": ("invoice", "invoices", "invoicing", "billing", "bill", "faktura", "fakturor"),
    "verksamhetsberattelse": ("annual", "verksamhetsberattelsen", "arsrapport"),
    "arsberattelse": ("annual", "arsberattelsen"),
    "kvalitetsgranskning": ("quality", "review", "granskning", "granskningen"),
    "enkat": ("survey", "surveys", "questionnaire", "enkaten", "enkater", "enkaterna"),
    "sjalvreflektion": ("reflection", "self-reflection", "sjalvreflektionen"),
    "verksamhetsbesok": ("visit", "visits", "besok"),
    "statistik": ("statistics", "stats"),
    "semester": ("holiday", "holidays", "vacation", "sommarsemester"),
    "mal": ("goals", "goal", "malen"),
    "revider": ("revision", "revise", "revised", "revideras"),
    "uppfoljning": ("follow-up", "followup", "uppfoljningen"),
}

_NOTICE_WORDS = frozenset(
    """uppsagning uppsagningen uppsagningstid uppsagningstiden uppsaga saga sager sags
    notice terminate termination terminating cancel cancellation forlangning forlangs
    forlangas forlanga renewal renew renewed extend extended expiry expire expires
    utgang upphor upphora loper avtalstid avtalstiden""".split()
)


def is_notice_question(tokens: Sequence[str]) -> bool:
    joined = f" {' '.join(tokens)} "
    if any(t in _NOTICE_WORDS - {"saga", "sager", "sags"} for t in tokens):
        return True
    return any(f" {w} upp " in joined for w in ("saga", "sager", "sags", "sagas"))


def _stem(word: str) -> str:
    for ending in ("erna", "arna", "orna", "ens", "ets", "en", "et", "na", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def _word_matches(query: str, target: str) -> bool:
    q, t = _stem(query), _stem(target)
    if q == t:
        return True
    shortest = min(len(q), len(t))
    if shortest < 5:
        return False
    # compounds: "enkät" matches "föräldraenkät", "faktura" matches "fakturering"
    return t.startswith(q) or q.startswith(t) or t.endswith(q) or q.endswith(t) or (
        len(q) >= 7 and len(t) >= 7 and fuzz.ratio(q, t) >= 88
    )


def _topic_tokens(tokens: Sequence[str]) -> list[str]:
    """The question's words that may name a deadline, with English mapped to Swedish."""
    out: list[str] = []
    for token in tokens:
        if token in _STOP or token in _COMMON or len(token) < 3 or token.isdigit():
            continue
        mapped = [
            topic for topic, synonyms in _TOPICS.items()
            if token in synonyms or _stem(token) in synonyms or token.startswith(topic)
        ]
        out.extend(mapped or [token])
    return out


def matching_rules(
    tokens: Sequence[str], agreements: Sequence[Agreement]
) -> list[tuple[Agreement, DeadlineRule]]:
    """Rules whose title or key shares a significant word with the question."""
    topics = _topic_tokens(tokens)
    if not topics:
        return []
    found: list[tuple[Agreement, DeadlineRule]] = []
    for agreement in agreements:
        names = {w for n, _ in _names(agreement) for w in n.split()}
        for rule in agreement.deadlines:
            if isinstance(rule.schedule, NoticeSchedule):
                continue  # notice questions are answered from the term, see is_notice_question
            rule_words = set(words(rule.title)) | set(words(rule.key.replace("-", " ")))
            if any(
                _word_matches(q, w) for q in topics if q not in names for w in rule_words
                if w not in _STOP and len(w) >= 3
            ):
                found.append((agreement, rule))
    return found


# --- wording ------------------------------------------------------------------------


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


def _csv_row(o: Occurrence) -> tuple[str, ...]:
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
    for occurrence in sorted(found, key=_order):
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
            csv_rows=(CSV_HEADER, *(_csv_row(o) for o in rows)),
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
    details: list[str] = []
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
        details.append(say(
            lang,
            "Inget möte är inlagt ännu för året, så årets sista dag står i stället. Lägg till "
            "mötet med `/avtal möte lägg till …`.",
            "No meeting is entered for the year yet, so the year's last day stands in. Add it "
            "with `/avtal meeting add …`.",
        ))
    elif occurrence.kind == "last_meeting":
        time = f" kl. {occurrence.meeting_time:%H.%M}" if occurrence.meeting_time else ""
        details.append(say(lang, f"Vid årets sista möte, {day(occurrence.due, lang)}{time}.",
                           f"At the year's last meeting, {day(occurrence.due, lang)}{time}."))
    details.append(say(lang, f"Ansvarig: {occurrence.responsible}.",
                       f"Responsible: {occurrence.responsible}."))
    if occurrence.channel:
        channel_name = agreement.channel(occurrence.channel).name
        details.append(say(lang, f"Påminnelser går till {channel_name}.",
                           f"Reminders go to {channel_name}."))
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
            f"Annars förlängs avtalet med {_months_text(term.renewal_months, 'sv')}, till "
            f"{upcoming.extended_to.isoformat()}.",
            f"Otherwise it is extended by {_months_text(term.renewal_months, 'en')}, to "
            f"{upcoming.extended_to.isoformat()}.",
        ))
    details = steps + details
    return Message(lang=lang, text=text, details=tuple(details), source=source, note=note)


def _months_text(months: int, lang: Lang) -> str:
    if months % 12 == 0:
        years = months // 12
        return (f"{years} år" if lang == "sv" else f"{years} year{'s' if years != 1 else ''}")
    return f"{months} månader" if lang == "sv" else f"{months} months"


# --- the question handler -----------------------------------------------------------


def handle(request: Request, store: Store) -> Answer:
    """Deadlines: in a period, for an agreement, one named deadline, or the notice day."""
    try:
        return answer(request, list(store.agreements()), goals=follow_ups(store))
    except Exception:  # a chat answer must never be a traceback; the log keeps the cause
        log.exception("deadline question failed")  # not the text: it may name a person
        return Problem(
            lang=request.lang,
            message=say(request.lang, "Jag kunde inte svara på den frågan om deadlines.",
                        "I could not answer that question about deadlines."),
            examples=_EXAMPLES[request.lang],
        )


_EXAMPLES: dict[Lang, tuple[str, ...]] = {
    "sv": ("vilka deadlines har vi de närmaste 60 dagarna?", "när ska vi säga upp CMV-avtalet?",
           "deadlines för Jönköping", "vad händer i januari?"),
    "en": ("which deadlines are due in the next 60 days?", "when must we give notice on CMV?",
           "deadlines for Jönköping", "what happens in January?"),
}


def answer(request: Request, agreements: Sequence[Agreement],
           goals: Sequence[FollowUp] = ()) -> Answer:
    """The pure part of ``handle``: text, agreements and the self-reflection rounds' priority
    goals in, an answer out. Goals show in listings of a period beside the rules' deadlines."""
    lang, today = request.lang, request.today
    if not agreements:
        return Problem(lang=lang, message=say(lang, "Det finns inga avtal inlästa ännu.",
                                              "No agreements are loaded yet."))
    period = find_period(request.text, today)
    if period is not None and (trouble := period.message(lang)) is not None:
        return Problem(lang=lang, message=trouble)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    scope = list(named.agreements)
    note: str | None = None
    if not scope:
        if named.problem is not None:
            return named.problem
        from_channel = agreements_for_channel(request.channel, agreements)
        if from_channel:
            scope = from_channel
            note = say(lang, f"Visar {', '.join(a.short_name for a in scope)} eftersom frågan "
                             "ställdes i avtalets kanal.",
                       f"Showing {', '.join(a.short_name for a in scope)} because the question "
                       "was asked in the agreement's channel.")
    tokens = words(rest)
    if is_notice_question(tokens) and period is None:
        return _notice_answer(scope or list(agreements), lang, today)
    rules = matching_rules(tokens, scope or list(agreements))
    if rules and period is None:
        return _next_of(rules, scope or list(agreements), lang, today)
    start, end = _window(period, bool(scope), today)
    pool = scope or list(agreements)
    wanted = [(a.id, r.key) for a, r in rules] if rules else None
    if period is not None and is_notice_question(tokens):
        wanted = [(a.id, r.key) for a in pool for r in a.deadlines
                  if isinstance(r.schedule, NoticeSchedule)]
    found = occurrences(pool, start, end, rule_keys=wanted)
    if wanted is None:
        in_scope = {a.id for a in pool}
        found += [o for o in (follow_up_occurrence(g, agreements) for g in goals)
                  if o.agreement_id in in_scope and o.overlaps(start, end)]
    return listing(found, pool, lang, today, start, end, note=note)


def _window(period: Period | None, one_agreement: bool, today: dt.date) -> tuple[dt.date, dt.date]:
    if period is not None:
        return period.start, period.end
    days = DEFAULT_DAYS_ONE if one_agreement else DEFAULT_DAYS_ALL
    return today, today + dt.timedelta(days=days)


def _notice_answer(agreements: Sequence[Agreement], lang: Lang, today: dt.date) -> Answer:
    messages = [notice_message(a, lang, today) for a in agreements]
    return messages[0] if len(messages) == 1 else Many(lang=lang, parts=tuple(messages))


def _next_of(
    rules: Sequence[tuple[Agreement, DeadlineRule]], agreements: Sequence[Agreement], lang: Lang,
    today: dt.date,
) -> Answer:
    upcoming = [
        (agreement, o) for agreement, rule in rules
        if (o := next_occurrence(agreement, rule, today)) is not None
    ]
    if not upcoming:
        return Message(lang=lang, text=say(lang, "Den deadlinen har inga kommande datum.",
                                           "That deadline has no upcoming dates."))
    if len(upcoming) == 1:
        agreement, occurrence = upcoming[0]
        return occurrence_message(occurrence, agreement, lang, today)
    found = [o for _, o in upcoming]
    start = today
    end = max(o.due for o in found)
    return listing(found, agreements, lang, today, start, end)


HOME_DAYS = 30
HOME_ROWS = 8


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: the deadlines of the coming 30 days, nearest first."""
    lang, today = request.lang, request.today
    found = [o for o in occurrences(store.agreements(), today,
                                    today + dt.timedelta(days=HOME_DAYS)) if o.act_by >= today]
    if not found:
        return None
    lines = tuple(
        f"• {day(o.act_by, lang)} – {o.title} ({o.agreement})" for o in found[:HOME_ROWS]
    )
    more = len(found) - HOME_ROWS
    if more > 0:
        lines += (say(lang, f"… och {more} till: fråga `/avtal deadlines de närmaste 30 dagarna`.",
                      f"… and {more} more: ask `/avtal deadlines next 30 days`."),)
    return Message(lang=lang, text=say(lang, "*Deadlines de närmaste 30 dagarna*",
                                       "*Deadlines in the next 30 days*"), details=lines)


def _wheel_month(occurrence: Occurrence, lang: Lang) -> str:
    """'januari', 'september–november', 'september (v. 39)': where a task sits in the year."""
    start = occurrence.window_start or occurrence.due
    first = month_name(start.month, lang)
    if occurrence.kind == "weeks":
        return f"{first} ({window_text(occurrence, lang)})".replace(f" {start.year})", ")")
    if start.month != occurrence.due.month:
        return f"{first}–{month_name(occurrence.due.month, lang)}"
    return first


def year_wheel(request: Request, store: Store) -> Answer:
    """`årshjul [avtal] [år]`: a calendar year's deadlines month by month, with who does what
    (the Jönköping year wheel, 002, is the model; any agreement's rules can be shown so)."""
    lang, today = request.lang, request.today
    agreements = list(store.agreements())
    period = find_period(request.text, today)
    rest = period.rest if period else request.text
    named = match_agreements(rest, agreements, lang)
    if named.problem is not None and not named.agreements:
        return named.problem
    scope = (list(named.agreements) or agreements_for_channel(request.channel, agreements)
             or agreements)
    year = period.start.year if period else today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    wheels: list[Answer] = []
    for agreement in scope:
        found = [o for o in occurrences([agreement], start, end)
                 if o.due.year == year and o.kind != "notice"]
        if not found:
            continue
        found.sort(key=lambda o: (o.first_day, o.due, o.rule_key))
        wheels.append(Table(
            lang=lang,
            title=say(lang, f"Årshjul {agreement.short_name} {year}",
                      f"Year wheel {agreement.short_name} {year}"),
            columns=(Column(say(lang, "Månad", "Month")), Column(say(lang, "Vad", "What")),
                     Column(say(lang, "Ansvarig", "Responsible")),
                     Column(say(lang, "Agera senast", "Act by"))),
            rows=tuple((_wheel_month(o, lang), o.title, o.responsible,
                        day(o.act_by, lang)) for o in found),
            source="; ".join(dict.fromkeys(part for o in found for part in o.source.split("; "))),
            csv_name=f"arshjul-{agreement.id}-{year}.csv",
            csv_rows=(CSV_HEADER, *(_csv_row(o) for o in found)),
        ))
    if not wheels:
        return Message(lang=lang, text=say(lang, f"Inga återkommande uppgifter {year}.",
                                           f"No recurring tasks in {year}."))
    return wheels[0] if len(wheels) == 1 else Many(lang=lang, parts=tuple(wheels))


COMMANDS = (
    Command(
        name="deadlines",
        words=("deadlines", "deadline", "frister", "frist"),
        handler=handle,
        help_sv=("Deadlines i en period, för ett avtal, en viss deadline eller sista "
                 "uppsägningsdag."),
        help_en="Deadlines in a period, for an agreement, one deadline, or the last notice day.",
        usage="deadlines [avtal] [period]",
        example_sv="/avtal deadlines de närmaste 60 dagarna",
        example_en="/avtal deadlines next 60 days",
        triggers=(
            "deadline", "deadlines", "frist", "frister", "senast", "uppsagning", "uppsagningen",
            "notice", "terminate", "klar", "klart", "ready", "due", "hander", "happens",
            "happening", "forlangs", "renewal", "expire", "expires",
            # "när ska vi säga upp avtalet?": the verb is split in two words
            "saga", "sager", "sags", "sagas",
            "gora", "loper", "upphor", "utgang", "avtalstid", "avtalstiden",
            # "when is the quality review?": the English for "kvalitetsgransk…" below
            "review",
            # "när är kvalitetsgranskningen?" asks for its date, "vad kostar …" its amount
            *WHEN_WORDS,
        ),
        # "20…": a year counts for every dated command (costs has it too), so that a year in
        # "vilka deadlines har vi 2027?" does not tip the question over to costs
        prefix_triggers=("verksamhetsberattelse", "arsberattelse", "kvalitetsgransk", "faktur",
                         "uppsag", "20"),
    ),
    Command(
        name="årshjul",
        words=("arshjul", "arshjulet", "yearwheel"),
        handler=year_wheel,
        help_sv="Årets uppgifter månad för månad, med vem som ansvarar (årshjulet).",
        help_en="The year's tasks month by month, with who is responsible (the year wheel).",
        usage="årshjul [avtal] [år]",
        example_sv="/avtal årshjul Jönköping 2027",
        example_en="/avtal yearwheel Jönköping 2027",
        triggers=("arshjul", "arshjulet", *WHEN_WORDS),  # "när/when": see deadlines
        prefix_triggers=("20",),  # a year counts for every dated command, see deadlines
    ),
)
