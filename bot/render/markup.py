"""Structured answer text -> Slack mrkdwn or plain text: the one place that formats and escapes.

Every piece of text is escaped once, here: Slack reads ``&``, ``<`` and ``>`` as control
characters, so escaping them means a comment or an echoed question can never ping a channel
(``<!channel>``) or fake a link. Emphasis, code, mentions and channel links come only from the
span types in ``commands.core.answers``, never from characters inside a string.
"""

from __future__ import annotations

import re

from commands.core.answers import ChannelRef, Code, Quote, Rich, Span, Strong, Text, UserRef

_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn_span(span: Span) -> str:
    if isinstance(span, str):
        return escape(span)
    if isinstance(span, Strong):
        return f"*{escape(span.text)}*" if span.text.strip() else escape(span.text)
    if isinstance(span, Code):
        return f"`{escape(span.text)}`" if span.text else ""
    if isinstance(span, Quote):
        return escape(span.text)
    if isinstance(span, UserRef):
        return f"<@{span.user}>" if span.user[:1] in {"U", "W"} else escape(span.user)
    if isinstance(span, ChannelRef):
        name = span.channel.lstrip("#")
        return f"<#{name}>" if _CHANNEL_ID.fullmatch(name) else f"#{escape(name)}"
    raise TypeError(f"unknown span {span!r}")


def mrkdwn(text: Text) -> str:
    """Slack mrkdwn for a text."""
    if isinstance(text, Rich):
        return "".join(_mrkdwn_span(span) for span in text.spans)
    return escape(text)


def plain(text: Text) -> str:
    """The console's and the notification's reading: the words, no marks."""
    return str(text)
