"""``/healthz``: whether this process can answer Slack, for a load balancer or a supervisor.

200 ``ok`` when the database answers (``storage.database.ping``, bounded by the database
timeouts) and, in Socket Mode, the WebSocket to Slack is connected; otherwise 503 with what
is wrong, in a few words and nothing more (no URL, no error text). The answer is kept for
``CACHE_SECONDS``: a load balancer asking many times a second asks the database once.

HTTP mode answers it on ``PORT`` (``bot.http_gate``); both modes also on
``AVTALSBOT_HEALTH_PORT`` when set (``serve_health``) — Socket Mode's only HTTP port, so a
supervisor can restart a process whose connection died.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

CACHE_SECONDS = 1.0
StartResponse = Callable[..., Any]


class Health:
    """``database``: raises when the database does not answer. ``connected``: whether the
    Socket Mode connection is up (None in HTTP mode)."""

    def __init__(self, database: Callable[[], None], *,
                 connected: Callable[[], bool] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._database = database
        self._connected = connected
        self._clock = clock
        self._lock = threading.Lock()  # one check at a time; the others take its answer
        self._checked_at: float | None = None
        self._problem: str | None = None

    def problem(self) -> str | None:
        """What keeps this process from answering, or None when it can."""
        with self._lock:
            now = self._clock()
            if self._checked_at is None or now - self._checked_at >= CACHE_SECONDS:
                problem = self._check()
                if problem != self._problem:
                    if problem is None:
                        log.info("health: ok again")
                    else:
                        log.warning("health: %s", problem)
                self._problem, self._checked_at = problem, self._clock()
            return self._problem

    def _check(self) -> str | None:
        if self._connected is not None and not self._connected():
            return "slack connection down"
        try:
            self._database()
        except Exception as error:  # whatever the driver raises: the type says enough
            return f"database unavailable ({type(error).__name__})"
        return None

    def answer(self, start_response: StartResponse) -> list[bytes]:
        problem = self.problem()
        if problem is None:
            return plain(start_response, "200 OK", "ok")
        return plain(start_response, "503 Service Unavailable", problem)

    def wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The health port's whole application: ``/healthz``, and 404 for anything else."""
        if environ.get("PATH_INFO") == "/healthz":
            return self.answer(start_response)
        return plain(start_response, "404 Not Found", "not found")


def plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    data = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(data)))])
    return [data]


def serve_health(health: Health, *, host: str, port: int) -> Callable[[], None]:
    """Answer ``/healthz`` on ``host``:``port`` in a thread of its own; returns the stop."""
    from waitress import wasyncore
    from waitress.server import create_server

    server: Any = create_server(health.wsgi, host=host, port=port, threads=1,
                                ident="avtalsbot-health")
    thread = threading.Thread(target=server.run, name="health", daemon=True)
    thread.start()
    log.info("health check on http://%s:%s/healthz", host, server.effective_port)

    def stop() -> None:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(1.0)

    return stop
