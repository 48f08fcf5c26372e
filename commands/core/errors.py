"""Input errors that name what is wrong and where: file, line, field, problem.

Raised by parsers of user-supplied files (agreement YAML, population CSV); the CLI prints
``str(error)`` and exits non-zero, never a traceback.
"""

from __future__ import annotations


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
