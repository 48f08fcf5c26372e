"""Cost questions, the glue: read the question, decide what to answer (which agreement,
which years, which model), compute with ``rules`` and word it with ``wording`` and ``tables``;
and the command table's rows ("kostnad", "fördelning", "budget") and the buttons' actions.

Every input gets an answer, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from commands.core.agreement import Agreement, PopulationFigure
from commands.core.answers import Answer, Problem
from commands.core.context import Request
from commands.core.cost_models import BudgetLinesModel, EqualSplitModel, PopulationKeyModel
from commands.core.ports import Store
from commands.core.registry import ActionHandler, Command
from commands.costs import groups, problems, wording
from commands.costs.choosing import check_years, chosen_agreements, each, many, no_population_key
from commands.costs.question import Intent, Question, read_question
from commands.costs.rules import (
    YearSplit,
    budget_model,
    budget_year,
    equal_split_models,
    extra_models,
    is_extra_year,
    next_extra_year,
    participants_allowed,
    population_model,
    split_year,
)
from commands.costs.tables import budget_table, difference_table, party_years_table, split_table
from commands.reading.names import OperationHit, PartyHit


def answer(request: Request, store: Store, default: Intent | None = None) -> Answer:
    """Answer a cost question; every input gets an answer, never an exception."""
    agreements = tuple(store.agreements())
    question = read_question(request, agreements, default)
    figures = tuple(store.population_figures())
    if question.years.invalid:
        return problems.bad_year(question.years.invalid[0], question.lang)
    handlers: Mapping[Intent, Callable[[Question, Sequence[Agreement], Sequence[PopulationFigure]],
                                       Answer]] = {
        Intent.EQUAL_SPLIT: _equal_split_answer,
        Intent.BUDGET: _budget_answer,
        Intent.BUDGET_LINES: _budget_lines_answer,
    }
    handler = handlers.get(question.intent)
    if handler is not None:
        return handler(question, agreements, figures)
    if question.intent is Intent.SUM:
        return groups.sum_answer(question, agreements, figures)
    if question.intent is Intent.EXTRA_YEAR:
        return groups.extra_year_answer(question, agreements)
    if question.mentions.parties:
        return _party_answer(question, figures)
    return _agreement_answer(question, agreements, figures)


def _agreement_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    """Questions about a whole agreement: the table, the ranking, the year-on-year change."""
    chosen = chosen_agreements(question, agreements, population_model)
    if isinstance(chosen, Answer):
        return chosen
    return each(question, chosen, lambda agreement: _agreement_part(question, agreement, figures))


def _agreement_part(
    question: Question, agreement: Agreement, figures: Sequence[PopulationFigure],
) -> Answer:
    model = population_model(agreement)
    if model is None:
        return no_population_key(question, agreement, None)
    if question.intent is Intent.EXTRA:
        return _extra_answer(question, agreement, figures)
    if question.intent is Intent.DIFFERENCE:
        years = question.two_years()
        checked = check_years(question, agreement, model.base_year, years)
        if isinstance(checked, Answer):
            return checked
        return difference_table(agreement, model, checked, figures, question.lang, question.today)
    checked = check_years(question, agreement, model.base_year, (question.one_year(),))
    if isinstance(checked, Answer):
        return checked
    split = split_year(agreement, model, checked[0], figures)
    if question.intent in (Intent.MOST, Intent.LEAST):
        return _ranking(question, split)
    return split_table(split, question.lang, question.today, figures)


# --- one party ---------------------------------------------------------------------------


def _party_answer(question: Question, figures: Sequence[PopulationFigure]) -> Answer:
    hits = question.mentions.parties
    named = {a.id for a in question.mentions.agreements}
    if named and any(h.agreement.id in named for h in hits):
        hits = tuple(h for h in hits if h.agreement.id in named)
    same_agreement = len({h.agreement.id for h in hits}) == 1
    if question.intent is Intent.DIFFERENCE and len(hits) == 2 and len(
            question.years.years()) <= 1 and same_agreement:
        return _two_parties(question, hits[0], hits[1], figures)
    if question.intent in (Intent.MOST, Intent.LEAST) and len(hits) >= 2 and same_agreement:
        return groups.among_parties(question, hits, figures)
    if question.intent is Intent.EXTRA:
        return many(question.lang,
                    tuple(groups.party_extra(question, hit, figures) for hit in hits))
    return many(question.lang, tuple(_one_party(question, hit, figures) for hit in hits))


def _one_party(question: Question, hit: PartyHit, figures: Sequence[PopulationFigure]) -> Answer:
    agreement = hit.agreement
    model = population_model(agreement)
    if model is None or not any(s.party == hit.party.key for s in model.shares):
        return no_population_key(question, agreement, hit.party)
    if question.intent is Intent.DIFFERENCE:
        years = question.two_years()
    elif question.years.has_range or len(question.years.years()) > 1:
        years = question.years.years()
    else:
        years = (question.one_year(),)
    checked = check_years(question, agreement, model.base_year, years, clip=len(years) > 1)
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
        return _ranking(question, split)
    return wording.party_message(split, hit.party, question.lang, question.today, figures)


def _ranking(question: Question, split: YearSplit) -> Answer:
    return wording.ranking(split, question.intent is not Intent.LEAST, question.lang,
                           question.today)


def _party_difference(
    question: Question, hit: PartyHit, model: PopulationKeyModel, years: Sequence[int],
    figures: Sequence[PopulationFigure],
) -> Answer:
    first, last = years[0], years[-1]
    earlier = split_year(hit.agreement, model, first, figures).part(hit.party.key)
    assert earlier is not None  # the caller checked the party is in the key
    return wording.party_difference(hit.party, first, earlier,
                                    split_year(hit.agreement, model, last, figures),
                                    question.lang, question.today)


def _two_parties(
    question: Question, one: PartyHit, other: PartyHit, figures: Sequence[PopulationFigure],
) -> Answer:
    model = population_model(one.agreement)
    if model is None:
        return no_population_key(question, one.agreement, one.party)
    checked = check_years(question, one.agreement, model.base_year, (question.one_year(),))
    if isinstance(checked, Answer):
        return checked
    split = split_year(one.agreement, model, checked[0], figures)
    a, b = split.part(one.party.key), split.part(other.party.key)
    if a is None or b is None:
        return no_population_key(question, one.agreement, (other if a else one).party)
    return wording.two_parties(split, a, b, question.lang, question.today)


# --- the budget --------------------------------------------------------------------------


def _budget_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    chosen = chosen_agreements(question, agreements, _has_total)
    if isinstance(chosen, Answer):
        return chosen
    return each(question, chosen, lambda agreement: _budget_message(question, agreement))


def _budget_message(question: Question, agreement: Agreement) -> Answer:
    budget, key = budget_model(agreement), population_model(agreement)
    model: BudgetLinesModel | PopulationKeyModel | None = budget or key
    if model is None:
        return no_population_key(question, agreement, None)
    checked = check_years(question, agreement, model.base_year, (question.one_year(),))
    if isinstance(checked, Answer):
        return checked
    return wording.budget_message(agreement, model, checked[0], by_line=budget is not None,
                                  by_party=key is not None, lang=question.lang,
                                  today=question.today)


def _budget_lines_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    chosen = chosen_agreements(question, agreements, budget_model)
    if isinstance(chosen, Answer):
        return chosen

    def one(agreement: Agreement) -> Answer:
        model = budget_model(agreement)
        if model is None:
            return no_population_key(question, agreement, None)
        checked = check_years(question, agreement, model.base_year, (question.one_year(),))
        if isinstance(checked, Answer):
            return checked
        return budget_table(budget_year(model, checked[0]), agreement, question.lang,
                            question.today)

    return each(question, chosen, one)


def _has_total(agreement: Agreement) -> BudgetLinesModel | PopulationKeyModel | None:
    return budget_model(agreement) or population_model(agreement)


# --- the review year ---------------------------------------------------------------------


def _extra_answer(
    question: Question, agreement: Agreement, figures: Sequence[PopulationFigure],
) -> Answer:
    lang = question.lang
    models = extra_models(agreement)
    if not models:
        return problems.no_extra_costs(agreement, lang)
    model = models[0]
    year = question.one_year()
    if not is_extra_year(model, year):
        return wording.not_an_extra_year(agreement, model, year, next_extra_year(model, year),
                                         lang)
    key_model = agreement.cost_model(model.split_by)
    if not isinstance(key_model, PopulationKeyModel):
        return no_population_key(question, agreement, None)
    checked = check_years(question, agreement, key_model.base_year, (year,))
    if isinstance(checked, Answer):
        return checked
    return split_table(split_year(agreement, key_model, year, figures), lang, question.today,
                       figures)


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
        return many(question.lang, tuple(_operation_message(question, h) for h in hits))
    models = [(a, m) for a in agreements for m in equal_split_models(a)
              if not named or a.id in named]
    if not models:
        return problems.no_equal_split(question.lang)
    return many(question.lang, tuple(_equal_split_message(question, a, m) for a, m in models))


def _participants(question: Question, model: EqualSplitModel) -> int | Problem:
    count = question.participants or model.default_participants
    if not participants_allowed(model, count):
        return problems.wrong_participants(model, count, question.lang)
    return count


def _operation_message(question: Question, hit: OperationHit) -> Answer:
    count = _participants(question, hit.model)
    if isinstance(count, Problem):
        return count
    return wording.operation_message(hit.operation.name, hit.agreement, hit.model, count,
                                     question.amount,
                                     count_given=question.participants is not None,
                                     lang=question.lang, subject=question.subject)


def _equal_split_message(
    question: Question, agreement: Agreement, model: EqualSplitModel,
) -> Answer:
    count = _participants(question, model)
    if isinstance(count, Problem):
        return count
    return wording.equal_split_message(agreement, model, count, question.amount,
                                       count_given=question.participants is not None,
                                       lang=question.lang, subject=question.subject)


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
        return problems.stale_button(request.lang)
    figures = tuple(store.population_figures())
    return split_table(split_year(target[0], model, target[1], figures), request.lang,
                       request.today, figures)


def act_budget(request: Request, value: str, store: Store) -> Answer:
    """Button "Per kostnadspost": the budget lines behind a budget answer."""
    target = _action_target(value, store)
    model = budget_model(target[0]) if target else None
    if target is None or model is None or target[1] < model.base_year:
        return problems.stale_button(request.lang)
    return budget_table(budget_year(model, target[1]), target[0], request.lang, request.today)


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
                  "andel", "andelen", "share", "skillnad",
                  "skillnaden", "difference", "jamfor", "compare",
                  "kvalitetsgranskning", "kvalitetsgranskningen"),
        # Not "samordnaren": every question about what the coordinator costs has a cost word
        # ("kostar", "betalar", "delas"); "vad ska samordnaren göra i januari?" has none.
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
