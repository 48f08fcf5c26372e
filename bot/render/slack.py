"""An answer as Slack message arguments: blocks plus the notification headline."""

from __future__ import annotations

from typing import Any

from bot.render import to_blocks
from bot.render.blocks import MAX_BLOCKS, block_count
from bot.render.text import headline
from commands.core.answers import Answer, Many


def message(answer: Answer) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond / ack: blocks plus the fallback
    text, which is what a phone's notification shows — one natural headline (the message's
    first sentence, a table's title), never the button list the console prints."""
    return {"blocks": to_blocks(answer), "text": headline(answer)}


def messages(answer: Answer) -> list[dict[str, Any]]:
    """A posted answer as one or more messages: the first is the post, the others go in its
    thread. A ``Many`` too long for Slack's 50 blocks (a result with 300 comments) is split
    between its parts, so its later parts continue in the thread instead of being cut."""
    if not isinstance(answer, Many) or block_count(answer) <= MAX_BLOCKS:
        return [message(answer)]
    groups: list[list[Answer]] = [[]]
    for part in answer.parts:
        size = sum(block_count(p) + 1 for p in groups[-1]) + block_count(part)
        if groups[-1] and size > MAX_BLOCKS:
            groups.append([])
        groups[-1].append(part)
    return [message(group[0] if len(group) == 1 else Many(lang=answer.lang, parts=tuple(group)))
            for group in groups]
