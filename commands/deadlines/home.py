"""The deadlines' section of the App Home tab: the coming 30 days, nearest first."""

from __future__ import annotations

import datetime as dt

from commands.core.answers import Answer, Code, Message, Strong, Text, rich
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.text import day, say
from commands.deadlines.rules import occurrences

HOME_DAYS = 30
HOME_ROWS = 8


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: the deadlines of the coming 30 days, nearest first."""
    lang, today = request.lang, request.today
    found = [o for o in occurrences(store.agreements(), today,
                                    today + dt.timedelta(days=HOME_DAYS)) if o.act_by >= today]
    if not found:
        return None
    lines: tuple[Text, ...] = tuple(
        f"• {day(o.act_by, lang)} – {o.title} ({o.agreement})" for o in found[:HOME_ROWS]
    )
    more = len(found) - HOME_ROWS
    if more > 0:
        lines += (rich(say(lang, f"… och {more} till: fråga ", f"… and {more} more: ask "),
                       Code(say(lang, "/avtal deadlines de närmaste 30 dagarna",
                                "/avtal deadlines next 30 days")), "."),)
    return Message(lang=lang, text=rich(Strong(say(lang, "Deadlines de närmaste 30 dagarna",
                                                   "Deadlines in the next 30 days"))),
                   details=lines)
