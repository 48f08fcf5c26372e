"""`avtalsbot serve`: run the bot in Slack.

Socket Mode when ``SLACK_APP_TOKEN`` is set (no public URL — what a municipality behind a
firewall uses); otherwise HTTP at ``/slack/events`` on ``PORT``, served by waitress, a
production-grade threaded WSGI server (Bolt's own ``app.start()`` is a single-threaded
development server). ``/healthz`` answers 200 for load balancers.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from typing import Any

from bot import reflection_loop
from bot.app import build_app
from bot.delivery import ChannelPacer, SlackDeliverer
from bot.service import Brain
from bot.settings import Settings
from commands.core.errors import InputError
from storage.store import open_store

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
MIN_SECRET_LENGTH = 16


def health_wrapped(bolt_wsgi: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
                   ) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return bolt_wsgi(environ, start_response)

    return application


def serve(settings: Settings, *, stop: threading.Event | None = None) -> int:
    secret = settings.pseudonym_secret.get_secret_value()
    if secret == Settings.model_fields["pseudonym_secret"].default.get_secret_value() or len(
            secret) < MIN_SECRET_LENGTH:
        # The staff are promised that no one can see who voted what. With the public
        # development key anyone holding the database could recompute the pseudonyms.
        raise InputError(
            "AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort: självreflektionens svar "
            f"sparas under en nyckel som bara servern har (minst {MIN_SECRET_LENGTH} tecken). "
            "Skapa en med: python3 -c \"import secrets; print(secrets.token_urlsafe(32))\" "
            "och ge alla bot-processer samma värde.")
    store = open_store(settings.database_url)
    store.use_pseudonym_secret(secret.encode())
    brain = Brain(store, today=settings.today)  # AVTALSBOT_TODAY: demos and tests only
    pacer = ChannelPacer()  # one per process: replies, nudges and results share a channel's pace
    app = build_app(settings, brain, pacer=pacer)
    if settings.nudges_enabled:
        from bot.scheduler import start_for

        start_for(settings, store, app.client, pacer=pacer)
    reflection_loop.start(brain, SlackDeliverer(app.client, pacer=pacer,
                                                on_done=reflection_loop.recorder(brain)),
                          interval=settings.reflection_tick_seconds)
    if settings.socket_mode:
        stop = stop or threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        assert settings.slack_app_token is not None
        handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
        handler.connect()  # type: ignore[no-untyped-call]
        log.info("Avtalsbot is connected to Slack (Socket Mode)")
        stop.wait()
        handler.close()  # type: ignore[no-untyped-call]
        return 0

    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from waitress.server import create_server

    server = create_server(
        health_wrapped(SlackRequestHandler(app)), host="0.0.0.0", port=settings.port,
        threads=settings.http_threads, backlog=1024, ident="avtalsbot",
    )
    log.info("Avtalsbot listens on http://0.0.0.0:%s/slack/events", settings.port)
    server.run()  # until SIGTERM/SIGINT, whose default handlers end the process
    return 0
