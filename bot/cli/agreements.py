"""`avtalsbot seed`, `import` and `export`: loading and dumping the agreement files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import Add, SubParsers, agreement_by_id, cli_actor, cli_store
from bot.settings import Settings
from storage import files
from storage.store import open_store, seed


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings.database_url, seed_if_empty=False)
    loaded = seed(store, actor=cli_actor())
    print(f"Läste in {len(loaded)} avtal: " + ", ".join(a.short_name for a in loaded))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    # Every file read and checked (one id in two files refused) before anything is written.
    agreements = files.read_agreements(Path(p) for p in args.files)
    store = cli_store(settings)
    store.save_agreements(agreements, actor=cli_actor())
    print(f"Läste in {len(agreements)} avtal: " + ", ".join(a.short_name for a in agreements))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    store = cli_store(settings)
    agreements = store.agreements()
    if args.id:
        agreements = [agreement_by_id(agreements, args.id)]
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for agreement in agreements:
            (out / f"{agreement.id}.yaml").write_text(files.dump_agreement(agreement),
                                                      encoding="utf-8")
            print(out / f"{agreement.id}.yaml")
    else:
        sys.stdout.write("---\n".join(files.dump_agreement(a) for a in agreements))
    return 0


def register(sub: SubParsers, add: Add) -> None:
    add("seed", cmd_seed, "Läs in (om) de medföljande avtalen.")
    imp = add("import", cmd_import, "Läs in avtal från YAML-filer.")
    imp.add_argument("files", nargs="+", metavar="FIL")
    exp = add("export", cmd_export, "Skriv ut avtal som YAML.")
    exp.add_argument("id", nargs="?", help="avtalets id, t.ex. cmv-jamtland")
    exp.add_argument("--out", help="mapp att skriva en fil per avtal till")
