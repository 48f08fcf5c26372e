"""Cost shares: what each party pays under an agreement's cost models, and the questions
a chair asks about them ("vad betalar Krokom 2026?", "fördelning CMV 2026", …).

The first half is the engine: pure functions over the agreement's typed cost models, money
in ``Decimal``, every rounding explicit and explained next to the rule it implements. The
second half reads a question, picks the answer (one party, a table, the budget, a
comparison, an equal split) and returns plain answer objects; it never raises on input.

Rounding rules (001 §11.2–11.3, 003 §14.1, 002 "Samordnare"):

* **A year's total** is ``round_half_up(base_total × (1 + uplift)ⁿ)`` in whole kronor, n
  years after the base year — the agreement states whole-krona totals and "+3 % a year";
  half-up is how Swedish budgets round, and computing from the base (not year on year)
  keeps a rounding error from compounding.
* **Parts of a year always sum to that year's total**, by the largest-remainder method:
  each part gets its exact quota rounded down, and the kronor still missing go one each to
  the largest remainders. Ties go to the larger quota, then to the party listed first in
  the agreement's table, so the result never depends on dict order.
* The **quota** is the base year's published amount × (1 + uplift)ⁿ when the year uses
  the published key (the derivation a chair can check: 558 934 × 1,03 = 575 702,02), and
  total × percent / 100 when population figures for a later 1 November are loaded, with
  the percents the population shares to three decimals, summing to 100,000 % as in Figur 2
  (``key_percents``).
  For the published 2025 table that rule gives exactly round_half_up(total × percent),
  the agreement's own amounts; largest remainder only matters when plain rounding would
  miss the total by a krona or two.
* Quotas are exact ``Fraction``s, so remainders never depend on a Decimal precision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum
from fractions import Fraction

from babel.numbers import format_decimal

from commands.core.agreement import (
    Agreement,
    BudgetLinesModel,
    EqualSplitModel,
    Party,
    PeriodicExtraModel,
    PopulationFigure,
    PopulationKeyModel,
)
from commands.core.answers import Action, Answer, Column, Many, Message, Problem, Table
from commands.core.context import Lang, Request
from commands.core.ports import Store
from commands.core.registry import ActionHandler, Command
from commands.core.text import fold, kr, number, percent, say, words
from commands.reading.names import Mentions, OperationHit, PartyHit, scan
from commands.reading.years import AMOUNT, FoundYears, find_years

KRONA = Decimal(1)
HUNDRED = Decimal(100)
# Beyond next year the agreement may be renegotiated or terminated: such years are
# answered with today's rules and marked as projections.
PROJECTION_AFTER_YEARS = 1
MAX_YEARS_AHEAD = 100  # "2999" is a typo, not a budget question
MAX_RANGE_YEARS = 40  # keeps a table inside Slack's message limits


# === the engine ==========================================================================


def round_half_up(value: Fraction | Decimal) -> Decimal:
    """Whole kronor, halves up (the agreement's and Swedish budgets' convention)."""
    exact = Fraction(value)
    return Decimal((exact + Fraction(1, 2)).__floor__())


def uplift_factor(uplift_percent: Decimal, years: int) -> Fraction:
    """(1 + uplift/100)ⁿ, exactly: 1,03³ = 1092727/1000000."""
    return (1 + Fraction(uplift_percent) / 100) ** years


def year_total(base_total: Decimal, uplift_percent: Decimal, years: int) -> Decimal:
    """The total ``years`` after the base year, whole kronor (001 §11.2: "+3 % per år")."""
    return round_half_up(Fraction(base_total) * uplift_factor(uplift_percent, years))


def largest_remainder(total: int, quotas: Sequence[Fraction]) -> tuple[int, ...]:
    """Whole parts of ``total`` close to ``quotas`` that sum to ``total`` exactly.

    Requires the quotas to sum to within one unit per part of ``total`` (true for every
    caller: the quotas sum to the exact total, and ``total`` is that rounded).
    """
    floors = [int(q.__floor__()) for q in quotas]
    missing = total - sum(floors)
    if not 0 <= missing <= len(quotas):
        raise ValueError(f"quotas sum too far from the total ({missing} units missing)")
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), -quotas[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return tuple(floors)


def apportion(total: Decimal, weights: Sequence[Decimal | int]) -> tuple[Decimal, ...]:
    """Split whole-krona ``total`` in proportion to ``weights``; the parts sum to ``total``."""
    exact = [Fraction(w) for w in weights]
    whole = sum(exact, Fraction(0))
    if whole <= 0:
        raise ValueError("weights must have a positive sum")
    quotas = [Fraction(total) * w / whole for w in exact]
    return tuple(Decimal(p) for p in largest_remainder(int(total), quotas))


def key_percents(populations: Sequence[int]) -> tuple[Decimal, ...]:
    """Each population's share in percent with three decimals, summing to 100,000 % — as in
    001 Figur 2.

    Thousandths of a percent are handed out by largest remainder: that is plain half-up
    rounding (Figur 2's own: 15 604 / 132 466 = 11,7796… -> 11,780 %) whenever half-up
    already sums to 100,000 %, and otherwise moves the one or two thousandths that would make
    the key's sum row read 99,999 % or 100,001 %.
    """
    whole = sum(populations)
    thousandths = largest_remainder(100_000, [Fraction(p * 100_000, whole) for p in populations])
    return tuple(Decimal(t).scaleb(-3) for t in thousandths)


def equal_shares(amount: Decimal, count: int) -> tuple[Decimal, ...]:
    """``amount`` split in ``count`` equal parts (003 §14.1, 002 "en fjärdedel vardera").

    Whole kronor when the amount is whole kronor, else öre; an uneven last unit goes to the
    first parts in the agreement's order, so the parts always sum to the amount.
    """
    unit = KRONA if amount == amount.to_integral_value() else Decimal("0.01")
    units = int(amount / unit)
    parts = largest_remainder(units, [Fraction(units, count)] * count)
    return tuple(Decimal(p) * unit for p in parts)


def is_extra_year(model: PeriodicExtraModel, year: int) -> bool:
    """2026, 2029, … for a review every third year from 2026 (001 §11.5, Bilaga 1)."""
    return year >= model.first_year and (year - model.first_year) % model.every_years == 0


@dataclass(frozen=True)
class Key:
    """What a year's split rests on: populations on a date, as percentages."""

    population_date: dt.date
    populations: tuple[int, ...]
    percents: tuple[Decimal, ...]
    published: bool  # the agreement's own table (Figur 2), not figures loaded later


@dataclass(frozen=True)
class Part:
    party: Party
    population: int
    percent: Decimal
    quota: Fraction  # exact, before rounding
    amount: Decimal  # whole kronor

    @property
    def adjusted(self) -> bool:
        """True when largest remainder moved this part off plain half-up rounding."""
        return self.amount != round_half_up(self.quota)


@dataclass(frozen=True)
class YearSplit:
    """One year of a population-key model: the total, the key, and each party's part."""

    agreement: Agreement
    model: PopulationKeyModel
    year: int
    total: Decimal
    exact_total: Fraction
    key: Key
    parts: tuple[Part, ...]
    incomplete_date: dt.date | None = None  # newer figures exist but not for every party

    @property
    def years_after_base(self) -> int:
        return self.year - self.model.base_year

    def part(self, party_key: str) -> Part | None:
        return next((p for p in self.parts if p.party.key == party_key), None)


@dataclass(frozen=True)
class ExtraSplit:
    """A periodic extra cost's maximum per party in one year (001 §11.5)."""

    model: PeriodicExtraModel
    year: int
    key: Key
    amounts: tuple[tuple[Party, Decimal], ...]

    def amount(self, party_key: str) -> Decimal | None:
        return next((a for p, a in self.amounts if p.key == party_key), None)


@dataclass(frozen=True)
class BudgetYear:
    model: BudgetLinesModel
    year: int
    total: Decimal
    exact_total: Fraction
    lines: tuple[tuple[str, Decimal, Decimal], ...]  # title, base-year amount, this year
    overhead: Decimal


def key_for_year(
    agreement: Agreement, model: PopulationKeyModel, year: int,
    figures: Sequence[PopulationFigure],
) -> tuple[Key, dt.date | None]:
    """The key for ``year`` and, if newer figures were skipped as incomplete, their date.

    001 §11.3: shares follow the population on 1 November the year before. The base year
    uses the published table (which rests on 1 November 2023, two years before). A later
    year uses the newest complete set of 1 November figures dated after the table's and no
    later than 1 November the year before; with none loaded, the latest key — the table.
    """
    parties = tuple(agreement.party(s.party) for s in model.shares)
    published = Key(
        model.population_date, tuple(s.population for s in model.shares),
        tuple(s.percent for s in model.shares), published=True,
    )
    if year <= model.base_year:
        return published, None
    cutoff = dt.date(year - 1, 11, 1)
    dates = sorted(
        {f.date for f in figures
         if (f.date.month, f.date.day) == (11, 1) and model.population_date < f.date <= cutoff},
        reverse=True,
    )
    skipped: dt.date | None = None
    for date in dates:
        populations = [_population_of(party, date, figures) for party in parties]
        complete = [p for p in populations if p is not None]
        if len(complete) == len(parties):
            return Key(date, tuple(complete), key_percents(complete), published=False), skipped
        skipped = skipped or date
    return published, skipped


def _population_of(
    party: Party, date: dt.date, figures: Sequence[PopulationFigure],
) -> int | None:
    """By SCB municipality code; by name only for a party without one."""
    for figure in figures:
        if figure.date != date:
            continue
        if party.municipality_code is not None:
            if figure.municipality_code == party.municipality_code:
                return figure.population
        elif fold(figure.name) in {fold(party.name), fold(party.short_name)}:
            return figure.population
    return None


def split_year(
    agreement: Agreement, model: PopulationKeyModel, year: int,
    figures: Sequence[PopulationFigure] = (),
) -> YearSplit:
    """Every party's part of ``year`` (≥ the base year) under a population key (001 §11.3)."""
    if year < model.base_year:
        raise ValueError(f"{model.key} starts {model.base_year}")
    n = year - model.base_year
    factor = uplift_factor(model.uplift_percent, n)
    exact_total = Fraction(model.base_total) * factor
    total = round_half_up(exact_total)
    key, skipped = key_for_year(agreement, model, year, figures)
    if key.published:
        # The published amounts, uplifted: 558 934 × 1,03ⁿ (for n = 0, the table itself).
        quotas = [Fraction(s.amount) * factor for s in model.shares]
    else:
        whole = sum((Fraction(p) for p in key.percents), Fraction(0))
        quotas = [Fraction(total) * Fraction(p) / whole for p in key.percents]
    amounts = largest_remainder(int(total), quotas)
    parts = tuple(
        Part(agreement.party(share.party), population, pct, quota, Decimal(amount))
        for share, population, pct, quota, amount in zip(
            model.shares, key.populations, key.percents, quotas, amounts, strict=True)
    )
    return YearSplit(agreement, model, year, total, exact_total, key, parts, skipped)


def extra_split(
    agreement: Agreement, model: PeriodicExtraModel, year: int,
    figures: Sequence[PopulationFigure] = (),
) -> ExtraSplit | None:
    """The most each party can pay for the extra cost in ``year``; None when not due.

    001 §11.5: the review's cost is split by the same key as the running costs; the
    steering group may approve at most 150 000 kr, so the answer is a ceiling per party.
    """
    key_model = agreement.cost_model(model.split_by)
    if not is_extra_year(model, year) or not isinstance(key_model, PopulationKeyModel):
        return None
    key, _ = key_for_year(agreement, key_model, year, figures)
    parties = tuple(agreement.party(s.party) for s in key_model.shares)
    amounts = apportion(model.max_amount, key.percents)
    return ExtraSplit(model, year, key, tuple(zip(parties, amounts, strict=True)))


def budget_year(model: BudgetLinesModel, year: int) -> BudgetYear:
    """The budget by cost line for ``year``: every line and the overhead uplifted alike,
    settled by largest remainder so the lines sum to the year's total (001 §11.2, Figur 1)."""
    if year < model.base_year:
        raise ValueError(f"{model.key} starts {model.base_year}")
    factor = uplift_factor(model.uplift_percent, year - model.base_year)
    exact_total = Fraction(model.total) * factor
    total = round_half_up(exact_total)
    base = [line.amount for line in model.lines] + [model.overhead_amount]
    parts = largest_remainder(int(total), [Fraction(a) * factor for a in base])
    lines = tuple(
        (line.title, line.amount, Decimal(amount))
        for line, amount in zip(model.lines, parts, strict=False)
    )
    return BudgetYear(model, year, total, exact_total, lines, Decimal(parts[-1]))


def population_model(agreement: Agreement) -> PopulationKeyModel | None:
    return next((m for m in agreement.cost_models if isinstance(m, PopulationKeyModel)), None)


def budget_model(agreement: Agreement) -> BudgetLinesModel | None:
    return next((m for m in agreement.cost_models if isinstance(m, BudgetLinesModel)), None)


def extra_models(agreement: Agreement) -> tuple[PeriodicExtraModel, ...]:
    return tuple(m for m in agreement.cost_models if isinstance(m, PeriodicExtraModel))


def equal_split_models(agreement: Agreement) -> tuple[EqualSplitModel, ...]:
    return tuple(m for m in agreement.cost_models if isinstance(m, EqualSplitModel))


# === reading the question ================================================================


class Intent(Enum):
    PARTY = "party"  # what one party pays (the default)
    TABLE = "table"
    BUDGET = "budget"
    BUDGET_LINES = "budget_lines"
    MOST = "most"
    LEAST = "least"
    DIFFERENCE = "difference"
    EQUAL_SPLIT = "equal_split"
    EXTRA = "extra"


_INTENT_WORDS: tuple[tuple[Intent, frozenset[str]], ...] = tuple(
    (intent, frozenset(text.split()))
    for intent, text in (
        (Intent.DIFFERENCE, "skillnad skillnaden jamfor jamfort jamforelse jamfora compare "
                            "comparison difference diff okning okningen increase change "
                            "mer more okar okade increases rises"),
        (Intent.MOST, "mest storst hogst most biggest largest highest"),
        (Intent.LEAST, "minst lagst least smallest lowest"),
        (Intent.EXTRA, "kvalitetsgranskning kvalitetsgranskningen kvalitetsgranskningar "
                       "granskning granskningen review"),
        (Intent.EQUAL_SPLIT, "samordnare samordnaren samordnarens samordnartjansten coordinator "
                             "coordinators coordinator's basverksamheter basverksamheterna"),
        (Intent.BUDGET_LINES, "post poster posten kostnadspost kostnadsposter lines line items "
                              "item"),
        (Intent.TABLE, "fordelning fordelningen kostnadsfordelning kostnadsfordelningen split "
                       "breakdown tabell tabellen table andelar andelarna shares alla all "
                       "kommunerna kommuner municipalities varje each"),
        (Intent.BUDGET, "budget budgeten"),
    )
)
_BUDGET_LINE_CONTEXT = frozenset(
    "budget budgeten per by cost kostnadspost kostnadsposter".split())
_COST_VERBS = frozenset("kostar kosta kostade cost costs".split())
# The cost words themselves are never names ("kostnadspost" is not a misspelt party).
_VOCABULARY = frozenset().union(*(cue for _, cue in _INTENT_WORDS), _BUDGET_LINE_CONTEXT,
                                _COST_VERBS, "stor stora storre hog hogt lag lagt blev ungefar "
                                "cirka ca big high low about roughly".split())
_MULTIPLIERS = {"tkr": Decimal(1000), "k": Decimal(1000), "mkr": Decimal(1_000_000),
                "miljoner": Decimal(1_000_000), "million": Decimal(1_000_000)}
# Without "kr", only a grouped ("180 000") or six-digit number is money: "20266" is a typo'd year.
_BARE_AMOUNT = re.compile(
    r"(?<![\d,.])(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{6,})(?![\d,.]\d)(?!\d)"
)
_COUNT_WORDS = {"tva": 2, "two": 2, "tre": 3, "three": 3, "fyra": 4, "four": 4, "fem": 5,
                "five": 5}
_PARTICIPANTS = re.compile(
    r"(?<![\w])(\d|tva|two|tre|three|fyra|four|fem|five)\s+(?:st\s+)?(?:bas)?"
    r"(?:verksamheter|verksamheterna|parter|delar|delas|deltar|operations|parties|share|"
    r"sharing|ways|participants)(?![\w])"
)


@dataclass(frozen=True)
class Question:
    """What a cost question names, read once."""

    text: str
    lang: Lang
    today: dt.date
    tokens: frozenset[str]
    mentions: Mentions
    years: FoundYears
    amount: Decimal | None
    participants: int | None
    intent: Intent


def read_question(
    request: Request, agreements: Sequence[Agreement], default: Intent | None = None,
) -> Question:
    amount, masked = find_amount(request.text)
    years = find_years(masked, request.today)
    mentions = scan(masked, agreements, lang=request.lang, vocabulary=_VOCABULARY)
    tokens = frozenset(words(masked))
    intent = classify(tokens, mentions, default)
    return Question(request.text, request.lang, request.today, tokens, mentions, years, amount,
                    find_participants(masked), intent)


def classify(tokens: frozenset[str], mentions: Mentions, default: Intent | None) -> Intent:
    for intent, cue in _INTENT_WORDS:
        if tokens & cue:
            if intent is Intent.BUDGET_LINES and not tokens & _BUDGET_LINE_CONTEXT:
                continue  # "post" or "line" alone is too common a word to mean budget lines
            return intent
    if mentions.operations:
        return Intent.EQUAL_SPLIT
    if tokens & _COST_VERBS and not mentions.parties:
        return Intent.BUDGET  # "vad kostar CMV 2026?"
    return default or Intent.PARTY


def find_amount(text: str) -> tuple[Decimal | None, str]:
    """The first money amount ("180 000 kr", "1,2 mkr", "180000") and the text without it."""
    match = AMOUNT.search(text) or _BARE_AMOUNT.search(text)
    if match is None:
        return None, text
    groups = match.groupdict()
    digits = re.sub(r"\D", "", groups["number"])
    decimals = (groups.get("decimals") or "")[1:]
    unit = (groups.get("unit") or "").casefold()
    value = Decimal(f"{digits}.{decimals or 0}") * _MULTIPLIERS.get(unit, KRONA)
    masked = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return (value if value > 0 else None), masked


def find_participants(text: str) -> int | None:
    match = _PARTICIPANTS.search(fold(text))
    if match is None:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word)


# === answering ===========================================================================


def answer(request: Request, store: Store, default: Intent | None = None) -> Answer:
    """Answer a cost question; every input gets an answer, never an exception."""
    agreements = tuple(store.agreements())
    question = read_question(request, agreements, default)
    figures = tuple(store.population_figures())
    if question.years.invalid:
        return _bad_year(question, question.years.invalid[0])
    handlers: Mapping[Intent, Callable[[Question, Sequence[Agreement], Sequence[PopulationFigure]],
                                       Answer]] = {
        Intent.EQUAL_SPLIT: _equal_split_answer,
        Intent.BUDGET: _budget_answer,
        Intent.BUDGET_LINES: _budget_lines_answer,
    }
    handler = handlers.get(question.intent)
    if handler is not None:
        return handler(question, agreements, figures)
    if question.mentions.parties:
        return _party_answer(question, figures)
    return _agreement_answer(question, agreements, figures)


def _agreement_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    """Questions about a whole agreement: the table, the ranking, the year-on-year change."""
    chosen = _chosen_agreements(question, agreements, population_model)
    if isinstance(chosen, Answer):
        return chosen
    return _each(question, chosen, lambda agreement: _agreement_part(question, agreement, figures))


def _agreement_part(
    question: Question, agreement: Agreement, figures: Sequence[PopulationFigure],
) -> Answer:
    model = population_model(agreement)
    if model is None:
        return _no_population_key(question, agreement, None)
    if question.intent is Intent.EXTRA:
        return _extra_answer(question, agreement, figures)
    if question.intent is Intent.DIFFERENCE:
        years = _two_years(question)
        checked = _check_years(question, agreement, model.base_year, years)
        if isinstance(checked, Answer):
            return checked
        return _difference_table(question, agreement, model, checked, figures)
    checked = _check_years(question, agreement, model.base_year, (_one_year(question),))
    if isinstance(checked, Answer):
        return checked
    split = split_year(agreement, model, checked[0], figures)
    if question.intent in (Intent.MOST, Intent.LEAST):
        return _ranking(question, split, figures)
    return split_table(split, question.lang, question.today, figures)


# --- one party ---------------------------------------------------------------------------


def _party_answer(question: Question, figures: Sequence[PopulationFigure]) -> Answer:
    hits = question.mentions.parties
    named = {a.id for a in question.mentions.agreements}
    if named and any(h.agreement.id in named for h in hits):
        hits = tuple(h for h in hits if h.agreement.id in named)
    if question.intent is Intent.DIFFERENCE and len(hits) == 2 and len(
            question.years.years()) <= 1 and hits[0].agreement.id == hits[1].agreement.id:
        return _two_parties(question, hits[0], hits[1], figures)
    return _many(question.lang, tuple(_one_party(question, hit, figures) for hit in hits))


def _one_party(question: Question, hit: PartyHit, figures: Sequence[PopulationFigure]) -> Answer:
    agreement = hit.agreement
    model = population_model(agreement)
    if model is None or not any(s.party == hit.party.key for s in model.shares):
        return _no_population_key(question, agreement, hit.party)
    if question.intent is Intent.DIFFERENCE:
        years = _two_years(question)
    elif question.years.has_range or len(question.years.years()) > 1:
        years = question.years.years()
    else:
        years = (_one_year(question),)
    checked = _check_years(question, agreement, model.base_year, years, clip=len(years) > 1)
    if isinstance(checked, Answer):
        return checked
    if question.intent is Intent.DIFFERENCE:
        return _party_difference(question, hit, model, checked, figures)
    if len(checked) > 1:
        return party_years_table(agreement, model, hit.party, checked, question.lang,
                                 question.today, figures)
    split = split_year(agreement, model, checked[0], figures)
    if question.intent in (Intent.TABLE, Intent.MOST, Intent.LEAST):
        if question.intent is Intent.TABLE:
            return split_table(split, question.lang, question.today, figures)
        return _ranking(question, split, figures)
    return party_message(split, hit.party, question.lang, question.today, figures)


def party_message(
    split: YearSplit, party: Party, lang: Lang, today: dt.date,
    figures: Sequence[PopulationFigure] = (),
) -> Message:
    """"Krokom betalar 575 702 kr för CMV Jämtland 2026." with share, total and derivation."""
    part = split.part(party.key)
    if part is None:
        raise ValueError(f"{party.key} is not in {split.model.key}")
    agreement, year = split.agreement, split.year
    text = say(lang, f"{party.short_name} betalar {kr(part.amount)} för {agreement.short_name} "
                     f"{year}.",
               f"{party.short_name} pays {kr(part.amount)} for {agreement.short_name} in {year}.")
    details = [
        say(lang, f"Andel {percent(part.percent)} av årets totala kostnad {kr(split.total)}.",
            f"Share {percent(part.percent)} of the year's total {kr(split.total)}."),
        _part_derivation(split, part, lang),
    ]
    sources = [split.model.source]
    for extra in _extras(split.agreement, year, figures):
        share = extra.amount(party.key)
        if share is not None:
            details.append(_extra_line(extra, part.percent, share, lang))
            sources.append(extra.model.source)
    return Message(
        lang=lang, text=text, details=tuple(details), source="; ".join(sources),
        note=_notes(split, lang, today), actions=(_split_action(split, lang),),
    )


def _part_derivation(split: YearSplit, part: Part, lang: Lang) -> str:
    rounded = _rounded(part.quota, part.amount, part.adjusted, lang)
    n = split.years_after_base
    base_year = split.model.base_year
    if split.key.published and n == 0:
        # The table's amounts are the agreement's; show how they follow from its percentages.
        exact = Fraction(split.total) * Fraction(part.percent) / 100
        rounded = _rounded(exact, part.amount, False, lang)
        return say(lang, f"Beräkning: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                         f"(tabellen för {base_year}).",
                   f"Derivation: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                   f"(the {base_year} table).")
    if split.key.published:
        share = next(s for s in split.model.shares if s.party == part.party.key)
        factor = _factor(split.model.uplift_percent, n)
        uplift = _decimal(split.model.uplift_percent)
        return say(lang, f"Beräkning: {kr(share.amount)} × {factor} = {rounded} ({base_year} års "
                         f"belopp + {uplift} % per år).",
                   f"Derivation: {kr(share.amount)} × {factor} = {rounded} ({base_year} amount "
                   f"+ {uplift} % a year).")
    population = split.key.population_date.isoformat()
    return say(lang, f"Beräkning: {kr(split.total)} × {percent(part.percent)} = {rounded} "
                     f"({number(part.population)} av {number(sum(split.key.populations))} "
                     f"invånare {population}).",
               f"Derivation: {kr(split.total)} × {percent(part.percent)} = {rounded} "
               f"({number(part.population)} of {number(sum(split.key.populations))} "
               f"inhabitants on {population}).")


def _rounded(quota: Fraction, amount: Decimal, adjusted: bool, lang: Lang) -> str:
    exact = _ore(quota)
    if exact == amount:
        return kr(amount)
    if adjusted:
        return say(lang, f"{kr(exact)}, avrundat till {kr(amount)} så att delarna blir årets total",
                   f"{kr(exact)}, rounded to {kr(amount)} so the parts add up to the year's total")
    return say(lang, f"{kr(exact)} ≈ {kr(amount)}", f"{kr(exact)} ≈ {kr(amount)}")


def _topic(title: str) -> str:
    """ "Kostnad för kvalitetsgranskning" -> "Kvalitetsgranskning", for short headers and lines."""
    topic = re.sub(r"^kostnad(en)? för\s+", "", title, flags=re.IGNORECASE)
    return topic[:1].upper() + topic[1:]


def _extra_line(extra: ExtraSplit, share_percent: Decimal, amount: Decimal, lang: Lang) -> str:
    title = _topic(extra.model.title)
    return say(lang, f"{title} {extra.year}: högst {kr(amount)} ({percent(share_percent)} av "
                     f"högst {kr(extra.model.max_amount)}), utöver budgeten.",
               f"{title} (extra cost) {extra.year}: at most {kr(amount)} "
               f"({percent(share_percent)} of at most {kr(extra.model.max_amount)}), on top of "
               f"the budget.")


def _extras(
    agreement: Agreement, year: int, figures: Sequence[PopulationFigure],
) -> tuple[ExtraSplit, ...]:
    found = (extra_split(agreement, m, year, figures) for m in extra_models(agreement))
    return tuple(e for e in found if e is not None)


def _notes(split: YearSplit, lang: Lang, today: dt.date) -> str:
    return " ".join(n for n in (_key_note(split, lang), _projection_note(split.year, split.model,
                                                                          lang, today)) if n)


def _key_note(split: YearSplit, lang: Lang) -> str:
    """Which population date the key rests on — the thing a chair will be asked about."""
    date = split.key.population_date.isoformat()
    wanted = dt.date(split.year - 1, 11, 1).isoformat()
    if not split.key.published:
        loaded = say(lang, f"Nyckeln bygger på inlästa befolkningssiffror per {date}.",
                     f"The key rests on loaded population figures for {date}.")
        if date == wanted:
            return loaded
        return say(lang, f"Senaste nyckeln används: inlästa befolkningssiffror per {date}; "
                         f"siffror per {wanted} är inte inlästa.",
                   f"Uses the latest key: loaded population figures for {date}; figures for "
                   f"{wanted} are not loaded.")
    table = say(lang, f"befolkningen {date} enligt avtalets tabell (texten säger 1 november "
                      f"föregående år)",
                f"the population on {date} per the agreement's table (its text says "
                f"1 November the year before)")
    if split.year == split.model.base_year:
        return say(lang, f"Nyckeln bygger på {table}.", f"The key rests on {table}.")
    missing = say(lang, f"siffror per {wanted} är inte inlästa",
                  f"figures for {wanted} are not loaded")
    if split.incomplete_date is not None:
        missing = say(lang, f"siffrorna per {split.incomplete_date.isoformat()} saknar någon part",
                      f"the figures for {split.incomplete_date.isoformat()} lack a party")
    return say(lang, f"Senaste nyckeln används: {table}; {missing}.",
               f"Uses the latest key: {table}; {missing}.")


def _projection_note(year: int, model: PopulationKeyModel | BudgetLinesModel, lang: Lang,
                     today: dt.date) -> str:
    if year <= today.year + PROJECTION_AFTER_YEARS:
        return ""
    uplift = _decimal(model.uplift_percent)
    return say(lang, f"{year} är en prognos enligt dagens regler ({uplift} % per år); avtalet kan "
                     f"ändras eller sägas upp innan dess.",
               f"{year} is a projection under the current rules ({uplift} % a year); the "
               f"agreement may change or end before then.")


def _split_action(split: YearSplit, lang: Lang) -> Action:
    return Action(label=say(lang, f"Hela fördelningen {split.year}", f"Whole split {split.year}"),
                  action_id="costs.split", value=f"{split.agreement.id}:{split.year}")


# --- tables ------------------------------------------------------------------------------


def split_table(
    split: YearSplit, lang: Lang, today: dt.date, figures: Sequence[PopulationFigure] = (),
) -> Table:
    """The whole split for a year, with a sum row (and the review ceiling in review years)."""
    extras = _extras(split.agreement, split.year, figures)
    columns = [Column(say(lang, "Kommun", "Party")), Column(say(lang, "Befolkning", "Population"),
               "right"), Column(say(lang, "Andel", "Share"), "right"),
               Column(say(lang, "Belopp", "Amount"), "right")]
    columns += [Column(say(lang, f"{_topic(e.model.title)} (högst)",
                           f"{_topic(e.model.title)} (max)"), "right") for e in extras]
    rows, csv_rows = [], []
    for part in split.parts:
        extra_amounts = [e.amount(part.party.key) or Decimal(0) for e in extras]
        rows.append((part.party.short_name, number(part.population), percent(part.percent),
                     kr(part.amount), *(kr(a) for a in extra_amounts)))
        csv_rows.append((part.party.short_name, str(part.population), _csv(part.percent),
                         str(part.amount), *(str(a) for a in extra_amounts)))
    population, share = sum(split.key.populations), sum(split.key.percents, Decimal(0))
    extra_totals = [sum((a for _, a in e.amounts), Decimal(0)) for e in extras]
    total = (say(lang, "Summa", "Total"), number(population), percent(share), kr(split.total),
             *(kr(a) for a in extra_totals))
    csv_total = (total[0], str(population), _csv(share), str(split.total),
                 *(str(a) for a in extra_totals))
    sources = [split.model.source, *(e.model.source for e in extras)]
    return Table(
        lang=lang,
        title=say(lang, f"Fördelning {split.agreement.short_name} {split.year}",
                  f"Cost split {split.agreement.short_name} {split.year}"),
        columns=tuple(columns), rows=tuple(rows), total=total,
        details=(_total_derivation(split.model.base_total, split.model.uplift_percent,
                                   split.years_after_base, split.exact_total, split.total, lang),),
        source="; ".join(sources), note=_notes(split, lang, today),
        csv_name=f"{split.agreement.id}-fordelning-{split.year}.csv",
        csv_rows=(*csv_rows, csv_total),
    )


def party_years_table(
    agreement: Agreement, model: PopulationKeyModel, party: Party, years: Sequence[int],
    lang: Lang, today: dt.date, figures: Sequence[PopulationFigure] = (),
) -> Table:
    """One party over several years ("Krokom 2025–2030"), with a sum row."""
    splits = [split_year(agreement, model, year, figures) for year in years]
    extras = [_extras(agreement, year, figures) for year in years]
    with_extra = any(extras)
    columns = [Column(say(lang, "År", "Year")), Column(say(lang, "Andel", "Share"), "right"),
               Column(say(lang, "Belopp", "Amount"), "right")]
    if with_extra:
        topic = _topic(next(e for x in extras for e in x).model.title)
        columns.append(Column(say(lang, f"{topic} (högst)", f"{topic} (max)"), "right"))
    columns.append(Column(say(lang, "Not", "Note")))
    rows, csv_rows, extra_sum, amount_sum = [], [], Decimal(0), Decimal(0)
    for split, year_extras in zip(splits, extras, strict=True):
        part = split.part(party.key)
        if part is None:
            raise ValueError(f"{party.key} is not in {model.key}")
        amount_sum += part.amount
        extra = sum((e.amount(party.key) or Decimal(0) for e in year_extras), Decimal(0))
        extra_sum += extra
        flag = _row_flag(split, lang, today)
        extra_cells = ((kr(extra) if year_extras else "–"),) if with_extra else ()
        rows.append((str(split.year), percent(part.percent), kr(part.amount), *extra_cells, flag))
        csv_rows.append((str(split.year), _csv(part.percent), str(part.amount),
                         *((str(extra),) if with_extra else ()), flag))
    total = (say(lang, "Summa", "Total"), "", kr(amount_sum),
             *((kr(extra_sum),) if with_extra else ()), "")
    csv_total = (total[0], "", str(amount_sum), *((str(extra_sum),) if with_extra else ()), "")
    first, last = years[0], years[-1]
    uplift = _decimal(model.uplift_percent)
    return Table(
        lang=lang,
        title=f"{party.short_name}, {agreement.short_name} {first}–{last}",
        columns=tuple(columns), rows=tuple(rows), total=total,
        details=(say(lang, f"Regel: {model.base_year} års belopp + {uplift} % per år; delarna "
                           f"summerar varje år till årets total.",
                     f"Rule: the {model.base_year} amount + {uplift} % a year; each year's parts "
                     f"add up to that year's total."),),
        source="; ".join(dict.fromkeys([model.source, *(e.model.source for x in extras
                                                          for e in x)])),
        note=_key_note(splits[-1], lang) + _legend(rows, lang),
        csv_name=f"{agreement.id}-{party.key}-{first}-{last}.csv",
        csv_rows=(*csv_rows, csv_total),
    )


def _row_flag(split: YearSplit, lang: Lang, today: dt.date) -> str:
    flags = []
    if split.year > today.year + PROJECTION_AFTER_YEARS:
        flags.append(say(lang, "prognos", "projection"))
    if not split.key.published:
        flags.append(say(lang, f"befolkning {split.key.population_date.isoformat()}",
                         f"population {split.key.population_date.isoformat()}"))
    return ", ".join(flags)


def _legend(rows: Sequence[tuple[str, ...]], lang: Lang) -> str:
    if not any(say(lang, "prognos", "projection") in row[-1] for row in rows):
        return ""
    return say(lang, " Prognos: räknat med dagens regler; avtalet kan ändras eller sägas upp.",
               " Projection: computed under the current rules; the agreement may change or end.")


def _difference_table(
    question: Question, agreement: Agreement, model: PopulationKeyModel, years: Sequence[int],
    figures: Sequence[PopulationFigure],
) -> Table:
    """Every party in two years and the change ("skillnad 2025 och 2026")."""
    lang, (first, last) = question.lang, (years[0], years[-1])
    a, b = split_year(agreement, model, first, figures), split_year(agreement, model, last, figures)
    columns = (Column(say(lang, "Kommun", "Party")), Column(str(first), "right"),
               Column(str(last), "right"), Column(say(lang, "Skillnad", "Change"), "right"))
    rows, csv_rows = [], []
    for old, new in zip(a.parts, b.parts, strict=True):
        change = new.amount - old.amount
        rows.append((old.party.short_name, kr(old.amount), kr(new.amount), _signed_kr(change)))
        csv_rows.append((old.party.short_name, str(old.amount), str(new.amount), str(change)))
    total = (say(lang, "Summa", "Total"), kr(a.total), kr(b.total), _signed_kr(b.total - a.total))
    return Table(
        lang=lang, title=say(lang, f"{agreement.short_name}: {first} och {last}",
                             f"{agreement.short_name}: {first} and {last}"),
        columns=columns, rows=tuple(rows), total=total, source=model.source,
        note=_notes(b, lang, question.today),
        csv_name=f"{agreement.id}-skillnad-{first}-{last}.csv",
        csv_rows=(*csv_rows,
                  (total[0], str(a.total), str(b.total), str(b.total - a.total))),
    )


# --- comparisons -------------------------------------------------------------------------


def _ranking(question: Question, split: YearSplit, figures: Sequence[PopulationFigure]) -> Message:
    lang, most = question.lang, question.intent is not Intent.LEAST
    ordered = sorted(split.parts, key=lambda p: (-p.amount if most else p.amount, p.party.key))
    top, following, other_end = ordered[0], ordered[1:3], ordered[-1]
    name, year = split.agreement.short_name, split.year
    text = say(lang, f"{top.party.short_name} betalar {'mest' if most else 'minst'} för {name} "
                     f"{year}: {kr(top.amount)} ({percent(top.percent)}).",
               f"{top.party.short_name} pays the {'most' if most else 'least'} for {name} in "
               f"{year}: {kr(top.amount)} ({percent(top.percent)}).")
    listed = say(lang, " och ", " and ").join(
        f"{p.party.short_name} {kr(p.amount)}" for p in following)
    details = [
        say(lang, f"Därefter {listed}.", f"Next: {listed}."),
        say(lang, f"{'Minst' if most else 'Mest'}: {other_end.party.short_name} "
                  f"{kr(other_end.amount)} ({percent(other_end.percent)}).",
            f"The {'least' if most else 'most'}: {other_end.party.short_name} "
            f"{kr(other_end.amount)} ({percent(other_end.percent)})."),
        say(lang, "Andelen följer befolkningen, så den största kommunen betalar mest.",
            "Shares follow population, so the largest municipality pays the most."),
    ]
    return Message(lang=lang, text=text, details=tuple(details), source=split.model.source,
                   note=_notes(split, lang, question.today), actions=(_split_action(split, lang),))


def _party_difference(
    question: Question, hit: PartyHit, model: PopulationKeyModel, years: Sequence[int],
    figures: Sequence[PopulationFigure],
) -> Message:
    lang, party = question.lang, hit.party
    first, last = years[0], years[-1]
    a = split_year(hit.agreement, model, first, figures).part(party.key)
    b_split = split_year(hit.agreement, model, last, figures)
    b = b_split.part(party.key)
    assert a is not None and b is not None  # the caller checked the party is in the key
    change = b.amount - a.amount
    text = _change_text(party.short_name, change, f"{last}", f"{first}", lang)
    relative = Decimal(0) if a.amount == 0 else (change / a.amount * HUNDRED)
    details = (
        say(lang, f"{first}: {kr(a.amount)} ({percent(a.percent)}).",
            f"{first}: {kr(a.amount)} ({percent(a.percent)})."),
        say(lang, f"{last}: {kr(b.amount)} ({percent(b.percent)}).",
            f"{last}: {kr(b.amount)} ({percent(b.percent)})."),
        say(lang, f"Förändring {_signed_kr(change)} ({_signed_percent(relative)}).",
            f"Change {_signed_kr(change)} ({_signed_percent(relative)})."),
    )
    return Message(lang=lang, text=text, details=details, source=model.source,
                   note=_notes(b_split, lang, question.today))


def _two_parties(
    question: Question, one: PartyHit, other: PartyHit, figures: Sequence[PopulationFigure],
) -> Answer:
    model = population_model(one.agreement)
    if model is None:
        return _no_population_key(question, one.agreement, one.party)
    checked = _check_years(question, one.agreement, model.base_year, (_one_year(question),))
    if isinstance(checked, Answer):
        return checked
    split = split_year(one.agreement, model, checked[0], figures)
    a, b = split.part(one.party.key), split.part(other.party.key)
    if a is None or b is None:
        return _no_population_key(question, one.agreement, (other if a else one).party)
    lang = question.lang
    change = a.amount - b.amount
    year = split.year
    text = say(lang, f"{a.party.short_name} betalar {kr(abs(change))} "
                     f"{'mer' if change >= 0 else 'mindre'} än {b.party.short_name} {year}.",
               f"{a.party.short_name} pays {kr(abs(change))} {'more' if change >= 0 else 'less'} "
               f"than {b.party.short_name} in {year}.")
    details = tuple(f"{p.party.short_name}: {kr(p.amount)} ({percent(p.percent)})" for p in (a, b))
    return Message(lang=lang, text=text, details=details, source=model.source,
                   note=_notes(split, lang, question.today))


def _change_text(name: str, change: Decimal, later: str, earlier: str, lang: Lang) -> str:
    if change == 0:
        return say(lang, f"{name} betalar lika mycket {later} som {earlier}.",
                   f"{name} pays the same in {later} as in {earlier}.")
    more = change > 0
    return say(lang, f"{name} betalar {kr(abs(change))} {'mer' if more else 'mindre'} {later} än "
                     f"{earlier}.",
               f"{name} pays {kr(abs(change))} {'more' if more else 'less'} in {later} than in "
               f"{earlier}.")


# --- the budget --------------------------------------------------------------------------


def _budget_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    chosen = _chosen_agreements(question, agreements, _has_total)
    if isinstance(chosen, Answer):
        return chosen
    return _each(question, chosen, lambda agreement: _budget_message(question, agreement, figures))


def _budget_message(
    question: Question, agreement: Agreement, figures: Sequence[PopulationFigure],
) -> Answer:
    lang = question.lang
    budget, key = budget_model(agreement), population_model(agreement)
    model: BudgetLinesModel | PopulationKeyModel | None = budget or key
    if model is None:
        return _no_population_key(question, agreement, None)
    checked = _check_years(question, agreement, model.base_year, (_one_year(question),))
    if isinstance(checked, Answer):
        return checked
    year = checked[0]
    base = model.total if isinstance(model, BudgetLinesModel) else model.base_total
    n = year - model.base_year
    exact = Fraction(base) * uplift_factor(model.uplift_percent, n)
    total = round_half_up(exact)
    text = say(lang, f"{agreement.short_name} kostar {kr(total)} {year}.",
               f"{agreement.short_name} costs {kr(total)} in {year}.")
    details = [_total_derivation(base, model.uplift_percent, n, exact, total, lang)]
    if isinstance(model, BudgetLinesModel):
        overhead = budget_year(model, year).overhead
        details.append(say(lang, f"Varav OH-kostnader ({_decimal(model.overhead_percent)} %): "
                                 f"{kr(overhead)}.",
                           f"Of which overhead ({_decimal(model.overhead_percent)} %): "
                           f"{kr(overhead)}."))
    sources = [model.source]
    for extra in extra_models(agreement):
        if is_extra_year(extra, year):
            topic = _topic(extra.title)
            details.append(say(lang, f"Därtill {topic.lower()} {year}: högst "
                                     f"{kr(extra.max_amount)}, fördelas med samma nyckel.",
                               f"In addition, {topic} (extra cost) in {year}: at most "
                               f"{kr(extra.max_amount)}, split by the same key."))
            sources.append(extra.source)
    actions = [Action(say(lang, "Per kostnadspost", "By cost line"), "costs.budget",
                      f"{agreement.id}:{year}")] if budget else []
    if key is not None:
        actions.append(Action(say(lang, "Fördelning per kommun", "Split by party"), "costs.split",
                              f"{agreement.id}:{year}"))
    return Message(lang=lang, text=text, details=tuple(details), source="; ".join(sources),
                   note=_projection_note(year, model, lang, question.today) or None,
                   actions=tuple(actions))


def _budget_lines_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    chosen = _chosen_agreements(question, agreements, budget_model)
    if isinstance(chosen, Answer):
        return chosen

    def one(agreement: Agreement) -> Answer:
        model = budget_model(agreement)
        if model is None:
            return _no_population_key(question, agreement, None)
        checked = _check_years(question, agreement, model.base_year, (_one_year(question),))
        if isinstance(checked, Answer):
            return checked
        return budget_table(budget_year(model, checked[0]), agreement, question.lang,
                            question.today)

    return _each(question, chosen, one)


def budget_table(budget: BudgetYear, agreement: Agreement, lang: Lang, today: dt.date) -> Table:
    """The budget by cost line (001 Figur 1), uplifted to ``budget.year``."""
    model, year = budget.model, budget.year
    later = year != model.base_year
    columns = [Column(say(lang, "Kostnadspost", "Cost line")),
               Column(str(model.base_year), "right")]
    if later:
        columns.append(Column(str(year), "right"))
    overhead_title = say(lang, f"OH-kostnader ({_decimal(model.overhead_percent)} %)",
                         f"Overhead ({_decimal(model.overhead_percent)} %)")
    entries = [*budget.lines, (overhead_title, model.overhead_amount, budget.overhead)]
    rows, csv_rows = [], []
    for title, base_amount, amount in entries:
        cells = (kr(base_amount), *((kr(amount),) if later else ()))
        rows.append((_short(title), *cells))
        csv_rows.append((title, str(base_amount), *((str(amount),) if later else ())))
    label = say(lang, "Totalt inkl. OH", "Total incl. overhead")
    total = (label, kr(model.total), *((kr(budget.total),) if later else ()))
    before_overhead = sum((line.amount for line in model.lines), Decimal(0))
    details = [say(lang, f"Summa före OH {model.base_year}: {kr(before_overhead)}.",
                   f"Sum before overhead {model.base_year}: {kr(before_overhead)}.")]
    if later:
        details.append(_total_derivation(model.total, model.uplift_percent,
                                         year - model.base_year, budget.exact_total,
                                         budget.total, lang))
        details.append(say(lang,
                           "Varje post räknas upp lika; avrundat så att posterna blir totalen.",
                           "Every line is uplifted alike, rounded so the lines add up to the "
                           "total."))
    return Table(
        lang=lang,
        title=say(lang, f"Budget {agreement.short_name} {year} per kostnadspost",
                  f"Budget {agreement.short_name} {year} by cost line"),
        columns=tuple(columns), rows=tuple(rows), total=total, details=tuple(details),
        source=model.source, note=_projection_note(year, model, lang, today) or None,
        csv_name=f"{agreement.id}-budget-{year}.csv",
        csv_rows=(*csv_rows,
                  (label, str(model.total), *((str(budget.total),) if later else ()))),
    )


def _has_total(agreement: Agreement) -> BudgetLinesModel | PopulationKeyModel | None:
    return budget_model(agreement) or population_model(agreement)


def _total_derivation(base: Decimal, uplift_percent: Decimal, n: int, exact: Fraction,
                      total: Decimal, lang: Lang) -> str:
    if n == 0:
        return say(lang, f"Årets total: {kr(total)} enligt avtalet.",
                   f"The year's total: {kr(total)} as agreed.")
    rounded = kr(total) if _ore(exact) == total else f"{kr(_ore(exact))} ≈ {kr(total)}"
    return say(lang, f"Årets total: {kr(base)} × {_factor(uplift_percent, n)} = {rounded}.",
               f"The year's total: {kr(base)} × {_factor(uplift_percent, n)} = {rounded}.")


# --- the review year ---------------------------------------------------------------------


def _extra_answer(
    question: Question, agreement: Agreement, figures: Sequence[PopulationFigure],
) -> Answer:
    lang = question.lang
    models = extra_models(agreement)
    if not models:
        return Problem(lang=lang, message=say(
            lang, f"{agreement.short_name} har inga återkommande extrakostnader.",
            f"{agreement.short_name} has no recurring extra costs."))
    model = models[0]
    year = _one_year(question)
    if not is_extra_year(model, year):
        due = _next_extra_year(model, year)
        return Message(lang=lang, text=say(
            lang, f"{year} är inget år för {_topic(model.title).lower()} i {agreement.short_name};"
                  f" nästa är {due}.",
            f"{year} is not a year for {_topic(model.title)} in {agreement.short_name}; the next "
            f"is {due}."),
            details=(say(lang, f"Vart {model.every_years}:e år från {model.first_year}, högst "
                               f"{kr(model.max_amount)}.",
                         f"Every {model.every_years} years from {model.first_year}, at most "
                         f"{kr(model.max_amount)}."),),
            source=model.source)
    key_model = agreement.cost_model(model.split_by)
    if not isinstance(key_model, PopulationKeyModel):
        return _no_population_key(question, agreement, None)
    checked = _check_years(question, agreement, key_model.base_year, (year,))
    if isinstance(checked, Answer):
        return checked
    return split_table(split_year(agreement, key_model, year, figures), lang, question.today,
                       figures)


def _next_extra_year(model: PeriodicExtraModel, year: int) -> int:
    if year < model.first_year:
        return model.first_year
    return year + (-(year - model.first_year)) % model.every_years


# --- equal split -------------------------------------------------------------------------


def _equal_split_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    hits = question.mentions.operations
    named = {a.id for a in question.mentions.agreements} | {
        h.agreement.id for h in question.mentions.parties}
    if named:
        hits = tuple(h for h in hits if h.agreement.id in named)
    if hits:
        return _many(question.lang, tuple(_operation_message(question, h) for h in hits))
    models = [(a, m) for a in agreements for m in equal_split_models(a)
              if not named or a.id in named]
    if not models:
        return _no_equal_split(question)
    return _many(question.lang, tuple(_equal_split_message(question, a, m) for a, m in models))


def _participants(question: Question, model: EqualSplitModel) -> int | Problem:
    count = question.participants or model.default_participants
    if not model.min_participants <= count <= len(model.operations):
        lang = question.lang
        low, high = model.min_participants, len(model.operations)
        span = str(low) if low == high else f"{low}–{high}"
        return Problem(lang=lang, message=say(
            lang, f"Samordnarens kostnad delas av {span} basverksamheter, inte {count} "
                  f"({model.source}).",
            f"The coordinator's cost is shared by {span} operations, not {count} "
            f"({model.source})."))
    return count


def _operation_message(question: Question, hit: OperationHit) -> Answer:
    lang, model, agreement = question.lang, hit.model, hit.agreement
    count = _participants(question, model)
    if isinstance(count, Problem):
        return count
    name = hit.operation.name
    where = say(lang, f"i {agreement.short_name}", f"in {agreement.short_name}")
    if question.amount is None:
        text = say(lang, f"{name} betalar {_fraction_words(count, lang)} av samordnarens kostnad "
                         f"{where}.",
                   f"{name} pays {_fraction_words(count, lang)} of the coordinator's cost {where}.")
        details = [say(lang, "Ange kostnaden för beloppet, t.ex. \"samordnaren kostar 180 000 kr "
                             "– vad betalar barnhälsovården?\"",
                       "Give the cost for an amount, e.g. \"the coordinator costs 180 000 kr – "
                       "what does child health care pay?\"")]
    else:
        shares = equal_shares(question.amount, count)
        text = say(lang, f"{name} betalar {_share_text(shares, lang)} av samordnarens "
                         f"{kr(question.amount)} {where}.",
                   f"{name} pays {_share_text(shares, lang)} of the coordinator's "
                   f"{kr(question.amount)} {where}.")
        details = [_equal_derivation(question.amount, count, shares, lang)]
    details += _alternatives(question, model)
    return Message(lang=lang, text=text, details=tuple(details), source=model.source,
                   note=_participants_note(question, model))


def _equal_split_message(
    question: Question, agreement: Agreement, model: EqualSplitModel
) -> Answer:
    lang = question.lang
    count = _participants(question, model)
    if isinstance(count, Problem):
        return count
    names = _operation_names(model, count, lang)
    if question.amount is None:
        text = say(lang, f"Samordnarens kostnad i {agreement.short_name} delas lika: "
                         f"{_fraction_words(count, lang)} var.",
                   f"The coordinator's cost in {agreement.short_name} is shared equally: "
                   f"{_fraction_words(count, lang)} each.")
        details = [names]
    else:
        shares = equal_shares(question.amount, count)
        text = say(lang, f"Samordnarens {kr(question.amount)} i {agreement.short_name} delas lika: "
                         f"{_share_text(shares, lang)} var.",
                   f"The coordinator's {kr(question.amount)} in {agreement.short_name} is shared "
                   f"equally: {_share_text(shares, lang)} each.")
        details = [_equal_derivation(question.amount, count, shares, lang), names]
    details += _alternatives(question, model)
    return Message(lang=lang, text=text, details=tuple(details), source=model.source,
                   note=_participants_note(question, model))


def _operation_names(model: EqualSplitModel, count: int, lang: Lang) -> str:
    listed = say(lang, "Basverksamheter: ", "Base operations: ") + ", ".join(
        o.name for o in model.operations) + "."
    required = [o.name for o in model.operations if o.required]
    if count < len(model.operations) and required:
        listed += say(lang, f" Alltid med: {', '.join(required)}.",
                      f" Always included: {', '.join(required)}.")
    return listed


def _equal_derivation(amount: Decimal, count: int, shares: Sequence[Decimal], lang: Lang) -> str:
    even = len(set(shares)) == 1
    tail = "" if even else say(lang, " (avrundat så att delarna blir hela beloppet)",
                               " (rounded so the parts add up to the whole)")
    return say(lang, f"Beräkning: {kr(amount)} / {count} = {_share_text(shares, lang)}{tail}.",
               f"Derivation: {kr(amount)} / {count} = {_share_text(shares, lang)}{tail}.")


def _share_text(shares: Sequence[Decimal], lang: Lang) -> str:
    low, high = min(shares), max(shares)
    return kr(low) if low == high else f"{kr(low)}–{kr(high)}"


def _alternatives(question: Question, model: EqualSplitModel) -> list[str]:
    """When fewer operations may share (003: at least three), say what that would cost."""
    if question.participants is not None or model.min_participants >= model.default_participants:
        return []
    lang, lines = question.lang, []
    for count in range(model.min_participants, model.default_participants):
        share = (kr(_share_text_value(question.amount, count)) if question.amount is not None
                 else _fraction_words(count, lang))
        lines.append(say(lang, f"Om {count} basverksamheter delar: {share} var.",
                         f"If {count} operations share it: {share} each."))
    return lines


def _share_text_value(amount: Decimal, count: int) -> Decimal:
    return max(equal_shares(amount, count))


def _participants_note(question: Question, model: EqualSplitModel) -> str | None:
    if question.participants is not None or model.min_participants == len(model.operations):
        return None  # the count was given, or there is no choice to explain
    return say(question.lang,
               f"Räknat med {model.default_participants} basverksamheter som delar "
               f"(minst {model.min_participants}).",
               f"Computed with {model.default_participants} operations sharing "
               f"(at least {model.min_participants}).")


def _fraction_words(count: int, lang: Lang) -> str:
    sv = {2: "hälften", 3: "en tredjedel", 4: "en fjärdedel", 5: "en femtedel"}
    en = {2: "half", 3: "one third", 4: "one quarter", 5: "one fifth"}
    fallback = f"1/{count}"
    return say(lang, sv.get(count, fallback), en.get(count, fallback))


# --- choosing agreements, years, and saying no -----------------------------------------


def _chosen_agreements(
    question: Question, agreements: Sequence[Agreement],
    has_model: Callable[[Agreement], object],
) -> tuple[Agreement, ...] | Answer:
    """The agreements named, or the only one with the kind of model asked about."""
    named = question.mentions.agreements or tuple(
        {hit.agreement.id: hit.agreement for hit in question.mentions.parties}.values())
    if named:
        return named
    if question.mentions.unknown:
        return _unknown_name(question, agreements)
    candidates = tuple(a for a in agreements if has_model(a) is not None)
    if len(candidates) == 1:
        return candidates
    lang = question.lang
    return Problem(lang=lang, message=say(lang, "Vilket avtal menar du?", "Which agreement?"),
                   suggestions=tuple(a.short_name for a in candidates), examples=_examples(lang))


def _one_year(question: Question) -> int:
    years = question.years.years()
    return years[0] if years else question.today.year


def _two_years(question: Question) -> tuple[int, ...]:
    """The two years to compare; one year is compared with the year before it."""
    years = question.years.years()
    if len(years) >= 2:
        return (years[0], years[-1])
    later = years[0] if years else question.today.year
    return (later - 1, later)


def _check_years(
    question: Question, agreement: Agreement, first_year: int, years: Sequence[int],
    *, clip: bool = False,
) -> tuple[int, ...] | Answer:
    """Years the model can answer: from its first year, not absurdly far ahead.

    ``clip``: a range reaching back before the first year ("Krokom 2020–2030") keeps the
    years that can be answered; a single year or a comparison must be answerable as asked.
    """
    lang = question.lang
    too_far = [y for y in years if y > question.today.year + MAX_YEARS_AHEAD]
    if too_far:
        return _bad_year(question, str(too_far[0]))
    if len(years) > MAX_RANGE_YEARS:
        return Problem(lang=lang, message=say(
            lang, f"Det är för många år på en gång; jag visar högst {MAX_RANGE_YEARS}.",
            f"That is too many years at once; I show at most {MAX_RANGE_YEARS}."),
            examples=_examples(lang))
    valid = tuple(y for y in years if y >= first_year)
    if valid == tuple(years) or (clip and valid):
        return valid
    before = min(years)
    return Problem(lang=lang, message=say(
        lang, f"{agreement.short_name} har ingen kostnadsfördelning för {before}: avtalet gäller "
              f"från {agreement.term.start.isoformat()} och den första fördelningen avser "
              f"{first_year}.",
        f"{agreement.short_name} has no cost split for {before}: the agreement applies from "
        f"{agreement.term.start.isoformat()} and the first split is for {first_year}."),
        examples=(say(lang, f"fördelning {agreement.short_name} {first_year}",
                      f"split {agreement.short_name} {first_year}"),))


def _bad_year(question: Question, said: str) -> Problem:
    lang = question.lang
    return Problem(lang=lang, message=say(
        lang, f"Jag förstår inte årtalet \"{said}\". Skriv ett år som 2026, ett intervall som "
              f"2025–2030, eller \"i år\", \"nästa år\", \"förra året\" "
              f"(högst {MAX_YEARS_AHEAD} år framåt).",
        f"I don't understand the year \"{said}\". Write a year like 2026, a range like "
        f"2025–2030, or \"this year\", \"next year\", \"last year\" (at most "
        f"{MAX_YEARS_AHEAD} years ahead)."), examples=_examples(lang))


def _unknown_name(question: Question, agreements: Sequence[Agreement]) -> Problem:
    """A name that matches nothing: say so, and offer the closest names ("Menade du …?")."""
    lang, unknown = question.lang, question.mentions.best_unknown()
    word = unknown.word if unknown else ""
    suggestions = unknown.suggestions if unknown else ()
    if question.intent is Intent.PARTY:
        message = say(lang, f"Jag hittar ingen part som heter \"{word}\" i avtalen.",
                      f"I can't find a party called \"{word}\" in the agreements.")
    else:
        message = say(lang, f"Jag hittar inget avtal eller någon part som heter \"{word}\".",
                      f"I can't find an agreement or a party called \"{word}\".")
        if not suggestions:  # nothing close: list what there is, not a "did you mean"
            names = ", ".join(a.short_name for a in agreements if a.cost_models)
            message += " " + say(lang, f"Avtal med kostnadsfördelning: {names}.",
                                 f"Agreements with a cost split: {names}.")
    return Problem(lang=lang, message=message, suggestions=suggestions, examples=_examples(lang))


def _no_equal_split(question: Question) -> Problem:
    lang = question.lang
    return Problem(lang=lang, message=say(
        lang, "Inget av de nämnda avtalen delar samordnarens kostnad lika.",
        "None of the agreements named shares the coordinator's cost equally."),
        examples=(say(lang, "samordnaren kostar 180 000 kr – vad betalar barnhälsovården?",
                      "the coordinator costs 180 000 kr – what does barnhälsovården pay?"),))


def _no_population_key(question: Question, agreement: Agreement, party: Party | None) -> Answer:
    """An agreement (or a party in it) without a per-party cost key: say what it does have."""
    lang = question.lang
    who = party.short_name if party else agreement.short_name
    text = say(lang, f"{who} ingår i {agreement.short_name}, som inte fördelar kostnader per part.",
               f"{who} is in {agreement.short_name}, which does not split costs by party.")
    if party is None:
        text = say(lang, f"{agreement.short_name} fördelar inte kostnader per part.",
                   f"{agreement.short_name} does not split costs by party.")
    details: list[str] = []
    source = agreement.source_document
    for model in equal_split_models(agreement):
        details.append(say(lang, f"{model.title} "
                                 f"({_fraction_words(model.default_participants, lang)}"
                                 f" per basverksamhet). Fråga t.ex. \"samordnaren kostar "
                                 f"180 000 kr – vad betalar barnhälsovården?\"",
                           f"{model.title} ({_fraction_words(model.default_participants, lang)} "
                           f"per base operation). Ask e.g. \"the coordinator costs 180 000 kr – "
                           f"what does barnhälsovården pay?\""))
        source = model.source
    return Message(lang=lang, text=text, details=tuple(details), source=source)


def _examples(lang: Lang) -> tuple[str, ...]:
    return (say(lang, "vad betalar Krokom 2026?", "what does Krokom pay in 2026?"),
            say(lang, "fördelning CMV 2026", "split CMV 2026"),
            say(lang, "Krokom 2025–2030", "Krokom 2025-2030"))


def _each(question: Question, agreements: Sequence[Agreement],
          one: Callable[[Agreement], Answer]) -> Answer:
    return _many(question.lang, tuple(one(a) for a in agreements))


def _many(lang: Lang, parts: tuple[Answer, ...]) -> Answer:
    return parts[0] if len(parts) == 1 else Many(lang=lang, parts=parts)


# --- number style ------------------------------------------------------------------------


def _ore(value: Fraction) -> Decimal:
    """An exact quota to öre, for showing the derivation (never used to decide an amount)."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _decimal(value: Decimal) -> str:
    """'1,03', '9', '2,5' — Swedish decimal comma, no trailing zeros."""
    return format_decimal(value.normalize(), format="#,##0.######", locale="sv_SE")


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _factor(uplift_percent: Decimal, n: int) -> str:
    """'1,03' for one year, '1,03⁴' for four."""
    base = _decimal(1 + uplift_percent / HUNDRED)
    return base if n == 1 else f"{base}{str(n).translate(_SUPERSCRIPT)}"


def _signed_kr(value: Decimal) -> str:
    return f"+{kr(value)}" if value > 0 else kr(value).replace("-", "−")


def _signed_percent(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = percent(rounded, 1)
    return f"+{text}" if rounded > 0 else text.replace("-", "−")


def _csv(value: Decimal) -> str:
    """A decimal the way Swedish Excel reads it: comma, no grouping ('11,780')."""
    return str(value).replace(".", ",")


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip(" ,:") + "…"


# === the command table ===================================================================


def handle(request: Request, store: Store) -> Answer:
    return answer(request, store)


def handle_split(request: Request, store: Store) -> Answer:
    return answer(request, store, Intent.TABLE)


def handle_budget(request: Request, store: Store) -> Answer:
    return answer(request, store, Intent.BUDGET)


def _action_target(
    value: str, store: Store,
) -> tuple[Agreement, int] | None:
    agreement_id, _, year_text = value.partition(":")
    agreement = next((a for a in store.agreements() if a.id == agreement_id), None)
    if agreement is None or not year_text.isdigit():
        return None
    return agreement, int(year_text)


def act_split(request: Request, value: str, store: Store) -> Answer:
    """Button "Hela fördelningen 2026": the table behind a party answer."""
    target = _action_target(value, store)
    model = population_model(target[0]) if target else None
    if target is None or model is None or target[1] < model.base_year:
        return _stale_button(request.lang)
    figures = tuple(store.population_figures())
    return split_table(split_year(target[0], model, target[1], figures), request.lang,
                       request.today, figures)


def act_budget(request: Request, value: str, store: Store) -> Answer:
    """Button "Per kostnadspost": the budget lines behind a budget answer."""
    target = _action_target(value, store)
    model = budget_model(target[0]) if target else None
    if target is None or model is None or target[1] < model.base_year:
        return _stale_button(request.lang)
    return budget_table(budget_year(model, target[1]), target[0], request.lang, request.today)


def _stale_button(lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(lang, "Den uppgiften finns inte längre.",
                                          "That information is no longer available."))


COMMANDS = (
    Command(
        name="kostnad",
        words=("kostnad", "kostnader", "cost", "costs"),
        handler=handle,
        help_sv="Vad en part betalar ett år, med beräkning och källa; flera år, jämförelser, "
                "samordnarens delning.",
        help_en="What a party pays in a year, with the derivation and source; several years, "
                "comparisons, the coordinator's split.",
        usage="kostnad [part] [år]",
        example_sv="vad betalar Krokom 2026?",
        example_en="what does Krokom pay in 2026?",
        triggers=("betalar", "betala", "betalat", "betalade", "pay", "pays", "paid", "paying",
                  "kostar", "kosta", "kostnad", "kostnader", "kostnaden", "cost", "costs",
                  "andel", "andelen", "share", "mest", "minst", "most", "least", "skillnad",
                  "skillnaden", "difference", "jamfor", "compare", "kommun", "kommuns",
                  "samordnaren", "samordnarens", "coordinator", "kvalitetsgranskning",
                  "kvalitetsgranskningen"),
        # A bare "Krokom 2025–2030" has no cost word; its year is what points here.
        prefix_triggers=("20",),
        # …and a chair who types just "Krokom" wants what Krokom pays this year
        names_alone=True,
    ),
    Command(
        name="fördelning",
        words=("fordelning", "fordelningen", "split"),
        handler=handle_split,
        help_sv="Hela fördelningen för ett år som tabell, med summarad (kan laddas ner som CSV).",
        help_en="The whole split for a year as a table with a sum row (downloadable as CSV).",
        usage="fördelning [avtal] [år]",
        example_sv="/avtal fördelning CMV 2026",
        example_en="/avtal split CMV 2026",
        triggers=("fordelning", "fordelningen", "kostnadsfordelning", "split", "breakdown",
                  "tabell", "tabellen", "table", "andelar", "shares"),
    ),
    Command(
        name="budget",
        words=("budget", "budgeten"),
        handler=handle_budget,
        help_sv="Verksamhetens budget ett år, totalt eller per kostnadspost.",
        help_en="The budget for a year, in total or by cost line.",
        usage="budget [avtal] [år] [per post]",
        example_sv="budget per post 2025",
        example_en="budget by line 2026",
        triggers=("budget", "budgeten", "poster", "kostnadsposter"),
    ),
)

ACTIONS: Mapping[str, ActionHandler] = {"costs.split": act_split, "costs.budget": act_budget}
