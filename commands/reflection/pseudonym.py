"""Keyed pseudonyms: how a reflection vote is stored without the voter's Slack user id.

A vote row carries ``pseudonym(secret, round_id, user)`` — HMAC-SHA256 keyed with a server
secret (``AVTALSBOT_PSEUDONYM_SECRET``), hex encoded, 64 characters. Without the secret,
a pseudonym cannot be turned back into a user id, not even by trying every id in the
workspace (which a plain hash would allow). The round id is part of the message, so the
same person has unrelated pseudonyms in different rounds: votes cannot be linked from one
year to the next, which the year-over-year comparison does not need (it compares
aggregates).

Where the secret lives: ``storage.store.SqlStore`` holds it and computes the pseudonym
itself, so a raw user id never travels further than the store's method call, and the
domain never handles the secret. The store gets it from the settings object
(``SqlStore.use_pseudonym_secret``), see ``storage/reflection_store.py``.
Changing the secret in the middle of an open round would make everyone's earlier votes
look like someone else's — a new round after the change is unaffected.
"""

from __future__ import annotations

import hashlib
import hmac

PSEUDONYM_LENGTH = 64  # hex of SHA-256; fits reflection_votes.pseudonym (String(64))


def pseudonym(secret: bytes, round_id: int, user: str) -> str:
    """The stable, keyed, per-round pseudonym of ``user`` (hex, 64 characters)."""
    if not secret:
        raise ValueError("a pseudonym needs a non-empty secret")
    message = f"reflection-round:{round_id}:user:{user}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
