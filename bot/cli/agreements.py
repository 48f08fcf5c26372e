"""`avtalsbot seed`, `import` and `export`: loading and dumping the agreement files and the
sources' documents (clause by clause)."""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

from bot.cli.common import agreement_by_id, cli_actor, cli_store
from bot.settings import Settings
from storage import documents as document_files
from storage import files
from storage.store import open_store, seed


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(**settings.store_options, seed_if_empty=False)
    loaded = seed(store, actor=cli_actor())
    print(f"Läste in {len(loaded)} avtal: " + ", ".join(a.short_name for a in loaded))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    # A file with a `documents:` list holds a source's clauses; any other is an agreement.
    paths = [Path(p) for p in args.files]
    document_paths = [p for p in paths if _is_documents_file(p)]
    # Every file read and checked (one id in two files refused) before anything is written.
    agreements = files.read_agreements(p for p in paths if p not in document_paths)
    documents = [d for p in document_paths for d in document_files.read_documents(p)]
    store = cli_store(settings)
    if agreements:
        store.save_agreements(agreements, actor=cli_actor())
        print(f"Läste in {len(agreements)} avtal: " + ", ".join(a.short_name for a in agreements))
    if documents:
        store.save_documents(documents)
        print(f"Läste in {len(documents)} dokument ur källa "
              + ", ".join(sorted({d.source_document for d in documents})))
    return 0


def _is_documents_file(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # read_agreement reports it with the file's name
    return any(line.startswith("documents:") for line in head.splitlines())


def _export_documents(args: argparse.Namespace, settings: Settings) -> int:
    documents = list(cli_store(settings).documents())
    if args.id:
        documents = [d for d in documents if args.id in (d.agreement, d.source_document)]
    by_source = [list(group) for _, group in
                 itertools.groupby(documents, key=lambda d: d.source_document)]
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for group in by_source:
            path = out / f"{group[0].source_document}.yaml"
            path.write_text(document_files.dump_documents(group), encoding="utf-8")
            print(path)
    else:
        sys.stdout.write("---\n".join(document_files.dump_documents(g) for g in by_source))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    if args.documents:
        return _export_documents(args, settings)
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
