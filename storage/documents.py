"""Document YAML files (``storage/agreements/documents/NNN.yaml``): read, validate, dump.

One file per source: ``source_document`` and its ``documents``, each with its sections. A
malformed file is reported with file, line and field like an agreement file; dumping and
reading again gives the same documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from commands.core.document import Document
from commands.core.errors import InputError


def bundled_document_paths() -> list[Path]:
    folder = resources.files("storage") / "agreements" / "documents"
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith((".yaml", ".yml")))


def bundled_documents() -> list[Document]:
    return [d for path in bundled_document_paths() for d in read_documents(path)]


def read_documents(path: Path) -> list[Document]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"kan inte läsa filen ({error})", file=str(path)) from None
    return parse_documents(raw, path.name)


def parse_documents(raw: str, name: str) -> list[Document]:
    try:
        node = yaml.compose(raw)
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"ogiltig YAML: {getattr(error, 'problem', None) or error}", file=name,
                         line=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError("filen ska ha source_document och en lista documents", file=name, line=1)
    source = str(data.get("source_document", ""))
    if not source:
        raise InputError("source_document saknas", file=name, line=1, field="source_document")
    documents = []
    for i, item in enumerate(data["documents"]):
        try:
            documents.append(Document.model_validate({"source_document": source, **item}))
        except (ValidationError, TypeError) as error:
            if not isinstance(error, ValidationError):
                raise InputError("ett dokument ska vara en mappning", file=name,
                                 line=_line_of(node, ("documents", i)),
                                 field=f"documents.{i}") from None
            first = error.errors()[0]
            loc = ("documents", i, *first["loc"])
            raise InputError(first["msg"], file=name, line=_line_of(node, loc),
                             field=".".join(str(p) for p in loc)) from None
    return documents


def _line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """The 1-based line of the YAML node at ``loc``, or of the deepest node that exists."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        match = None
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and part < len(node.value):
            match = node.value[part]
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


def dump_documents(documents: Sequence[Document]) -> str:
    """One source's documents in the bundled files' shape (all must share the source)."""
    sources = {d.source_document for d in documents}
    if len(sources) != 1:
        raise ValueError("dump_documents takes the documents of exactly one source")
    items: list[dict[str, Any]] = []
    for document in documents:
        data = document.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        data.pop("source_document", None)
        items.append({"id": document.id, **{k: v for k, v in data.items() if k != "id"}})
    return yaml.safe_dump({"source_document": sources.pop(), "documents": items},
                          allow_unicode=True, sort_keys=False, width=100)
