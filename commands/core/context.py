"""The request a command handler gets: the words, who and where, and *today*.

Handlers never read a clock: ``today`` (and ``now`` where a time of day matters) come in
here, so every rule can be tested on any date without patching time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from commands.core.lang import Lang as Lang

STOCKHOLM = ZoneInfo("Europe/Stockholm")

if TYPE_CHECKING:
    from commands.core.ports import Directory


@dataclass(frozen=True)
class Request:
    text: str
    today: dt.date
    user: str = "console"
    channel: str | None = None
    lang: Lang = "sv"
    now: dt.datetime | None = field(default=None)
    # Who is in which channel (Slack's member lists or the console's simulated users);
    # None where no one can be looked up, e.g. the one-shot CLI.
    directory: Directory | None = field(default=None, compare=False, repr=False)
    # How long a closed round's votes, comments and participant list are kept
    # (AVTALSBOT_RETENTION_DAYS): App Home states it as it is configured.
    retention_days: int = 1095

    def with_text(self, text: str) -> Request:
        return replace(self, text=text)
