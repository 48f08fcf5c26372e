"""The answer types both renderers understand.

A handler returns one of these plain, frozen objects; ``bot/render`` turns it into Block
Kit for Slack and into text for the console, the CLI and notification fallbacks. A new
answer type needs both renderers and a test that checks both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from commands.core.context import Lang

# --- Text with structure ----------------------------------------------------------------
# Answers never hold Slack markup. A text is a plain ``str`` or a ``Rich`` sequence of spans;
# each renderer formats the spans (Slack: ``*bold*``, ``<@U…>``; console: plain) and escapes
# every piece of text once, so someone's own words can never ping a channel or fake a link.


@dataclass(frozen=True)
class Strong:
    """Emphasis: the figure or name a reader's eye should land on."""

    text: str


@dataclass(frozen=True)
class Code:
    """A command or value to type as shown (`/avtal hjälp`)."""

    text: str


@dataclass(frozen=True)
class Quote:
    """Someone's own words (a comment, an echoed question): shown as written, never markup."""

    text: str


@dataclass(frozen=True)
class UserRef:
    """A Slack user, by id: a mention in Slack, the id in the console."""

    user: str


@dataclass(frozen=True)
class ChannelRef:
    """A channel, by id (``C…``/``G…``) or by name: a link in Slack, ``#name`` in the console."""

    channel: str


Span = str | Strong | Code | Quote | UserRef | ChannelRef


@dataclass(frozen=True)
class Rich:
    """A text made of spans; ``str(rich)`` is its plain reading (for logs and comparisons)."""

    spans: tuple[Span, ...]

    def __str__(self) -> str:
        return "".join(plain_span(span) for span in self.spans)


Text = str | Rich


def rich(*parts: Span | Rich) -> Rich:
    """``rich("Krokom betalar ", Strong("575 702 kr"), ".")``; nested ``Rich`` is flattened."""
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, Rich):
            spans.extend(part.spans)
        elif part != "":
            spans.append(part)
    return Rich(tuple(spans))


def plain_span(span: Span) -> str:
    if isinstance(span, str):
        return span
    if isinstance(span, UserRef):
        return span.user
    if isinstance(span, ChannelRef):
        return span.channel if span.channel.startswith("#") else f"#{span.channel}"
    return span.text


def plain(text: Text) -> str:
    """The words of a text without any structure."""
    return text if isinstance(text, str) else str(text)


@dataclass(frozen=True)
class Confirm:
    """A question asked before a button acts (Slack's confirmation dialog; "Säker? (j/n)" in
    the console): for a step that cannot be undone, such as closing a round."""

    title: str
    text: str
    yes: str
    no: str


@dataclass(frozen=True)
class Action:
    """A button in Slack, a numbered choice in the console.

    ``action_id`` names a handler in ``commands.core.registry.ACTIONS``; ``value`` is its argument.
    """

    label: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None
    confirm: Confirm | None = None


@dataclass(frozen=True)
class Pick:
    """A list to choose one item from (Slack: a menu; console: the command that does the
    same). ``groups`` are (heading, ((label, value), …)); the chosen value goes to the
    ``action_id`` handler like a button's."""

    placeholder: str
    action_id: str
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    hint: Text = ""


@dataclass(frozen=True)
class Answer:
    lang: Lang


@dataclass(frozen=True)
class Message(Answer):
    """A headline with optional detail lines, the rule's source and a note on readings."""

    text: Text
    details: tuple[Text, ...] = ()
    source: str | None = None
    note: Text | None = None
    actions: tuple[Action, ...] = ()
    pick: Pick | None = None
    # In Slack, show this instead of the message whose button was clicked (a voting card
    # moving on to the next statement); elsewhere it is simply the next message.
    replaces_clicked: bool = False
    # Shows one person's own answers (a voting card): it may replace the clicked message only
    # where no one else sees it — a DM or an ephemeral message, never a channel post.
    personal: bool = False


@dataclass(frozen=True)
class Problem(Answer):
    """Something the user can fix: an unknown name, a bad year, a missing argument."""

    message: Text
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
class Refusal(Problem):
    """Not allowed, and nothing was changed: shown only to the asker (ephemeral in Slack,
    never posted in the channel), saying who may do it and how to get the role."""


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    summary: str
    example: str


@dataclass(frozen=True)
class HelpAnswer(Answer):
    intro: Text
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
    details: tuple[Text, ...] = ()
    source: str | None = None
    note: Text | None = None
    csv_name: str | None = None
    csv_rows: tuple[tuple[str, ...], ...] = field(default=())  # raw values for export
    csv_query: str | None = None  # the question that makes this table again (set by the router)


@dataclass(frozen=True)
class Many(Answer):
    """Several answers to one question, e.g. a party that is in two agreements."""

    parts: tuple[Answer, ...]


@dataclass(frozen=True)
class ChartBar:
    """One bar of a stacked bar chart: a label and one count per series; a heading has none."""

    label: str
    values: tuple[int, ...] = ()
    heading: bool = False


@dataclass(frozen=True)
class Chart:
    """A horizontal stacked bar chart, drawn by ``bot/render/chart`` (PNG).

    ``alt_text`` says in words what the picture shows, for screen readers and for Slack's
    image description.
    """

    title: str
    series: tuple[str, ...]
    bars: tuple[ChartBar, ...]
    alt_text: str
    axis_label: str = ""


@dataclass(frozen=True)
class CalendarEntry:
    """One event of a calendar file: a meeting at a time, or a whole day (a deadline, a meeting
    without a time).

    ``uid`` is a stable key (``cmv-jamtland/styrgrupp/2027-02-12``), so that importing a newer
    file updates the event instead of adding a second one; the file writer makes it globally
    unique. A timed entry runs from ``start`` to ``end``, aware datetimes. A whole-day entry has
    dates: its first day and its last, inclusive, as a reader says it (the writer turns that
    into the file format's exclusive end).
    """

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    description: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    busy: bool = True  # False: shown as free time, e.g. a reminder rather than an occupied day

    @property
    def timed(self) -> bool:
        return isinstance(self.start, dt.datetime)


@dataclass(frozen=True)
class CalendarFile:
    """Events that ``bot/render/ical`` writes as an iCalendar file (RFC 5545); ``stamp`` is
    when the file was made (each event's DTSTAMP), an aware datetime."""

    name: str
    entries: tuple[CalendarEntry, ...]
    stamp: dt.datetime


@dataclass(frozen=True)
class Attachment:
    """A file to deliver with a message. The domain says *what* is in it (a table, a chart,
    a calendar); ``bot/render/files`` turns it into bytes (CSV, PNG, .ics)."""

    filename: str
    content: Table | Chart | CalendarFile | bytes
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
