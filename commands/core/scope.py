"""Which agreements a conversation is about when the question names none: those whose
channel it was asked in. Shared by every agreement-scoped command (deadlines, reminders,
meetings, calendar), so none of them depends on another for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from commands.core.agreement import Agreement


def agreements_for_channel(channel: str | None, agreements: Sequence[Agreement]) -> list[Agreement]:
    """Agreements that have ``channel`` (a Slack channel id) as one of their channels."""
    if not channel:
        return []
    return [a for a in agreements if any(c.slack_channel == channel for c in a.channels)]
