"""What every `avtalsbot` subcommand shares: exit codes, the date argument, the store, and
the one message that lists every setting to fix."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot.settings import Settings
from commands.core.errors import InputError

if TYPE_CHECKING:  # the store and the models load when a subcommand uses them, not for --help
    from commands.core.agreement import Agreement
    from storage.store import SqlStore

EXIT_USAGE = 2
EXIT_INPUT = 1

Handler = Callable[[argparse.Namespace, Settings], int]


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
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser().resolve()


def database_location(url: str) -> str:
    """Where the data is, for people: an absolute file path, or the URL without password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    path = sqlite_file(url)
    if path is not None:
        return f"SQLite-filen {path}"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "en ogiltig databas-URL"


def cli_store(settings: Settings) -> SqlStore:
    from storage.store import open_store

    store = open_store(**settings.store_options)
    store.use_pseudonym_secret(settings.pseudonym_secret.get_secret_value().encode())
    return store


def agreement_by_id(agreements: Sequence[Agreement], agreement_id: str) -> Agreement:
    """The agreement with that id, or an InputError that lists the known ids."""
    found = next((a for a in agreements if a.id == agreement_id), None)
    if found is None:
        known = ", ".join(a.id for a in agreements)
        raise InputError(f"okänt avtal '{agreement_id}'. Kända avtal: {known}")
    return found


# pydantic's error types, said the way an operator reads them
_SAID = {
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "bool_parsing": "ska vara on/off (eller true/false, 1/0)",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "string_too_short": "får inte vara tom",
}


def settings_problems(error: ValidationError) -> list[str]:
    """One line per invalid setting: its variable, what is wrong, its value (never a secret's)."""
    problems = []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"])
        kind = problem["type"]
        context = problem.get("ctx") or {}
        if kind in _SAID:
            said = _SAID[kind]
        elif kind in ("greater_than", "greater_than_equal"):
            said = f"ska vara minst {context.get('ge', context.get('gt'))}"
        elif kind in ("less_than", "less_than_equal"):
            said = f"får vara högst {context.get('le', context.get('lt'))}"
        elif kind == "literal_error":
            said = "ska vara en av " + str(context.get("expected", "")).replace(" or ", " eller ")
        else:
            said = str(problem["msg"]).removeprefix("Value error, ")
        shown = "" if "SECRET" in name or "TOKEN" in name else f" (nu: {problem.get('input')!r})"
        problems.append(f"miljövariabeln {name}: {said}{shown}")
    return problems


def settings_without(error: ValidationError) -> Settings:
    """The settings with each invalid variable at its default, to find the remaining problems."""
    defaults: dict[str, Any] = {}
    for problem in error.errors():
        name = str(problem["loc"][0])
        for field, info in Settings.model_fields.items():
            if info.validation_alias == name or field == name:
                defaults[field] = info.default
    return Settings(**defaults)


def settings_message(problems: list[str]) -> str:
    """One problem on one line; several as one list, so one run shows everything to fix."""
    if len(problems) == 1:
        return f"avtalsbot: {problems[0]}"
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return ("avtalsbot: inställningarna behöver rättas innan avtalsbot kan köras "
            f"(miljövariabler eller .env):\n{lines}")


def cli_actor() -> str:
    """Who made a change from the command line, for the audit trail: the login name."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (a container without a passwd entry)
        return "cli"
