"""The result of a self-reflection round: the anonymous aggregate and how it is shown.

Counts per statement and category, the share *Behöver utvecklas*, most in need first, the
change since the centre's previous closed round, comments only from five respondents up —
and below a round's threshold, ``Withheld``: nothing but the count. Rendered as a table (Slack
and console), as CSV for the annual report (aggregates only) and, in ``reflection_chart``,
as a PNG.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commands.core.agreement import Agreement, Instrument, Statement
from commands.core.answers import Answer, Column, Many, Message, Table
from commands.core.ports import Store
from commands.core.text import fold, inert
from commands.reflection.model import (
    DEFAULT_MIN_RESPONDENTS,
    MIN_RESPONDENTS_FOR_COMMENTS,
    VOTE_LABEL,
    Goal,
    JointView,
    ReflectionStore,
    Round,
    Tally,
)

# --- the instrument --------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    number: int  # 1..30, the order of source 002
    category: str
    statement: Statement


def instrument_of(store: Store) -> tuple[Agreement, Instrument] | None:
    """The agreement that carries a self-reflection instrument (Jönköping, source 002)."""
    for agreement in store.agreements():
        if agreement.instrument is not None:
            return agreement, agreement.instrument
    return None


def items(instrument: Instrument) -> tuple[Item, ...]:
    numbered: list[Item] = []
    for category in instrument.categories:
        for statement in category.statements:
            numbered.append(Item(len(numbered) + 1, category.name, statement))
    return tuple(numbered)


# --- aggregation -----------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    item: Item
    works: int
    develop: int
    change: Decimal | None  # percentage points of "Behöver utvecklas" since the last round

    @property
    def answered(self) -> int:
        return self.works + self.develop

    @property
    def share_develop(self) -> Decimal:
        return share(self.develop, self.answered)


@dataclass(frozen=True)
class CategoryResult:
    name: str
    works: int
    develop: int

    @property
    def share_develop(self) -> Decimal:
        return share(self.develop, self.works + self.develop)


@dataclass(frozen=True)
class Result:
    round: Round
    respondents: int
    participants: int
    statements: tuple[StatementResult, ...]  # instrument order
    categories: tuple[CategoryResult, ...]
    comments: tuple[tuple[str, str], ...] | None  # (statement title, text); None = withheld
    previous_year: int | None
    previous_goals: tuple[Goal, ...] = ()
    joint_views: tuple[JointView, ...] = ()

    def most_in_need(self) -> tuple[StatementResult, ...]:
        return tuple(sorted(self.statements,
                            key=lambda s: (-s.share_develop, -s.develop, s.item.number)))

    @property
    def response_rate(self) -> Decimal:
        return share(self.respondents, self.participants)


@dataclass(frozen=True)
class Withheld:
    round: Round
    respondents: int
    participants: int


def share(part: int, whole: int) -> Decimal:
    """Percent with one decimal, half up (shown rounded to whole percent)."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def aggregate(round_: Round, instrument: Instrument, tally: Tally, *, participants: int,
              previous: tuple[Round, Tally] | None = None,
              previous_goals: Sequence[Goal] = (),
              joint_views: Sequence[JointView] = ()) -> Result | Withheld:
    """The anonymous result of a round, or ``Withheld`` below the round's threshold."""
    if tally.respondents < max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS):
        return Withheld(round_, tally.respondents, participants)
    before: Mapping[str, tuple[int, int]] | None = None
    if previous is not None and previous[1].respondents >= max(previous[0].min_respondents,
                                                                DEFAULT_MIN_RESPONDENTS):
        before = previous[1].counts
    results = []
    for item in items(instrument):
        works, develop = tally.counts.get(item.statement.key, (0, 0))
        change = None
        if before is not None and any(before.get(item.statement.key, (0, 0))):
            old_works, old_develop = before[item.statement.key]
            change = share(develop, works + develop) - share(old_develop, old_works + old_develop)
        results.append(StatementResult(item, works, develop, change))
    categories = []
    for category in instrument.categories:
        in_category = [r for r in results if r.item.category == category.name]
        categories.append(CategoryResult(category.name, sum(r.works for r in in_category),
                                         sum(r.develop for r in in_category)))
    comments: tuple[tuple[str, str], ...] | None = None
    if tally.respondents >= MIN_RESPONDENTS_FOR_COMMENTS:
        titles = {i.statement.key: i.statement.title for i in items(instrument)}
        pool = [(titles.get(key, key), text) for key, texts in sorted(tally.comments.items())
                for text in texts]
        # Shuffled with the round as seed: stable for the round, unrelated to the writers.
        random.Random(round_.id).shuffle(pool)
        comments = tuple(pool)
    return Result(round=round_, respondents=tally.respondents, participants=participants,
                  statements=tuple(results), categories=tuple(categories), comments=comments,
                  previous_year=previous[0].year if before is not None and previous else None,
                  previous_goals=tuple(previous_goals), joint_views=tuple(joint_views))


def result_of(store: ReflectionStore, round_: Round, instrument: Instrument
              ) -> Result | Withheld:
    """Gather a round's tally, the centre's previous closed round and its goals."""
    previous = previous_round(store, round_)
    return aggregate(
        round_, instrument, store.tally(round_id=round_.id),
        participants=len(store.participants(round_id=round_.id)),
        previous=(previous, store.tally(round_id=previous.id)) if previous else None,
        previous_goals=store.goals(round_id=previous.id) if previous else (),
        joint_views=store.joint_views(round_id=round_.id),
    )


def previous_round(store: ReflectionStore, round_: Round) -> Round | None:
    """The same centre's latest closed round before this one."""
    same = [r for r in store.all_rounds()
            if r.id < round_.id and r.status == "closed" and r.agreement_id == round_.agreement_id
            and fold(r.centre) == fold(round_.centre)]
    return max(same, key=lambda r: r.id, default=None)


# --- rendering helpers ------------------------------------------------------------------


def channel_ref(channel: str) -> str:
    """A Slack channel id becomes a link; anything else (the console) is shown as #name."""
    return f"<#{channel}>" if re.fullmatch(r"[CG][A-Z0-9]{2,}", channel) else f"#{channel}"


def pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP)}\u00a0%"


def points(change: Decimal | None) -> str:
    if change is None:
        return "–"
    whole = change.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole == 0:
        return "±0 p.e."
    return f"{'+' if whole > 0 else '−'}{abs(whole)} p.e."


def result_table(result: Result) -> Table:
    round_ = result.round
    rows = tuple(
        (str(s.item.number), short(s.item.statement.title, 34), str(s.works), str(s.develop),
         pct(s.share_develop), points(s.change))
        for s in result.most_in_need()
    )
    details = [
        f"*Svarande:* {result.respondents} av {result.participants} "
        f"({pct(result.response_rate)} svarsfrekvens). Mest behov av utveckling först.",
        "*Per kategori* (andel Behöver utvecklas): " + " · ".join(
            f"{c.name} {pct(c.share_develop)}" for c in result.categories),
    ]
    if result.previous_year is not None:
        details.append(f"Förändring = skillnad i andel Behöver utvecklas mot omgången "
                       f"{result.previous_year}, i procentenheter (p.e.).")
    else:
        details.append("Ingen tidigare stängd omgång för familjecentralen att jämföra med.")
    if result.previous_goals:
        details.append("*Förra omgångens prioriterade mål:* " + " ".join(
            f"{g.position}. {g.text}" + (f" (följs upp {g.follow_up_on.isoformat()})"
                                         if g.follow_up_on else "")
            for g in result.previous_goals))
    if result.joint_views:
        numbers = {s.item.statement.key: s.item.number for s in result.statements}
        titles = {s.item.statement.key: f"{s.item.number}. {s.item.statement.title}"
                  for s in result.statements}
        ordered = sorted(result.joint_views, key=lambda v: numbers.get(v.statement_key, 0))
        details.append("*Gemensam uppfattning (steg III):* " + "; ".join(
            f"{titles.get(v.statement_key, v.statement_key)}: {VOTE_LABEL[v.value]}"
            + (f" – {v.note}" if v.note else "") for v in ordered))
    if result.comments is None:
        details.append(f"Kommentarer visas först när minst {MIN_RESPONDENTS_FOR_COMMENTS} "
                       "har svarat.")
    elif result.comments:
        details.append("*Kommentarer* (utan namn, i blandad ordning) följer nedan.")
    return Table(
        lang="sv",
        title=f"Självreflektion {round_.centre} {round_.year}",
        columns=(Column("Nr", "right"), Column("Påstående"), Column("Fungerar", "right"),
                 Column("Behöver utv.", "right"), Column("Andel utv.", "right"),
                 Column("Förändring", "right")),
        rows=rows,
        details=tuple(details),
        source="002 Självreflektionsinstrument för familjecentraler",
        csv_name=f"sjalvreflektion-{slug(round_.centre)}-{round_.year}.csv",
        csv_query=f"självreflektion csv {round_.id}",
    )


_COMMENTS_PER_MESSAGE = 2500  # characters; a Slack section holds 3000


def result_answer_of(result: Result) -> Answer:
    """The result table, followed by the comments in as many messages as they need (a
    Slack section holds 3000 characters; twenty staff can write more than that)."""
    table = result_table(result)
    if not result.comments:
        return table
    pages: list[list[str]] = [[]]
    for title, text in result.comments:
        line = f"• {title}: {inert(short(text, 1000))}"
        if sum(len(x) + 1 for x in pages[-1]) + len(line) > _COMMENTS_PER_MESSAGE:
            pages.append([])
        pages[-1].append(line)
    messages = tuple(
        Message(lang="sv", text="*Kommentarer* (utan namn, i blandad ordning)"
                + (f" {n}/{len(pages)}" if len(pages) > 1 else ""), details=tuple(page))
        for n, page in enumerate(pages, start=1))
    return Many(lang="sv", parts=(table, *messages))


def withheld_message(withheld: Withheld) -> Message:
    round_ = withheld.round
    needed = max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS)
    return Message(
        lang="sv",
        text=f"Självreflektion {round_.centre} {round_.year}: {withheld.respondents} av "
             f"{withheld.participants} har svarat.",
        details=(f"Resultatet visas först när minst {needed} har svarat, så att ingen "
                 "enskild persons svar kan utläsas.",),
    )


def result_csv(result: Result) -> bytes:
    """Aggregates only (no answer of any one person): per statement, then per category.
    UTF-8 with BOM and ``;`` so that Swedish Excel opens it as columns."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nr", "Kategori", "Påstående", "Fungerar", "Behöver utvecklas",
                     "Andel behöver utvecklas (%)", "Förändring (procentenheter)"])
    for s in result.statements:
        writer.writerow([s.item.number, s.item.category, s.item.statement.title, s.works,
                         s.develop, _comma(s.share_develop),
                         "" if s.change is None else _comma(s.change)])
    writer.writerow([])
    writer.writerow(["", "Kategori", "", "Fungerar", "Behöver utvecklas",
                     "Andel behöver utvecklas (%)", ""])
    for c in result.categories:
        writer.writerow(["", c.name, "", c.works, c.develop, _comma(c.share_develop), ""])
    writer.writerow([])
    writer.writerow(["Svarande", result.respondents, "Inbjudna", result.participants,
                     "Svarsfrekvens (%)", _comma(result.response_rate)])
    return buffer.getvalue().encode("utf-8-sig")


def _comma(value: Decimal) -> str:
    return str(value).replace(".", ",")


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "familjecentral"
