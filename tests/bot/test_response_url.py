"""Card updates to response_url reuse one kept-alive connection per thread, and a connection
the other end closed meanwhile is opened again without losing the reply."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.response_url import ResponseUrlSender


class _Hooks(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.bodies: list[dict[str, Any]] = []
        self.connections = 0
        self.close_next = False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server: _Hooks

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.bodies.append(json.loads(body))
        status = 404 if self.path.endswith("/expired") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
        if self.server.close_next:  # the other end drops the kept-alive connection
            self.server.close_next = False
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Hooks]:
    for proxy in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(proxy, raising=False)  # a proxy would be used instead
    server = _Hooks()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_cards_share_one_connection_and_survive_a_closed_one(hooks: _Hooks) -> None:
    url = f"http://127.0.0.1:{hooks.server_address[1]}/actions/T1/1/abc"
    sender = ResponseUrlSender()
    for n in range(3):
        assert sender.send(url, {"text": f"kort {n}", "replace_original": True}) == 200
    assert hooks.connections == 1
    hooks.close_next = True
    assert sender.send(url, {"text": "kort 3"}) == 200
    assert sender.send(url, {"text": "kort 4"}) == 200  # on a new connection, sent once
    assert [b["text"] for b in hooks.bodies] == [f"kort {n}" for n in range(5)]
    assert hooks.bodies[0]["replace_original"] is True
    assert hooks.connections == 2


def test_a_refused_card_is_reported_not_raised(hooks: _Hooks) -> None:
    url = f"http://127.0.0.1:{hooks.server_address[1]}/actions/T1/1/expired"
    assert ResponseUrlSender().send(url, {"text": "kort"}) == 404


def test_only_http_urls() -> None:
    with pytest.raises(ValueError, match="http"):
        ResponseUrlSender().send("file:///etc/passwd", {"text": "kort"})
