"""Cost subcommands for administrators: load SCB population figures, export cost tables.

``avtalsbot population import FILE.csv`` reads the whole file first and stores it in one
transaction, so a bad line changes nothing; ``avtalsbot export-costs …`` answers a cost
question through the same brain as Slack and writes its table as CSV for Swedish Excel.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.cli.common import cli_actor
from bot.render import to_text
from bot.render.csv import table_csv
from bot.service import Brain
from bot.settings import Settings
from commands.core.answers import Answer, Many, Problem, Table
from commands.core.errors import InputError
from commands.costs.population import import_report
from storage.population_csv import figure, read_population_rows
from storage.store import open_store

EXIT_INPUT = 1


# More dates than this in one file (a time series rather than SCB's yearly file): the report
# names only the 1 November dates, the ones a cost key can rest on (001 §11.3).
MANY_DATES = 12


def cmd_population_import(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    rows = read_population_rows(path)  # every line checked before anything is written
    store = open_store(**settings.store_options)
    store.add_population_rows(rows, actor=cli_actor())  # one set-based statement, one transaction
    print(f"Läste in {len(rows)} befolkningssiffror från {path.name}.")
    dates = {r.date for r in rows}
    if len(dates) > MANY_DATES:
        rows = [r for r in rows if _first_of_november(r.date)]
        print(f"Filen har {len(dates)} datum; {len({r.date for r in rows})} av dem är "
              f"1 november, som kostnadsnycklarna bygger på, och visas här.")
    # the key only ever reads 1 November figures: the rest are neither loaded nor scanned
    stored = store.population_figures_on_first_of_november()
    for line in import_report(store.agreements(), stored, [figure(r) for r in rows]):
        print(line)
    return 0


def _first_of_november(date: dt.date) -> bool:
    return (date.month, date.day) == (11, 1)


def cmd_export_costs(args: argparse.Namespace, settings: Settings) -> int:
    brain = Brain(open_store(**settings.store_options), today=args.today)
    question = " ".join(args.question) or "fördelning"
    answer = brain.ask(question)
    if not _tables(answer) and not isinstance(answer, Problem):
        # "Krokom 2026" answers with one party; the export wants that year's whole table.
        answer = brain.ask(f"fördelning {question}")
    tables = _tables(answer)
    if not tables:
        print(to_text(answer), file=sys.stderr)
        raise InputError(f"\"{question}\" ger ingen tabell att exportera; prova t.ex. "
                         f"\"fördelning CMV 2026\", \"Krokom 2025–2030\" eller \"budget per post "
                         f"2025\"")
    if args.out == "-":
        for table in tables:
            sys.stdout.buffer.write(table_csv(table))
        return 0
    for table in tables:
        target = _target(args.out, table, several=len(tables) > 1)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(table_csv(table))
        print(f"Skrev {table.title} till {target}.")
    return 0


def _tables(answer: Answer) -> list[Table]:
    if isinstance(answer, Table):
        return [answer]
    if isinstance(answer, Many):
        return [t for part in answer.parts for t in _tables(part)]
    return []


def _target(out: str | None, table: Table, *, several: bool) -> Path:
    name = table.csv_name or "tabell.csv"
    if out is None:
        return Path(name)
    path = Path(out)
    if several or path.is_dir() or out.endswith(("/", "\\")):
        return path / name
    return path


def cmd_population(args: argparse.Namespace, settings: Settings) -> int:
    raise InputError("ange en åtgärd: avtalsbot population import FIL.csv")
