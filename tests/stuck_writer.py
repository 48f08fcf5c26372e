"""A writer of this process that takes the write transaction and does not let go: what a
request thread stuck on the network inside a transaction looks like to the others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from storage.store import SqlStore


@contextmanager
def stuck_writer(store: SqlStore) -> Iterator[None]:
    """Inside the block another thread holds ``store``'s write transaction; it ends after."""
    holding, release = threading.Event(), threading.Event()

    def stuck() -> None:
        with store.transaction():
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=stuck)
    thread.start()
    try:
        assert holding.wait(30), "the writer never took the transaction"
        yield
    finally:
        release.set()
        thread.join(30)
