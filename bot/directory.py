"""Channel members from Slack, people only: bots and deactivated accounts are left out.

Who is a bot changes rarely, so ``users.info`` answers are cached for the process's life.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from slack_sdk import WebClient


class SlackDirectory:
    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._is_person: dict[str, bool] = {}
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
        return [m for m in members if self._person(m)]

    def _person(self, user: str) -> bool:
        with self._lock:
            known = self._is_person.get(user)
        if known is None:
            info = self.client.users_info(user=user)["user"]
            known = not (info.get("is_bot") or info.get("deleted") or user == "USLACKBOT")
            with self._lock:
                self._is_person[user] = known
        return known
