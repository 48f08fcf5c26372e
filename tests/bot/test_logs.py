"""Logging keeps the privacy promise: Slack's libraries never write a body, and no one's
text can start a log line (text and JSON formats)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs

FORGED = "ok\n2026-12-01 08:00:00,000 INFO bot.server: admin logged in"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    stream = io.StringIO()
    logs.setup("DEBUG", stream=stream)
    yield stream
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])


def test_slack_library_debug_and_info_records_are_dropped(captured: io.StringIO) -> None:
    bolt = logging.getLogger("slack_bolt.App")
    bolt.setLevel(logging.DEBUG)  # what Bolt does when an App is built under a DEBUG root
    bolt.debug('Responding with status: 200 body: "{"text": "Min kommentar"}"')
    logging.getLogger("slack_bolt.middleware").info(
        "Invalid request signature detected (signature: v0=x, timestamp: 1, body: payload=vote)")
    logging.getLogger("slack_sdk.web.base_client").debug("Received the following response: x")
    logging.getLogger("bot.server").debug("our own line")
    text = captured.getvalue()
    assert "our own line" in text
    assert "Min kommentar" not in text and "payload=vote" not in text
    assert "Received the following" not in text


def test_slack_library_warnings_are_cut_before_any_content(captured: io.StringIO) -> None:
    logging.getLogger("slack_sdk.models.blocks").warning(
        "Unknown block detected and skipped ({'text': 'Min kommentar'})")
    logging.getLogger("slack_bolt.App").error("Failed to run listener (body: %s)", "U0ANNA vote")
    text = captured.getvalue()
    assert "Unknown block detected and skipped" in text
    assert "Min kommentar" not in text and "U0ANNA" not in text


def test_a_line_break_in_a_message_cannot_forge_a_log_line(captured: io.StringIO) -> None:
    logging.getLogger("bot.server").warning("refused: %s", FORGED)
    lines = captured.getvalue().splitlines()
    assert len(lines) == 1
    assert "\\n2026-12-01 08:00:00,000 INFO" in lines[0]


def test_a_traceback_is_indented_and_its_message_escaped(captured: io.StringIO) -> None:
    try:
        raise ValueError(FORGED)
    except ValueError:
        logging.getLogger("bot.service").exception("question failed")
    lines = captured.getvalue().splitlines()
    assert "question failed" in lines[0]
    assert all(line.startswith("  | ") for line in lines[1:])
    assert not any(line.startswith("2026-12-01") for line in lines)


def test_json_format_writes_one_object_a_line() -> None:
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    stream = io.StringIO()
    try:
        logs.setup("INFO", "json", stream=stream)
        logging.getLogger("bot.server").info("listening on %s", FORGED)
        try:
            raise KeyError("user_id")
        except KeyError:
            logging.getLogger("bot.service").exception("failed")
    finally:
        root.handlers[:] = saved[1]
        root.setLevel(saved[0])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == f"listening on {FORGED}"
    assert first["level"] == "INFO" and first["logger"] == "bot.server" and "time" in first
    assert "KeyError" in second["exc_info"]


def test_the_time_of_each_line_is_the_standard_formatters_across_seconds() -> None:
    # the time's text is remembered for a second: a record of the next second, or of an
    # earlier one (a thread that was slow to log), must still get its own time
    ours, standard = logs.OneLineFormatter(logs.TEXT_FORMAT), logging.Formatter()
    for created in (1_796_544_000.001, 1_796_544_000.999, 1_796_544_001.5, 1_796_544_000.25,
                    1_796_547_600.0):
        record = logging.LogRecord("avtalsbot", logging.INFO, __file__, 1, "x", None, None)
        record.created, record.msecs = created, (created - int(created)) * 1000
        assert ours.formatTime(record) == standard.formatTime(record)
        assert ours.formatTime(record, "%H") == standard.formatTime(record, "%H")
