"""Answer -> plain text, for the console, the CLI and Slack's notification fallback.

Tables are aligned in columns (numbers right-aligned); buttons become numbered choices,
which the console lets the user pick by number.
"""

from __future__ import annotations

import re
from functools import singledispatch

from bot.render.markup import plain
from commands.core.answers import (
    Action,
    Answer,
    HelpAnswer,
    Many,
    Message,
    Outcome,
    Problem,
    Table,
    Text,
)
from commands.core.text import say


@singledispatch
def to_text(answer: Answer) -> str:
    raise TypeError(f"no text renderer for {type(answer).__name__}")


def _plain(text: Text) -> str:
    """The words: emphasis and code are structure (``commands.core.answers``), which a
    terminal shows as plain text; a ``*`` someone typed stays a ``*``."""
    return plain(text)


def _footer(lang: str, source: str | None, note: Text | None) -> list[str]:
    lines = []
    if source:
        lines.append(f"{say(lang, 'Källa', 'Source')}: {source}")  # type: ignore[arg-type]
    if note:
        lines.append(f"{say(lang, 'Not', 'Note')}: {_plain(note)}")  # type: ignore[arg-type]
    return lines


def choices(actions: tuple[Action, ...]) -> list[str]:
    return [f"  [{number}] {action.label}" for number, action in enumerate(actions, start=1)]


@to_text.register
def _message(answer: Message) -> str:
    lines = [_plain(answer.text)]
    lines += [f"  {_plain(detail)}" for detail in answer.details]
    lines += _footer(answer.lang, answer.source, answer.note)
    lines += choices(answer.actions)
    if answer.pick is not None and plain(answer.pick.hint):
        lines.append(f"  {_plain(answer.pick.hint)}")
    return "\n".join(lines)


@to_text.register
def _problem(answer: Problem) -> str:
    lines = [_plain(answer.message)]
    suggestion = answer.suggestion_line()
    if suggestion:
        lines.append(suggestion)
    if answer.examples:
        lines.append(say(answer.lang, "Till exempel:", "For example:"))
        lines += [f"  {example}" for example in answer.examples]
    return "\n".join(lines)


@to_text.register
def _help(answer: HelpAnswer) -> str:
    width = max((len(entry.usage) for entry in answer.entries), default=0)
    lines = [_plain(answer.intro), ""]
    for entry in answer.entries:
        lines.append(f"  {entry.usage.ljust(width)}  {entry.summary}")
        lines.append(f"  {' ' * width}  {say(answer.lang, 't.ex.', 'e.g.')} {entry.example}")
    return "\n".join(lines)


def aligned(table: Table) -> list[str]:
    rows = [tuple(c.header for c in table.columns), *table.rows]
    if table.total is not None:
        rows.append(table.total)
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(w) if column.align == "right" else cell.ljust(w)
            for cell, w, column in zip(row, widths, table.columns, strict=True)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [line(rows[0]), rule, *(line(r) for r in table.rows)]
    if table.total is not None:
        out += [rule, line(table.total)]
    return out


@to_text.register
def _table(answer: Table) -> str:
    lines = [_plain(answer.title), *aligned(answer)]
    lines += [_plain(detail) for detail in answer.details]
    lines += _footer(answer.lang, answer.source, answer.note)
    return "\n".join(lines)


@to_text.register
def _many(answer: Many) -> str:
    return "\n\n".join(to_text(part) for part in answer.parts)


@to_text.register
def _outcome(answer: Outcome) -> str:
    return to_text(answer.reply)


# --- the notification headline ----------------------------------------------------------
# What a phone shows on the lock screen for a message: one sentence that says what it is,
# never the console's numbered buttons or a table's columns.

HEADLINE_LIMIT = 300


@singledispatch
def headline(answer: Answer) -> str:
    return _one_line(to_text(answer))


_BREAKS = re.compile(r"[ \t\r\n]+")  # not the no-break spaces inside '575 702 kr'


def _one_line(text: str) -> str:
    words = _BREAKS.sub(" ", text).strip()
    if len(words) <= HEADLINE_LIMIT:
        return words
    cut = words[:HEADLINE_LIMIT - 1].rsplit(" ", 1)[0]  # never in the middle of a word
    return cut.rstrip(" ,;:–-") + "…"


@headline.register
def _message_headline(answer: Message) -> str:
    return _one_line(_plain(answer.text))


@headline.register
def _problem_headline(answer: Problem) -> str:
    return _one_line(_plain(answer.message))


@headline.register
def _help_headline(answer: HelpAnswer) -> str:
    return _one_line(_plain(answer.intro))


@headline.register
def _table_headline(answer: Table) -> str:
    return _one_line(_plain(answer.title))


@headline.register
def _many_headline(answer: Many) -> str:
    return headline(answer.parts[0]) if answer.parts else ""


@headline.register
def _outcome_headline(answer: Outcome) -> str:
    return headline(answer.reply)
