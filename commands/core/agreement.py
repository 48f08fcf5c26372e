"""What an agreement *is*: the typed, validated facts of one samverkansavtal.

These pydantic models are both the schema of the bundled YAML files (storage validates
files against them) and the plain objects storage hands to the domain. They hold no
behaviour beyond validation; rules live in costs.py, deadlines.py, meetings.py.

Every fact carries ``source`` — a reference such as "001 §11.3" — so every answer can say
where its figure comes from. Where a source is ambiguous the chosen reading is in ``note``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Source = Annotated[str, Field(min_length=1, description='Where the fact stands, e.g. "001 §11.3"')]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Stable lower-case id")]


class Fact(BaseModel):
    """Base for every fact: immutable, strict about unknown fields (typos in YAML are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- parties, term, bodies, channels -------------------------------------------------


class Party(Fact):
    key: Key
    name: str  # "Krokoms kommun"
    short_name: str  # "Krokom"
    kind: Literal["kommun", "region", "förvaltning", "verksamhet", "annan"] = "kommun"
    org_number: str | None = Field(default=None, pattern=r"^\d{6}-\d{4}$")
    municipality_code: str | None = Field(default=None, pattern=r"^\d{4}$")
    aliases: tuple[str, ...] = ()
    source: Source
    note: str | None = None


class Term(Fact):
    """Agreement period, notice and renewal.

    ``until_terminated``: runs until a party gives notice (002); then there is no expiry,
    only an earliest end date ``notice_months`` after notice is given.
    Otherwise the agreement ends ``first_end`` and, unless notice is given at least
    ``notice_months`` before expiry, is extended by ``renewal_months`` each time.
    """

    start: dt.date
    first_end: dt.date | None = None
    renewal_months: int | None = Field(default=None, ge=1)
    notice_months: int = Field(ge=0)
    until_terminated: bool = False
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Term:
        if not self.until_terminated and self.first_end is None:
            raise ValueError("first_end is required unless until_terminated is true")
        if self.first_end is not None and self.first_end <= self.start:
            raise ValueError("first_end must be after start")
        return self


class MeetingRule(Fact):
    per_year_min: int = Field(ge=0)
    per_year_max: int | None = Field(default=None, ge=0)
    source: Source


class Meeting(Fact):
    date: dt.date
    time: dt.time | None = None
    place: str | None = None
    note: str | None = None


class Body(Fact):
    """A steering group, political group or network, with its meeting rule and dates."""

    key: Key
    name: str
    kind: Literal["steering_group", "political_group", "management_group", "network", "other"]
    aliases: tuple[str, ...] = ()
    meeting_rule: MeetingRule | None = None
    meetings: tuple[Meeting, ...] = ()
    channel: Key | None = None
    source: Source
    note: str | None = None


class Channel(Fact):
    """Where nudges and results go. ``slack_channel`` is set per workspace by the administrator."""

    key: Key
    name: str  # human name, e.g. "#cmv-styrgrupp"
    purpose: str
    slack_channel: str | None = None


# --- cost models ----------------------------------------------------------------------


class PublishedShare(Fact):
    party: Key
    population: int = Field(gt=0)
    percent: Decimal  # as published, three decimals: 11.780
    amount: Decimal  # whole kronor, as published


class PopulationKeyModel(Fact):
    """Population key with yearly uplift (001 §11.3)."""

    kind: Literal["population_key"]
    key: Key
    title: str
    base_year: int
    base_total: Decimal
    uplift_percent: Decimal
    population_date: dt.date
    shares: tuple[PublishedShare, ...]
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _published_sums(self) -> PopulationKeyModel:
        if sum(s.amount for s in self.shares) != self.base_total:
            raise ValueError("shares' amounts must sum to base_total")
        return self


class Operation(Fact):
    """A base operation that shares a cost equally (barnhälsovård, öppen förskola …)."""

    key: Key
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


class EqualSplitModel(Fact):
    """A cost divided equally among participating operations (003 §14.1, 002)."""

    kind: Literal["equal_split"]
    key: Key
    title: str
    operations: tuple[Operation, ...]
    min_participants: int = Field(ge=1)
    default_participants: int = Field(ge=1)
    source: Source
    note: str | None = None


class PeriodicExtraModel(Fact):
    """An extra cost in some years only, split by another model's key (001 §11.5)."""

    kind: Literal["periodic_extra"]
    key: Key
    title: str
    first_year: int
    every_years: int = Field(ge=1)
    max_amount: Decimal
    split_by: Key
    source: Source
    note: str | None = None


class BudgetLine(Fact):
    title: str
    amount: Decimal


class BudgetLinesModel(Fact):
    """The base-year budget by cost line plus overhead (001 §11.2, Figur 1)."""

    kind: Literal["budget_lines"]
    key: Key
    title: str
    base_year: int
    lines: tuple[BudgetLine, ...]
    overhead_percent: Decimal
    overhead_amount: Decimal
    total: Decimal
    uplift_percent: Decimal
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _published_sums(self) -> BudgetLinesModel:
        if sum(line.amount for line in self.lines) + self.overhead_amount != self.total:
            raise ValueError("lines plus overhead_amount must equal total")
        return self


CostModel = Annotated[
    PopulationKeyModel | EqualSplitModel | PeriodicExtraModel | BudgetLinesModel,
    Field(discriminator="kind"),
]


# --- deadline rules -------------------------------------------------------------------


class NoticeSchedule(Fact):
    """Derived from the agreement's term: last day to give notice before the next expiry."""

    kind: Literal["notice"]


class DateSchedule(Fact):
    """Every year by a fixed day ("senast 1 mars", "28/2")."""

    kind: Literal["date"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class MonthsSchedule(Fact):
    """During whole months: "i januari" (1–1), "årets tre första månader" (1–3).

    Due on the last day.
    """

    kind: Literal["months"]
    from_month: int = Field(ge=1, le=12)
    to_month: int = Field(ge=1, le=12)


class WeeksSchedule(Fact):
    """During ISO weeks ("v. 45–46"). Due on the Sunday that ends ``to_week``."""

    kind: Literal["weeks"]
    from_week: int = Field(ge=1, le=53)
    to_week: int = Field(ge=1, le=53)


class LastMeetingSchedule(Fact):
    """At the body's last meeting of the year; 31 December until that meeting has a date."""

    kind: Literal["last_meeting"]
    body: Key


Schedule = Annotated[
    NoticeSchedule | DateSchedule | MonthsSchedule | WeeksSchedule | LastMeetingSchedule,
    Field(discriminator="kind"),
]


class DeadlineRule(Fact):
    key: Key
    title: str  # "Verksamhetsberättelsen lämnas till styrgruppen"
    schedule: Schedule
    every_years: int = Field(default=1, ge=1)  # 2 = every other year, 3 = every third year
    from_year: int | None = None  # first year of the cycle; required when every_years > 1
    until_year: int | None = None
    responsible: str
    channel: Key | None = None
    lead_days: tuple[int, ...] | None = None  # None: the agreement's default
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _cycle_has_start(self) -> DeadlineRule:
        if self.every_years > 1 and self.from_year is None:
            raise ValueError("from_year is required when every_years > 1")
        return self


# --- self-reflection instrument -------------------------------------------------------


class Statement(Fact):
    key: Key
    title: str  # "Hälsofrämjande arena"
    text: str  # "Vi ger kunskap och stöd till familjer att göra hälsofrämjande val/förändringar."


class Category(Fact):
    key: Key
    name: str
    statements: tuple[Statement, ...]


class Instrument(Fact):
    key: Key
    name: str
    scale: tuple[str, str] = ("Fungerar", "Behöver utvecklas")
    categories: tuple[Category, ...]
    steps: tuple[str, ...] = ()
    source: Source

    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for c in self.categories for s in c.statements)


# --- the agreement ----------------------------------------------------------------------


class Agreement(Fact):
    id: Key
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()
    source_document: str  # "001"
    host: Key | None = None  # party key of the huvudman
    parties: tuple[Party, ...]
    term: Term
    bodies: tuple[Body, ...] = ()
    channels: tuple[Channel, ...] = ()
    cost_models: tuple[CostModel, ...] = ()
    deadlines: tuple[DeadlineRule, ...] = ()
    default_lead_days: tuple[int, ...] = (60, 30, 7, 1)
    instrument: Instrument | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _references_resolve(self) -> Agreement:
        party_keys = {p.key for p in self.parties}
        channel_keys = {c.key for c in self.channels}
        body_keys = {b.key for b in self.bodies}
        model_keys = {m.key for m in self.cost_models}
        problems: list[str] = []
        for label, keys in (
            ("parties", [p.key for p in self.parties]),
            ("channels", [c.key for c in self.channels]),
            ("bodies", [b.key for b in self.bodies]),
            ("cost_models", [m.key for m in self.cost_models]),
            ("deadlines", [d.key for d in self.deadlines]),
        ):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                problems.append(f"{label}: duplicate key {', '.join(dupes)}")
        if self.host is not None and self.host not in party_keys:
            problems.append(f"host: unknown party '{self.host}'")
        for b in self.bodies:
            if b.channel is not None and b.channel not in channel_keys:
                problems.append(f"bodies.{b.key}.channel: unknown channel '{b.channel}'")
        for d in self.deadlines:
            if d.channel is not None and d.channel not in channel_keys:
                problems.append(f"deadlines.{d.key}.channel: unknown channel '{d.channel}'")
            if isinstance(d.schedule, LastMeetingSchedule) and d.schedule.body not in body_keys:
                problems.append(
                    f"deadlines.{d.key}.schedule.body: unknown body '{d.schedule.body}'"
                )
        for m in self.cost_models:
            if isinstance(m, PopulationKeyModel):
                unknown = [s.party for s in m.shares if s.party not in party_keys]
                if unknown:
                    problems.append(
                        f"cost_models.{m.key}.shares: unknown party {', '.join(unknown)}"
                    )
            if isinstance(m, PeriodicExtraModel) and m.split_by not in model_keys:
                problems.append(f"cost_models.{m.key}.split_by: unknown cost model '{m.split_by}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def party(self, key: str) -> Party:
        return next(p for p in self.parties if p.key == key)

    def body(self, key: str) -> Body:
        return next(b for b in self.bodies if b.key == key)

    def channel(self, key: str) -> Channel:
        return next(c for c in self.channels if c.key == key)

    def cost_model(self, key: str) -> CostModel:
        return next(m for m in self.cost_models if m.key == key)


class PopulationFigure(Fact):
    """One municipality's population on a date, as SCB publishes it (loaded from CSV)."""

    municipality_code: str = Field(pattern=r"^\d{4}$")
    name: str
    population: int = Field(gt=0)
    date: dt.date
