"""Choosing what a cost question is about: the agreements (named, through a party, or the
only one with the model asked about), the years a model can answer, and the answer that says
an agreement has no population key — shared by ``command`` and ``groups``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from commands.core.agreement import Agreement, Party
from commands.core.answers import Answer, Many
from commands.core.context import Lang
from commands.costs import problems
from commands.costs.problems import MAX_RANGE_YEARS, MAX_YEARS_AHEAD
from commands.costs.question import Intent, Question
from commands.costs.rules import equal_split_models


def chosen_agreements(
    question: Question, agreements: Sequence[Agreement],
    has_model: Callable[[Agreement], object],
) -> tuple[Agreement, ...] | Answer:
    """The agreements named, or the only one with the kind of model asked about."""
    named = question.mentions.agreements or tuple(
        {hit.agreement.id: hit.agreement for hit in question.mentions.parties}.values())
    if named:
        return named
    if question.mentions.unknown:
        unknown = question.mentions.best_unknown()
        return problems.unknown_name(unknown.word if unknown else "",
                                    unknown.suggestions if unknown else (), agreements,
                                    party_only=question.intent is Intent.PARTY,
                                    lang=question.lang)
    candidates = tuple(a for a in agreements if has_model(a) is not None)
    if len(candidates) == 1:
        return candidates
    return problems.which_agreement(candidates, question.lang)


def check_years(
    question: Question, agreement: Agreement, first_year: int, years: Sequence[int],
    *, clip: bool = False,
) -> tuple[int, ...] | Answer:
    """Years the model can answer: from its first year, not absurdly far ahead.

    ``clip``: a range reaching back before the first year ("Krokom 2020–2030") keeps the
    years that can be answered; a single year or a comparison must be answerable as asked.
    """
    too_far = [y for y in years if y > question.today.year + MAX_YEARS_AHEAD]
    if too_far:
        return problems.bad_year(str(too_far[0]), question.lang)
    if len(years) > MAX_RANGE_YEARS:
        return problems.too_many_years(question.lang)
    valid = tuple(y for y in years if y >= first_year)
    if valid == tuple(years) or (clip and valid):
        return valid
    return problems.before_first_year(agreement, min(years), first_year, question.lang)


def no_population_key(
    question: Question, agreement: Agreement, party: Party | None,
) -> Answer:
    return problems.no_population_key(agreement, party, equal_split_models(agreement),
                                     question.lang)


def each(question: Question, agreements: Sequence[Agreement],
          one: Callable[[Agreement], Answer]) -> Answer:
    return many(question.lang, tuple(one(a) for a in agreements))


def many(lang: Lang, parts: tuple[Answer, ...]) -> Answer:
    return parts[0] if len(parts) == 1 else Many(lang=lang, parts=parts)
