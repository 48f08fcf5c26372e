"""The agreements as documents: every clause and appendix section of a source, as data.

The facts in ``commands.core.agreement`` are what the bot *computes* with; these models are
what the sources *say*, clause by clause, so any question can be answered with the clause
quoted verbatim. They are the schema of ``storage/agreements/documents/*.yaml`` and the plain
objects storage hands to the domain.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

DocumentKind = Literal["avtal", "bilaga", "beslut", "protokoll", "mall", "instrument", "arshjul",
                       "rutin"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SectionTable(_Frozen):
    """A table as the source prints it: a title, column headers and rows of cells."""

    title: str | None = None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class Section(_Frozen):
    """One clause or appendix section: its number ("11.3", "Bilaga 1 §2", "Steg III")."""

    number: str
    title: str
    text: str = ""
    note: str | None = None
    tables: tuple[SectionTable, ...] = ()


class Document(_Frozen):
    """One document of a source (the agreement, an appendix, a decision, a template …).

    ``source_document`` is the source's number ("001"), the one every reference starts with.
    ``agreement`` is the id of the agreement the document belongs to; a template (kind
    ``mall``) belongs to it too but is never the agreement itself.
    """

    id: str
    source_document: str
    agreement: str
    kind: DocumentKind
    title: str
    note: str | None = None
    sections: tuple[Section, ...]

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)
