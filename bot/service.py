"""The one brain behind every mouth: Slack listeners, the console and the CLI all call
``Brain.ask`` / ``Brain.act`` and render what comes back.

It adds what a chat needs around the pure router — today's date in Europe/Stockholm and
a guard so that no bug ever reaches a user as a traceback. A database that does not answer
in time (a lock held elsewhere, a partition: see ``storage.database.make_engine``) is not a
bug: the user is told it is temporary, and after a click that nothing was saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from commands.core.answers import Answer, Problem
from commands.core.context import STOCKHOLM, Lang, Request
from commands.core.ports import Directory, language_of
from commands.core.text import detect_language, say, written_in_swedish
from commands.routing import home, router
from storage.store import DatabaseBusy, SqlStore

log = logging.getLogger(__name__)
T = TypeVar("T")


def stockholm_today() -> dt.date:
    return dt.datetime.now(STOCKHOLM).date()


@dataclass
class Brain:
    store: SqlStore
    today: dt.date | None = None  # fixed date for demos and tests; None = the real today
    directory: Directory | None = None
    retention_days: int = 1095  # AVTALSBOT_RETENTION_DAYS, for what App Home says

    def request(self, text: str, *, user: str, channel: str | None) -> Request:
        now = dt.datetime.now(STOCKHOLM)
        today = self.today or now.date()
        return Request(text=text, today=today, user=user, channel=channel,
                       lang=self.language(text, user), now=now if self.today is None else None,
                       directory=self.directory, retention_days=self.retention_days)

    def language(self, text: str, user: str) -> Lang:
        """English for those who write English; Swedish for those who write Swedish; for a
        click, or words that could be either, the person's Slack locale (Swedish when the
        directory does not know it)."""
        if detect_language(text) == "en":
            return "en"
        if written_in_swedish(text):
            return "sv"
        try:
            return language_of(self.directory, user) or "sv"
        except Exception:  # Slack away: the answer matters more than its language
            log.warning("could not look up a language; answering in Swedish")
            return "sv"

    def ask(self, text: str, *, user: str = "console", channel: str | None = None) -> Answer:
        request = self.request(text, user=user, channel=channel)
        # the text is not logged: it may be personal
        return self.guarded(request, "question", lambda: router.answer(request, self.store))

    def takes_time(self, text: str) -> bool:
        """Whether answering ``text`` reads Slack at length (starting a round reads the
        channel's members): the listener acknowledges first, then answers."""
        command, rest = router.route(text)
        return bool(command is not None and command.takes_time and command.takes_time(rest))

    def home(self, *, user: str) -> Answer:
        request = self.request("", user=user, channel=None)
        return self.guarded(request, "home tab", lambda: home.home(request, self.store))

    def act(self, action_id: str, value: str, *, user: str, channel: str | None) -> Answer:
        request = self.request("", user=user, channel=channel)
        return self.guarded(request, f"action {action_id}",
                            lambda: router.act(request, action_id, value, self.store),
                            click=True)

    def guarded(self, request: Request, what: str, work: Callable[[], T], *,
                click: bool = False) -> T | Problem:
        """``work``'s result, or — when it fails — a Problem worded for the user: the guard
        of every question and click, also for what a listener asks of a domain directly
        (the form a button opens)."""
        try:
            return work()
        except Exception as error:
            return _sorry(request, error, what, click=click)


def database_away(error: BaseException) -> bool:
    """Whether ``error`` means the database did not answer in time — its write lock held
    elsewhere (``DatabaseBusy``, SQLite's "database is locked"), a statement or connect
    timeout, a broken connection (``OperationalError``), no pooled connection free — rather
    than a bug. Storage raises these as they are, or as the cause of another error."""
    away = (OperationalError, PoolTimeout, DatabaseBusy)
    return isinstance(error, away) or isinstance(error.__cause__, away)


def _sorry(request: Request, error: Exception, what: str, *, click: bool = False) -> Problem:
    lang = request.lang
    if database_away(error):
        # the class only: a driver's message holds the statement and its parameters
        log.warning("%s failed: the database did not answer (%s)", what,
                    type(getattr(error, "orig", None) or error).__name__)
        if click:  # the card is not updated and keeps the earlier choice: say why
            message = say(lang, "Tillfälligt fel: databasen svarar inte just nu, så det du "
                                "valde har inte sparats. Försök igen om en stund.",
                          "Temporary error: the database is not answering right now, so "
                          "your choice was not saved. Please try again shortly.")
        else:
            message = say(lang, "Tillfälligt fel: databasen svarar inte just nu, så inget "
                                "har ändrats. Försök igen om en stund.",
                          "Temporary error: the database is not answering right now, so "
                          "nothing was changed. Please try again shortly.")
        return Problem(lang=lang, message=message)
    log.exception("%s failed", what)
    return Problem(lang=lang, message=say(
        lang, "Något gick fel hos mig när jag skulle svara. Försök igen om en stund; "
              "felet är loggat.",
        "Something went wrong on my side. Please try again shortly; "
        "the error has been logged."))
