"""`avtalsbot serve`: run the bot in Slack.

Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL — what a municipality behind a
firewall uses); otherwise HTTP at ``/slack/events`` on ``AVTALSBOT_HOST``:``PORT``, served by
waitress, a production-grade threaded WSGI server (Bolt's own ``app.start()`` is a
single-threaded development server), behind the signature gate of ``bot.http_gate``.
``/healthz`` answers 503 when the database does not answer, 200 otherwise (``bot.health``);
also on ``AVTALSBOT_HEALTH_PORT`` when set — Socket Mode's only HTTP port, where it is 503 as
well while the connection to Slack is down.

Start-up checks everything before it touches anything: every setting `serve` cannot run with
is reported at once, then Slack is asked who the token belongs to, and only then is the
database opened (so a failed start leaves no database file behind).

SIGTERM or SIGINT shuts down within ``AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS``: no new requests
are taken, those in progress finish, and queued replies, invitations and files are sent.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot import reflection_loop
from bot.app import build_app, web_client
from bot.delivery import ChannelPacer, SlackDeliverer, WorkQueue
from bot.health import Health, serve_health
from bot.http_gate import BoltHandler, SlackGate
from bot.service import Brain
from bot.settings import DELIVERY_WORKERS, Settings
from commands.core.errors import InputError
from storage.database import ping
from storage.store import SqlStore, open_store

log = logging.getLogger(__name__)

MIN_SECRET_LENGTH = 16


def startup_problems(settings: Settings) -> list[str]:
    """Every setting `serve` cannot run with, each as a line an operator can act on."""
    problems = []
    if settings.slack_bot_token is None:
        problems.append("SLACK_BOT_TOKEN saknas: ange bot-token (xoxb-…) från appens "
                        "OAuth-sida")
    if not settings.socket_mode and settings.slack_signing_secret is None:
        problems.append("SLACK_SIGNING_SECRET saknas: HTTP-läget behöver appens "
                        "signeringshemlighet (eller ange SLACK_APP_TOKEN för Socket Mode)")
    if not settings.socket_mode and settings.health_port == settings.port:
        problems.append("AVTALSBOT_HEALTH_PORT är samma som PORT: HTTP-läget svarar redan på "
                        "/healthz på PORT; välj en annan port eller ta bort inställningen")
    secret = settings.pseudonym_secret.get_secret_value()
    default = Settings.model_fields["pseudonym_secret"].default.get_secret_value()
    if secret == default or len(secret) < MIN_SECRET_LENGTH:
        # The staff are promised that no one can see who voted what. With the public
        # development key anyone holding the database could recompute the pseudonyms.
        problems.append(
            "AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort: självreflektionens svar "
            f"sparas under en nyckel som bara servern har (minst {MIN_SECRET_LENGTH} tecken). "
            "Skapa en med: python3 -c \"import secrets; print(secrets.token_urlsafe(32))\" "
            "och ge alla bot-processer samma värde")
    return problems


def check_slack(settings: Settings) -> None:
    """Ask Slack who the token is (auth.test), once, with a clear message when it cannot."""
    client = web_client(settings)
    # one quick try: at start-up a clear message beats a minute of silent retries
    client.retry_handlers = [ConnectionErrorRetryHandler(max_retry_count=1)]
    client.timeout = 10
    where = settings.slack_api_url or client.base_url
    try:
        client.auth_test()
    except SlackApiError as error:
        raise InputError(
            f"Slack godtar inte SLACK_BOT_TOKEN ({error.response.get('error')}): kontrollera "
            "att appen är installerad och att det är bot-token (xoxb-…)") from None
    except Exception as error:  # URLError, timeouts, DNS: the network, not the bot
        host = urllib.parse.urlsplit(where).netloc or where
        raise InputError(
            f"Slacks API på {host} går inte att nå ({type(error).__name__}). Kontrollera "
            "nätverket, brandväggen eller proxyn"
            + (" och SLACK_API_URL" if settings.slack_api_url else "")
            + ", och starta sedan igen.") from None


# A meeting another process added shows here within this many seconds (this process's own
# changes at once); asking the database on every question cost a quarter of its CPU.
REVISION_CHECK_SECONDS = 1.0


def open_database(settings: Settings) -> SqlStore:
    """Open (migrate, seed) the database; a file this start created is removed if that fails."""
    path = _sqlite_path(settings.database_url)
    existed = path is None or os.path.exists(path)
    try:
        return open_store(**settings.store_options,
                          revision_check_interval=REVISION_CHECK_SECONDS)
    except BaseException:
        if not existed and path is not None:
            for leftover in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
                if os.path.exists(leftover):
                    os.remove(leftover)
        raise


def _sqlite_path(url: str) -> str | None:
    from sqlalchemy import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return str(parsed.database)


def serve(settings: Settings, *, stop: threading.Event | None = None) -> int:
    problems = startup_problems(settings)
    if problems:
        raise InputError("; ".join(problems))
    check_slack(settings)
    store = open_database(settings)
    store.use_pseudonym_secret(settings.pseudonym_secret.get_secret_value().encode())
    brain = Brain(store, today=settings.today,  # AVTALSBOT_TODAY: demos and tests only
                  retention_days=settings.retention_days)
    pacer = ChannelPacer()  # one per process: replies, nudges and results share a channel's pace
    listeners = WorkQueue(max_workers=settings.http_threads,
                          thread_name_prefix="avtalsbot-listener")
    deliverer = SlackDeliverer(web_client(settings), workers=DELIVERY_WORKERS, pacer=pacer,
                               on_done=reflection_loop.recorder(brain),
                               stopped=store.posting_stopped)
    app = build_app(settings, brain, pacer=pacer, listener_executor=listeners,
                    deliverer=deliverer, behind_gate=True)  # HTTP mode: see _serve_http
    if settings.nudges_enabled:
        from bot.scheduler import start_for

        start_for(settings, store, app.client, pacer=pacer)
    clock_deliverer = SlackDeliverer(app.client, workers=DELIVERY_WORKERS, pacer=pacer,
                                     on_done=reflection_loop.recorder(brain),
                                     stopped=store.posting_stopped)
    reflection_loop.start(brain, clock_deliverer, interval=settings.reflection_tick_seconds)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())

    def database() -> None:  # for /healthz
        ping(store.engine, timeout=settings.database_statement_timeout)

    if settings.socket_mode:
        finished = _serve_socket_mode(settings, app, stop, database)
    else:
        health = Health(database)
        stop_health = _health_port(settings, health)
        finished = _serve_http(settings, app, stop, health)
        stop_health()
    left = _finish(finished, listeners, deliverer)
    if left:
        log.warning("shutdown: %d replies or deliveries were not sent in time", left)
        logging.shutdown()
        os._exit(1)  # their threads may wait on Slack for minutes; the deadline holds
    log.info("Avtalsbot stopped")
    return 0


def _finish(deadline: float, listeners: WorkQueue, deliverer: SlackDeliverer) -> int:
    # Listeners run first (a mention's reply is queued by its listener), then the queue.
    left = listeners.drain(deadline)
    return left + deliverer.drain(deadline)


def _serve_socket_mode(settings: Settings, app: Any, stop: threading.Event,
                       database: Callable[[], None]) -> float:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    # as many envelopes at once as HTTP mode takes requests (the pool is sized for them)
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value(),
                                concurrency=settings.http_threads)
    # 503 until connected, and whenever it is not
    stop_health = _health_port(settings, Health(database, connected=handler.client.is_connected))
    handler.connect()  # type: ignore[no-untyped-call]
    log.info("Avtalsbot is connected to Slack (Socket Mode)")
    stop.wait()
    stop_health()
    deadline = time.monotonic() + settings.shutdown_timeout_seconds
    log.info("shutting down: finishing what is in progress (at most %ss)",
             settings.shutdown_timeout_seconds)
    client = handler.client
    # Take no new envelopes from the connection; those being handled finish and their
    # acknowledgements still go out on the open connection. Envelopes not taken are never
    # acknowledged, so Slack delivers them again (to another process, if there is one).
    client.closed = True  # the message processor's loop ends: no new envelope is dispatched
    waiter = threading.Thread(target=client.message_workers.shutdown, daemon=True)
    waiter.start()
    waiter.join(max(0.0, deadline - time.monotonic()))
    handler.close()  # type: ignore[no-untyped-call]
    return deadline


def _health_port(settings: Settings, health: Health) -> Callable[[], None]:
    if settings.health_port is None:
        return lambda: None
    return serve_health(health, host=settings.host, port=settings.health_port)


def _serve_http(settings: Settings, app: Any, stop: threading.Event, health: Health) -> float:
    from waitress.server import create_server

    assert settings.slack_signing_secret is not None
    gate = SlackGate(BoltHandler(app),
                     signing_secret=settings.slack_signing_secret.get_secret_value(),
                     max_body_bytes=settings.max_body_bytes, health=health)
    server: Any = create_server(
        gate, host=settings.host, port=settings.port, threads=settings.http_threads,
        backlog=1024, ident="avtalsbot", max_request_body_size=settings.max_body_bytes,
    )
    loop = threading.Thread(target=server.run, name="http", daemon=True)
    loop.start()
    log.info("Avtalsbot listens on http://%s:%s/slack/events", settings.host, server.effective_port)
    stop.wait()
    deadline = time.monotonic() + settings.shutdown_timeout_seconds
    log.info("shutting down: finishing requests in progress (at most %ss)",
             settings.shutdown_timeout_seconds)
    # Stop accepting: the listening socket is closed inside the server's own loop.
    server.trigger.pull_trigger(lambda: _stop_listening(server))
    while time.monotonic() < deadline and _busy(server):
        time.sleep(0.02)
    server.task_dispatcher.shutdown(cancel_pending=False,
                                    timeout=max(0.0, deadline - time.monotonic()))
    server.trigger.pull_trigger(lambda: _close_all(server))
    loop.join(max(0.1, deadline - time.monotonic()))
    return deadline


def _stop_listening(server: Any) -> None:
    from waitress import wasyncore

    server.accepting = False
    wasyncore.dispatcher.close(server)  # the listening socket only; the trigger stays


def _close_all(server: Any) -> None:
    from waitress import wasyncore

    wasyncore.close_all(server._map)


def _busy(server: Any) -> bool:
    dispatcher = server.task_dispatcher
    if dispatcher.active_count or dispatcher.queue:
        return True
    return any(channel.requests or channel.total_outbufs_len
               for channel in list(server.active_channels.values()))
