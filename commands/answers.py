"""The answer types both renderers understand.

A handler returns one of these plain, frozen objects; ``bot/render`` turns it into Block
Kit for Slack and into text for the console, the CLI and notification fallbacks. A new
answer type needs both renderers and a test that checks both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from commands.context import Lang


@dataclass(frozen=True)
class Action:
    """A button in Slack, a numbered choice in the console.

    ``action_id`` names a handler in ``commands.table.ACTIONS``; ``value`` is its argument.
    """

    label: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Answer:
    lang: Lang


@dataclass(frozen=True)
class Message(Answer):
    """A headline with optional detail lines, the rule's source and a note on readings."""

    text: str
    details: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    actions: tuple[Action, ...] = ()
    # In Slack, show this instead of the message whose button was clicked (a voting card
    # moving on to the next statement); elsewhere it is simply the next message.
    replaces_clicked: bool = False
    # Shows one person's own answers (a voting card): it may replace the clicked message only
    # where no one else sees it — a DM or an ephemeral message, never a channel post.
    personal: bool = False


@dataclass(frozen=True)
class Problem(Answer):
    """Something the user can fix: an unknown name, a bad year, a missing argument."""

    message: str
    suggestions: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def suggestion_line(self) -> str | None:
        if not self.suggestions:
            return None
        names = " eller ".join(self.suggestions) if self.lang == "sv" else " or ".join(
            self.suggestions
        )
        return f"Menade du {names}?" if self.lang == "sv" else f"Did you mean {names}?"


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    summary: str
    example: str


@dataclass(frozen=True)
class HelpAnswer(Answer):
    intro: str
    entries: tuple[HelpEntry, ...]
    understood: bool = True  # False: the help stands in for a question I could not place


@dataclass(frozen=True)
class Column:
    header: str
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Table(Answer):
    """A table with an optional sum row; ``csv_name`` offers it as a CSV file."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    details: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None
    csv_name: str | None = None
    csv_rows: tuple[tuple[str, ...], ...] = field(default=())  # raw values for export
    csv_query: str | None = None  # the question that makes this table again (set by the router)


@dataclass(frozen=True)
class Many(Answer):
    """Several answers to one question, e.g. a party that is in two agreements."""

    parts: tuple[Answer, ...]


@dataclass(frozen=True)
class Attachment:
    """A file to deliver with a message (a chart PNG, a CSV, an .ics calendar)."""

    filename: str
    content: bytes
    title: str


@dataclass(frozen=True)
class Delivery:
    """A message to someone other than the asker: a DM to ``user`` or a post in ``channel``.

    The domain decides *what* to send to whom; ``bot/`` does the sending (Slack: open the DM
    and post, upload the file; console: print it with its address).
    """

    answer: Answer
    user: str | None = None
    channel: str | None = None
    attachment: Attachment | None = None
    # Names what this delivery accomplishes (``reflection-result:12``) when its arrival must
    # be recorded: the Slack sender reports such a delivery's success or failure back.
    key: str | None = None


@dataclass(frozen=True)
class Outcome(Answer):
    """A reply to the asker plus messages to others (invitations, results, reminders)."""

    reply: Answer
    deliveries: tuple[Delivery, ...] = ()
