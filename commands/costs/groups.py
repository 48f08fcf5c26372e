"""Cost questions about several parties or the review: who of those named pays the most,
what some pay together ("alla utom Östersund", "de sju övriga"), one party's part of the
quality review, and the years the review falls due (001 §11.3, §11.5).
"""

from __future__ import annotations

from collections.abc import Sequence

from commands.core.agreement import Agreement, PopulationFigure
from commands.core.answers import Answer
from commands.core.cost_models import PopulationKeyModel
from commands.costs import comparisons, problems
from commands.costs.choosing import check_years, chosen_agreements, each, no_population_key
from commands.costs.question import Intent, Question
from commands.costs.rules import (
    extra_models,
    is_extra_year,
    next_extra_year,
    population_model,
    split_year,
)
from commands.costs.tables import split_table
from commands.reading.names import PartyHit


def among_parties(
    question: Question, hits: Sequence[PartyHit], figures: Sequence[PopulationFigure],
) -> Answer:
    """ "Ragunda eller Bräcke, vem betalar mest?": the ranking among the parties named only."""
    agreement = hits[0].agreement
    model = population_model(agreement)
    if model is None:
        return no_population_key(question, agreement, hits[0].party)
    checked = check_years(question, agreement, model.base_year, (question.one_year(),))
    if isinstance(checked, Answer):
        return checked
    split = split_year(agreement, model, checked[0], figures)
    parts = [p for h in hits if (p := split.part(h.party.key)) is not None]
    if len(parts) < len(hits):
        missing = next(h for h in hits if split.part(h.party.key) is None)
        return no_population_key(question, agreement, missing.party)
    return comparisons.among(split, parts, question.intent is not Intent.LEAST, question.lang,
                             question.today)


def sum_answer(
    question: Question, agreements: Sequence[Agreement], figures: Sequence[PopulationFigure],
) -> Answer:
    """What several parties pay together: those named, or — "alla utom Östersund", "de sju
    övriga" — every party but those named (but the host, when none is named)."""
    unknown = question.mentions.best_unknown()
    if unknown is not None:  # a sum without one of its terms would be a wrong sum
        return problems.unknown_name(unknown.word, unknown.suggestions, agreements,
                                     party_only=True, lang=question.lang)
    chosen = chosen_agreements(question, agreements, population_model)
    if isinstance(chosen, Answer):
        return chosen

    def one(agreement: Agreement) -> Answer:
        model = population_model(agreement)
        if model is None:
            return no_population_key(question, agreement, None)
        checked = check_years(question, agreement, model.base_year, (question.one_year(),))
        if isinstance(checked, Answer):
            return checked
        split = split_year(agreement, model, checked[0], figures)
        named = {h.party.key for h in question.mentions.parties if h.agreement.id == agreement.id}
        if question.excludes():
            left_out = named or ({agreement.host} if agreement.host else set())
            parts = [p for p in split.parts if p.party.key not in left_out]
            excluded = [p for p in split.parts if p.party.key in left_out]
        else:
            parts = [p for p in split.parts if p.party.key in named]
            excluded = []
        if not parts:
            return split_table(split, question.lang, question.today, figures)
        return comparisons.together(split, parts, excluded, question.lang, question.today)

    return each(question, chosen, one)


def party_extra(question: Question, hit: PartyHit, figures: Sequence[PopulationFigure]) -> Answer:
    """One party's part of the periodic extra cost (001 §11.5): the ceiling split by the key,
    or — "av en kvalitetsgranskning på 150 000 kr" — the amount given split by the key."""
    agreement = hit.agreement
    models = extra_models(agreement)
    if not models:
        return problems.no_extra_costs(agreement, question.lang)
    model = models[0]
    key_model = agreement.cost_model(model.split_by)
    if not isinstance(key_model, PopulationKeyModel):
        return no_population_key(question, agreement, hit.party)
    years = question.years.years()
    # The key of the year named; with no year, the next year the cost falls due.
    year = years[0] if years else next_extra_year(model, question.today.year)
    checked = check_years(question, agreement, key_model.base_year, (year,))
    if isinstance(checked, Answer):
        return checked
    split = split_year(agreement, key_model, year, figures)
    part = split.part(hit.party.key)
    if part is None:
        return no_population_key(question, agreement, hit.party)
    return comparisons.party_extra(split, model, part, question.amount,
                                   due=is_extra_year(model, year),
                                   next_due=next_extra_year(model, year), lang=question.lang,
                                   today=question.today)


def extra_year_answer(question: Question, agreements: Sequence[Agreement]) -> Answer:
    """ "vilket år blir kvalitetsgranskningen efter den 2029?": the cycle read from the rule."""
    chosen = chosen_agreements(question, agreements, lambda a: extra_models(a) or None)
    if isinstance(chosen, Answer):
        return chosen

    def one(agreement: Agreement) -> Answer:
        models = extra_models(agreement)
        if not models:
            return problems.no_extra_costs(agreement, question.lang)
        years = question.years.years()
        after = years[0] if years and question.tokens & {"efter", "after"} else None
        start = after + 1 if after is not None else (years[0] if years
                                                     else question.today.year)
        return comparisons.extra_years(agreement, models[0], next_extra_year(models[0], start),
                                       after, question.lang)

    return each(question, chosen, one)
