"""`avtalsbot schema`, `check` and `new`: for the administrator who writes an agreement file.

``schema`` writes the JSON Schema of the agreement file, generated from the pydantic models
(commands.core.agreement) with their Swedish field descriptions, so that an editor with the
YAML language server validates and completes while one types (the first line of each file,
``# yaml-language-server: $schema=agreement.schema.json``, points it there). ``check`` reads
files exactly as ``import`` does — the same messages, with file, line and field — and writes
nothing. ``new`` writes a commented template (bot/cli/agreement_template.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from bot.cli import agreement_template
from bot.cli.common import EXIT_INPUT
from bot.settings import Settings
from commands.core.agreement import Agreement
from commands.core.errors import InputError
from storage import files

_COMMENT = re.compile(r"(^|\s)#")
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# The object descriptions editors show (the models' docstrings are English, for developers).
OBJECT_DESCRIPTIONS = {
    "Agreement": "Ett samverkansavtal: parter, avtalstid, grupper, kanaler, kostnader och "
                 "tidsfrister. Varje uppgift har en källa (source).",
    "Party": "En part i avtalet: kommun, region eller verksamhet.",
    "Term": "Avtalstid: start, första slut, förlängning och uppsägningstid (eller tills vidare).",
    "MeetingRule": "Hur många möten gruppen ska ha per år.",
    "Meeting": "Ett bokat möte.",
    "Body": "En styrgrupp, politisk grupp, ledningsgrupp eller ett nätverk.",
    "Channel": "En Slack-kanal dit påminnelser och resultat går.",
    "PublishedShare": "En parts andel som i avtalets tabell.",
    "PopulationKeyModel": "Fördelning efter folkmängd med årlig uppräkning.",
    "Operation": "En verksamhet som delar en kostnad lika med de andra.",
    "EqualSplitModel": "En kostnad som delas lika mellan verksamheter.",
    "PeriodicExtraModel": "En extra kostnad vissa år, fördelad med en annan modells andelar.",
    "BudgetLine": "En kostnadspost i budgeten.",
    "BudgetLinesModel": "Budget per kostnadspost plus overhead.",
    "OwnFinancingModel": "Ingen kostnad delas: varje part finansierar sin egen del (citat ur "
                         "källan).",
    "NoticeSchedule": "Sista dag att säga upp avtalet, räknad ur avtalstiden.",
    "DateSchedule": "Varje år senast en viss dag.",
    "MonthsSchedule": "Under hela månader; sista dagen i sista månaden gäller.",
    "WeeksSchedule": "Under ISO-veckor; söndagen i sista veckan gäller.",
    "LastMeetingSchedule": "Vid gruppens sista möte för året (31 december tills det har ett "
                           "datum).",
    "DeadlineRule": "En tidsfrist som boten räknar ut och påminner om.",
    "Statement": "Ett påstående i självreflektionen.",
    "Category": "En kategori av påståenden.",
    "Instrument": "Självreflektionsinstrumentet: påståenden i kategorier och en tvågradig skala.",
    "Roles": "Roller: vem som får ändra en grupps möten och vem som samordnar en "
             "familjecentral.",
    "BodyRoles": "En grupps ordförande och sekreterare (Slack-id eller e-postadress).",
    "CentreRoles": "En familjecentral, känd genom sin Slack-kanal: dess samordnare och den "
                   "styrgruppskanal dit resultaten går.",
}


def agreement_schema() -> dict[str, Any]:
    """The JSON Schema of an agreement file, in Swedish."""
    schema = Agreement.model_json_schema()
    for name, definition in [("Agreement", schema), *schema.get("$defs", {}).items()]:
        definition["title"] = name
        definition["description"] = OBJECT_DESCRIPTIONS[name]
        # pydantic's titles ("Org Number") are English and add nothing to the field name.
        for field in definition.get("properties", {}).values():
            field.pop("title", None)
    return {"$schema": JSON_SCHEMA_DIALECT, **schema, "title": "Avtalsfil för Avtalsbot"}


def schema_text() -> str:
    return json.dumps(agreement_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    if args.out in (None, "-"):
        sys.stdout.write(schema_text())
    else:
        Path(args.out).write_text(schema_text(), encoding="utf-8")
        print(f"Skrev {args.out}")
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.files]
    failed = 0
    for path in paths:
        try:
            (agreement,) = files.read_agreements([path])
        except InputError as error:
            failed += 1
            print(f"avtalsbot: {error}", file=sys.stderr)
            rest = placeholder_lines(path)
            if len(rest) > 1:  # the reader stops at the first; a template has many
                print(f"avtalsbot: {path.name}: {len(rest)} rader har kvar «platshållare» att "
                      f"fylla i: {', '.join(map(str, rest))}", file=sys.stderr)
            continue
        print(f"{path}: ok — {agreement.name} ({summary(agreement)})")
    if not failed and len(paths) > 1:
        try:  # the same id in two files, as `import` refuses it
            files.read_agreements(paths)
        except InputError as error:
            failed += 1
            print(f"avtalsbot: {error}", file=sys.stderr)
    return EXIT_INPUT if failed else 0


def placeholder_lines(path: Path) -> list[int]:
    """Lines that still hold a «placeholder» outside a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [n for n, line in enumerate(text.splitlines(), start=1)
            if "«" in _COMMENT.split(line, maxsplit=1)[0]]


def summary(agreement: Agreement) -> str:
    counts = ((len(agreement.parties), "part", "parter"),
              (len(agreement.cost_models), "kostnadsmodell", "kostnadsmodeller"),
              (len(agreement.deadlines), "tidsfrist", "tidsfrister"),
              (len(agreement.channels), "kanal", "kanaler"))
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)


def cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    name = " ".join(args.name.split())
    if not name:
        raise InputError("skriv avtalets namn, t.ex. avtalsbot new \"Samverkansavtal om …\"")
    out = Path(args.out) if args.out else Path(f"{agreement_template.agreement_id(name)}.yaml")
    if out.exists():
        raise InputError("filen finns redan: välj ett annat namn med --out eller ta bort den",
                         file=str(out))
    out.write_text(agreement_template.render(name, out.name), encoding="utf-8")
    schema = out.with_name(agreement_template.SCHEMA_FILE)
    if not schema.exists():  # for the editor: the template's first line points here
        schema.write_text(schema_text(), encoding="utf-8")
        print(f"Skrev {out} och {schema}.")
    else:
        print(f"Skrev {out}.")
    print(f"Fyll i allt som står «så här» och kontrollera med: avtalsbot check {out}")
    return 0
