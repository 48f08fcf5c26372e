"""Who is who, from Slack: channel members (people only: bots and deactivated accounts are
left out), whether someone administers the workspace, who is behind an e-mail address — the
facts the permission rules need — a person's language (the locale in ``users.info``) and the
channels a person is in (for a personal App Home).

One ``users.info`` call (with ``include_locale``) answers "is this a person?" and "which
language?"; that changes rarely, so the answer is kept for the process's life. Whether someone
is an admin, a channel's members and e-mail look-ups are kept for a short while only
(``ttl``), so that a change in Slack is seen within minutes without asking Slack on every
click. Who is in which channel for the Home tab is asked afresh each time the tab opens.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.core.context import Lang

T = TypeVar("T")
DEFAULT_TTL = 120.0


@dataclass(frozen=True)
class _Person:
    human: bool
    lang: Lang | None


class _Brief:
    """A small thread-safe cache whose entries expire after ``ttl`` seconds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._values: dict[object, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: object, load: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            found = self._values.get(key)
        if found is not None and found[0] > now:
            return found[1]  # type: ignore[no-any-return]
        value = load()
        with self._lock:
            self._values[key] = (now + self.ttl, value)
        return value


class SlackDirectory:
    def __init__(self, client: WebClient, *, admins: Iterable[str] = (),
                 ttl: float = DEFAULT_TTL) -> None:
        self.client = client
        # AVTALSBOT_ADMINS: user ids, and e-mail addresses (compared case-insensitively)
        self.admins = frozenset(a.strip().lower() if "@" in a else a.strip()
                                for a in admins if a.strip())
        self._people: dict[str, _Person] = {}
        self._lock = threading.Lock()
        self._info = _Brief(ttl)
        self._members = _Brief(ttl)
        self._emails = _Brief(ttl)

    def human_members(self, channel: str) -> Sequence[str]:
        return [m for m in self._all_members(channel) if self._person(m).human]

    def _all_members(self, channel: str) -> list[str]:
        members: list[str] = []
        cursor: str | None = None
        while True:
            page = self.client.conversations_members(channel=channel, cursor=cursor, limit=200)
            members += page.get("members", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return members

    def is_member(self, channel: str, user: str) -> bool:
        members = self._members.get(channel, lambda: frozenset(self._all_members(channel)))
        return user in members

    def is_admin(self, user: str) -> bool:
        if user in self.admins:
            return True
        info = self._user(user)
        if info.get("deleted") or info.get("is_bot"):
            return False
        if info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"):
            return True
        email = str((info.get("profile") or {}).get("email") or "").lower()
        return bool(email) and email in self.admins

    def user_by_email(self, email: str) -> str | None:
        def look_up() -> str | None:
            try:
                found = self.client.users_lookupByEmail(email=email)
            except SlackApiError as error:
                if error.response.get("error") == "users_not_found":
                    return None
                raise
            return str(found["user"]["id"])
        return self._emails.get(email.lower(), look_up)

    def _user(self, user: str) -> dict[str, Any]:
        return self._info.get(user, lambda: dict(
            self.client.users_info(user=user, include_locale=True)["user"]))

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
            info = self._user(user)
            locale = str(info.get("locale") or "").lower()
            known = _Person(
                human=not (info.get("is_bot") or info.get("deleted") or user == "USLACKBOT"),
                lang="en" if locale.startswith("en") else "sv" if locale.startswith("sv")
                else None)
            with self._lock:
                self._people[user] = known
        return known
