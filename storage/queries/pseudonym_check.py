"""The stored check value of the pseudonym secret: written once, compared by `doctor`.

The value is HMAC-SHA256 of a fixed message under the secret. It proves which secret the
votes were made with without revealing it: the HMAC cannot be turned back into the key.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import PseudonymCheckRow

_MESSAGE = b"avtalsbot:pseudonym-secret-check:v1"
_ROW = 1


def check_value(secret: bytes) -> str:
    return hmac.new(secret, _MESSAGE, hashlib.sha256).hexdigest()


def stored(*, session: Session) -> str | None:
    return session.scalar(select(PseudonymCheckRow.check_value)
                          .where(PseudonymCheckRow.id == _ROW))


def remember(*, connection: Connection, value: str) -> None:
    """Store ``value`` unless a check value is there already (the first secret wins; of two
    processes inserting it at the same moment, the second one's insert does nothing)."""
    insert = (postgresql.insert if connection.dialect.name == "postgresql"
              else sqlite.insert)(PseudonymCheckRow)
    connection.execute(insert.values(id=_ROW, check_value=value).on_conflict_do_nothing())
