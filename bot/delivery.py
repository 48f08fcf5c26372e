"""Sending an answer's deliveries to Slack: DMs, channel posts and file uploads.

Runs on a small worker pool after the asker has their reply, so a round's twenty
invitations never hold up an acknowledgement. Posts to one channel are spaced about a
second apart (Slack's guidance for chat.postMessage); a 429 is waited out and retried by
the client's RateLimitErrorRetryHandler, never dropped. A delivery with a ``key`` (a round's
result) is reported to ``on_done`` with Slack's error or None, and whatever that returns
(a note to the coordinator) is sent next.

The same queue takes a click's card update (``later``), which is sent after the click was
stored and acknowledged; on shutdown ``drain`` waits for all of it, up to a deadline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.files import file_bytes
from bot.render.slack import messages
from bot.response_url import ResponseUrlSender
from commands.core.answers import Answer, Chart, Delivery, Outcome

log = logging.getLogger(__name__)
T = TypeVar("T")


class WorkQueue(ThreadPoolExecutor):
    """A thread pool that can be drained: on shutdown, wait for what was queued, not forever."""

    def __init__(self, max_workers: int, thread_name_prefix: str) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending: set[Future[Any]] = set()
        self._pending_lock = threading.Lock()

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future = super().submit(fn, *args, **kwargs)
        with self._pending_lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._pending_lock:
            self._pending.discard(future)

    def drain(self, deadline: float) -> int:
        """Wait until nothing is queued or running, or ``time.monotonic()`` reaches
        ``deadline``; returns how many jobs were left. Work queued by work is waited for too."""
        while True:
            with self._pending_lock:
                pending = list(self._pending)
            if not pending:
                return 0
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return len(pending)
            wait(pending, timeout=remaining)


def deliveries_of(answer: Answer) -> tuple[Delivery, ...]:
    return answer.deliveries if isinstance(answer, Outcome) else ()


class ChannelPacer:
    """At most one post per ``interval`` seconds per channel, across threads."""

    def __init__(self, interval: float = 1.0) -> None:
        self._interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(channel, now))
            self._next[channel] = at + self._interval
        if at > now:
            time.sleep(at - now)


# The error a delivery reports when Slack told us to stop posting (``bot_state``).
POSTING_STOPPED = "posting_stopped"
# Told how a keyed delivery went (error None: it arrived); returns what to send next.
OnDone = Callable[[Delivery, "str | None"], Iterable[Delivery]]


class SlackDeliverer:
    def __init__(self, client: WebClient, *, workers: int = 4, pacer: ChannelPacer | None = None,
                 on_done: OnDone | None = None,
                 stopped: Callable[[], str | None] | None = None) -> None:
        self.client = client
        self.pacer = pacer or ChannelPacer()
        self.on_done = on_done
        # Why posting was stopped (the app uninstalled, its tokens revoked), or None
        self.stopped = stopped
        self._pool = WorkQueue(max_workers=workers, thread_name_prefix="deliver")
        self._responses = ResponseUrlSender()

    def submit(self, deliveries: Iterable[Delivery]) -> list[Future[str | None]]:
        return [self._pool.submit(self.send, d) for d in deliveries]

    def later(self, work: Callable[[], None]) -> None:
        """Run ``work`` (a card update after a stored, acknowledged click) on the queue."""
        self._pool.submit(self._guarded, work)

    def respond(self, response_url: str, message: dict[str, Any]) -> None:
        """Send a click's reply (a card update) to its ``response_url``; run it ``later``."""
        self._responses.send(response_url, message)

    @staticmethod
    def _guarded(work: Callable[[], None]) -> None:
        try:
            work()
        except Exception as error:  # the click is stored; only its card update failed
            log.error("card update failed: %s", type(error).__name__)

    def drain(self, deadline: float) -> int:
        """Send what is queued until ``deadline`` (monotonic); returns how many were left."""
        return self._pool.drain(deadline)

    def send(self, delivery: Delivery) -> str | None:
        """Post one delivery; returns None when Slack took all of it, else the error."""
        error = self._post(delivery)
        if delivery.key is not None and self.on_done is not None:
            try:
                self.submit(self.on_done(delivery, error))
            except Exception:  # the database away: the claim runs out and the clock retries
                log.exception("recording delivery %s failed", delivery.key)
        return error

    def _post(self, delivery: Delivery) -> str | None:
        try:
            if self.stopped is not None and (reason := self.stopped()):
                log.warning("delivery not sent: posting is stopped (%s)", reason)
                return POSTING_STOPPED
            channel = delivery.channel
            if channel is None:
                assert delivery.user is not None, "a delivery needs a user or a channel"
                opened = self.client.conversations_open(users=delivery.user)
                channel = opened["channel"]["id"]
            first, *rest = messages(delivery.answer)
            self.pacer.wait(channel)
            posted = self.client.chat_postMessage(channel=channel, **first)
            thread = posted.get("ts")
            # What did not fit in one message (a long comment list) continues in the thread.
            for more in rest:
                self.pacer.wait(channel)
                self.client.chat_postMessage(channel=channel, thread_ts=thread, **more)
            if delivery.attachment is not None:
                content = delivery.attachment.content
                self.pacer.wait(channel)
                # The chart belongs with its table: in the same thread, with its description
                # for screen readers (Slack's alt text).
                self.client.files_upload_v2(
                    channel=channel, content=file_bytes(delivery.attachment),
                    filename=delivery.attachment.filename, title=delivery.attachment.title,
                    thread_ts=thread,
                    alt_txt=content.alt_text[:1000] if isinstance(content, Chart) else None,
                )
        except SlackApiError as error:
            # The user id is not logged: who was messaged about a reflection round is private.
            log.error("delivery failed: %s", error.response.get("error"))
            return str(error.response.get("error"))
        except Exception as error:  # the network: reported like Slack's refusals
            log.error("delivery failed: %s", type(error).__name__)
            return type(error).__name__
        return None
