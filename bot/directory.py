"""Who is who in Slack: channel members (people only: bots and deactivated accounts are left
out), a person's language (the locale in ``users.info``) and the channels a person is in
(for a personal App Home).

One ``users.info`` call (with ``include_locale``) answers both "is this a person?" and
"which language?"; it changes rarely, so the answer is cached for the process's life. Who is
in which channel changes more often and is asked afresh each time the Home tab opens.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.core.context import Lang


@dataclass(frozen=True)
class _Person:
    human: bool
    lang: Lang | None


class SlackDirectory:
    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._people: dict[str, _Person] = {}
        self._lock = threading.Lock()

    def human_members(self, channel: str) -> Sequence[str]:
        members: list[str] = []
        cursor: str | None = None
        while True:
            page = self.client.conversations_members(channel=channel, cursor=cursor, limit=200)
            members += page.get("members", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return [m for m in members if self._person(m).human]

    def language(self, user: str) -> Lang | None:
        """English for an English Slack locale (en-US, en-GB …), Swedish for sv-SE; None for
        any other or when Slack cannot say (the bot then speaks Swedish)."""
        try:
            return self._person(user).lang
        except SlackApiError:
            return None

    def channels_of(self, user: str) -> Sequence[str] | None:
        """The public and private channels ``user`` is in; None when Slack will not say."""
        channels: list[str] = []
        cursor: str | None = None
        try:
            while True:
                page = self.client.users_conversations(
                    user=user, types="public_channel,private_channel", exclude_archived=True,
                    limit=200, cursor=cursor)
                found: list[dict[str, object]] = page.get("channels", [])
                channels += [str(c["id"]) for c in found if c.get("id")]
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    return channels
        except SlackApiError:
            return None

    def _person(self, user: str) -> _Person:
        with self._lock:
            known = self._people.get(user)
        if known is None:
            info = self.client.users_info(user=user, include_locale=True)["user"]
            locale = str(info.get("locale") or "").lower()
            known = _Person(
                human=not (info.get("is_bot") or info.get("deleted") or user == "USLACKBOT"),
                lang="en" if locale.startswith("en") else "sv" if locale.startswith("sv")
                else None)
            with self._lock:
                self._people[user] = known
        return known
