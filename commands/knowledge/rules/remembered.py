"""One value worked out from some objects, kept until other objects come.

The store hands out the same agreement and document objects until the data changes (they are
immutable pydantic models), so what is worked out from them — the search index, the phrases
that name an agreement, a budget line's terms — is kept for as long as the same objects come
back, compared by identity: cheap, and never stale, as changed data are new objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Remembered(Generic[T]):
    def __init__(self) -> None:
        # key and value in one tuple, replaced at once: a thread never pairs one with the
        # other's predecessor (two threads may work the value out twice, which is harmless)
        self._last: tuple[tuple[object, ...], T] | None = None

    def get(self, key: Sequence[object], work_out: Callable[[], T]) -> T:
        last = self._last
        if last is not None and len(last[0]) == len(key) and all(
                a is b for a, b in zip(last[0], key, strict=True)):
            return last[1]
        value = work_out()
        self._last = (tuple(key), value)
        return value
