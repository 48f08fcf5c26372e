"""An answer as Slack message arguments: blocks plus the plain-text fallback."""

from __future__ import annotations

from typing import Any

from bot.render import to_blocks, to_text
from commands.core.answers import Answer

# Slack truncates notification text; 3000 keeps the fallback readable on a lock screen.
_FALLBACK_LIMIT = 3000


def message(answer: Answer) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond / ack: blocks plus fallback text."""
    return {"blocks": to_blocks(answer), "text": to_text(answer)[:_FALLBACK_LIMIT]}
