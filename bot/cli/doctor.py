"""`avtalsbot doctor`: is this installation ready to run? One line per check, with a fix.

Written for the IT department that runs the bot: each line says what was checked, what was
found and — when something is wrong — what to do, in Swedish. It checks the settings, the
database (where it is, that it answers, that it is migrated), the Slack token and its
scopes, the bot's membership in every channel the agreements name, and that the pseudonym
secret is the one the stored votes were made with. It changes nothing: it neither creates
nor migrates the database (a missing SQLite file is reported, not made) and never prints a
secret. The exit code is 1 when any check failed, so a deployment script can stop there.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.cli.common import EXIT_INPUT, database_location, sqlite_file
from bot.settings import Settings
from commands.core.agreement import Agreement
from storage.database import MIGRATIONS, make_engine
from storage.models import ReflectionVoteRow
from storage.queries import agreements as agreement_queries
from storage.queries import pseudonym_check
from storage.store import open_store

if TYPE_CHECKING:
    from slack_sdk import WebClient

# The bot scopes manifest.yml asks for (tests/bot/cli/test_doctor.py keeps them equal): the
# manifest is not part of an installed package, so doctor carries its own copy.
REQUIRED_SCOPES = (
    "app_mentions:read", "channels:read", "chat:write", "commands", "files:write",
    "groups:read", "im:history", "im:write", "users:read", "users:read.email",
)
MIN_SECRET_LENGTH = 16  # as `serve` demands
SLACK_TIMEOUT_SECONDS = 10
# slack_sdk logs a refused connection as an ERROR with its retries; doctor says it once, in
# its own words, so the client gets a logger of its own that stays quiet.
_SLACK_LOG = logging.getLogger("avtalsbot.doctor.slack")
_SLACK_LOG.disabled = True

Status = Literal["OK", "FEL", "OBS"]


@dataclass(frozen=True)
class Finding:
    status: Status
    topic: str
    text: str
    fix: str | None = None

    def line(self) -> str:
        fix = f" Åtgärd: {self.fix}" if self.fix else ""
        return f"{self.status:<3}  {self.topic}: {self.text}{fix}"


def _ok(topic: str, text: str) -> Finding:
    return Finding("OK", topic, text)


def _fail(topic: str, text: str, fix: str) -> Finding:
    return Finding("FEL", topic, text, fix)


# --- settings ------------------------------------------------------------------------------


def check_settings(settings: Settings) -> Iterator[Finding]:
    topic = "Inställningar"
    found: list[Finding] = []
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if not token:
        found.append(_fail(topic, "SLACK_BOT_TOKEN saknas",
                           "kopiera Bot User OAuth Token (xoxb-…) från appens sida OAuth & "
                           "Permissions på api.slack.com/apps"))
    elif not token.startswith("xoxb-"):
        found.append(_fail(topic, "SLACK_BOT_TOKEN börjar inte med xoxb-",
                           "använd Bot User OAuth Token, inte användar- eller apptoken"))
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    if app_token and not app_token.startswith("xapp-"):
        found.append(_fail(topic, "SLACK_APP_TOKEN börjar inte med xapp-",
                           "skapa en App-Level Token med connections:write under Basic "
                           "Information och ange den"))
    if not app_token and settings.slack_signing_secret is None:
        found.append(_fail(topic, "varken SLACK_APP_TOKEN (Socket Mode) eller "
                           "SLACK_SIGNING_SECRET (HTTP) är satt",
                           "ange SLACK_APP_TOKEN för Socket Mode, eller SLACK_SIGNING_SECRET "
                           "och PORT för HTTP"))
    secret = settings.pseudonym_secret.get_secret_value()
    default = Settings.model_fields["pseudonym_secret"].default.get_secret_value()
    if secret == default or len(secret) < MIN_SECRET_LENGTH:
        found.append(_fail(topic, "AVTALSBOT_PSEUDONYM_SECRET saknas eller är för kort "
                           f"(minst {MIN_SECRET_LENGTH} tecken)",
                           'skapa en med python3 -c "import secrets; '
                           'print(secrets.token_urlsafe(32))" och ge alla bot-processer '
                           "samma värde"))
    if "database_url" not in settings.model_fields_set:
        found.append(_fail(topic, "AVTALSBOT_DATABASE_URL är inte satt (serve startar inte "
                           "utan den)",
                           "ange databasen, t.ex. postgresql://avtalsbot@localhost/avtalsbot "
                           "eller sqlite:////var/lib/avtalsbot/avtalsbot.db"))
    if found:
        yield from found
    else:
        mode = "Socket Mode" if app_token else f"HTTP på port {settings.port}"
        yield _ok(topic, f"fullständiga ({mode})")


# --- database ------------------------------------------------------------------------------


def open_database(settings: Settings) -> tuple[list[Finding], Engine | None]:
    """Connect without creating anything; the engine only when the schema is current."""
    topic = "Databas"
    url = settings.database_url
    where = database_location(url)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return [_fail(topic, f"{where} finns inte (relativa sökvägar utgår från mappen "
                      "kommandot körs i)",
                      "ange den befintliga filen med en absolut sökväg i "
                      "AVTALSBOT_DATABASE_URL (sqlite:////väg/till/avtalsbot.db), eller skapa "
                      "databasen med avtalsbot seed")], None
    try:
        engine = make_engine(**settings.store_options)
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except (SQLAlchemyError, ValueError, ImportError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [_fail(topic, f"{where} svarar inte ({reason})",
                      "kontrollera AVTALSBOT_DATABASE_URL, att servern är igång och att "
                      "användaren får logga in")], None
    script = ScriptDirectory(str(MIGRATIONS))
    heads = set(script.get_heads())
    if current not in heads:
        engine.dispose()
        state = "tom (inga tabeller)" if current is None else f"på version {current}"
        return [_ok(topic, f"{where} svarar"),
                _fail(topic, f"schemat är {state}, senaste är {', '.join(sorted(heads))}",
                      "kör avtalsbot seed (migrerar och läser in avtalen) eller starta "
                      "avtalsbot serve, som migrerar vid start")], None
    return [_ok(topic, f"{where} svarar och är migrerad (version {current})")], engine


def check_pseudonym_secret(settings: Settings, engine: Engine) -> Finding:
    topic = "Pseudonymnyckel"
    secret = settings.pseudonym_secret.get_secret_value().encode()
    with Session(engine) as session:
        stored = pseudonym_check.stored(session=session)
        votes = session.scalar(select(func.count(ReflectionVoteRow.id))) or 0
    if stored is None:
        if votes:
            return Finding("OBS", topic, f"{votes} sparade röster men inget kontrollvärde "
                           "(de lades innan kontrollen fanns); nyckeln kan inte jämföras",
                           "se till att AVTALSBOT_PSEUDONYM_SECRET är samma som när rösterna "
                           "lades; kontrollvärdet sparas med nästa röst")
        return _ok(topic, "inga röster sparade ännu; kontrollvärdet sparas med den första")
    if stored != pseudonym_check.check_value(secret):
        return _fail(topic, "AVTALSBOT_PSEUDONYM_SECRET är inte den som de sparade rösterna "
                     "lades med: pågående omgångar skulle räkna samma person två gånger",
                     "använd den tidigare nyckeln (samma i alla bot-processer); byt nyckel "
                     "bara mellan omgångar och töm då tabellen pseudonym_check")
    return _ok(topic, "samma som de sparade rösterna lades med")


def stored_agreements(engine: Engine) -> Sequence[Agreement]:
    with Session(engine) as session:
        return agreement_queries.load_agreements(session=session)


# --- Slack ---------------------------------------------------------------------------------


def check_slack(settings: Settings, agreements: Sequence[Agreement] | None) -> Iterator[Finding]:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    topic = "Slack"
    if settings.slack_bot_token is None:
        yield Finding("OBS", topic, "inte kontrollerat: SLACK_BOT_TOKEN saknas")
        return
    client = WebClient(token=settings.slack_bot_token.get_secret_value(),
                       base_url=settings.slack_api_url or WebClient.BASE_URL,
                       timeout=SLACK_TIMEOUT_SECONDS, logger=_SLACK_LOG)
    try:
        auth = client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error", "okänt fel")
        yield _fail(topic, f"token avvisas ({code})",
                    "kopiera en aktuell Bot User OAuth Token (xoxb-…); är appen avinstallerad "
                    "installerar du den igen i arbetsytan")
        return
    except OSError as error:  # no network, a proxy, DNS: the call never reached Slack
        yield _fail(topic, f"når inte Slack ({error})",
                    "kontrollera att servern får ansluta till slack.com över HTTPS (port 443)")
        return
    header = next((v for k, v in auth.headers.items() if k.lower() == "x-oauth-scopes"), "")
    granted = {s.strip() for s in str(header).split(",") if s.strip()}
    missing = [s for s in REQUIRED_SCOPES if s not in granted]
    who = f"{auth.get('user')} i {auth.get('team')}"
    if missing:
        yield _fail(topic, f"token giltig ({who}) men behörigheter saknas: "
                    f"{', '.join(missing)}",
                    "lägg till dem under OAuth & Permissions (eller klistra in manifest.yml "
                    "igen) och installera om appen")
    else:
        yield _ok(topic, f"token giltig ({who}), alla {len(REQUIRED_SCOPES)} behörigheter "
                  "som manifest.yml begär finns")
    if agreements is None:
        yield Finding("OBS", "Kanaler", "inte kontrollerade: databasen gick inte att läsa")
        return
    yield from check_channels(client, agreements)


def check_channels(client: WebClient, agreements: Sequence[Agreement]) -> Iterator[Finding]:
    from slack_sdk.errors import SlackApiError

    topic = "Kanaler"
    member_names: set[str] | None = None
    problems = 0
    checked = 0
    for agreement in agreements:
        for channel in agreement.channels:
            checked += 1
            label = f"{channel.name} ({agreement.short_name})"
            if channel.slack_channel:
                try:
                    info = client.conversations_info(channel=channel.slack_channel)
                    is_member = bool(info["channel"].get("is_member"))
                except SlackApiError as error:
                    code = error.response.get("error", "okänt fel")
                    problems += 1
                    yield _fail(topic, f"{label}: boten ser inte kanalen {channel.slack_channel}"
                                f" ({code})",
                                "kontrollera id:t i slack_channel och skriv /invite @Avtalsbot "
                                "i kanalen (en privat kanal syns bara för boten efter det)")
                    continue
                if not is_member:
                    problems += 1
                    yield _fail(topic, f"{label}: boten är inte medlem i {channel.slack_channel}",
                                "skriv /invite @Avtalsbot i kanalen")
                continue
            if member_names is None:
                member_names = set()
                for page in client.users_conversations(
                        types="public_channel,private_channel", exclude_archived=True,
                        limit=200):
                    member_names.update(str(c.get("name")) for c in page.get("channels", []))
            if channel.name.lstrip("#") not in member_names:
                problems += 1
                yield _fail(topic, f"{label}: boten är inte medlem (eller kanalen finns inte)",
                            f"skriv /invite @Avtalsbot i {channel.name}; är kanalen privat, "
                            "skriv dessutom dess id i slack_channel i avtalsfilen")
    if not problems:
        yield _ok(topic, f"boten är medlem i alla {checked} kanaler som avtalen nämner")


# --- the command ---------------------------------------------------------------------------


def diagnose(settings: Settings) -> list[Finding]:
    findings = list(check_settings(settings))
    database, engine = open_database(settings)
    findings += database
    agreements: Sequence[Agreement] | None = None
    if engine is not None:
        try:
            findings.append(check_pseudonym_secret(settings, engine))
            agreements = stored_agreements(engine)
        finally:
            engine.dispose()
    findings += check_slack(settings, agreements)
    return findings


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    findings = diagnose(settings)
    for finding in findings:
        print(finding.line())
    failed = sum(1 for f in findings if f.status == "FEL")
    print(f"{failed} fel." if failed else "Allt ser bra ut.")
    return EXIT_INPUT if failed else 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """What `serve` does to the database at start, on its own: for a start script or unit
    that migrates once before `doctor` looks and several processes start."""
    store = open_store(**settings.store_options)
    store.engine.dispose()
    print(f"Databas: {database_location(settings.database_url)} är migrerad.")
    return 0
