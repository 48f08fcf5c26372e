"""`avtalsbot reflection-csv`: the administrator's export of a closed round, aggregates only;
and `avtalsbot ask` running a reflection command with the settings' pseudonym secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", "cli-test-secret")
    return url


def ask(text: str, user: str, channel: str = "C0FC") -> int:
    return main(["ask", text, "--today", "2026-11-25", "--user", user, "--channel", channel])


def test_export_lists_closed_rounds_and_writes_the_aggregate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reflection-csv"]) == 0
    assert "Ingen självreflektion är stängd ännu." in capsys.readouterr().out
    assert ask("självreflektion starta FC Råslätt deltagare U1 U2 U3 U4", "U0SAM") == 0
    from commands.reflection.rules import instrument_of, items
    from storage.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'cli.db'}")
    store.use_pseudonym_secret(b"cli-test-secret")
    (round_,) = store.all_rounds()
    found = instrument_of(store)
    assert found is not None
    for user in ("U1", "U2", "U3"):
        for item in items(found[1]):
            store.record_vote(round_id=round_.id, user=user, statement_key=item.statement.key,
                              value="develop" if item.number == 2 else "works")
    capsys.readouterr()
    assert ask("självreflektion status", "U1", "DU1") == 0  # the CLI keys with the same secret
    assert "Du själv: 30 av 30." in capsys.readouterr().out
    assert ask("självreflektion stäng ändå", "U0SAM") == 0
    capsys.readouterr()
    assert main(["reflection-csv"]) == 0
    assert capsys.readouterr().out == f"{round_.id}\t2026\tFC Råslätt\n"
    out = tmp_path / "result.csv"
    assert main(["reflection-csv", str(round_.id), "--out", str(out)]) == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[2] == "2;Generellt för arbete på FC;Barnkonventionen;0;3;100,0;;"
    assert not any(user in out.read_text(encoding="utf-8-sig") for user in ("U1", "U2", "U3"))
    assert main(["reflection-csv", "99"]) == 1
    assert (f"avtalsbot: ingen stängd omgång med id 99. Stängda omgångar: {round_.id}"
            in capsys.readouterr().err)
