"""Who is who, from Slack: channel members (people only), whether someone administers the
workspace, and who is behind an e-mail address — the facts the permission rules need.

Who is a bot changes rarely, so that answer is kept for the process's life. Whether someone
is an admin, a channel's members and e-mail look-ups are kept for a short while only
(``ttl``), so that a change in Slack is seen within minutes without asking Slack on every
click.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

T = TypeVar("T")
DEFAULT_TTL = 120.0


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
        self._is_person: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._info = _Brief(ttl)
        self._members = _Brief(ttl)
        self._emails = _Brief(ttl)

    def human_members(self, channel: str) -> Sequence[str]:
        return [m for m in self._all_members(channel) if self._person(m)]

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
        return self._info.get(user, lambda: dict(self.client.users_info(user=user)["user"]))

    def _person(self, user: str) -> bool:
        with self._lock:
            known = self._is_person.get(user)
        if known is None:
            info = self._user(user)
            known = not (info.get("is_bot") or info.get("deleted") or user == "USLACKBOT")
            with self._lock:
                self._is_person[user] = known
        return known
