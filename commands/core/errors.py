"""Input errors that name what is wrong and where: file, line, field, problem.

Raised by parsers of user-supplied files (agreement YAML, population CSV); the CLI prints
``str(error)`` and exits non-zero, never a traceback. ``describe`` words a pydantic finding
in Swedish, saying what to write instead where it can: the people who write these files
read Swedish, and "Input should be a valid decimal" tells them neither.
"""

from __future__ import annotations

from pydantic_core import ErrorDetails


class InputError(Exception):
    def __init__(
        self, problem: str, *, file: str | None = None, line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.file = file
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.problem}" if where else f"{what}{self.problem}"


_PATTERN_HINTS = {
    "^\\d{6}-\\d{4}$": "skriv organisationsnumret som sex siffror, bindestreck och fyra "
                       "siffror, t.ex. 212000-2478",
    "^\\d{4}$": "skriv SCB:s kommunkod med fyra siffror inom citattecken, t.ex. \"2309\"",
    "^[a-z0-9][a-z0-9_-]*$": "en nyckel skrivs med små bokstäver a–z, siffror, - och _ "
                             "(utan å, ä, ö och mellanslag), t.ex. ostersund",
}


def describe(error: ErrorDetails, written: str | None = None) -> str:
    """One pydantic error in Swedish; ``written`` is the value as the file has it."""
    kind, ctx, given = error["type"], error.get("ctx") or {}, error.get("input")
    shown = f" (skrivet: {written})" if written is not None else ""
    if kind in {"agreement_rule", "control_character", "implausible_year"}:
        return str(error["msg"])
    if given is None and kind.endswith(("_type", "_parsing")):
        return "fältet är tomt: skriv ett värde"
    simple = {
        "missing": "fältet saknas: lägg till det",
        "extra_forbidden": "okänt fält (felstavat?): rätta namnet eller ta bort fältet",
        "string_too_short": "får inte vara tomt",
        "int_type": f"skriv ett heltal{shown}",
        "int_parsing": f"skriv ett heltal{shown}",
        "int_from_float": f"skriv ett heltal{shown}",
        "decimal_type": f"skriv ett tal, t.ex. 558934 eller \"11.780\"{shown}",
        "decimal_parsing": f"skriv ett tal, t.ex. 558934 eller \"11.780\"{shown}",
        "finite_number": f"skriv ett tal, t.ex. 558934{shown}",
        "date_type": f"skriv ett datum som ÅÅÅÅ-MM-DD{shown}",
        "date_parsing": f"skriv ett datum som ÅÅÅÅ-MM-DD{shown}",
        "date_from_datetime_parsing": f"skriv ett datum som ÅÅÅÅ-MM-DD{shown}",
        "date_from_datetime_inexact": f"skriv bara datumet, ÅÅÅÅ-MM-DD{shown}",
        "time_type": f"skriv ett klockslag inom citattecken, t.ex. \"13:00\"{shown}",
        "time_parsing": f"skriv ett klockslag inom citattecken, t.ex. \"13:00\"{shown}",
        "bool_type": f"skriv true eller false{shown}",
        "bool_parsing": f"skriv true eller false{shown}",
        "tuple_type": "ska vara en lista (rader som börjar med -)",
        "list_type": "ska vara en lista (rader som börjar med -)",
        "model_type": "ska vara en mappning (fält: värde, ett per rad)",
        "dict_type": "ska vara en mappning (fält: värde, ett per rad)",
        "model_attributes_type": "ska vara en mappning (fält: värde, ett per rad)",
        "union_tag_not_found": "kind saknas: ange vilken sorts det är",
    }
    if kind in simple:
        return simple[kind]
    if kind == "string_type":
        return (f"skriv värdet inom citattecken: \"{written}\"" if written is not None
                else "ska vara en text")
    if kind == "string_too_long":
        return (f"texten är {len(str(given))} tecken; högst {ctx['max_length']} får plats: "
                "korta den")
    if kind == "string_pattern_mismatch":
        return _PATTERN_HINTS.get(str(ctx.get("pattern")), "har fel form") + shown
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(str(v) for k, v in ctx.items() if k in {"ge", "gt", "le", "lt"})
        words = {"greater_than_equal": "får inte vara mindre än", "greater_than":
                 "ska vara större än", "less_than_equal": "får inte vara större än",
                 "less_than": "ska vara mindre än"}
        return f"{words[kind]} {bound}{shown}"
    if kind in {"too_short", "too_long"}:
        if ctx.get("min_length") == ctx.get("max_length") or kind == "too_long":
            return f"ska ha {ctx.get('max_length')} värden, här {ctx.get('actual_length')}"
        return "listan får inte vara tom"
    if kind == "literal_error":
        return f"ska vara en av {_swedish_or(str(ctx['expected']))}{shown}"
    if kind == "union_tag_invalid":
        return (f"okänd sort '{ctx['tag']}': kind ska vara en av "
                f"{_swedish_or(str(ctx['expected_tags']))}")
    return str(error["msg"])  # a case without a Swedish text yet: pydantic's own words


def _swedish_or(expected: str) -> str:
    return expected.replace(" or ", " eller ")
