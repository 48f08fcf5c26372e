"""Answer -> Block Kit, as the plain dicts Slack reads, within Slack's limits (3000 characters
a section, 25 buttons an actions block, 75 a button's label, 100 options a menu …): each is
applied here where the text is put in. slack_sdk's typed block models did the same and checked
it, but building and checking them was half of a vote click's CPU (a card carries a menu of
30 statements); the tests parse what this writes with those models (``Block.parse``), and
the App Home view is still checked by them (``home_view``) before it is published.

Tables are sent as preformatted text inside sections: Slack has no column layout that
survives a phone screen, and monospace keeps numbers aligned.
"""

from __future__ import annotations

from functools import singledispatch
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slack_sdk.models.views import View

from bot.render.markup import escape, mrkdwn
from bot.render.text import aligned
from commands.core.answers import (
    Action,
    Answer,
    Confirm,
    HelpAnswer,
    Many,
    Message,
    Outcome,
    Pick,
    Problem,
    Table,
    Text,
)
from commands.core.text import say

Block = dict[str, Any]
MAX_BLOCKS = 50
_SECTION_LIMIT = 2900  # Slack allows 3000; leave room for the code fences


@singledispatch
def _blocks(answer: Answer) -> list[Block]:
    raise TypeError(f"no Block Kit renderer for {type(answer).__name__}")


def to_blocks(answer: Answer, limit: int = MAX_BLOCKS) -> list[dict[str, Any]]:
    """One message's blocks, at most Slack's 50 (a Home tab: 100). A longer answer is cut
    with a note saying so; where it is posted (not an ephemeral reply),
    ``bot/render/slack.messages`` splits it into a message and replies in its thread
    instead, so nothing is lost."""
    return _limited(answer, limit)


def _limited(answer: Answer, limit: int) -> list[Block]:
    blocks = _blocks(answer)
    if len(blocks) > limit:
        note = say(answer.lang, "… resten fick inte plats i ett meddelande i Slack.",
                   "… the rest did not fit in one Slack message.")
        blocks = [*blocks[:limit - 1], _context_block([note])]
    return blocks


MAX_HOME_BLOCKS = 100


def home_view(answer: Answer) -> View:
    """The App Home tab as slack_sdk's typed ``View``, checked against Slack's rules
    (``validate_json`` raises on a broken limit) before it is published."""
    from slack_sdk.models.views import View

    view = View(type="home", blocks=_limited(answer, MAX_HOME_BLOCKS))
    view.validate_json()
    return view


def block_count(answer: Answer) -> int:
    return len(_blocks(answer))


def _md(text: Text) -> str:
    """Slack mrkdwn of an answer's text, escaped once (``bot/render/markup``)."""
    return mrkdwn(text)


def _section(markdown: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": markdown[:3000]}}


def _context_block(markdowns: list[str]) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": m[:3000]}
                                            for m in markdowns[:10]]}


def _plain(text: str, *, emoji: bool = True) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, **({"emoji": True} if emoji else {})}


def _context(lang: str, source: str | None, note: Text | None) -> list[Block]:
    parts = []
    if source:
        parts.append(f"{say(lang, 'Källa', 'Source')}: {source}")  # type: ignore[arg-type]
    if note:
        parts.append(f"{say(lang, 'Not', 'Note')}: {_md(note)}")  # type: ignore[arg-type]
    if not parts:
        return []
    return [_context_block(parts)]


def _menu(pick: Pick) -> dict[str, Any]:
    # Slack's limits: 100 options in all, option and group labels 75 characters.
    groups = []
    room = 100
    for heading, options in pick.groups:
        if not options or room <= 0:
            continue
        groups.append({"label": _plain(heading[:75]), "options": [
            {"text": _plain(label[:75]), "value": value[:150]}
            for label, value in options[:room]]})
        room -= len(options)
    return {"type": "static_select", "placeholder": _plain(pick.placeholder[:150]),
            "action_id": pick.action_id[:255], "option_groups": groups}


def _buttons(actions: tuple[Action, ...], pick: Pick | None = None) -> list[Block]:
    if not actions and pick is None:
        return []
    elements: list[dict[str, Any]] = [_button(a) for a in actions[:24 if pick else 25]]
    if pick is not None:
        elements.append(_menu(pick))
    return [{"type": "actions", "elements": elements}]


def _button(action: Action) -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "text": _plain(action.label[:75]),
                              "action_id": action.action_id[:255]}
    if action.value:  # Slack takes no empty value
        button["value"] = action.value[:2000]
    if action.style in ("primary", "danger"):
        button["style"] = action.style
    if action.confirm is not None:
        button["confirm"] = _confirm(action.confirm, action.style)
    return button


def _confirm(confirm: Confirm, style: str | None) -> dict[str, Any]:
    """Slack's "are you sure?" dialog on a button whose click cannot be undone; plain text,
    within Slack's limits (title 100, text 300, buttons 30 characters)."""
    return {"title": _plain(confirm.title[:100], emoji=False),
            "text": _plain(confirm.text[:300], emoji=False),
            "confirm": _plain(confirm.yes[:30], emoji=False),
            "deny": _plain(confirm.no[:30], emoji=False),
            "style": "danger" if style == "danger" else "primary"}


@_blocks.register
def _message(answer: Message) -> list[Block]:
    body = _md(answer.text)
    if answer.details:
        body += "\n" + "\n".join(_md(d) for d in answer.details)
    return [_section(body), *_context(answer.lang, answer.source, answer.note),
            *_buttons(answer.actions, answer.pick)]


@_blocks.register
def _problem(answer: Problem) -> list[Block]:
    lines = [f":warning: {_md(answer.message)}"]
    suggestion = answer.suggestion_line()
    if suggestion:
        lines.append(suggestion)
    blocks: list[Block] = [_section("\n".join(lines))]
    if answer.examples:
        label = say(answer.lang, "Till exempel", "For example")
        blocks.append(_context_block(
            [f"{label}: " + " · ".join(f"`{e}`" for e in answer.examples)]))
    return blocks


@_blocks.register
def _help(answer: HelpAnswer) -> list[Block]:
    blocks: list[Block] = [_section(_md(answer.intro)), {"type": "divider"}]
    for entry in answer.entries:
        blocks.append(_section(f"*{entry.usage}* — {entry.summary}\n`{entry.example}`"))
    return blocks


# A monospace table wider than this wraps into an unreadable mess in Slack (and sooner on a
# phone): such tables — deadline listings with long descriptions — are listed row by row.
_MONOSPACE_WIDTH = 100


def _row_entries(answer: Table) -> list[str]:
    """One entry per row: the first two cells on a line, the rest as 'Header: value'."""
    headers = [c.header for c in answer.columns]
    rows = [*answer.rows, *([answer.total] if answer.total else [])]
    entries = []
    for row in rows:
        cells = [escape(c) for c in row]
        head = f"*{cells[0]}*" + (f" — {cells[1]}" if len(cells) > 1 and cells[1] else "")
        rest = " · ".join(f"{h}: {v}" for h, v in zip(headers[2:], cells[2:], strict=False) if v)
        entries.append(head + (f"\n{rest}" if rest else ""))
    return entries


def _packed(entries: list[str], *, separator: str, fence: str) -> list[Block]:
    """Entries packed into as few sections as Slack's 3000-character limit allows."""
    sections: list[Block] = []
    chunk: list[str] = []
    for entry in entries:
        if chunk and sum(len(x) + len(separator) for x in chunk) + len(entry) > _SECTION_LIMIT:
            sections.append(_section(fence + separator.join(chunk) + fence))
            chunk = []
        chunk.append(entry[:_SECTION_LIMIT])
    if chunk:
        sections.append(_section(fence + separator.join(chunk) + fence))
    return sections


@_blocks.register
def _table(answer: Table) -> list[Block]:
    blocks: list[Block] = [{"type": "header", "text": _plain(answer.title[:150])}]
    lines = aligned(answer)
    if max(len(line) for line in lines) <= _MONOSPACE_WIDTH:
        blocks += _packed(lines, separator="\n", fence="```")
    else:
        blocks += _packed(_row_entries(answer), separator="\n\n", fence="")
    if answer.details:
        blocks.append(_section("\n".join(_md(d) for d in answer.details)))
    blocks += _context(answer.lang, answer.source, answer.note)
    if answer.csv_name and answer.csv_query:
        blocks += _buttons((Action(label=say(answer.lang, "Ladda ner som CSV", "Download CSV"),
                                   action_id="table_csv", value=answer.csv_query),))
    return blocks


@_blocks.register
def _many(answer: Many) -> list[Block]:
    blocks: list[Block] = []
    for index, part in enumerate(answer.parts):
        if index:
            blocks.append({"type": "divider"})
        blocks += _blocks(part)
    return blocks


@_blocks.register
def _outcome(answer: Outcome) -> list[Block]:
    return _blocks(answer.reply)
