"""Renderers: an answer object -> Block Kit blocks (Slack) or plain text (console, CLI,
notification fallback). Both dispatch on the answer's type."""

from bot.render.blocks import to_blocks
from bot.render.text import to_text

__all__ = ["to_blocks", "to_text"]
