"""What an agreement *is*: the typed, validated facts of one samverkansavtal.

These pydantic models are both the schema of the bundled YAML files (storage validates
files against them) and the plain objects storage hands to the domain. They hold no
behaviour beyond validation; rules live in the domains' ``rules`` modules. Each field carries
its Swedish description for the JSON Schema editors read; the checked field types and limits
are in ``facts``, the ``roles`` part of a file in ``agreement_roles``.

Every fact carries ``source`` — a reference such as "001 §11.3" — so every answer can say
where its figure comes from. Where a source is ambiguous the chosen reading is in ``note``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from commands.core.agreement_roles import Roles
from commands.core.cost_models import CostModel, PeriodicExtraModel, PopulationKeyModel
from commands.core.facts import (
    ALIASES_HELP,
    KEY_HELP,
    KIND_HELP,
    MONTHS,
    NOTE_HELP,
    SOURCE_HELP,
    TITLE_HELP,
    Date,
    Fact,
    Key,
    LeadDays,
    Name,
    ShortName,
    Source,
    Year,
    problem,
    refuse_repeated_keys,
    unknown_key,
)

# --- parties, term, bodies, channels -------------------------------------------------


class Party(Fact):
    key: Key = Field(description=KEY_HELP)
    name: Name = Field(description='Partens fullständiga namn, t.ex. "Krokoms kommun"')
    short_name: ShortName = Field(description='Kort namn i svaren, t.ex. "Krokom"')
    kind: Literal["kommun", "region", "förvaltning", "verksamhet", "annan"] = Field(
        default="kommun", description="Vad parten är")
    org_number: str | None = Field(default=None, pattern=r"^\d{6}-\d{4}$",
                                   description="Organisationsnummer, 212000-2478")
    municipality_code: str | None = Field(default=None, pattern=r"^\d{4}$", description=(
        'SCB:s kommunkod inom citattecken, "2309"; kontrolleras mot SCB:s register'))
    aliases: tuple[str, ...] = Field(default=(), description=ALIASES_HELP)
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)


class Term(Fact):
    """Agreement period, notice and renewal.

    ``until_terminated``: runs until a party gives notice (002); then there is no expiry,
    only an earliest end date ``notice_months`` after notice is given.
    Otherwise the agreement ends ``first_end`` and, unless notice is given at least
    ``notice_months`` before expiry, is extended by ``renewal_months`` each time.
    """

    start: Date = Field(description="Första dagen avtalet gäller, ÅÅÅÅ-MM-DD")
    first_end: Date | None = Field(default=None, description="Sista dagen i första avtalsperioden")
    renewal_months: int | None = Field(default=None, ge=1, le=120, description=(
        "Månader avtalet förlängs med om ingen säger upp det"))
    notice_months: int = Field(ge=0, le=120, description="Uppsägningstid i månader")
    until_terminated: bool = Field(default=False, description=(
        "true: gäller tills vidare, inget slutdatum"))
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _consistent(self) -> Term:
        if not self.until_terminated and self.first_end is None:
            raise problem("first_end", "avtalet behöver ett slutdatum (first_end: ÅÅÅÅ-MM-DD) "
                          "eller until_terminated: true om det gäller tills vidare")
        if self.first_end is not None and self.first_end <= self.start:
            raise problem("first_end", f"slutdatumet {self.first_end.isoformat()} ligger inte "
                          f"efter startdatumet {self.start.isoformat()}")
        return self


class MeetingRule(Fact):
    per_year_min: int = Field(ge=0, le=366, description="Minst så många möten per år")
    per_year_max: int | None = Field(default=None, ge=0, le=366, description="Högst så många")
    source: Source = Field(description=SOURCE_HELP)

    @model_validator(mode="after")
    def _min_before_max(self) -> MeetingRule:
        if self.per_year_max is not None and self.per_year_max < self.per_year_min:
            raise problem("per_year_max", f"högst {self.per_year_max} möten om året är färre "
                          f"än minst {self.per_year_min}")
        return self


class Meeting(Fact):
    date: Date = Field(description="Mötesdag, ÅÅÅÅ-MM-DD")
    time: dt.time | None = Field(default=None, description='Starttid inom citattecken, "13:00"')
    place: str | None = Field(default=None, max_length=200, description="Var mötet hålls")
    note: str | None = Field(default=None, description=NOTE_HELP)


class Body(Fact):
    """A steering group, political group or network, with its meeting rule and dates."""

    key: Key = Field(description=KEY_HELP)
    name: Name = Field(description='Gruppens namn, t.ex. "Styrgrupp CMV"')
    kind: Literal["steering_group", "political_group", "management_group", "network", "other"] = (
        Field(description="styrgrupp, politisk grupp, ledningsgrupp, nätverk eller annan"))
    aliases: tuple[str, ...] = Field(default=(), description=ALIASES_HELP)
    meeting_rule: MeetingRule | None = Field(default=None, description="Hur ofta gruppen möts")
    meetings: tuple[Meeting, ...] = Field(default=(), description="Inplanerade möten")
    channel: Key | None = Field(default=None, description="Nyckeln till gruppens kanal")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)


class Channel(Fact):
    """Where nudges and results go. ``slack_channel`` is set per workspace by the administrator."""

    key: Key = Field(description=KEY_HELP)
    name: ShortName = Field(description='Kanalens namn i Slack, "#cmv-styrgrupp"')
    purpose: str = Field(description="Vad kanalen används till")
    slack_channel: str | None = Field(default=None, max_length=32, description=(
        "Kanalens id (C… eller G…); krävs för en privat kanal"))


# --- deadline rules -------------------------------------------------------------------


class NoticeSchedule(Fact):
    """Derived from the agreement's term: last day to give notice before the next expiry."""

    kind: Literal["notice"] = Field(description=KIND_HELP)


class DateSchedule(Fact):
    """Every year by a fixed day ("senast 1 mars", "28/2")."""

    kind: Literal["date"] = Field(description=KIND_HELP)
    month: int = Field(ge=1, le=12, description="Månad, 1–12")
    day: int = Field(ge=1, le=31, description="Dag i månaden")

    @model_validator(mode="after")
    def _day_exists(self) -> DateSchedule:
        # A day every year must exist every year: 29 February is refused too, rather than
        # moved to the 28th in three years of four without anyone having said so.
        days = calendar.monthrange(2025, self.month)[1]
        if self.day > days:
            month = MONTHS[self.month - 1]
            raise problem("day", f"{self.day} {month} finns inte alla år: {month} har {days} "
                          f"dagar. Skriv day: {days} för sista {month}, eller ett annat datum")
        return self


class MonthsSchedule(Fact):
    """During whole months: "i januari" (1–1), "årets tre första månader" (1–3).

    Due on the last day.
    """

    kind: Literal["months"] = Field(description=KIND_HELP)
    from_month: int = Field(ge=1, le=12, description="Första månaden, 1–12")
    to_month: int = Field(ge=1, le=12, description="Sista månaden; fristen är dess sista dag")

    @model_validator(mode="after")
    def _in_order(self) -> MonthsSchedule:
        if self.to_month < self.from_month:
            raise problem("to_month", f"månad {self.to_month} kommer före {self.from_month}: "
                          "en period inom ett år skrivs från den tidigare månaden")
        return self


class WeeksSchedule(Fact):
    """During ISO weeks ("v. 45–46"). Due on the Sunday that ends ``to_week``."""

    kind: Literal["weeks"] = Field(description=KIND_HELP)
    from_week: int = Field(ge=1, le=53, description="Första ISO-veckan")
    to_week: int = Field(ge=1, le=53, description="Sista ISO-veckan; fristen är dess söndag")

    @model_validator(mode="after")
    def _in_order(self) -> WeeksSchedule:
        if self.to_week < self.from_week:
            raise problem("to_week", f"vecka {self.to_week} kommer före vecka {self.from_week}: "
                          "en period inom ett år skrivs från den tidigare veckan")
        return self


class LastMeetingSchedule(Fact):
    """At the body's last meeting of the year; 31 December until that meeting has a date."""

    kind: Literal["last_meeting"] = Field(description=KIND_HELP)
    body: Key = Field(description="Nyckeln till gruppen vars sista möte gäller")


Schedule = Annotated[
    NoticeSchedule | DateSchedule | MonthsSchedule | WeeksSchedule | LastMeetingSchedule,
    Field(discriminator="kind"),
]


class DeadlineRule(Fact):
    key: Key = Field(description=KEY_HELP)
    title: Annotated[str, Field(min_length=1)] = Field(description="Vad som ska göras")
    schedule: Schedule = Field(description="När: kind notice, date, months, weeks, last_meeting")
    every_years: int = Field(default=1, ge=1, le=10, description="2: vartannat år")
    from_year: Year | None = Field(default=None, description="Första året (krävs vid >1)")
    until_year: Year | None = Field(default=None, description="Sista året fristen gäller")
    responsible: Name = Field(description="Vem som ansvarar, t.ex. Huvudmannen")
    channel: Key | None = Field(default=None, description="Nyckeln till kanalen som påminns")
    lead_days: LeadDays | None = Field(default=None, description=(
        "Påminnelser så många dagar före; utelämnat: default_lead_days"))
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _cycle_has_start(self) -> DeadlineRule:
        if self.every_years > 1 and self.from_year is None:
            raise problem("from_year", f"from_year behövs när every_years är {self.every_years}: "
                          "skriv det första år då tidsfristen gäller")
        if (self.from_year is not None and self.until_year is not None
                and self.until_year < self.from_year):
            raise problem("until_year", f"until_year {self.until_year} ligger före from_year "
                          f"{self.from_year}")
        return self


# --- self-reflection instrument -------------------------------------------------------


class Statement(Fact):
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    text: Annotated[str, Field(min_length=1)] = Field(description="Påståendet som bedöms")


class Category(Fact):
    key: Key = Field(description=KEY_HELP)
    name: Name = Field(description="Kategorins namn")
    statements: tuple[Statement, ...] = Field(min_length=1, description="Påståendena")


class Instrument(Fact):
    key: Key = Field(description=KEY_HELP)
    name: Name = Field(description="Instrumentets namn")
    scale: tuple[str, str] = Field(default=("Fungerar", "Behöver utvecklas"),
                                   description="De två svarsalternativen")
    categories: tuple[Category, ...] = Field(min_length=1, description="Kategorier av påståenden")
    steps: tuple[str, ...] = Field(default=(), description="Arbetsgångens steg")
    source: Source = Field(description=SOURCE_HELP)

    @model_validator(mode="after")
    def _keys_unique(self) -> Instrument:
        # A vote is stored under its statement's key: two statements with one key would
        # share their votes.
        refuse_repeated_keys("categories", [c.key for c in self.categories])
        seen: dict[str, str] = {}
        for i, category in enumerate(self.categories):
            for j, statement in enumerate(category.statements):
                if statement.key in seen:
                    raise problem(f"categories.{i}.statements.{j}.key",
                                  f"påståendet '{statement.key}' finns redan i kategorin "
                                  f"'{seen[statement.key]}': ge varje påstående en egen nyckel")
                seen[statement.key] = category.key
        return self

    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for c in self.categories for s in c.statements)


# --- the agreement ----------------------------------------------------------------------


class Agreement(Fact):
    id: Key = Field(description="Avtalets id, t.ex. cmv-jamtland; filen heter gärna likadant")
    name: Annotated[str, Field(min_length=1)] = Field(description="Avtalets fullständiga namn")
    short_name: ShortName = Field(description='Kort namn i svaren, "CMV Jämtland"')
    aliases: tuple[str, ...] = Field(default=(), description=ALIASES_HELP)
    source_document: Annotated[str, Field(min_length=1, max_length=16)] = Field(
        description='Källdokumentets nummer inom citattecken, "001"')
    host: Key | None = Field(default=None, description="Huvudmannens partsnyckel")
    parties: tuple[Party, ...] = Field(min_length=1, description="Avtalets parter")
    term: Term = Field(description="Avtalstid, förlängning och uppsägning")
    bodies: tuple[Body, ...] = Field(default=(), description="Styrgrupper, nätverk m.m.")
    channels: tuple[Channel, ...] = Field(default=(), description="Slack-kanaler")
    cost_models: tuple[CostModel, ...] = Field(default=(), description="Kostnadsfördelning")
    deadlines: tuple[DeadlineRule, ...] = Field(default=(), description="Tidsfrister")
    default_lead_days: LeadDays = Field(default=(60, 30, 7, 1), description=(
        "Dagar före en frist då påminnelser skickas"))
    instrument: Instrument | None = Field(default=None, description="Självreflektionsinstrument")
    roles: Roles | None = Field(default=None, description=(
        "Roller: ordförande, sekreterare, samordnare och varje centrals styrgruppskanal"))
    note: str | None = Field(default=None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _references_resolve(self) -> Agreement:
        for label, keys in (
            ("parties", [p.key for p in self.parties]),
            ("channels", [c.key for c in self.channels]),
            ("bodies", [b.key for b in self.bodies]),
            ("cost_models", [m.key for m in self.cost_models]),
            ("deadlines", [d.key for d in self.deadlines]),
        ):
            refuse_repeated_keys(label, keys)
        self._one_key_per_party()
        party_keys = {p.key for p in self.parties}
        channel_keys = {c.key for c in self.channels}
        body_keys = {b.key for b in self.bodies}
        model_keys = {m.key for m in self.cost_models}
        if self.host is not None and self.host not in party_keys:
            raise problem("host", unknown_key("parten", self.host, party_keys))
        for i, b in enumerate(self.bodies):
            if b.channel is not None and b.channel not in channel_keys:
                raise problem(f"bodies.{i}.channel",
                              unknown_key("kanalen", b.channel, channel_keys))
        for i, d in enumerate(self.deadlines):
            if d.channel is not None and d.channel not in channel_keys:
                raise problem(f"deadlines.{i}.channel",
                              unknown_key("kanalen", d.channel, channel_keys))
            if isinstance(d.schedule, LastMeetingSchedule) and d.schedule.body not in body_keys:
                raise problem(f"deadlines.{i}.schedule.body",
                              unknown_key("gruppen", d.schedule.body, body_keys))
        for i, r in enumerate(self.roles.bodies if self.roles else ()):
            if r.body not in body_keys:
                raise problem(f"roles.bodies.{i}.body", unknown_key("gruppen", r.body, body_keys))
        centre_channels: set[str] = set()
        for i, c in enumerate(self.roles.centres if self.roles else ()):
            if c.channel in centre_channels:
                raise problem(f"roles.centres.{i}.channel", f"kanalen {c.channel} står redan "
                              "under en annan familjecentral: en kanal hör till en central")
            centre_channels.add(c.channel)
        for i, m in enumerate(self.cost_models):
            if isinstance(m, PopulationKeyModel):
                for j, share in enumerate(m.shares):
                    if share.party not in party_keys:
                        raise problem(f"cost_models.{i}.shares.{j}.party",
                                      unknown_key("parten", share.party, party_keys))
            if isinstance(m, PeriodicExtraModel) and m.split_by not in model_keys:
                raise problem(f"cost_models.{i}.split_by",
                              unknown_key("kostnadsmodellen", m.split_by, model_keys))
        return self

    def _one_key_per_party(self) -> None:
        """One municipality under two keys would be counted, and charged, twice."""
        for field, label in (("municipality_code", "kommunkoden"),
                             ("org_number", "organisationsnumret"), ("name", "namnet")):
            seen: dict[str, str] = {}
            for i, party in enumerate(self.parties):
                value: str | None = getattr(party, field)
                if value is None:
                    continue
                value = value.casefold()
                if value in seen:
                    raise problem(f"parties.{i}.{field}",
                                  f"{label} {getattr(party, field)} står redan under parten "
                                  f"'{seen[value]}': en part ska bara finnas en gång")
                seen[value] = party.key

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
