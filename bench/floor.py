"""The floor: a bare Bolt app that only acknowledges, served the way `avtalsbot serve` is.

Bolt with ``process_before_response=True`` behind waitress with the same thread count
(16): whatever Avtalsbot costs above this is ours, not the framework's. Used by
``bench/http.py`` as a process of its own, so its CPU and memory can be read from /proc.

Run alone: ``python bench/floor.py PORT SLACK_API_URL`` (signing secret as in tests/e2e).
"""

from __future__ import annotations

import re
import sys

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve

SIGNING_SECRET = "e2e-signing-secret"
BOT_TOKEN = "xoxb-e2e-test-token"


def build(api_url: str) -> App:
    app = App(
        client=WebClient(token=BOT_TOKEN, base_url=api_url),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
        raise_error_for_unhandled_request=False,
    )

    @app.command(re.compile(".+"))
    def command(ack: Ack) -> None:
        ack()

    @app.action(re.compile(".+"))
    def action(ack: Ack) -> None:
        ack()

    return app


def main() -> None:
    port, api_url = int(sys.argv[1]), sys.argv[2]
    serve(SlackRequestHandler(build(api_url)), host="127.0.0.1", port=port, threads=16,
          backlog=1024, ident="floor", _quiet=True)


if __name__ == "__main__":
    main()
