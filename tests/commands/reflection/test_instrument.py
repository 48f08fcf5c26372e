"""The bundled instrument is source 002's, verbatim: 30 statements in 7 categories.

The statements are parsed here from the source text itself (the table after "Resultat av
självreflektion"), so a typo in the YAML, a missing statement or a wrong category fails.
Only whitespace is normalised: the source breaks lines inside sentences.
"""

from __future__ import annotations

import re

import pytest

from commands.reflection.rules import items
from storage import files
from tests.conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "sources").is_dir(),
                                reason=f"the source documents are not at {SHARED / 'sources'}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def statements_in_source() -> list[tuple[str, str, str]]:
    """(category, title, text) for each statement, in the source's order."""
    source = next((SHARED / "sources").glob("002_*.txt")).read_text(encoding="utf-8")
    table = source.split("Resultat av självreflektion", 1)[1].split(
        "Analys av resultat utifrån", 1)[0]
    chunks = re.split(r"[Kk]ommentar:", table)[:-1]  # each statement ends with "Kommentar:"
    found: list[tuple[str, str, str]] = []
    category = ""
    for chunk in chunks:
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        start = max(n for n, line in enumerate(lines) if " - " in line or ": " in line)
        if start > 0:
            category = lines[start - 1]
        statement = _squash(" ".join(lines[start:]))
        title, text = re.split(r" - |: ", statement, maxsplit=1)
        found.append((category, title, text))
    return found


def test_source_has_thirty_statements_in_seven_categories() -> None:
    parsed = statements_in_source()
    assert len(parsed) == 30
    assert len({category for category, _, _ in parsed}) == 7


def test_bundled_instrument_matches_source_002_verbatim() -> None:
    agreement = files.read_agreement(files.bundled_paths()[0].with_name(
        "jonkoping-familjecentraler.yaml"))
    assert agreement.instrument is not None
    bundled = [(_squash(i.category), _squash(i.statement.title), _squash(i.statement.text))
               for i in items(agreement.instrument)]
    assert bundled == statements_in_source()
    assert agreement.instrument.scale == ("Fungerar", "Behöver utvecklas")
    assert [i.number for i in items(agreement.instrument)] == list(range(1, 31))
