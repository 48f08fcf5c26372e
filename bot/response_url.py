"""Card updates to a click's ``response_url``, over connections kept open between them.

Bolt's ``respond`` builds a new ``WebhookClient`` for every reply, and with it a new
connection (on Slack, a new TLS handshake to hooks.slack.com): a quarter of a vote click's
thread time under load. Every card goes to the same host, so the cards share urllib3's pool
of kept-alive connections; one the other end closed meanwhile is noticed before it is used
and replaced. The proxy settings (``HTTPS_PROXY`` …) are honoured as slack_sdk reads them.

The message is what Bolt's ``respond`` sends, and like it a refusal (Slack answers 404 to an
expired URL) is not raised; it is logged, without the body.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import urllib3
from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30  # WebhookClient's own
_HEADERS = {"Content-Type": "application/json;charset=utf-8"}
# As many kept-alive connections as delivery threads may send at once (bot.delivery).
_CONNECTIONS = 16


class ResponseUrlSender:
    def __init__(self) -> None:
        proxy = load_http_proxy_from_env(log)
        # A POST is not repeated once sent (it may have arrived); a connection that fails
        # before the request leaves is tried once more.
        retries = urllib3.Retry(total=1, connect=1, read=0, redirect=0, status=0)
        self._pool: urllib3.PoolManager = (
            urllib3.ProxyManager(proxy, maxsize=_CONNECTIONS, retries=retries)
            if proxy else urllib3.PoolManager(maxsize=_CONNECTIONS, retries=retries))

    def send(self, url: str, message: dict[str, Any]) -> int:
        """POST ``message`` (``text``, ``blocks``, ``replace_original`` …) to ``url``;
        returns the HTTP status."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("a response_url must be an http(s) URL")
        response = self._pool.request("POST", url, body=json.dumps(message).encode(),
                                      headers=_HEADERS, timeout=TIMEOUT_SECONDS)
        if response.status != 200:
            log.warning("response_url answered %s", response.status)
        return response.status
