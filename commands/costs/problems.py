"""What the bot says when a cost question cannot be answered as asked — a bad year, an
unknown name, an agreement without a per-party key, a count of operations the agreement
does not allow — always with what to write instead.

Split from ``wording`` (which words the answers) to keep each module readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from commands.core.agreement import Agreement, Party
from commands.core.answers import Message, Problem, Quote, Text, rich
from commands.core.context import Lang
from commands.core.cost_models import EqualSplitModel, OwnFinancingModel
from commands.core.text import fraction_words, say

# "2999" is a typo, not a budget question; the wording of a bad year says so.
MAX_YEARS_AHEAD = 100
MAX_RANGE_YEARS = 40  # keeps a table inside Slack's message limits


def wrong_participants(model: EqualSplitModel, count: int, lang: Lang) -> Problem:
    low, high = model.min_participants, len(model.operations)
    span = str(low) if low == high else f"{low}–{high}"
    return Problem(lang=lang, message=say(
        lang, f"Samordnarens kostnad delas av {span} basverksamheter, inte {count} "
              f"({model.source}).",
        f"The coordinator's cost is shared by {span} operations, not {count} "
        f"({model.source})."))


def no_extra_costs(agreement: Agreement, lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(
        lang, f"{agreement.short_name} har inga återkommande extrakostnader.",
        f"{agreement.short_name} has no recurring extra costs."))


def which_agreement(candidates: Sequence[Agreement], lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(lang, "Vilket avtal menar du?", "Which agreement?"),
                   suggestions=tuple(a.short_name for a in candidates), examples=examples(lang))


def too_many_years(lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(
        lang, f"Det är för många år på en gång; jag visar högst {MAX_RANGE_YEARS}.",
        f"That is too many years at once; I show at most {MAX_RANGE_YEARS}."),
        examples=examples(lang))


def before_first_year(agreement: Agreement, before: int, first_year: int, lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(
        lang, f"{agreement.short_name} har ingen kostnadsfördelning för {before}: avtalet gäller "
              f"från {agreement.term.start.isoformat()} och den första fördelningen avser "
              f"{first_year}.",
        f"{agreement.short_name} has no cost split for {before}: the agreement applies from "
        f"{agreement.term.start.isoformat()} and the first split is for {first_year}."),
        examples=(say(lang, f"fördelning {agreement.short_name} {first_year}",
                      f"split {agreement.short_name} {first_year}"),))


def bad_year(said: str, lang: Lang) -> Problem:
    """A year that cannot be meant as written: "20266", "2030–2025", "år 5"."""
    return Problem(lang=lang, message=say(
        lang, rich("Jag förstår inte årtalet \"", Quote(said), "\". Skriv ett år som 2026, ett "
                   "intervall som 2025–2030, eller \"i år\", \"nästa år\", \"förra året\" "
                   f"(högst {MAX_YEARS_AHEAD} år framåt)."),
        rich("I don't understand the year \"", Quote(said), "\". Write a year like 2026, a range "
             "like 2025–2030, or \"this year\", \"next year\", \"last year\" (at most "
             f"{MAX_YEARS_AHEAD} years ahead).")), examples=examples(lang))


def unknown_name(
    word: str, suggestions: tuple[str, ...], agreements: Sequence[Agreement], *,
    party_only: bool, lang: Lang,
) -> Problem:
    """A name that matches nothing: say so, and offer the closest names ("Menade du …?")."""
    said = Quote(word)
    if party_only:
        message = say(lang, rich("Jag hittar ingen part som heter \"", said, "\" i avtalen."),
                      rich("I can't find a party called \"", said, "\" in the agreements."))
    else:
        message = say(lang, rich("Jag hittar inget avtal eller någon part som heter \"", said,
                                 "\"."),
                      rich("I can't find an agreement or a party called \"", said, "\"."))
        if not suggestions:  # nothing close: list what there is, not a "did you mean"
            names = ", ".join(a.short_name for a in agreements if any(
                not isinstance(m, OwnFinancingModel) for m in a.cost_models))
            message = rich(message, " ", say(lang, f"Avtal med kostnadsfördelning: {names}.",
                                             f"Agreements with a cost split: {names}."))
    return Problem(lang=lang, message=message, suggestions=suggestions, examples=examples(lang))


def no_equal_split(lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(
        lang, "Inget av de nämnda avtalen delar samordnarens kostnad lika.",
        "None of the agreements named shares the coordinator's cost equally."),
        examples=(say(lang, "samordnaren kostar 180 000 kr – vad betalar barnhälsovården?",
                      "the coordinator costs 180 000 kr – what does barnhälsovården pay?"),))


def no_population_key(
    agreement: Agreement, party: Party | None, equal_splits: Sequence[EqualSplitModel],
    lang: Lang,
) -> Message:
    """An agreement (or a party in it) without a per-party cost key: say what it does have."""
    who = party.short_name if party else agreement.short_name
    text = say(lang, f"{who} ingår i {agreement.short_name}, som inte fördelar kostnader per part.",
               f"{who} is in {agreement.short_name}, which does not split costs by party.")
    if party is None:
        text = say(lang, f"{agreement.short_name} fördelar inte kostnader per part.",
                   f"{agreement.short_name} does not split costs by party.")
    details: list[Text] = []
    source = agreement.source_document
    for own in (m for m in agreement.cost_models if isinstance(m, OwnFinancingModel)):
        details.append(rich(f"{own.title}: ", Quote(own.quote)))
        source = own.source
    for model in equal_splits:
        details.append(say(lang, f"{model.title} "
                                 f"({fraction_words(model.default_participants, lang)}"
                                 f" per basverksamhet). Fråga t.ex. \"samordnaren kostar "
                                 f"180 000 kr – vad betalar barnhälsovården?\"",
                           f"{model.title} ({fraction_words(model.default_participants, lang)} "
                           f"per base operation). Ask e.g. \"the coordinator costs 180 000 kr – "
                           f"what does barnhälsovården pay?\""))
        source = model.source
    return Message(lang=lang, text=text, details=tuple(details), source=source)


def stale_button(lang: Lang) -> Problem:
    return Problem(lang=lang, message=say(lang, "Den uppgiften finns inte längre.",
                                          "That information is no longer available."))


def examples(lang: Lang) -> tuple[str, ...]:
    return (say(lang, "vad betalar Krokom 2026?", "what does Krokom pay in 2026?"),
            say(lang, "fördelning CMV 2026", "split CMV 2026"),
            say(lang, "Krokom 2025–2030", "Krokom 2025-2030"))
