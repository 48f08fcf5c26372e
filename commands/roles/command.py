"""`/avtal roll …`, `/avtal roller [avtal]` and `/avtal logg [avtal] [period]`: administrators
grant and revoke roles from chat and read the audit trail; anyone may list the roles.

Examples: ``/avtal roll ge @anna samordnare #fc-raslatt``, ``/avtal roll ge @bo ordförande
styrgrupp CMV``, ``/avtal roll ta bort @bo ordförande styrgrupp CMV``, ``/avtal roller CMV``,
``/avtal logg CMV 2026``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from commands.core.agreement import Agreement
from commands.core.answers import Answer, ChannelRef, Code, Problem, Table, Text, rich
from commands.core.context import STOCKHOLM, Request
from commands.core.ports import AuditEvent, RoleGrant, RoleName, RoleRecords, Store
from commands.core.registry import Command
from commands.core.text import fold, inert, say
from commands.reading.names import agreements_named, bodies_named
from commands.reading.periods import find_period
from commands.reading.words import BODY_KINDS
from commands.roles import wording
from commands.roles.facts import all_grants, asker_of
from commands.roles.rules import Refused, may_administer

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
_EMAIL = re.compile(r"^<?(?:mailto:[^|>]*\|)?([^@\s<>|]+@[^@\s<>|]+\.[^@\s<>|]+)>?$")
_ROLE_WORDS: dict[str, RoleName] = {
    "samordnare": "coordinator", "coordinator": "coordinator", "koordinator": "coordinator",
    "ordforande": "chair", "ordf": "chair", "chair": "chair", "chairs": "chair",
    "chairperson": "chair",
    "sekreterare": "secretary", "secretary": "secretary",
}
_GRANT = ("ge", "grant", "add", "lagg", "tilldela")
_REVOKE = ("ta", "tabort", "revoke", "remove", "aterkalla")
ROLL_EXAMPLES = ("/avtal roll ge @anna samordnare #fc-raslatt",
                 "/avtal roll ge @bo ordförande styrgrupp CMV",
                 "/avtal roll ta bort @bo ordförande styrgrupp CMV")


@dataclass(frozen=True)
class RoleChange:
    grant: bool
    role: RoleGrant
    scope: Text


def _labels(agreements: Sequence[Agreement]) -> dict[tuple[str, str], Text]:
    return {(a.id, b.key): f"{b.name} ({a.short_name})" for a in agreements for b in a.bodies}


def _problem(request: Request, sv: Text, en: Text) -> Problem:
    return Problem(lang=request.lang, message=say(request.lang, sv, en),
                   examples=ROLL_EXAMPLES)


def _person(word: str) -> str | None:
    if match := _USER.match(word):
        return match.group(1)
    if match := _EMAIL.match(word):
        return match.group(1).lower()
    bare = word.lstrip("@").strip(",")
    if re.fullmatch(r"[UW][A-Z0-9]{2,20}", bare):
        return bare
    if bare and word.startswith("@"):  # the console's simulated users ("@anna")
        return bare
    return None


def _channel(word: str) -> str | None:
    if match := _CHANNEL.match(word):
        return match.group(1)
    bare = word.lstrip("#")
    return bare if bare and (word.startswith("#") or re.fullmatch(r"[CG][A-Z0-9]{2,20}", bare)
                             ) else None


def parse_change(request: Request, store: Store, words: list[str]) -> RoleChange | Problem:
    if not words:
        return _problem(request, "Skriv om rollen ska ges eller tas bort, till vem och vilken.",
                        "Say whether to grant or revoke, to whom and which role.")
    first = fold(words[0])
    if first in _GRANT:
        grant, rest = True, words[1:]
    elif first in _REVOKE:
        grant = False
        rest = words[2:] if first == "ta" and len(words) > 1 and fold(words[1]) == "bort" \
            else words[1:]
    else:
        return _problem(request, f"”{inert(words[0])}” – skriv ”ge” eller ”ta bort” först.",
                        f"”{inert(words[0])}” – write ”grant” or ”revoke” first.")
    if len(rest) < 2:
        return _problem(request, "Ange personen, rollen och vad den gäller.",
                        "Give the person, the role and what it is for.")
    person = _person(rest[0])
    if person is None:
        return _problem(request, f"”{inert(rest[0])}” är ingen person jag känner igen; nämn "
                        "personen med @ eller skriv e-postadressen.",
                        f"”{inert(rest[0])}” is not a person I recognise; mention them with @ "
                        "or write their e-mail address.")
    role = _ROLE_WORDS.get(fold(rest[1]))
    if role is None:
        return _problem(request, f"”{inert(rest[1])}” är ingen roll; välj samordnare, "
                        "ordförande eller sekreterare.", f"”{inert(rest[1])}” is no role; "
                        "choose coordinator, chair or secretary.")
    scope_words = rest[2:]
    agreements = list(store.agreements())
    if role == "coordinator":
        channel = _channel(scope_words[0]) if scope_words else None
        if channel is None:
            return _problem(request, "Ange familjecentralens kanal, t.ex. #fc-raslatt.",
                            "Give the family centre's channel, e.g. #fc-raslatt.")
        agreement = _agreement_of_centre(agreements, channel)
        if agreement is None:
            return _problem(request, "Inget avtal har ett självreflektionsinstrument, så det "
                            "finns inga familjecentraler att samordna.",
                            "No agreement has a self-reflection instrument.")
        return RoleChange(grant, RoleGrant(role, person, agreement.id, channel),
                          rich(ChannelRef(channel)))
    text = " ".join(scope_words)
    named = agreements_named(text, agreements, lang=request.lang).agreements
    pool = list(named) or agreements
    bodies = bodies_named(text, pool, kinds=BODY_KINDS)
    if len(bodies) != 1:
        choices = ", ".join(f"{b.name} ({a.short_name})" for a, b in bodies[:6])
        return _problem(request,
                        f"Vilken grupp gäller rollen? {'Välj en av: ' + choices if choices else ''}"
                        .strip(), f"Which group is the role for? {choices}".strip())
    agreement, body = bodies[0]
    return RoleChange(grant, RoleGrant(role, person, agreement.id, body.key),
                      f"{body.name} ({agreement.short_name})")


def _agreement_of_centre(agreements: Sequence[Agreement], channel: str) -> Agreement | None:
    for agreement in agreements:
        if agreement.roles and any(c.channel == channel for c in agreement.roles.centres):
            return agreement
    return next((a for a in agreements if a.instrument is not None), None)


def _refused(request: Request, store: Store) -> Answer | None:
    decision = may_administer(asker_of(request, store))
    return wording.refusal(decision, request.lang) if isinstance(decision, Refused) else None


def role_command(request: Request, store: Store) -> Answer:
    """Roll: ge eller ta bort en roll (administratörer)."""
    if (refused := _refused(request, store)) is not None:
        return refused
    if not isinstance(store, RoleRecords):
        return _problem(request, "Roller kan inte sparas här.", "Roles cannot be stored here.")
    change = parse_change(request, store, request.text.split())
    if isinstance(change, Problem):
        return change
    grant = change.role
    if change.grant:
        if "@" not in grant.user and request.directory is not None and \
                grant.user in _file_holders(store, request, grant):
            return wording.granted(grant, change.scope, request.lang, new=False)
        if "@" in grant.user and request.directory is not None:
            resolved = request.directory.user_by_email(grant.user)
            if resolved is None:
                return _problem(request, f"Ingen i arbetsytan har e-postadressen {grant.user}.",
                                f"No one in the workspace has the address {grant.user}.")
            grant = RoleGrant(grant.role, resolved, grant.agreement_id, grant.scope)
        new = store.grant_role(grant, actor=request.user)
        return wording.granted(grant, change.scope, request.lang, new=new)
    found = store.revoke_role(grant, actor=request.user)
    in_file = grant.user in _file_holders(store, request, grant)
    return wording.revoked(grant, change.scope, request.lang, found=found, in_file=in_file)


def _file_holders(store: Store, request: Request, grant: RoleGrant) -> set[str]:
    return {g.user for g in all_grants(store, request.directory) if g.origin == "file"
            and g.role == grant.role and g.scope == grant.scope
            and g.agreement_id == grant.agreement_id}


# "vem är ordförande i styrgruppen?", "who chairs SocSam?": a role asked about, not granted
_WHO_HOLDS = re.compile(r"\b(?:vem|vilka|who)\b.*\b(?:ordforande[n]?|sekreterare[n]?|chairs?|"
                        r"chairperson|secretary)\b")


def asks_who_holds_a_role(request: Request) -> bool:
    """ "vem är ordförande i styrgruppen för CMV?": the roles list answers, whatever group the
    question names (the meeting command would otherwise take "styrgruppen")."""
    return _WHO_HOLDS.search(" ".join(fold(request.text).split())) is not None


def roles_command(request: Request, store: Store) -> Answer:
    """Roller [avtal]: vem som är ordförande, sekreterare och samordnare — or, asked about one
    role or group ("vem är ordförande i styrgruppen för CMV?"), who holds that."""
    agreements = list(store.agreements())
    named = agreements_named(request.text, agreements, lang=request.lang)
    chosen = {a.id for a in named.agreements} or {a.id for a in agreements}
    grants = [g for g in all_grants(store, request.directory) if g.agreement_id in chosen]
    roles = {_ROLE_WORDS[w] for w in (fold(t).rstrip("?.!,") for t in request.text.split())
             for w in (w, w.removesuffix("n")) if w in _ROLE_WORDS}
    groups = bodies_named(request.text, [a for a in agreements if a.id in chosen],
                          kinds=BODY_KINDS)
    if roles or groups:
        bodies = [(a.id, b.key) for a, b in groups]  # in the agreements' order
        asked = [g for g in grants if (not roles or g.role in roles)
                 and (not bodies or (g.agreement_id, g.scope) in bodies)]
        labels = _labels(agreements)
        role = wording.role_name(min(roles - {"coordinator"}, default="chair"), request.lang)
        group = (f"{(*groups[0][1].aliases, groups[0][1].name)[0]} {groups[0][0].short_name}"
                 if groups else "styrgrupp CMV")
        return wording.holders(asked, sorted(roles), [labels[key] for key in bodies],
                               labels, request.lang,
                               example=say(request.lang, f"/avtal roll ge @namn {role} {group}",
                                           f"/avtal role grant @name {role} {group}"))
    grants.sort(key=lambda g: (g.agreement_id, g.role, g.scope, g.user))
    title = say(request.lang, "Roller", "Roles")
    if named.agreements:
        title += " – " + ", ".join(a.short_name for a in named.agreements)
    admins = say(request.lang, "Administratörer: arbetsytans administratörer och ägare, och de "
                 "som står i AVTALSBOT_ADMINS.", "Administrators: the workspace's admins and "
                 "owners, and those in AVTALSBOT_ADMINS.")
    return wording.roles_list(grants, _labels(agreements), admins, request.lang, title)


LOG_ROWS = 40


def log_command(request: Request, store: Store) -> Answer:
    """Logg [avtal] [period]: ändringarna i audit-loggen (administratörer)."""
    if (refused := _refused(request, store)) is not None:
        return refused
    if not isinstance(store, RoleRecords):
        return _problem(request, "Här finns ingen logg.", "There is no audit trail here.")
    period = find_period(request.text, request.today)
    if period is not None and (message := period.message(request.lang)):
        return Problem(lang=request.lang, message=message)
    rest = period.rest if period else request.text
    agreements = list(store.agreements())
    named = agreements_named(rest, agreements, lang=request.lang).agreements if rest.strip() \
        else ()
    since = until = None
    if period is not None:
        since = dt.datetime.combine(period.start, dt.time(), STOCKHOLM)
        until = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), STOCKHOLM)
    events: list[AuditEvent] = []
    ids: list[str | None] = [a.id for a in named] or [None]
    for agreement_id in ids:
        events += store.audit_events(agreement_id=agreement_id, since=since, until=until)
    events.sort(key=lambda e: (e.at, e.id))
    title = say(request.lang, "Logg", "Audit trail")
    if named:
        title += " – " + ", ".join(a.short_name for a in named)
    if period is not None:
        title += f" {period.start.isoformat()}–{period.end.isoformat()}"
    shown = events[-LOG_ROWS:]
    answer = wording.audit_table(shown, request.lang, title)
    if len(events) > len(shown):
        more = say(request.lang, f"Visar de senaste {len(shown)} av {len(events)}; hela loggen "
                   "får du med ", f"Showing the latest {len(shown)} of {len(events)}; the whole "
                   "trail with ")
        if isinstance(answer, Table):
            answer = replace(answer, details=(*answer.details,
                                              rich(more, Code("avtalsbot audit --csv"), ".")))
    return answer


def home_section(request: Request, store: Store) -> Answer | None:
    """App Home: what is stored, where, for how long and who can see it."""
    return wording.data_section(request.retention_days, request.lang)


COMMANDS = (
    Command(
        name="roll",
        words=("roll", "role"),
        handler=role_command,
        help_sv="Ge eller ta bort en roll: samordnare för en familjecentral, ordförande eller "
                "sekreterare i en grupp (administratörer).",
        help_en="Grant or revoke a role: coordinator of a family centre, chair or secretary "
                "of a group (administrators).",
        usage="roll ge|ta bort @person roll [grupp avtal | #kanal]",
        example_sv="/avtal roll ge @anna samordnare #fc-raslatt",
        example_en="/avtal role grant @anna coordinator #fc-raslatt",
    ),
    Command(
        name="roller",
        words=("roller", "roles"),
        handler=roles_command,
        help_sv="Vem som har vilken roll, i alla avtal, ett eller en grupp (”vem är "
                "ordförande i styrgruppen för CMV?”).",
        help_en="Who holds which role, in every agreement, one or a group (“who chairs the "
                "CMV steering group?”).",
        usage="roller [avtal]",
        example_sv="/avtal roller CMV",
        example_en="/avtal roles CMV",
        claims=asks_who_holds_a_role,
    ),
    Command(
        name="logg",
        words=("logg", "log", "audit", "granskningslogg"),
        handler=log_command,
        help_sv="Ändringarna i loggen: vem ändrade vad och när, före och efter "
                "(administratörer).",
        help_en="The audit trail: who changed what and when, before and after "
                "(administrators).",
        usage="logg [avtal] [period]",
        example_sv="/avtal logg CMV 2026",
        example_en="/avtal log CMV 2026",
    ),
)
