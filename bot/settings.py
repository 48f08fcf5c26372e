"""Settings in one typed object, read from the environment (and a `.env` file if present).

Secrets are ``SecretStr``: they print as '**********' in logs and reprs. Nothing else in
the project reads ``os.environ``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal, TypedDict

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


# The threads of one `serve` process besides its request and listener threads that may hold
# a database connection at once: each of its two delivery queues (bot.delivery.SlackDeliverer;
# the listeners' and the reflection clock's), and the nudge scheduler, the reflection clock
# and the health check.
DELIVERY_WORKERS = 4
BACKGROUND_THREADS = 3


class StoreOptions(TypedDict):
    """``open_store(**settings.store_options)`` (and ``make_engine``): the one way bot/ opens
    the database, so the timeouts and the pool size hold for every command."""

    url: str
    connect_timeout: float
    statement_timeout: float
    pool_size: int


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///avtalsbot.db", validation_alias="AVTALSBOT_DATABASE_URL"
    )
    # Every wait on the database is bounded so that a partition or a stuck lock reaches the
    # user as "try again shortly" within Slack's 3 s (storage.database.make_engine; 0 = none)
    database_connect_timeout: float = Field(
        default=2.0, ge=0, validation_alias="AVTALSBOT_DATABASE_CONNECT_TIMEOUT")
    database_statement_timeout: float = Field(
        default=2.5, ge=0, validation_alias="AVTALSBOT_DATABASE_STATEMENT_TIMEOUT")
    # The most connections one process keeps to the database. Unset: one for each thread that
    # may use it at once (``database_threads``), so no request waits for a connection that
    # another thread only holds; with several processes on PostgreSQL, processes × pool size
    # must stay below its max_connections (100 by default).
    database_pool_size: int | None = Field(default=None, ge=1,
                                           validation_alias="AVTALSBOT_DATABASE_POOL_SIZE")
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_api_url: str | None = Field(default=None, validation_alias="SLACK_API_URL")
    port: int = Field(default=3000, ge=1, le=65535, validation_alias="PORT")
    # Loopback by default: a bot behind a reverse proxy or load balancer (how HTTP mode is
    # run in production, with TLS in front) needs no other address, and a forgotten setting
    # then never exposes an unencrypted port to the network. Containers set 0.0.0.0.
    host: str = Field(default="127.0.0.1", min_length=1, validation_alias="AVTALSBOT_HOST")
    # Slack's largest requests (a modal's submission with its whole view) stay far below.
    max_body_bytes: int = Field(default=1_048_576, ge=1024,
                                validation_alias="AVTALSBOT_MAX_BODY_BYTES")
    # On SIGTERM: how long requests in progress and queued deliveries may take to finish.
    shutdown_timeout_seconds: float = Field(default=20.0, gt=0,
                                            validation_alias="AVTALSBOT_SHUTDOWN_TIMEOUT_SECONDS")
    # requests handled at once: the HTTP server's threads, or Socket Mode's envelope workers;
    # as many again run the work a request leaves for after its acknowledgement
    http_threads: int = Field(default=16, ge=1, validation_alias="AVTALSBOT_HTTP_THREADS")
    # /healthz on a port of its own, on AVTALSBOT_HOST (unset: none): Socket Mode has no
    # other HTTP port, and a supervisor can ask both modes the same way
    health_port: int | None = Field(default=None, ge=1, le=65535,
                                    validation_alias="AVTALSBOT_HEALTH_PORT")
    pseudonym_secret: SecretStr = Field(
        default=SecretStr("avtalsbot-dev-pseudonym-secret-change-me"),
        validation_alias="AVTALSBOT_PSEUDONYM_SECRET",
    )
    nudge_hour: int = Field(default=8, ge=0, le=23, validation_alias="AVTALSBOT_NUDGE_HOUR")
    # the nudge scheduler in `serve`: on by default; off for tests that count Slack calls
    nudges_enabled: bool = Field(default=True, validation_alias="AVTALSBOT_NUDGES")
    nudge_tick_seconds: float = Field(default=60.0, gt=0,
                                      validation_alias="AVTALSBOT_NUDGE_TICK_SECONDS")
    # the reflection clock in `serve`: closing, reminders, results Slack did not take yet
    reflection_tick_seconds: float = Field(default=300.0, gt=0,
                                           validation_alias="AVTALSBOT_REFLECTION_TICK_SECONDS")
    # a fixed "today" for demos and end-to-end tests; unset in production
    today: dt.date | None = Field(default=None, validation_alias="AVTALSBOT_TODAY")
    # Administrators besides the workspace's admins and owners: Slack user ids or e-mail
    # addresses, separated by commas or spaces.
    admins: str = Field(default="", validation_alias="AVTALSBOT_ADMINS")
    # How long the votes, comments and participant lists of a closed round are kept; then
    # only the posted aggregate is left (`avtalsbot purge`). Three years: the instrument's
    # own cycle (source 002).
    retention_days: int = Field(default=1095, ge=1, validation_alias="AVTALSBOT_RETENTION_DAYS")
    log_level: str = Field(default="INFO", validation_alias="AVTALSBOT_LOG_LEVEL")
    # "json": one JSON object a line, for log collectors
    log_format: Literal["text", "json"] = Field(default="text",
                                                validation_alias="AVTALSBOT_LOG_FORMAT")

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError("ska vara en av " + ", ".join(LOG_LEVELS))
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def database_threads(self) -> int:
        """How many threads of `serve` may use the database at once: the request threads,
        as many listener threads (work after the acknowledgement), and the rest."""
        return 2 * self.http_threads + 2 * DELIVERY_WORKERS + BACKGROUND_THREADS

    @property
    def store_options(self) -> StoreOptions:
        """``open_store(**settings.store_options)``: the URL, the timeouts and the pool size."""
        return {"url": self.database_url,
                "connect_timeout": self.database_connect_timeout,
                "statement_timeout": self.database_statement_timeout,
                "pool_size": self.database_pool_size or self.database_threads}

    @property
    def admin_list(self) -> tuple[str, ...]:
        return tuple(a for a in self.admins.replace(",", " ").split() if a)

    @cached_property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None
