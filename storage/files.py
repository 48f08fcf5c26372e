"""Agreement YAML files: read and validate them, write them back.

A malformed file is reported with the file, the line and the field path
(``cmv.yaml:42: cost_models.1.shares.3.amount: Input should be a valid decimal``) so that an
administrator can fix it without reading a traceback. Exporting and importing again
changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from commands.core.agreement import Agreement
from commands.core.errors import InputError


def bundled_paths() -> list[Path]:
    folder = resources.files("storage") / "agreements"
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith((".yaml", ".yml")))


def read_agreement(path: Path) -> Agreement:
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"kan inte läsa filen ({error})", file=str(path)) from None
    return parse_agreement(raw, name)


def parse_agreement(raw: str, name: str) -> Agreement:
    try:
        node = yaml.compose(raw)
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"ogiltig YAML: {problem}", file=name, line=line) from None
    if not isinstance(data, dict):
        raise InputError("filen ska innehålla ett avtal (en YAML-mappning)", file=name, line=1)
    try:
        return Agreement.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        path = ".".join(str(part) for part in loc if not str(part).startswith("function-after"))
        more = f" (och {error.error_count() - 1} fel till)" if error.error_count() > 1 else ""
        raise InputError(
            f"{first['msg']}{more}", file=name, line=_line_of(node, loc), field=path or None
        ) from None


def _line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """The 1-based line of the YAML node at ``loc``, or of the deepest node that exists."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(
            node.value
        ):
            match = node.value[part]
        else:
            match = None
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


def dump_agreement(agreement: Agreement) -> str:
    data = agreement.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    # id, name, kind … first: the order a person reads the file in.
    data = {"id": agreement.id, **{k: v for k, v in data.items() if k != "id"}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
