"""Card updates to a click's ``response_url``, over connections kept open between them.

Bolt's ``respond`` builds a new ``WebhookClient`` for every reply, and with it a new
connection (on Slack, a new TLS handshake to hooks.slack.com): a quarter of a vote click's
thread time under load. Every card goes to the same host, so each delivery thread keeps one
connection per host and reuses it; one that the other end closed meanwhile is opened again
and the reply sent once more (Slack has not seen it: the request never got an answer).

With a proxy in the environment (``HTTPS_PROXY`` …) slack_sdk's ``WebhookClient`` is used
instead, which honours it. The message is what Bolt's ``respond`` sends, and like it a
refusal (Slack answers 404 to an expired URL) is not raised; it is logged, without the body.
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
import threading
import urllib.parse
from typing import Any

from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env
from slack_sdk.webhook import WebhookClient

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30  # WebhookClient's own
_HEADERS = {"Content-Type": "application/json;charset=utf-8"}
# a kept-alive connection the other end closed shows as one of these on the next request
_STALE = (http.client.RemoteDisconnected, http.client.CannotSendRequest, BrokenPipeError,
          ConnectionResetError, ConnectionAbortedError)


class ResponseUrlSender:
    def __init__(self) -> None:
        self._local = threading.local()
        self._proxy = load_http_proxy_from_env(log)
        self._tls = ssl.create_default_context()

    def send(self, url: str, message: dict[str, Any]) -> int:
        """POST ``message`` (``text``, ``blocks``, ``replace_original`` …) to ``url``;
        returns the HTTP status."""
        if self._proxy is not None:
            return WebhookClient(url, proxy=self._proxy).send_dict(message).status_code
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("a response_url must be an http(s) URL")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = json.dumps(message).encode()
        for attempt in (1, 2):
            connection = self._connection(parts.scheme, parts.hostname, parts.port)
            try:
                connection.request("POST", path or "/", body=body, headers=_HEADERS)
                response = connection.getresponse()
                response.read()  # the whole answer, so the connection can carry the next
            except _STALE:
                self._drop(parts.scheme, parts.hostname, parts.port)
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self._drop(parts.scheme, parts.hostname, parts.port)
                raise
            if response.will_close:
                self._drop(parts.scheme, parts.hostname, parts.port)
            if response.status != 200:
                log.warning("response_url answered %s", response.status)
            return response.status
        raise AssertionError("unreachable")

    def _connection(self, scheme: str, host: str, port: int | None
                    ) -> http.client.HTTPConnection:
        connections: dict[tuple[str, str, int | None], http.client.HTTPConnection] = \
            self._local.__dict__.setdefault("connections", {})
        key = (scheme, host, port)
        connection = connections.get(key)
        if connection is None:
            connection = (http.client.HTTPSConnection(host, port, timeout=TIMEOUT_SECONDS,
                                                      context=self._tls)
                          if scheme == "https"
                          else http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS))
            connections[key] = connection
        return connection

    def _drop(self, scheme: str, host: str, port: int | None) -> None:
        connections = self._local.__dict__.get("connections", {})
        connection = connections.pop((scheme, host, port), None)
        if connection is not None:
            connection.close()
