"""The stored check value of the pseudonym secret: written once, compared by `doctor`.

The value is HMAC-SHA256 of a fixed message under the secret. It proves which secret the
votes were made with without revealing it: the HMAC cannot be turned back into the key.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import PseudonymCheckRow

_MESSAGE = b"avtalsbot:pseudonym-secret-check:v1"
_ROW = 1


def check_value(secret: bytes) -> str:
    return hmac.new(secret, _MESSAGE, hashlib.sha256).hexdigest()


def stored(*, session: Session) -> str | None:
    return session.scalar(select(PseudonymCheckRow.check_value)
                          .where(PseudonymCheckRow.id == _ROW))


def remember(*, session: Session, value: str) -> None:
    """Store ``value`` unless a check value is there already (the first secret wins)."""
    if stored(session=session) is not None:
        return
    try:
        with session.begin_nested():  # another process may insert it at the same moment
            session.add(PseudonymCheckRow(id=_ROW, check_value=value))
    except IntegrityError:
        pass
