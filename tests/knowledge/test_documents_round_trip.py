"""The sources' documents: seeded with the agreements, exported and imported back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from commands.core.errors import InputError
from storage import documents
from storage.store import SqlStore, open_store, seed


def test_every_bundled_source_dumps_and_reads_back_the_same() -> None:
    bundled = documents.bundled_documents()
    assert {d.source_document for d in bundled} == {"001", "002", "003", "004"}
    for source in ("001", "002", "003", "004"):
        group = [d for d in bundled if d.source_document == source]
        assert documents.parse_documents(documents.dump_documents(group), "x.yaml") == group


def test_seed_stores_the_documents_and_reseeding_keeps_them(fresh_store: SqlStore) -> None:
    seed(fresh_store)
    seed(fresh_store)
    stored = list(fresh_store.documents())
    assert stored == documents.bundled_documents()
    template = next(d for d in stored if d.id == "vg-lokalt-avtal-mall")
    assert template.kind == "mall" and template.agreement == "vg-familjecentraler"


def test_export_then_import_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    assert main(["seed"]) == 0
    assert main(["export", "--documents", "--out", str(tmp_path / "out")]) == 0
    exported = sorted((tmp_path / "out").glob("*.yaml"))
    assert [p.name for p in exported] == ["001.yaml", "002.yaml", "003.yaml", "004.yaml"]
    before = list(open_store(url).documents())
    assert main(["import", *map(str, exported)]) == 0
    assert "Läste in 18 dokument" in capsys.readouterr().out
    assert list(open_store(url).documents()) == before
    again = [d for p in exported for d in documents.read_documents(p)]
    assert again == before


def test_a_broken_document_file_names_file_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "009.yaml"
    broken.write_text('source_document: "009"\ndocuments:\n  - id: x\n    agreement: a\n'
                      '    kind: roman\n    title: T\n    sections: []\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        documents.read_documents(broken)
    assert str(caught.value).startswith("009.yaml:5: documents.0.kind:")
