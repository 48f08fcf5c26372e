"""Replies every domain gives in the same words: one wording, one place to change it."""

from __future__ import annotations

from commands.core.answers import Problem
from commands.core.context import Lang
from commands.core.text import say

UNKNOWN_BUTTON = "Den knappen känner jag inte igen."
UNKNOWN_BUTTON_EN = "I don't recognise that button."


def unknown_button(lang: Lang = "sv") -> Problem:
    """A click the bot cannot act on: a button from an older version of a message, or a
    value that no longer names anything (a round, a deadline, a statement)."""
    return Problem(lang=lang, message=say(lang, UNKNOWN_BUTTON, UNKNOWN_BUTTON_EN))
