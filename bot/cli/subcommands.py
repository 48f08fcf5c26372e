"""Every `avtalsbot` subcommand in one table: its name, help, arguments, and where its handler is.

Why a table apart from the handlers: a handler's module pulls in what its command needs (the
store, Alembic, Bolt, icalendar), and `avtalsbot ask` should not pay for `doctor`'s imports.
Here each handler is named as ``"group:function"`` (a function of ``bot.cli.group``) and its
module is imported only when that subcommand runs, while ``--help`` still lists everything.
This module imports argparse and ``bot.cli.common`` only; tests/bot/cli/test_subcommands.py
checks that every name resolves and every ``cmd_*`` handler is listed.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from bot.cli.common import Handler, iso_date

Add = Callable[[str, str, str], argparse.ArgumentParser]


def handler(reference: str) -> Handler:
    """The function named by ``"group:function"``, importing its group module now."""
    group, name = reference.split(":")
    found: Handler = getattr(importlib.import_module(f"bot.cli.{group}"), name)
    return found


def _today(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", type=iso_date, help="låtsas att det är detta datum (ÅÅÅÅ-MM-DD)")


def _chat(p: argparse.ArgumentParser) -> None:
    _today(p)
    p.add_argument("--user", default="console", help="användar-id (t.ex. U123)")
    p.add_argument("--channel", default="console", help="kanal-id (t.ex. C123)")


def register(add: Add) -> None:
    """Add every subcommand, in the order ``--help`` lists them."""
    # chat: asking and chatting (bot/cli/chat.py)
    ask = add("ask", "chat:cmd_ask", "Ställ en fråga och skriv ut svaret.")
    ask.add_argument("text", nargs="+", help='frågan, t.ex. "vad betalar Krokom 2026?"')
    _chat(ask)
    _chat(add("console", "chat:cmd_console", "Chatta med boten i terminalen."))

    # agreements: loading and dumping agreement and document files (bot/cli/agreements.py)
    add("seed", "agreements:cmd_seed", "Läs in (om) de medföljande avtalen.")
    imp = add("import", "agreements:cmd_import", "Läs in avtal från YAML-filer.")
    imp.add_argument("files", nargs="+", metavar="FIL")
    exp = add("export", "agreements:cmd_export", "Skriv ut avtal som YAML.")
    exp.add_argument("id", nargs="?", help="avtalets id, t.ex. cmv-jamtland")
    exp.add_argument("--out", help="mapp att skriva en fil per avtal till")
    exp.add_argument("--documents", action="store_true",
                     help="skriv ut avtalens dokument (klausul för klausul), en fil per källa")

    # authoring: writing an agreement file (bot/cli/authoring.py)
    schema = add("schema", "authoring:cmd_schema", "Skriv avtalsfilens JSON Schema (för "
                 "editorer som VS Code).")
    schema.add_argument("--out", help="fil att skriva till (standard: skärmen)")
    check = add("check", "authoring:cmd_check", "Kontrollera avtalsfiler utan att läsa in något.")
    check.add_argument("files", nargs="+", metavar="FIL")
    new = add("new", "authoring:cmd_new", "Skriv en kommenterad mall för ett nytt avtal.")
    new.add_argument("name", metavar="NAMN", help="avtalets namn, t.ex. \"Samverkansavtal om …\"")
    new.add_argument("--out", help="filnamn (standard: avtalets id + .yaml)")

    # serve, migrate, doctor: running the service (bot/cli/serve.py, bot/cli/doctor.py)
    add("serve", "serve:cmd_serve", "Kör boten i Slack (Socket Mode med SLACK_APP_TOKEN, annars "
        "HTTP). Kräver AVTALSBOT_DATABASE_URL.")
    add("migrate", "doctor:cmd_migrate", "Migrera databasen till senaste schemat (och läs in de "
        "medföljande avtalen i en tom databas), som serve gör vid start.")
    add("doctor", "doctor:cmd_doctor", "Kontrollera inställningar, databas, Slack-token, kanaler "
        "och pseudonymnyckel; en rad per kontroll med åtgärd. Ändrar ingenting.")

    # nudges and calendar: deadlines out of the bot (bot/cli/nudges.py, bot/cli/calendar.py)
    nudges = add("nudges", "nudges:cmd_nudges",
                 "Skicka dagens deadline-påminnelser till Slack (eller lista dem med --dry-run).")
    _today(nudges)
    nudges.add_argument("--dry-run", action="store_true",
                        help="lista vad som skulle skickas, utan att skicka eller markera något")
    calendar = add("calendar", "calendar:cmd_calendar",
                   "Skriv möten och deadlines till en kalenderfil (.ics) för Outlook.")
    calendar.add_argument("agreement", nargs="?",
                          help="avtalets id, t.ex. cmv-jamtland (annars alla)")
    calendar.add_argument("--out", default="avtalsbot.ics",
                          help="filen att skriva (avtalsbot.ics)")
    calendar.add_argument("--from", dest="start", type=iso_date,
                          help="första dag (standard: i dag)")
    calendar.add_argument("--to", dest="end", type=iso_date,
                          help="sista dag (standard: ett år framåt)")
    _today(calendar)

    # costs: population figures and cost tables (bot/cli/costs.py)
    population = add("population", "costs:cmd_population",
                     "Befolkningssiffror för kostnadsnyckeln.")
    actions = population.add_subparsers(dest="population_command", metavar="ÅTGÄRD")
    population_import = actions.add_parser(
        "import", help="Läs in befolkningssiffror från en CSV-fil (SCB:s form).",
        description="Läs in befolkningssiffror per 1 november från en CSV-fil med kolumnerna "
                    "kommunkod;kommun;folkmängd;datum. Allt eller inget: en felaktig rad ändrar "
                    "ingenting.")
    population_import.add_argument("file", metavar="FIL.csv")
    population_import.set_defaults(handler="costs:cmd_population_import")
    export_costs = add("export-costs", "costs:cmd_export_costs",
                       "Skriv en kostnadstabell som CSV för svenska Excel (UTF-8 med BOM, "
                       "semikolon).")
    export_costs.add_argument("question", nargs="*", metavar="FRÅGA",
                              help='t.ex. "fördelning CMV 2026", "Krokom 2025–2030", '
                                   '"budget per post 2025" (standard: årets fördelning)')
    export_costs.add_argument("--out", help="fil eller mapp att skriva till; '-' för standard "
                                            "ut (standard: tabellens eget filnamn här)")
    _today(export_costs)

    # reflection, audit, purge: results and the records kept (bot/cli/reflection.py, audit.py,
    # purge.py)
    reflection = add("reflection-csv", "reflection:cmd_reflection_csv",
                     "Skriv ut en stängd självreflektions resultat som CSV (bara "
                     "sammanställningar).")
    reflection.add_argument("round", nargs="?", type=int,
                            help="omgångens id; utan id listas de stängda")
    reflection.add_argument("--out", help="fil att skriva till (annars standard ut)")
    audit = add("audit", "audit:cmd_audit",
                "Visa loggen: vem ändrade vad och när, före och efter (röster finns aldrig i den).")
    audit.add_argument("--csv", action="store_true", help="skriv loggen som CSV (för Excel)")
    audit.add_argument("--agreement", metavar="ID", help="bara ett avtal, t.ex. cmv-jamtland")
    audit.add_argument("--since", type=iso_date, help="från och med detta datum (ÅÅÅÅ-MM-DD)")
    audit.add_argument("--until", type=iso_date, help="till och med detta datum (ÅÅÅÅ-MM-DD)")
    purge = add("purge", "purge:cmd_purge",
                "Rensa röster, kommentarer och deltagarlistor i omgångar som är äldre än "
                "AVTALSBOT_RETENTION_DAYS (bara sammanställningen sparas).")
    purge.add_argument("--dry-run", action="store_true",
                       help="visa vad som skulle rensas, utan att ändra något")
