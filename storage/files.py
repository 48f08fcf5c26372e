"""Agreement YAML files: read and check them like a careful controller would, write them back.

A file is refused, naming the file, the line and the field, for anything a person could have
got wrong in it: YAML that is not a plain document of mappings, lists and scalars (aliases,
tags, a key written twice, nesting deeper than any agreement needs), a file too big to be an
agreement, invisible control characters, dates that do not exist, facts that break the
agreement's own rules (commands.core.agreement) and municipality codes that are not in SCB's
register or belong to another municipality. The message is Swedish and says what to write
instead where it can (``cmv.yaml:42: cost_models.1.shares.3.amount: får inte vara mindre än
0``). Exporting and importing again changes nothing.

PyYAML's composer gives every node its line; the file is turned into Python values here, node
by node, rather than by ``safe_load``, so that each value's line is known and so that a
repeated key, an impossible date or a time read as a number is caught where it stands.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from commands.core.agreement import Agreement, Party
from commands.core.errors import InputError, describe
from commands.core.text import fold
from commands.reading import places

# The bundled files are 10–17 kB; a megabyte is sixty of them. A 50 MB file took 29 s and
# 493 MB of memory before being accepted, so the size is checked before anything is parsed.
MAX_FILE_BYTES = 1_000_000
# The deepest agreement fact (a statement in a category of the instrument) is 6 levels down.
# PyYAML's composer recurses once per level, so a file of a few thousand '[' would end in a
# RecursionError; the event stream is checked first, without recursion.
MAX_DEPTH = 20

FieldPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")


def bundled_paths() -> list[Path]:
    folder = resources.files("storage") / "agreements"
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith((".yaml", ".yml")))


def read_agreement(path: Path) -> Agreement:
    return _read(path)[0]


def read_agreements(paths: Iterable[Path]) -> list[Agreement]:
    """Read and check every file before anything is written; one id in two files is refused
    (the later file would silently replace the earlier one in the same import)."""
    agreements: list[Agreement] = []
    first_file: dict[str, str] = {}
    for path in paths:
        agreement, lines = _read(path)
        if agreement.id in first_file:
            raise InputError(
                f"avtalet '{agreement.id}' finns redan i {first_file[agreement.id]}: "
                "två filer i samma inläsning får inte ha samma id",
                file=path.name, line=lines.get(("id",)), field="id")
        first_file[agreement.id] = path.name
        agreements.append(agreement)
    return agreements


def _read(path: Path) -> tuple[Agreement, dict[FieldPath, int]]:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(size, name)
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"kan inte läsa filen ({error.strerror or error})", file=str(path)) \
            from None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InputError(f"tecknet på rad {line} är inte UTF-8 (byte 0x{data[error.start]:02X}): "
                         "spara filen som UTF-8", file=name, line=line) from None
    return _parse(raw, name)


def parse_agreement(raw: str, name: str) -> Agreement:
    return _parse(raw, name)[0]


def _parse(raw: str, name: str) -> tuple[Agreement, dict[FieldPath, int]]:
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(len(raw.encode("utf-8")), name)
    # The YAML reader refuses control characters by *position* ("position 12299"); find the
    # first one here, read the file without it, and report it at its line and field.
    control = yaml.reader.Reader.NON_PRINTABLE.search(raw)
    text = yaml.reader.Reader.NON_PRINTABLE.sub(" ", raw) if control else raw
    _check_events(text, name)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise _yaml_error(error, name) from None
    if control is not None:
        line = raw.count("\n", 0, control.start()) + 1
        raise InputError(
            f"osynligt styrtecken U+{ord(control.group()):04X}: ta bort det",
            file=name, line=line, field=_dotted(_path_at(root, control.start())) or None)
    if not isinstance(root, yaml.MappingNode):
        raise InputError("filen ska innehålla ett avtal: fält som id, name och parties, ett per "
                         "rad (en YAML-mappning)", file=name, line=1)
    reader = _Reader(name)
    data = reader.value(root, ())
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError as error:
        raise _validation_error(error, data, reader, name) from None
    _check_register(agreement, reader.lines, name)
    return agreement, reader.lines


def _too_big(size: int, name: str) -> InputError:
    return InputError(f"filen är {size / 1_000_000:.1f} MB; en avtalsfil får vara högst "
                      f"{MAX_FILE_BYTES // 1_000_000} MB (de medföljande är under 20 kB)",
                      file=name, line=1)


# --- YAML, node by node ---------------------------------------------------------------------


def _check_events(text: str, name: str) -> None:
    """Nesting depth and aliases, from the event stream: no recursion, stops at the first.

    The path to each value is followed on the way, so that the message can name the field.
    """
    stack: list[list[Any]] = []  # per open collection: [is_mapping, key or index, want_key]

    def path() -> str:
        return _dotted([entry[1] for entry in stack if entry[1] is not None])

    def value_done() -> None:
        if stack:
            if stack[-1][0]:
                stack[-1][2] = True
            else:
                stack[-1][1] += 1

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark: Any = event.start_mark
            line = mark.line + 1 if mark is not None else None
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                value_done()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if stack and stack[-1][0] and stack[-1][2] and isinstance(event, yaml.ScalarEvent):
                stack[-1][1], stack[-1][2] = event.value, False  # a field name
                continue
            if isinstance(event, yaml.AliasEvent):
                raise InputError(f"alias (*{event.anchor}) används inte i avtalsfiler: skriv ut "
                                 "värdet där det behövs", file=name, line=line,
                                 field=path() or None)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise InputError(f"filen är nästlad djupare än {MAX_DEPTH} nivåer; ett avtal "
                                     "behöver högst 6", file=name, line=line,
                                     field=path() or None)
                is_mapping = isinstance(event, yaml.MappingStartEvent)
                stack.append([is_mapping, None if is_mapping else 0, True])
            else:
                value_done()
    except yaml.YAMLError as error:
        raise _yaml_error(error, name) from None


def _yaml_error(error: yaml.YAMLError, name: str) -> InputError:
    mark: Any = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    return InputError(f"ogiltig YAML: {problem}", file=name, line=line)


class _Reader:
    """Python values from YAML nodes, with the line of every value by its path."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[FieldPath, int] = {}
        self.written: dict[FieldPath, str] = {}  # a scalar's text as written, for messages
        self._constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, path: FieldPath) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._plain_tag(node, f"{_TAG}seq", path)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        self._plain_tag(node, f"{_TAG}map", path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("ett fältnamn ska vara ett ord, inte en lista eller mappning",
                                 file=self.name, line=line, field=_dotted(path) or None)
            key = str(key_node.value)
            if key in result:
                first = self.lines[(*path, key)]
                where = "tidigare på raden" if first == line else f"redan på rad {first}"
                raise InputError(f"fältet står {where}; bara det sista skulle gälla: ta bort det "
                                 "ena", file=self.name, line=line, field=_dotted((*path, key)))
            self.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        self._plain_tag(node, None, path)
        self.written[path] = node.value
        line = node.start_mark.line + 1
        if "«" in node.value:  # a placeholder from `avtalsbot new`, not yet filled in
            raise InputError(f"{node.value} är en platshållare: skriv avtalets uppgift i "
                             "stället", file=self.name, line=line, field=_dotted(path))
        if node.tag == f"{_TAG}int" and ":" in node.value:
            # YAML 1.1 reads 10:00 as 600 (base 60): a meeting time would become 00:10.
            raise InputError(f"{node.value} läses som ett tal i YAML: skriv klockslag och "
                             f"annat med kolon inom citattecken: \"{node.value}\"",
                             file=self.name, line=line, field=_dotted(path))
        try:
            return self._constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            if node.tag == f"{_TAG}timestamp":
                raise InputError(_no_such_date(node.value), file=self.name, line=line,
                                 field=_dotted(path)) from None
            raise InputError(f"kan inte läsa värdet {node.value!r}", file=self.name, line=line,
                             field=_dotted(path)) from None

    def _plain_tag(self, node: yaml.Node, expected: str | None, path: FieldPath) -> None:
        """Only YAML's plain types: an explicit tag (!!set, !!binary, !python/…) is refused."""
        if (node.tag in _SCALAR_TAGS) if expected is None else node.tag == expected:
            return
        raise InputError(f"YAML-taggen {node.tag.replace(_TAG, '!!')} används inte i "
                         "avtalsfiler: skriv värdet utan tagg", file=self.name,
                         line=node.start_mark.line + 1, field=_dotted(path) or None)


def _is_no_date(written: str) -> bool:
    """ "2025-02-30": written as a date, but no such day."""
    found = _DATE.match(written)
    if found is None:
        return False
    try:
        dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        return True
    return False


def _no_such_date(written: str) -> str:
    found = _DATE.match(written)
    if found is None:
        return f"{written} är inget datum: skriv ÅÅÅÅ-MM-DD"
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return f"{written} är inget datum: månaden {month} finns inte. Skriv ÅÅÅÅ-MM-DD"
    days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return (f"{written} är inget datum: {_MONTHS[month - 1]} {year} har {days} dagar "
            f"(dag {day} finns inte). Skriv ett datum som finns, ÅÅÅÅ-MM-DD")


def _path_at(node: yaml.Node | None, index: int) -> FieldPath:
    """The path of the deepest value whose text spans character ``index``."""
    path: FieldPath = ()
    while node is not None:
        inside: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.start_mark.index <= index <= max(value.end_mark.index,
                                                        key.end_mark.index):
                    path, inside = (*path, str(key.value)), value
                    break
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if item.start_mark.index <= index <= item.end_mark.index:
                    path, inside = (*path, i), item
                    break
        node = inside
    return path


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in path)


# --- pydantic's findings, at their line, in Swedish -------------------------------------------


def _validation_error(error: ValidationError, data: Any, reader: _Reader,
                      name: str) -> InputError:
    errors = error.errors()
    # A misspelt field is reported as missing too; the unknown name is the one to show,
    # with the name it was probably meant to be.
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    path = _data_path(data, first["loc"])
    at = (first.get("ctx") or {}).get("at")
    if at:
        path = (*path, *(int(part) if part.isdigit() else part for part in str(at).split(".")))
    more = f" — och {error.error_count() - 1} fel till" if error.error_count() > 1 else ""
    written = reader.written.get(path)
    message = describe(first, written)
    if first["type"].startswith("date") and written is not None and _is_no_date(written):
        message = _no_such_date(written)  # "2025-02-30" in quotes: the same answer as without
    if first["type"] == "extra_forbidden" and path:
        meant = _meant(str(path[-1]), _model_at(data, path[:-1]))
        if meant is not None:
            message = f"okänt fält: menade du {meant}? (annars ta bort det)"
    return InputError(message + more, file=name,
                      line=_line_of(reader.lines, path), field=_dotted(path) or None)


def _data_path(data: Any, loc: Sequence[str | int]) -> FieldPath:
    """pydantic's location as a path in the file: without the discriminator's tag
    ("population_key") and validator names that pydantic puts in between."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if "[" in str(part):  # "function-after[…]": a validator's name, not a field
            continue
        found = _child(node, part)
        if found is not None:
            node = found[0]
        elif isinstance(node, dict) and node.get("kind") == part:
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


def _model_at(data: Any, path: FieldPath) -> type[BaseModel] | None:
    """The model class that the value at ``path`` is validated as (Party for parties.0)."""
    kind: Any = Agreement
    node = data
    for part in path:
        kind = _unwrap(kind, node)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and part in kind.model_fields:
            kind = kind.model_fields[str(part)].annotation
        elif get_origin(kind) is tuple and isinstance(part, int):
            kind = get_args(kind)[0]
        else:
            return None
        found = _child(node, part)
        node = found[0] if found is not None else None
    kind = _unwrap(kind, node)
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _unwrap(kind: Any, node: Any) -> Any:
    """Through Annotated and unions (the cost model whose ``kind`` the data names)."""
    while True:
        origin = get_origin(kind)
        if origin is Annotated:
            kind = get_args(kind)[0]
        elif origin is Union or origin is types.UnionType:
            members = [m for m in get_args(kind) if m is not type(None)]
            tag = node.get("kind") if isinstance(node, dict) else None
            tagged = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)
                      and tag in get_args(m.model_fields.get("kind", _NO_KIND).annotation)]
            kind = tagged[0] if tagged else members[0]
        else:
            return kind


class _NoKind(BaseModel):
    kind: None = None


_NO_KIND = _NoKind.model_fields["kind"]


def _meant(written: str, model: type[BaseModel] | None) -> str | None:
    """The field a misspelt name was probably meant to be ("org_nummer" -> "org_number")."""
    if model is None:
        return None
    close = difflib.get_close_matches(written, list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _child(node: Any, part: str | int) -> tuple[Any] | None:
    if isinstance(node, dict) and part in node:
        return (node[part],)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return (node[part],)
    return None


def _line_of(lines: dict[FieldPath, int], path: FieldPath) -> int | None:
    """The line of ``path``, or of its nearest ancestor in the file (a missing field)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


# --- SCB's register ---------------------------------------------------------------------------


def _check_register(agreement: Agreement, lines: dict[FieldPath, int], name: str) -> None:
    """A municipality code must be SCB's, and the party must be that municipality.

    A wrong code is refused, not warned about: population figures are found by code, so a
    party under another municipality's code would be charged by that municipality's
    population.
    """
    for i, party in enumerate(agreement.parties):
        code = party.municipality_code
        if code is None:
            continue
        path: FieldPath = ("parties", i, "municipality_code")
        found = places.municipality(code)
        right = _code_of(party)
        hint = f" {right.name} har kod {right.code}." if right is not None else ""
        if found is None:
            raise InputError(f"kommunkoden {code} finns inte i SCB:s kommunregister.{hint}",
                             file=name, line=_line_of(lines, path), field=_dotted(path))
        if not _is_named(party, found.name):
            raise InputError(f"kommunkoden {code} är SCB:s kod för {found.name}, men parten "
                             f"heter {party.name}: rätta koden eller namnet.{hint}",
                             file=name, line=_line_of(lines, path), field=_dotted(path))


def _is_named(party: Party, municipality: str) -> bool:
    """ "Krokoms kommun", "Göteborgs Stad", "Region Gotland", "Falu kommun" (Falun)."""
    scb = fold(municipality)
    stems = {scb, scb + "s"} | ({scb[:-1]} if scb.endswith("n") else set())
    for written in (party.short_name, party.name):  # not aliases: any word may be one
        words = fold(written)
        if words == scb or any(words.startswith(stem + " ") for stem in stems) \
                or words.endswith(" " + scb):
            return True
    return False


def _code_of(party: Party) -> places.Municipality | None:
    short = fold(party.short_name)
    return next((m for m in places.MUNICIPALITIES_BY_CODE.values() if fold(m.name) == short),
                None)


def dump_agreement(agreement: Agreement) -> str:
    data = agreement.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    # id, name, kind … first: the order a person reads the file in.
    data = {"id": agreement.id, **{k: v for k, v in data.items() if k != "id"}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
