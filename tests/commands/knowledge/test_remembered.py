"""What the knowledge claim remembers between questions — an agreement's naming phrases, the
budget lines' terms, a typo's closest word — follows the agreements and documents it was
worked out from: new objects (a reload, an import) are read anew."""

from __future__ import annotations

from commands.core.cost_models import BudgetLinesModel
from commands.knowledge import budget
from commands.knowledge.command import index_for
from commands.knowledge.question import named_agreements
from commands.knowledge.rules import ranking
from commands.knowledge.rules.remembered import Remembered
from tests.commands.agreements_fixture import MemoryStore, bundled

STORE = MemoryStore()


def test_naming_phrases_follow_the_agreements() -> None:
    index = index_for(STORE.documents())
    agreements = list(bundled())
    assert named_agreements("vad säger Zorro om lokaler?", agreements, index) == []
    renamed = [a.model_copy(update={"aliases": (*a.aliases, "Zorro")}) if i == 0 else a
               for i, a in enumerate(agreements)]
    assert named_agreements("vad säger Zorro om lokaler?", renamed, index) == [
        agreements[0].id]
    assert named_agreements("vad säger Zorro om lokaler?", agreements, index) == []


def test_budget_lines_follow_the_model() -> None:
    index = index_for(STORE.documents())
    agreements = list(bundled())
    holder = next(a for a in agreements
                  if any(isinstance(m, BudgetLinesModel) for m in a.cost_models))
    model = next(m for m in holder.cost_models if isinstance(m, BudgetLinesModel))
    found = budget.find_line("handledning 2026", agreements, (), index.vocabulary)
    assert found is not None and "handledning" in found.line.casefold()

    lines = tuple(line.model_copy(update={"title": "Trädgårdsskötsel"})
                  if "handledning" in line.title.casefold() else line for line in model.lines)
    changed_model = model.model_copy(update={"lines": lines})
    changed = holder.model_copy(update={"cost_models": tuple(
        changed_model if m is model else m for m in holder.cost_models)})
    others = [changed if a is holder else a for a in agreements]
    found = budget.find_line("trädgårdsskötsel 2026", others, (), index.vocabulary)
    assert found is not None and found.line == "Trädgårdsskötsel"
    assert budget.find_line("trädgårdsskötsel 2026", agreements, (), index.vocabulary) is None


def test_a_typo_is_read_as_the_closest_word_of_its_own_index() -> None:
    index = index_for(STORE.documents())
    assert index.closest("huvudmna") == index.closest("huvudmna") == "huvudman"
    fresh = ranking.build_index(STORE.documents())
    assert fresh.closest("huvudmna") == "huvudman"
    assert index.closest("qqqqqqq") is None and "qqqqqqq" in index._closest


def test_a_value_is_worked_out_again_only_for_other_objects() -> None:
    remembered: Remembered[int] = Remembered()
    calls: list[int] = []

    def work_out() -> int:
        calls.append(1)
        return len(calls)

    a, b = object(), object()
    assert remembered.get((a, b), work_out) == 1
    assert remembered.get([a, b], work_out) == 1  # the same objects, in another sequence
    assert remembered.get((a,), work_out) == 2  # fewer
    assert remembered.get((a, object()), work_out) == 3  # one new
    agreements = [x.model_copy() for x in bundled()]
    assert remembered.get(agreements, work_out) == 4
    assert remembered.get(tuple(agreements), work_out) == 4
    assert remembered.get([x.model_copy() for x in agreements], work_out) == 5  # equal, new
