"""Agreement documents in and out of the database, as ``commands.core.document.Document``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from commands.core.document import Document
from storage.models import AgreementDocumentRow


def load_documents(*, session: Session) -> list[Document]:
    rows = session.scalars(select(AgreementDocumentRow).order_by(
        AgreementDocumentRow.source_document, AgreementDocumentRow.position))
    return [Document.model_validate(row.content) for row in rows]


def save_documents(documents: Sequence[Document], *, session: Session) -> None:
    """Insert or replace each document by id; documents not named are left alone.

    A row is written only when something in it changed, so reloading unchanged files writes
    nothing (and the revision that caches key on stays put)."""
    now = dt.datetime.now(dt.UTC)
    for position, document in enumerate(documents):
        content = document.model_dump(mode="json")
        row = session.get(AgreementDocumentRow, document.id)
        if row is not None and (row.agreement_id, row.source_document, row.position,
                                row.content) == (document.agreement, document.source_document,
                                                 position, content):
            continue
        row = row or AgreementDocumentRow(id=document.id)
        row.agreement_id = document.agreement
        row.source_document = document.source_document
        row.position = position
        row.content = content
        row.updated_at = now
        session.add(row)


def document_revision(*, session: Session) -> tuple[object, ...]:
    return tuple(session.execute(select(func.max(AgreementDocumentRow.updated_at),
                                        func.count(AgreementDocumentRow.id))).one())
