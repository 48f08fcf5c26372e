"""What an agreement *is*: the typed, validated facts of one samverkansavtal.

These pydantic models are both the schema of the bundled YAML files (storage validates
files against them) and the plain objects storage hands to the domain. They hold no
behaviour beyond validation; rules live in the domains' ``rules`` modules. (A little over 500
lines: each field carries its Swedish description for the JSON Schema editors read, next to
the field it describes; the checked field types and limits are already in ``facts``.)

Every fact carries ``source`` — a reference such as "001 §11.3" — so every answer can say
where its figure comes from. Where a source is ambiguous the chosen reading is in ``note``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from commands.core.facts import (
    MONTHS,
    Date,
    Fact,
    Key,
    LeadDays,
    Money,
    Name,
    Percent,
    ShortName,
    Source,
    Year,
    problem,
    refuse_repeated_keys,
    swedish_number,
    unknown_key,
)

# Descriptions in the JSON Schema (`avtalsbot schema`), which editors show while one types an
# agreement file: Swedish, for the administrator. The recurring ones are written once here.
_KEY = "Kort nyckel: små bokstäver, siffror, - och _ (t.ex. krokom); andra fält pekar på den"
_SOURCE = 'Var i källdokumentet uppgiften står, t.ex. "001 §11.3"; visas i svaren'
_NOTE = "Förklaring eller vald tolkning där källan är otydlig; visas bredvid svaret"
_ALIASES = "Andra sätt användare skriver namnet på (utan å/ä/ö, genitiv, förkortningar)"
_TITLE = "Rubrik som visas i svaren"
_KIND = "Vilken sorts regel detta är; bestämmer vilka fält som gäller"


# --- parties, term, bodies, channels -------------------------------------------------


class Party(Fact):
    key: Key = Field(description=_KEY)
    name: Name = Field(description='Partens fullständiga namn, t.ex. "Krokoms kommun"')
    short_name: ShortName = Field(description='Kort namn i svaren, t.ex. "Krokom"')
    kind: Literal["kommun", "region", "förvaltning", "verksamhet", "annan"] = Field(
        default="kommun", description="Vad parten är")
    org_number: str | None = Field(default=None, pattern=r"^\d{6}-\d{4}$",
                                   description="Organisationsnummer, 212000-2478")
    municipality_code: str | None = Field(default=None, pattern=r"^\d{4}$", description=(
        'SCB:s kommunkod inom citattecken, "2309"; kontrolleras mot SCB:s register'))
    aliases: tuple[str, ...] = Field(default=(), description=_ALIASES)
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)


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
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)

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
    source: Source = Field(description=_SOURCE)

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
    note: str | None = Field(default=None, description=_NOTE)


class Body(Fact):
    """A steering group, political group or network, with its meeting rule and dates."""

    key: Key = Field(description=_KEY)
    name: Name = Field(description='Gruppens namn, t.ex. "Styrgrupp CMV"')
    kind: Literal["steering_group", "political_group", "management_group", "network", "other"] = (
        Field(description="styrgrupp, politisk grupp, ledningsgrupp, nätverk eller annan"))
    aliases: tuple[str, ...] = Field(default=(), description=_ALIASES)
    meeting_rule: MeetingRule | None = Field(default=None, description="Hur ofta gruppen möts")
    meetings: tuple[Meeting, ...] = Field(default=(), description="Inplanerade möten")
    channel: Key | None = Field(default=None, description="Nyckeln till gruppens kanal")
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)


class Channel(Fact):
    """Where nudges and results go. ``slack_channel`` is set per workspace by the administrator."""

    key: Key = Field(description=_KEY)
    name: ShortName = Field(description='Kanalens namn i Slack, "#cmv-styrgrupp"')
    purpose: str = Field(description="Vad kanalen används till")
    slack_channel: str | None = Field(default=None, max_length=32, description=(
        "Kanalens id (C… eller G…); krävs för en privat kanal"))


# --- cost models ----------------------------------------------------------------------


class PublishedShare(Fact):
    party: Key = Field(description="Partens nyckel")
    population: int = Field(gt=0, description="Folkmängden som andelen bygger på")
    percent: Percent = Field(description='Andelen i procent som publicerad, "11.780"')
    amount: Money = Field(description="Beloppet i hela kronor som publicerat")


class PopulationKeyModel(Fact):
    """Population key with yearly uplift (001 §11.3)."""

    kind: Literal["population_key"] = Field(description=_KIND)
    key: Key = Field(description=_KEY)
    title: Name = Field(description=_TITLE)
    base_year: Year = Field(description="Året tabellen gäller")
    base_total: Money = Field(description="Årets totala kostnad i kronor")
    uplift_percent: Percent = Field(description='Årlig uppräkning i procent, "3"')
    population_date: Date = Field(description="Dagen folkmängden avser, t.ex. 2023-11-01")
    shares: tuple[PublishedShare, ...] = Field(min_length=1, description="Partsandelarna")
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)

    @model_validator(mode="after")
    def _published_sums(self) -> PopulationKeyModel:
        seen: set[str] = set()
        for i, share in enumerate(self.shares):
            if share.party in seen:
                raise problem(f"shares.{i}.party",
                              f"parten '{share.party}' har redan en andel i fördelningsnyckeln")
            seen.add(share.party)
        # Each published percentage is rounded to three decimals, so their sum may miss
        # 100 by at most half a thousandth per party; more than that is a wrong figure.
        percent = sum((s.percent for s in self.shares), Decimal(0))
        if abs(percent - 100) > Decimal("0.0005") * len(self.shares):
            raise problem("shares", f"andelarnas procentsatser summerar till "
                          f"{swedish_number(percent)} %, inte 100 %: kontrollera tabellen")
        amounts = sum((s.amount for s in self.shares), Decimal(0))
        if amounts != self.base_total:
            raise problem("base_total", f"andelarnas belopp summerar till "
                          f"{swedish_number(amounts)} kr men base_total är "
                          f"{swedish_number(self.base_total)} kr")
        return self


class Operation(Fact):
    """A base operation that shares a cost equally (barnhälsovård, öppen förskola …)."""

    key: Key = Field(description=_KEY)
    name: Name = Field(description='Verksamhetens namn, "Barnhälsovård"')
    aliases: tuple[str, ...] = Field(default=(), description=_ALIASES)
    required: bool = Field(default=False, description="true: måste alltid ingå")


class EqualSplitModel(Fact):
    """A cost divided equally among participating operations (003 §14.1, 002)."""

    kind: Literal["equal_split"] = Field(description=_KIND)
    key: Key = Field(description=_KEY)
    title: Name = Field(description=_TITLE)
    operations: tuple[Operation, ...] = Field(min_length=1, description="De som delar lika")
    min_participants: int = Field(ge=1, description="Minsta antal som måste delta")
    default_participants: int = Field(ge=1, description="Antal som delar om inget annat sägs")
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)

    @model_validator(mode="after")
    def _participants_fit(self) -> EqualSplitModel:
        refuse_repeated_keys("operations", [o.key for o in self.operations])
        if self.default_participants > len(self.operations):
            raise problem("default_participants", f"{self.default_participants} deltagare men "
                          f"bara {len(self.operations)} verksamheter i operations")
        if self.min_participants > self.default_participants:
            raise problem("min_participants", f"minst {self.min_participants} deltagare är "
                          f"fler än de vanliga {self.default_participants} (default_participants)")
        return self


class PeriodicExtraModel(Fact):
    """An extra cost in some years only, split by another model's key (001 §11.5)."""

    kind: Literal["periodic_extra"] = Field(description=_KIND)
    key: Key = Field(description=_KEY)
    title: Name = Field(description=_TITLE)
    first_year: Year = Field(description="Första året kostnaden uppstår")
    every_years: int = Field(ge=1, le=10, description="Vart hur många år, 3 = vart tredje")
    max_amount: Money = Field(description="Högsta belopp i kronor")
    split_by: Key = Field(description="Nyckeln till kostnadsmodellen vars andelar används")
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)


class BudgetLine(Fact):
    title: Name = Field(description=_TITLE)
    amount: Money = Field(description="Belopp i kronor")


class BudgetLinesModel(Fact):
    """The base-year budget by cost line plus overhead (001 §11.2, Figur 1)."""

    kind: Literal["budget_lines"] = Field(description=_KIND)
    key: Key = Field(description=_KEY)
    title: Name = Field(description=_TITLE)
    base_year: Year = Field(description="Året beloppen gäller")
    lines: tuple[BudgetLine, ...] = Field(description="Kostnadsposterna")
    overhead_percent: Percent = Field(description="Overhead (OH) i procent")
    overhead_amount: Money = Field(description="Overhead i kronor")
    total: Money = Field(description="Summa: posterna plus overhead")
    uplift_percent: Percent = Field(description="Årlig uppräkning i procent")
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)

    @model_validator(mode="after")
    def _published_sums(self) -> BudgetLinesModel:
        lines = sum((line.amount for line in self.lines), Decimal(0))
        if lines + self.overhead_amount != self.total:
            raise problem("total", f"kostnadsraderna ({swedish_number(lines)} kr) plus "
                          f"overhead_amount ({swedish_number(self.overhead_amount)} kr) blir "
                          f"{swedish_number(lines + self.overhead_amount)} kr, inte total "
                          f"{swedish_number(self.total)} kr")
        return self


CostModel = Annotated[
    PopulationKeyModel | EqualSplitModel | PeriodicExtraModel | BudgetLinesModel,
    Field(discriminator="kind"),
]


# --- deadline rules -------------------------------------------------------------------


class NoticeSchedule(Fact):
    """Derived from the agreement's term: last day to give notice before the next expiry."""

    kind: Literal["notice"] = Field(description=_KIND)


class DateSchedule(Fact):
    """Every year by a fixed day ("senast 1 mars", "28/2")."""

    kind: Literal["date"] = Field(description=_KIND)
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

    kind: Literal["months"] = Field(description=_KIND)
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

    kind: Literal["weeks"] = Field(description=_KIND)
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

    kind: Literal["last_meeting"] = Field(description=_KIND)
    body: Key = Field(description="Nyckeln till gruppen vars sista möte gäller")


Schedule = Annotated[
    NoticeSchedule | DateSchedule | MonthsSchedule | WeeksSchedule | LastMeetingSchedule,
    Field(discriminator="kind"),
]


class DeadlineRule(Fact):
    key: Key = Field(description=_KEY)
    title: Annotated[str, Field(min_length=1)] = Field(description="Vad som ska göras")
    schedule: Schedule = Field(description="När: kind notice, date, months, weeks, last_meeting")
    every_years: int = Field(default=1, ge=1, le=10, description="2: vartannat år")
    from_year: Year | None = Field(default=None, description="Första året (krävs vid >1)")
    until_year: Year | None = Field(default=None, description="Sista året fristen gäller")
    responsible: Name = Field(description="Vem som ansvarar, t.ex. Huvudmannen")
    channel: Key | None = Field(default=None, description="Nyckeln till kanalen som påminns")
    lead_days: LeadDays | None = Field(default=None, description=(
        "Påminnelser så många dagar före; utelämnat: default_lead_days"))
    source: Source = Field(description=_SOURCE)
    note: str | None = Field(default=None, description=_NOTE)

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
    key: Key = Field(description=_KEY)
    title: Name = Field(description=_TITLE)
    text: Annotated[str, Field(min_length=1)] = Field(description="Påståendet som bedöms")


class Category(Fact):
    key: Key = Field(description=_KEY)
    name: Name = Field(description="Kategorins namn")
    statements: tuple[Statement, ...] = Field(min_length=1, description="Påståendena")


class Instrument(Fact):
    key: Key = Field(description=_KEY)
    name: Name = Field(description="Instrumentets namn")
    scale: tuple[str, str] = Field(default=("Fungerar", "Behöver utvecklas"),
                                   description="De två svarsalternativen")
    categories: tuple[Category, ...] = Field(min_length=1, description="Kategorier av påståenden")
    steps: tuple[str, ...] = Field(default=(), description="Arbetsgångens steg")
    source: Source = Field(description=_SOURCE)

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


# --- roles ------------------------------------------------------------------------------

# A Slack user id (U…, W… for Enterprise Grid) or an e-mail address that Slack resolves
# (users.lookupByEmail) when the bot needs the person.
_PERSON = re.compile(r"^([UW][A-Z0-9]{2,20}|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def _person(value: str) -> str:
    if len(value) > 254 or not _PERSON.match(value):
        raise ValueError("ska vara ett Slack-användar-id (U…) eller en e-postadress")
    return value


Person = Annotated[str, AfterValidator(_person)]
SlackChannelId = Annotated[str, Field(pattern=r"^[CG][A-Z0-9]{2,20}$")]


class BodyRoles(Fact):
    """Who may change a body's meetings: its chair (*ordförande*) and secretary."""

    body: Key = Field(description="Gruppens nyckel (bodies)")
    chair: tuple[Person, ...] = Field(default=(), description=(
        "Ordförande: Slack-id eller e-postadress"))
    secretary: tuple[Person, ...] = Field(default=(), description=(
        "Sekreterare: Slack-id eller e-postadress"))


class CentreRoles(Fact):
    """A family centre, known by its Slack channel: its coordinators (*samordnare*) start,
    remind and close rounds and record the joint view and goals; its results go to
    ``steering_channel`` only (or a coordinator's own DM)."""

    channel: SlackChannelId = Field(description="Familjecentralens Slack-kanal (id), C0…")
    name: str | None = Field(default=None, max_length=200, description="Centralens namn")
    coordinators: tuple[Person, ...] = Field(default=(), description=(
        "Samordnare: Slack-id eller e-postadress"))
    steering_channel: SlackChannelId | None = Field(default=None, description=(
        "Styrgruppens Slack-kanal (id) dit resultaten går"))


class Roles(Fact):
    bodies: tuple[BodyRoles, ...] = Field(default=(), description="Gruppernas roller")
    centres: tuple[CentreRoles, ...] = Field(default=(), description="Familjecentralerna")


# --- the agreement ----------------------------------------------------------------------


class Agreement(Fact):
    id: Key = Field(description="Avtalets id, t.ex. cmv-jamtland; filen heter gärna likadant")
    name: Annotated[str, Field(min_length=1)] = Field(description="Avtalets fullständiga namn")
    short_name: ShortName = Field(description='Kort namn i svaren, "CMV Jämtland"')
    aliases: tuple[str, ...] = Field(default=(), description=_ALIASES)
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
    note: str | None = Field(default=None, description=_NOTE)

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
