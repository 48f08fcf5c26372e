"""A local stand-in for Slack's Socket Mode WebSocket endpoint.

Slack hands a Socket Mode app a WebSocket URL from ``apps.connections.open``; over it Slack
sends *envelopes* (``{"envelope_id", "type", "payload", "accepts_response_payload"}``) after a
``hello``, and the app acknowledges each by sending back ``{"envelope_id", "payload"?}``.
This server plays Slack's side on loopback so that the real ``avtalsbot serve`` can be
tested in the mode municipalities behind a firewall use.
"""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import Any, Self

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

JSONDict = dict[str, Any]


class SocketModeServer:
    def __init__(self) -> None:
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: queue.Queue[ServerConnection] = queue.Queue()
        self._acks: dict[str, queue.Queue[JSONDict]] = {}
        self._lock = threading.Lock()
        self.connection: ServerConnection | None = None

    def start(self) -> Self:
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=local"

    def wait_connected(self, timeout: float = 30.0) -> ServerConnection:
        self.connection = self._connections.get(timeout=timeout)
        return self.connection

    def send(self, envelope_type: str, payload: JSONDict, *,
             accepts_response_payload: bool = False, timeout: float = 10.0) -> JSONDict:
        """Send one envelope and return the app's acknowledgement of it."""
        assert self.connection is not None, "no app connected"
        envelope_id = str(uuid.uuid4())
        inbox: queue.Queue[JSONDict] = queue.Queue()
        with self._lock:
            self._acks[envelope_id] = inbox
        self.connection.send(json.dumps({
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": 0,
            "retry_reason": "",
        }))
        return inbox.get(timeout=timeout)

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "local", "approximate_connection_time": 3600},
            "connection_info": {"app_id": "A0LOCAL"},
        }))
        self._connections.put(connection)
        try:
            for raw in connection:
                message = json.loads(raw)
                with self._lock:
                    inbox = self._acks.pop(message.get("envelope_id", ""), None)
                if inbox is not None:
                    inbox.put(message)
        except ConnectionClosed:
            pass
