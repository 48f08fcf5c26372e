"""How an agreement shares its costs: the cost models of an agreement file.

A population key with yearly uplift, an equal split, a periodic extra, budget lines; each
checks that its parts add up to its whole, so an answer built from it can too. Or own
financing: no cost is shared, each party pays its own part.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from commands.core.facts import (
    ALIASES_HELP,
    KEY_HELP,
    KIND_HELP,
    NOTE_HELP,
    SOURCE_HELP,
    TITLE_HELP,
    Date,
    Fact,
    Key,
    Money,
    Name,
    Percent,
    Source,
    Year,
    problem,
    refuse_repeated_keys,
    swedish_number,
)


class PublishedShare(Fact):
    party: Key = Field(description="Partens nyckel")
    population: int = Field(gt=0, description="Folkmängden som andelen bygger på")
    percent: Percent = Field(description='Andelen i procent som publicerad, "11.780"')
    amount: Money = Field(description="Beloppet i hela kronor som publicerat")


class PopulationKeyModel(Fact):
    """Population key with yearly uplift (001 §11.3)."""

    kind: Literal["population_key"] = Field(description=KIND_HELP)
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    base_year: Year = Field(description="Året tabellen gäller")
    base_total: Money = Field(description="Årets totala kostnad i kronor")
    uplift_percent: Percent = Field(description='Årlig uppräkning i procent, "3"')
    population_date: Date = Field(description="Dagen folkmängden avser, t.ex. 2023-11-01")
    shares: tuple[PublishedShare, ...] = Field(min_length=1, description="Partsandelarna")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)

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

    key: Key = Field(description=KEY_HELP)
    name: Name = Field(description='Verksamhetens namn, "Barnhälsovård"')
    aliases: tuple[str, ...] = Field(default=(), description=ALIASES_HELP)
    required: bool = Field(default=False, description="true: måste alltid ingå")


class EqualSplitModel(Fact):
    """A cost divided equally among participating operations (003 §14.1, 002)."""

    kind: Literal["equal_split"] = Field(description=KIND_HELP)
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    operations: tuple[Operation, ...] = Field(min_length=1, description="De som delar lika")
    min_participants: int = Field(ge=1, description="Minsta antal som måste delta")
    default_participants: int = Field(ge=1, description="Antal som delar om inget annat sägs")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)

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

    kind: Literal["periodic_extra"] = Field(description=KIND_HELP)
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    first_year: Year = Field(description="Första året kostnaden uppstår")
    every_years: int = Field(ge=1, le=10, description="Vart hur många år, 3 = vart tredje")
    max_amount: Money = Field(description="Högsta belopp i kronor")
    split_by: Key = Field(description="Nyckeln till kostnadsmodellen vars andelar används")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)


class BudgetLine(Fact):
    title: Name = Field(description=TITLE_HELP)
    amount: Money = Field(description="Belopp i kronor")


class BudgetLinesModel(Fact):
    """The base-year budget by cost line plus overhead (001 §11.2, Figur 1)."""

    kind: Literal["budget_lines"] = Field(description=KIND_HELP)
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    base_year: Year = Field(description="Året beloppen gäller")
    lines: tuple[BudgetLine, ...] = Field(description="Kostnadsposterna")
    overhead_percent: Percent = Field(description="Overhead (OH) i procent")
    overhead_amount: Money = Field(description="Overhead i kronor")
    total: Money = Field(description="Summa: posterna plus overhead")
    uplift_percent: Percent = Field(description="Årlig uppräkning i procent")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)

    @model_validator(mode="after")
    def _published_sums(self) -> BudgetLinesModel:
        lines = sum((line.amount for line in self.lines), Decimal(0))
        if lines + self.overhead_amount != self.total:
            raise problem("total", f"kostnadsraderna ({swedish_number(lines)} kr) plus "
                          f"overhead_amount ({swedish_number(self.overhead_amount)} kr) blir "
                          f"{swedish_number(lines + self.overhead_amount)} kr, inte total "
                          f"{swedish_number(self.total)} kr")
        return self


class OwnFinancingModel(Fact):
    """Each party finances its own part; no cost is shared out (004 Bakgrund). The clause
    that says so is quoted word for word, so a cost question can answer with it."""

    kind: Literal["own_financing"] = Field(description=KIND_HELP)
    key: Key = Field(description=KEY_HELP)
    title: Name = Field(description=TITLE_HELP)
    quote: str = Field(min_length=1, description="Meningen i källan som säger det, ordagrant")
    source: Source = Field(description=SOURCE_HELP)
    note: str | None = Field(default=None, description=NOTE_HELP)


CostModel = Annotated[
    PopulationKeyModel | EqualSplitModel | PeriodicExtraModel | BudgetLinesModel
    | OwnFinancingModel,
    Field(discriminator="kind"),
]
