"""What every `avtalsbot` subcommand shares: exit codes, the date argument, the store."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings import Settings
from commands.core.agreement import Agreement
from commands.core.errors import InputError
from storage.store import SqlStore, open_store

EXIT_USAGE = 2
EXIT_INPUT = 1

Handler = Callable[[argparse.Namespace, Settings], int]


class Add(Protocol):
    """Adds a subcommand: ``add(name, handler, help_text)`` returns its parser."""

    def __call__(self, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        ...


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{value}': skriv ÅÅÅÅ-MM-DD") from None


def today_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=iso_date, help="låtsas att det är detta datum (ÅÅÅÅ-MM-DD)")


def sqlite_file(url: str) -> Path | None:
    """The absolute path of an SQLite database file, None for another database (or memory).

    A relative ``sqlite:///avtalsbot.db`` means a file in the *current* folder: the same
    command started from another folder opens another (empty) database.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser().resolve()


def database_location(url: str) -> str:
    """Where the data is, for people: an absolute file path, or the URL without password."""
    path = sqlite_file(url)
    if path is not None:
        return f"SQLite-filen {path}"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "en ogiltig databas-URL"


def cli_store(settings: Settings) -> SqlStore:
    store = open_store(settings.database_url)
    store.use_pseudonym_secret(settings.pseudonym_secret.get_secret_value().encode())
    return store


def agreement_by_id(agreements: Sequence[Agreement], agreement_id: str) -> Agreement:
    """The agreement with that id, or an InputError that lists the known ids."""
    found = next((a for a in agreements if a.id == agreement_id), None)
    if found is None:
        known = ", ".join(a.id for a in agreements)
        raise InputError(f"okänt avtal '{agreement_id}'. Kända avtal: {known}")
    return found


SubParsers = Any  # argparse's _SubParsersAction, which typeshed keeps private
