"""Budget lines by name and year ("vad kostar lokalerna 2027?", "overhead 2026", "budget före
OH"): which line a question names, and its amount from the cost rule of 001 §11.2.

The amounts come from the costs domain's own ``budget_year`` (every line and the overhead
raised alike and settled so they sum to the year's total), so a line here always agrees with
the budget table costs shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from commands.core.agreement import Agreement
from commands.core.cost_models import BudgetLinesModel
from commands.core.text import fold
from commands.costs.rules import budget_year
from commands.knowledge.rules.remembered import Remembered
from commands.knowledge.rules.terms import Vocabulary, tokens

OVERHEAD = "overhead"
BEFORE_OVERHEAD = "before-overhead"
_OVERHEAD_WORDS = frozenset({"oh", "overhead", "oh-kostnad", "oh-kostnader", "ohkostnader"})
_BEFORE = re.compile(r"\b(?:f[oö]re|utan|exkl\.?|exklusive|before|excluding|without)\s+"
                     r"(?:oh|overhead)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
# A budget line is asked for as an amount: a year, a cost word or "hur mycket"; never a who.
_AMOUNT = re.compile(r"\b(?:20\d\d|kost\w*|kosa\w*|budget\w*|belopp\w*|hur\s+mycket|how\s+much|"
                     r"cost\w*|amount|line|post\w*|oh|overhead|kr|kronor|sek)\b", re.IGNORECASE)
_FACT = re.compile(r"\b(?:vem|vilka|vilken|vilket|who|which|ansvar\w*|mall\w*|template)\b",
                   re.IGNORECASE)
# English (and everyday Swedish) names of the lines (folded): the sources name each one way.
_ENGLISH_LINE_WORDS = {"personnel": "personal", "staff": "personal", "premises": "lokalkostnad",
                       "rent": "lokalkostnad", "hyra": "lokalkostnad",
                       "hyran": "lokalkostnad", "lokalhyra": "lokalkostnad",
                       "lokalhyran": "lokalkostnad", "apartments": "jourlagenhet",
                       "apartment": "jourlagenhet", "training": "fortbildningsinsats",
                       "trappan": "trappan", "supervision": "handledning",
                       "travel": "resa", "office": "omkostnad", "overheads": "omkostnad"}
_GENERIC = frozenset({"kostnad", "inkl", "po", "ex", "kommun", "tjanst", "ovrig"})


@dataclass(frozen=True)
class LineAsk:
    agreement: Agreement
    model: BudgetLinesModel
    line: str  # a line's title, OVERHEAD or BEFORE_OVERHEAD
    year: int | None


def find_line(text: str, agreements: Sequence[Agreement], named: Sequence[str],
              vocabulary: Vocabulary) -> LineAsk | None:
    """The budget line ``text`` names, in the agreement named (or the one with budget lines)."""
    with_lines = [(a, m) for a in agreements for m in a.cost_models
                  if isinstance(m, BudgetLinesModel) and (not named or a.id in named)]
    if len(with_lines) != 1:
        return None
    agreement, model = with_lines[0]
    if not _AMOUNT.search(text) or _FACT.search(text):
        return None  # "vem ansvarar för lokalerna?" asks who, not how much
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    words = [fold(w) for w in tokens(text)]
    if _BEFORE.search(text):
        return LineAsk(agreement, model, BEFORE_OVERHEAD, year)
    if any(w in _OVERHEAD_WORDS for w in words) or "oh-" in text.casefold():
        return LineAsk(agreement, model, OVERHEAD, year)
    asked = set()
    for word in words:
        word = _ENGLISH_LINE_WORDS.get(word, word)
        asked.update(_head(vocabulary, word))
    best: tuple[int, int, str] | None = None
    for title, head_terms, title_terms in _line_terms(model, vocabulary):
        hits = len(head_terms & asked)
        if hits and (best is None or (hits, len(title_terms & asked)) > best[:2]):
            best = (hits, len(title_terms & asked), title)
    return LineAsk(agreement, model, best[2], year) if best else None


_LineTerms = list[tuple[str, set[str], set[str]]]
_lines: Remembered[_LineTerms] = Remembered()


def _line_terms(model: BudgetLinesModel, vocabulary: Vocabulary) -> _LineTerms:
    """Each line's title with the terms of its head ("Personalkostnad" of "Personalkostnad:
    samordnare …") and of the whole title, worked out once per model and vocabulary."""

    def work_out() -> _LineTerms:
        found = []
        for line in model.lines:
            head = re.split(r"[:,(]", line.title)[0]
            found.append((line.title,
                          {t for w in tokens(head) for t in _head(vocabulary, w)} - _GENERIC,
                          {t for w in tokens(line.title) for t in _head(vocabulary, w)}
                          - _GENERIC))
        return found

    return _lines.get((model, vocabulary), work_out)


def _head(vocabulary: Vocabulary, word: str) -> set[str]:
    """A word's lemma and, for a compound, its first part: "personalkostnaden" is about
    "personal", "lokalerna" about "lokal" — but "ledningsgrupp" is not about "handledning"."""
    terms = vocabulary.terms(word)
    return set(terms[:2])


def amount(ask: LineAsk, year: int) -> tuple[int, int, int]:
    """(this year's amount, the base year's amount, the year's total)."""
    budget = budget_year(ask.model, year)
    base = budget_year(ask.model, ask.model.base_year)
    if ask.line == OVERHEAD:
        return int(budget.overhead), int(base.overhead), int(budget.total)
    if ask.line == BEFORE_OVERHEAD:
        return (int(budget.total - budget.overhead), int(base.total - base.overhead),
                int(budget.total))
    now = next(a for t, _, a in budget.lines if t == ask.line)
    then = next(a for t, _, a in base.lines if t == ask.line)
    return int(now), int(then), int(budget.total)
