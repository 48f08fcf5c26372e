"""Renderers: an answer object -> Block Kit blocks (Slack) or plain text (console, CLI,
notification fallback). Both dispatch on the answer's type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.render.blocks import to_blocks
    from bot.render.text import to_text

__all__ = ["to_blocks", "to_text"]


def __getattr__(name: str) -> Any:
    # Imported on first use: Block Kit's models (slack_sdk) are not needed to print an
    # answer as text, and `avtalsbot ask` should not pay for loading them.
    if name == "to_blocks":
        from bot.render.blocks import to_blocks

        return to_blocks
    if name == "to_text":
        from bot.render.text import to_text

        return to_text
    raise AttributeError(f"module 'bot.render' has no attribute {name!r}")
