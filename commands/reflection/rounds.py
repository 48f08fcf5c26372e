"""Which round a request means, and the store and instrument behind it — shared by the
voting cards and the coordinator's flows."""

from __future__ import annotations

from functools import cache
from typing import cast

from commands.core.agreement import Instrument
from commands.core.context import Request
from commands.core.ports import Store
from commands.reflection.model import ReflectionStore, Round
from commands.reflection.rules import instrument_of


def reflection_store(store: Store) -> ReflectionStore:
    if not _holds_rounds(type(store)):
        raise TypeError("this store cannot hold reflection rounds")
    return cast(ReflectionStore, store)


@cache
def _holds_rounds(kind: type) -> bool:
    """Asked once per store class: checking an object against the protocol looks up each of
    its thirty-odd methods, which was a tenth of a vote click's own work."""
    return issubclass(kind, ReflectionStore)


def instrument_in(store: Store) -> Instrument:
    found = instrument_of(store)
    if found is None:
        raise LookupError("a round exists but no agreement carries the instrument any more")
    return found[1]


def round_here(request: Request, rstore: ReflectionStore, *, open_only: bool = False
                ) -> Round | None:
    """The round the user means: the channel's newest round, else their own newest."""
    candidates: list[Round] = []
    if request.channel:
        candidates += rstore.rounds_in_channel(request.channel)
    candidates += [r for r in rstore.rounds_of_user(request.user) if r not in candidates]
    if open_only:
        candidates = [r for r in candidates if r.status == "open"]
    return candidates[0] if candidates else None


def parse_round_id(value: str) -> tuple[int, str]:
    head, _, rest = value.partition("|")
    return int(head), rest


