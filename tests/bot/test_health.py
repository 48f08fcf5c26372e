"""``/healthz`` means something: 503 when the database does not answer (an SQLite file gone, a
PostgreSQL server not there) or the Socket Mode connection is down, 200 otherwise, with a
short plain body; asked at most once a second."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bot.health import Health, serve_health
from bot.http_gate import SlackGate
from storage.database import make_engine, ping
from storage.store import open_store
from tests.e2e.conftest import free_port


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def get(app: Any, path: str = "/healthz") -> tuple[str, bytes]:
    seen: list[str] = []
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET",
                         "wsgi.input": io.BytesIO()},
                        lambda status, headers, exc_info=None: seen.append(status)))
    return seen[0], body


def sqlite_health(tmp_path: Path, clock: Clock) -> tuple[Health, Path]:
    path = tmp_path / "health.db"
    store = open_store(f"sqlite:///{path}", seed_if_empty=False)
    return Health(lambda: ping(store.engine), clock=clock), path


def test_ok_while_the_database_answers_and_503_when_its_file_is_gone(tmp_path: Path) -> None:
    clock = Clock()
    health, path = sqlite_health(tmp_path, clock)
    assert get(health.wsgi) == ("200 OK", b"ok")
    moved = path.with_suffix(".away")
    path.rename(moved)  # the bot's pooled connections still hold the old file open
    clock.now += 1.0
    assert get(health.wsgi) == ("503 Service Unavailable",
                                b"database unavailable (OperationalError)")
    moved.rename(path)
    clock.now += 1.0
    assert get(health.wsgi) == ("200 OK", b"ok")


def test_a_postgresql_server_that_is_not_there_is_503() -> None:
    engine = make_engine(f"postgresql://avtalsbot@127.0.0.1:{free_port()}/avtalsbot",
                         connect_timeout=1)
    status, body = get(Health(lambda: ping(engine)).wsgi)
    assert status == "503 Service Unavailable"
    assert body == b"database unavailable (OperationalError)"  # no host, port or user


def test_socket_mode_is_503_while_the_connection_is_down(tmp_path: Path) -> None:
    clock = Clock()
    connected = [False]
    store = open_store(f"sqlite:///{tmp_path / 'sock.db'}", seed_if_empty=False)
    health = Health(lambda: ping(store.engine), connected=lambda: connected[0], clock=clock)
    assert get(health.wsgi) == ("503 Service Unavailable", b"slack connection down")
    connected[0] = True
    clock.now += 1.0
    assert get(health.wsgi) == ("200 OK", b"ok")


def test_the_answer_is_kept_for_a_second_so_a_load_balancer_cannot_hammer_the_database(
        ) -> None:
    clock = Clock()
    asked: list[float] = []
    health = Health(lambda: asked.append(clock.now), clock=clock)
    for _ in range(50):
        assert get(health.wsgi)[0] == "200 OK"
    clock.now += 0.9
    get(health.wsgi)
    assert len(asked) == 1
    clock.now += 0.2
    get(health.wsgi)
    assert len(asked) == 2


def test_the_gate_answers_healthz_from_the_health_check(tmp_path: Path) -> None:
    def down() -> None:
        raise OSError("secret-host:5432 refused")

    gate = SlackGate(lambda environ, start: [b""], signing_secret="s" * 16,
                     max_body_bytes=1024, health=Health(down))
    assert get(gate) == ("503 Service Unavailable", b"database unavailable (OSError)")


def test_the_health_port_answers_healthz_only(tmp_path: Path) -> None:
    health, _ = sqlite_health(tmp_path, Clock())
    port = free_port()
    stop = serve_health(health, host="127.0.0.1", port=port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            assert (answer.status, answer.read()) == (200, b"ok")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/events", timeout=5)
            raise AssertionError("the health port answered another path")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        stop()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
        raise AssertionError("the health port still answers after stop")
    except urllib.error.URLError as error:
        assert not isinstance(error, urllib.error.HTTPError)
