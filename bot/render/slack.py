"""An answer as Slack message arguments: blocks plus the notification headline."""

from __future__ import annotations

from typing import Any

from bot.render import to_blocks
from bot.render.text import headline
from commands.core.answers import Answer


def message(answer: Answer) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond / ack: blocks plus the fallback
    text, which is what a phone's notification shows — one natural headline (the message's
    first sentence, a table's title), never the button list the console prints."""
    return {"blocks": to_blocks(answer), "text": headline(answer)}
