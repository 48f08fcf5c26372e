"""Logging for every `avtalsbot` command: one line per record, nothing private in it.

The staff are promised that no log shows what anyone wrote or chose. Two rules keep it,
applied on the handler (not on loggers: Bolt copies the root level onto its own loggers
when an ``App`` is built, so a level set on ``slack_bolt`` beforehand has no effect):

- Slack's libraries log request and response bodies, payloads and WebSocket frames — at
  DEBUG ("Responding with status: 200 body: …"), and at INFO when a signature is refused.
  Their records below WARNING are dropped, and what remains is cut where a body, payload or
  dict begins.
- No record can start a line with someone else's text: CR and LF in messages and in
  exception texts are written as ``\\r`` and ``\\n``, and a traceback's lines are indented
  under the record that carries it.

``AVTALSBOT_LOG_FORMAT=json`` writes one JSON object a line (python-json-logger) for log
collectors; JSON escapes line breaks by itself.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any, TextIO

# Loggers of the Slack SDK and Bolt, and the names they log under.
SLACK_LIBRARIES = ("slack_bolt", "slack_sdk", "slack")
# Where a Slack library's message starts to carry a request's content.
_CONTENT = re.compile(r"(body|payload|message|data|envelope)\s*[:=]|[{\[]", re.IGNORECASE)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _from_slack_library(record: logging.LogRecord) -> bool:
    return record.name.split(".", 1)[0] in SLACK_LIBRARIES


class PrivacyFilter(logging.Filter):
    """Drops the Slack libraries' chatty records and cuts their messages before any content."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _from_slack_library(record):
            return True
        if record.levelno < logging.WARNING:
            return False
        message = record.getMessage()
        cut = _CONTENT.search(message)
        if cut is not None:
            record.msg = message[:cut.start()].rstrip(" (:,") + " […]"
            record.args = None
        return True


class OneLineFormatter(logging.Formatter):
    """The usual text format, with the message on one line and a traceback indented under it.

    The time's text is made once a second: `serve` writes a line per request, and
    ``time.strftime`` for each was a fifth of the line's cost."""

    _second: tuple[int, str] = (-1, "")
    default_msec_format = "%s,%03d"  # logging's own, typed as always set

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second = int(record.created)
        cached, text = self._second  # one tuple: read and written whole by any thread
        if cached != second:
            text = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = (second, text)
        return self.default_msec_format % (text, record.msecs)

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:
        return _indented(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return _indented(super().formatStack(stack_info))


def _indented(text: str) -> str:
    # Each line of a traceback is written as it is but behind "  | ", and a line break
    # inside one (an exception's message) is escaped, so no line starts with foreign text.
    return "\n".join("  | " + one_line(line.rstrip("\r")) for line in text.split("\n"))


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter  # only when asked for

        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                             rename_fields={"asctime": "time", "levelname": "level",
                                            "name": "logger"},
                             json_ensure_ascii=False)
    return OneLineFormatter(TEXT_FORMAT)


def setup(level: str, log_format: str = "text", *, stream: TextIO | None = None) -> None:
    """Route every record through one handler with the privacy filter; replaces earlier setup."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(PrivacyFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "running upgrade…" is noise
