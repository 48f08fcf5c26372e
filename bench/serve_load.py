"""Slash commands and vote clicks against the floor and `avtalsbot serve`, side by side.

Both servers run as processes of their own against one Slack emulator; each repetition
starts them afresh and runs every (clients, request kind) pair on the floor and then on
Avtalsbot, so a noisy neighbour on the shared machine hits both alike. Per run: p50, p99,
throughput, server CPU per request (from /proc), errors; for vote clicks also how fast the
clicks were fully processed — stored before the ack, and the card update received by the
emulator's response_url. Every vote acknowledged is checked to be in the database.

Run alone: ``python bench/serve_load.py`` (prints the figures; ``bench/run.py`` writes them).
Bounded in count and time; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, cpu_seconds, median, percentile, rss_mb

from tests.e2e.conftest import SIGNING_SECRET, free_port, start_bot, stop_bot
from tests.slack import signing
from tests.slack.emulator import SlackEmulator

CLIENTS = (1, 10, 50)
REQUESTS = {1: 150, 10: 400, 50: 500}
KINDS = ("slash", "vote")
VOTERS = [f"U0VOTER{n:02d}" for n in range(40)]
CENTRE = "C0BENCHFC"

Prepared = tuple[str, dict[str, str]]


@dataclass
class Server:
    name: str
    url: str
    pid: int
    stop: Callable[[], None]
    vote: Callable[[int], Prepared] = field(default=lambda n: ("", {}))


@dataclass
class Run:
    p50: float
    p99: float
    throughput: float  # acknowledged per second
    cpu_per_request: float  # seconds of server CPU
    errors: int
    processed: float | None = None  # vote clicks fully processed per second
    stored: int | None = None


def start_floor(emu: SlackEmulator, log: Path) -> Server:
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "floor.py"), str(port), emu.base_url],
        stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        raise RuntimeError(f"the floor did not start: {log.read_text()}")

    def stop() -> None:
        process.terminate()
        process.wait(10)

    def vote(n: int) -> Prepared:
        return signing.block_actions(SIGNING_SECRET, action_id="refl_vote", value=f"1|s{n}|works",
                                     user_id=VOTERS[n % len(VOTERS)],
                                     response_url=emu.response_url("floor"))

    return Server("floor", f"http://127.0.0.1:{port}/slack/events", process.pid, stop, vote)


def start_avtalsbot(emu: SlackEmulator, database_url: str, log: Path) -> Server:
    bot = start_bot(emu, database_url, log)
    round_id, keys = _open_round(bot.url, emu)

    def vote(n: int) -> Prepared:
        user = VOTERS[n % len(VOTERS)]
        value = f"{round_id}|{keys[n // len(VOTERS) % len(keys)]}|" + (
            "develop" if n % 3 == 0 else "works")
        return signing.block_actions(SIGNING_SECRET, action_id="refl_vote", value=value,
                                     user_id=user, channel_id="D" + user,
                                     response_url=emu.response_url("vote"))

    return Server("avtalsbot", bot.url, bot.process.pid, lambda: stop_bot(bot), vote)


def _open_round(bot_url: str, emu: SlackEmulator) -> tuple[int, list[str]]:
    """Start a self-reflection round for the voters; its id and the statement keys."""
    from storage.files import bundled_paths, read_agreement

    mentions = " ".join(f"<@{u}>" for u in VOTERS)
    emu.set_user(signing.USER_ID, is_admin=True)  # starting a round needs the role (issue 11)
    body, headers = signing.slash_command(
        SIGNING_SECRET, text=f"självreflektion starta deltagare {mentions}", channel_id=CENTRE)
    status, text = signing.post(bot_url, body, headers)
    assert status == 200, text
    invite = emu.wait_for("chat.postMessage", timeout=30)[0]
    buttons = [e for b in invite.param_json("blocks") if b["type"] == "actions"
               for e in b["elements"]]
    round_id = int(buttons[0]["value"])
    instrument = next(a.instrument for a in map(read_agreement, bundled_paths())
                      if a.instrument)
    keys = [s.key for c in instrument.categories for s in c.statements]
    emu.wait_for("chat.postMessage", count=len(VOTERS), timeout=60)
    emu.clear()
    return round_id, keys


def _requests(server: Server, kind: str, count: int, offset: int) -> list[Prepared]:
    if kind == "slash":
        return [signing.slash_command(SIGNING_SECRET, text="kostnad Krokom 2026",
                                      channel_id="C0BENCH")
                for _ in range(count)]
    return [server.vote(offset + n) for n in range(count)]


def load(url: str, prepared: list[Prepared], clients: int) -> tuple[list[float], int, float]:
    """Send every request from ``clients`` threads, each with its own keep-alive connection;
    the latencies, the number of non-200 answers and the wall time."""
    parts = urllib.parse.urlsplit(url)
    queue: Iterator[Prepared] = iter(prepared)
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            body, headers = item
            start = time.perf_counter()
            try:
                connection.request("POST", parts.path, body=body.encode(), headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - start


def measure(server: Server, emu: SlackEmulator, kind: str, clients: int, offset: int,
            stored: Callable[[], int] | None = None) -> Run:
    count = REQUESTS[clients]
    prepared = _requests(server, kind, count, offset)
    emu.clear()
    cpu_before = cpu_seconds(server.pid)
    start = time.perf_counter()
    latencies, errors, wall = load(server.url, prepared, clients)
    processed = None
    if kind == "vote" and server.name == "avtalsbot":
        # acknowledged means stored; fully processed means the card update reached Slack
        emu.wait_for("response_url", count=count, timeout=300,
                     where=lambda c: c.path.endswith("/response/vote"))
        processed = count / (time.perf_counter() - start)
    cpu = cpu_seconds(server.pid) - cpu_before
    return Run(p50=median(latencies), p99=percentile(latencies, 0.99),
               throughput=count / wall, cpu_per_request=cpu / count, errors=errors,
               processed=processed, stored=stored() if stored else None)


@dataclass
class Results:
    runs: dict[tuple[str, str, int], list[Run]] = field(default_factory=dict)
    rss: dict[str, list[float]] = field(default_factory=dict)
    votes_acked: int = 0  # distinct (voter, statement) pairs clicked and acknowledged
    votes_stored: int = 0  # the votes the database holds afterwards


def run(repetitions: int = 3, log: Callable[[str], None] = print) -> Results:
    results = Results()
    for rep in range(repetitions):
        with tempfile.TemporaryDirectory() as folder, SlackEmulator(
                token="xoxb-e2e-test-token") as emu:
            url = f"sqlite:///{folder}/bench.db"
            floor = start_floor(emu, Path(folder) / "floor.log")
            bot = start_avtalsbot(emu, url, Path(folder) / "serve.log")
            offset = 0
            voted: list[int] = [*range(10**6, 10**6 + 20)]  # the warm-up's clicks
            try:
                for server in (floor, bot):  # warm both up: first requests load code
                    for kind in KINDS:
                        load(server.url, _requests(server, kind, 20, 10**6), 2)
                emu.wait_for("response_url", count=20, timeout=60,
                             where=lambda c: c.path.endswith("/response/vote"))
                for clients in CLIENTS:
                    for kind in KINDS:
                        for server in (floor, bot):
                            result = measure(server, emu, kind, clients, offset)
                            results.runs.setdefault((server.name, kind, clients),
                                                    []).append(result)
                            log(f"rep {rep + 1} {server.name:9} {kind:5} {clients:2} clients: "
                                f"p50 {result.p50 * 1000:.2f} ms p99 {result.p99 * 1000:.2f} ms "
                                f"{result.throughput:.0f}/s cpu "
                                f"{result.cpu_per_request * 1000:.2f} ms/req errors "
                                f"{result.errors}"
                                + (f" processed {result.processed:.0f}/s"
                                   if result.processed else ""))
                        if kind == "vote":
                            voted.extend(range(offset, offset + REQUESTS[clients]))
                        offset += REQUESTS[clients]
                for server in (floor, bot):
                    results.rss.setdefault(server.name, []).append(rss_mb(server.pid))
            finally:
                bot.stop()
                floor.stop()
            results.votes_acked += len({(n % len(VOTERS), n // len(VOTERS) % 30) for n in voted})
            results.votes_stored += _stored_votes(url)
    return results


def _stored_votes(url: str) -> int:
    """Distinct (voter, statement) pairs voted in the round: what the clicks must have left."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = int(connection.execute(text("SELECT count(*) FROM reflection_votes")).scalar_one())
    engine.dispose()
    return count


if __name__ == "__main__":
    run(repetitions=1)
