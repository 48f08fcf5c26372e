"""`avtalsbot` on the command line: replies, exit codes, and errors without tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("AVTALSBOT_DATABASE_URL", url)
    return url


def test_ask_prints_the_reply(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "hjälp", "--today", "2026-11-25"]) == 0
    assert "kostnader, möten, deadlines och vad avtalen säger" in capsys.readouterr().out


def test_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["ask", "hjälp", "--today", "25/11"])
    assert caught.value.code == 2
    assert "ogiltigt datum '25/11'" in capsys.readouterr().err


def test_seed_twice_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed"]) == 0
    assert main(["seed"]) == 0
    out = capsys.readouterr().out
    assert out.count("Läste in 4 avtal") == 2
    assert "CMV Jämtland" in out


def test_import_of_a_broken_file_names_it_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "cmv-jamtland", "--out", str(tmp_path / "out")]) == 0
    good = tmp_path / "out" / "cmv-jamtland.yaml"
    renamed = good.read_text(encoding="utf-8").replace(
        "short_name: CMV Jämtland", "short_name: CMV Ändrat", 1)
    good.write_text(renamed, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nname: Trasigt\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["import", str(good), str(broken)]) == 1
    captured = capsys.readouterr()
    assert "broken.yaml:1: short_name: fältet saknas" in captured.err
    assert "Traceback" not in captured.err + captured.out

    main(["export", "cmv-jamtland"])
    assert "short_name: CMV Jämtland" in capsys.readouterr().out  # the good file was not applied


def test_export_unknown_agreement_lists_the_known(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "cmv"]) == 1
    err = capsys.readouterr().err
    assert "okänt avtal 'cmv'" in err and "cmv-jamtland" in err


def test_export_then_import_changes_nothing(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    main(["export", "--out", str(tmp_path / "a")])
    files = sorted(str(p) for p in (tmp_path / "a").iterdir())
    assert len(files) == 4
    assert main(["import", *files]) == 0
    main(["export", "--out", str(tmp_path / "b")])
    for name in ("cmv-jamtland.yaml", "jonkoping-familjecentraler.yaml"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_missing_file_is_reported_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "finns-inte.yaml"]) == 1
    err = capsys.readouterr().err
    assert "finns-inte.yaml: kan inte läsa filen" in err and "Traceback" not in err


@pytest.mark.parametrize("secret", [None, "kort"])
def test_serve_refuses_to_start_without_a_real_pseudonym_secret(
        secret: str | None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-never-printed")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    if secret is None:
        monkeypatch.delenv("AVTALSBOT_PSEUDONYM_SECRET", raising=False)
    else:
        monkeypatch.setenv("AVTALSBOT_PSEUDONYM_SECRET", secret)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort" in err
    assert "secrets.token_urlsafe(32)" in err
    assert "xoxb-never-printed" not in err


def test_debug_logging_never_reaches_slacks_payload_logs(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Bolt copies the root level onto its loggers, so the guard sits on the handler: at
    DEBUG our own records are written, Slack's body-carrying ones are not."""
    import logging

    monkeypatch.setenv("AVTALSBOT_LOG_LEVEL", "DEBUG")
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    try:
        assert main(["ask", "hjälp", "--today", "2026-11-25"]) == 0
        assert root.level == logging.DEBUG
        logging.getLogger("slack_bolt.App").setLevel(logging.DEBUG)  # as Bolt does
        logging.getLogger("slack_bolt.App").debug(
            "Responding with status: 200 body: \"Min kommentar om chefen\"")
        logging.getLogger("avtalsbot.probe").debug("our own debug line")
        for handler in root.handlers:
            handler.flush()
        err = capsys.readouterr().err
        assert "our own debug line" in err
        assert "Min kommentar" not in err
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        logging.getLogger("slack_bolt.App").setLevel(logging.NOTSET)
