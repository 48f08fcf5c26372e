"""Build the Bolt app: settings in, a ready ``slack_bolt.App`` out.

``process_before_response=True`` makes Bolt answer only after the listener ran, which is
what lets a slash command's answer travel back *in* the acknowledgement (one round trip),
lets a click be stored before Slack hears it was taken, and keeps HTTP mode safe on a
threaded server; anything slow (a card update, a DM) is sent after the ack.
The Web API client retries rate-limited calls (429 + Retry-After) and network
errors with slack_sdk's own retry handlers. Every request dispatched gets one log line
(``bot.request_log.LoggedApp``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.delivery import ChannelPacer, SlackDeliverer
from bot.directory import SlackDirectory
from bot.listeners import register_listeners
from bot.reflection_loop import recorder
from bot.request_log import LoggedApp
from bot.service import Brain
from bot.settings import Settings


def web_client(settings: Settings) -> WebClient:
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(
        token=token,
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
        ],
    )


def build_app(settings: Settings, brain: Brain, *, pacer: ChannelPacer | None = None,
              listener_executor: ThreadPoolExecutor | None = None,
              deliverer: SlackDeliverer | None = None, behind_gate: bool = False) -> App:
    """``pacer``: shared with the process's other posters (nudges, the reflection clock), so
    that together they keep to about one message a second per channel. ``listener_executor``
    and ``deliverer``: given by `serve`, which drains both on shutdown. ``behind_gate``: every
    HTTP request reaches the app through ``bot.http_gate.SlackGate``, which has checked its
    signature before the body was read, so Bolt need not check it again."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN saknas: ange bot-token (xoxb-…) för att köra i Slack")
    socket_mode = settings.socket_mode
    if not socket_mode and settings.slack_signing_secret is None:
        raise ValueError(
            "SLACK_SIGNING_SECRET saknas: HTTP-läget behöver signeringshemligheten "
            "(eller ange SLACK_APP_TOKEN för Socket Mode)"
        )
    secret = settings.slack_signing_secret
    app = LoggedApp(
        client=web_client(settings),
        signing_secret=secret.get_secret_value() if secret else "",
        request_verification_enabled=not socket_mode and not behind_gate,
        process_before_response=True,
        # Bolt would otherwise warn about and answer unknown events; ours all have listeners.
        raise_error_for_unhandled_request=False,
        # Lazy listeners (votes, buttons, mentions) run here after the ack. Bolt's default is
        # five threads: one slow Slack call (a file upload, a 429 wait) would hold up a fifth
        # of every click behind it.
        listener_executor=listener_executor or ThreadPoolExecutor(
            max_workers=settings.http_threads, thread_name_prefix="avtalsbot-listener"),
    )
    brain.directory = SlackDirectory(app.client, admins=settings.admin_list)
    # a round's result closed by the coordinator is recorded as posted once Slack took it
    register_listeners(app, brain, deliverer or SlackDeliverer(app.client, pacer=pacer,
                                                               on_done=recorder(brain)))
    return app
