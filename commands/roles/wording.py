"""What users read about roles: refusals (who may, and how to get the role), the role list,
grant and revoke confirmations, and the audit trail. Swedish first, English when asked."""

from __future__ import annotations

import json
from collections.abc import Sequence

from commands.core.answers import (
    Answer,
    ChannelRef,
    Code,
    Column,
    Message,
    Problem,
    Refusal,
    Rich,
    Span,
    Strong,
    Table,
    Text,
    UserRef,
    rich,
)
from commands.core.context import STOCKHOLM, Lang
from commands.core.ports import AuditEvent, RoleGrant, RoleName
from commands.core.text import say
from commands.roles.rules import Refused

ROLE_SV: dict[RoleName, str] = {"chair": "ordförande", "secretary": "sekreterare",
                                "coordinator": "samordnare"}
ROLE_EN: dict[RoleName, str] = {"chair": "chair", "secretary": "secretary",
                                "coordinator": "coordinator"}
NOTHING_CHANGED = ("Inget har ändrats.", "Nothing was changed.")


def role_name(role: RoleName, lang: Lang) -> str:
    return say(lang, ROLE_SV[role], ROLE_EN[role])


def _who(user: str) -> Span:
    return user if "@" in user else UserRef(user)


def _list(users: Sequence[str], lang: Lang) -> Rich:
    parts: list[Span] = []
    for i, user in enumerate(users):
        if i:
            parts.append(say(lang, " och ", " and ") if i == len(users) - 1 else ", ")
        parts.append(_who(user))
    return rich(*parts)


def _holders(refused: Refused, lang: Lang) -> Rich:
    if not refused.holders:
        return rich(say(lang, "Ingen har den rollen ännu.", "No one has that role yet."))
    return rich(say(lang, "Rollen har i dag: ", "The role is held by: "),
                _list(refused.holders, lang), ".")


def refusal(refused: Refused, lang: Lang, *, label: Text = "", grant_example: str = ""
            ) -> Refusal:
    """The ephemeral answer to a privileged action the asker may not do. ``label`` names the
    body ("styrgruppen i CMV Jämtland"); ``grant_example`` is the command an administrator
    would type to give the asker the role."""
    channel: Span = ChannelRef(refused.scope) if refused.scope else say(
        lang, "den ansvariga kanalen", "the responsible channel")
    how: Text = ""
    if grant_example:
        how = rich(say(lang, " Be en administratör ge dig rollen: ",
                       " Ask an administrator to give you the role: "), Code(grant_example))
    match refused.privilege:
        case "meetings":
            text = rich(say(lang, "Bara ordförande eller sekreterare i ", "Only the chair or "
                            "secretary of "), label,
                        say(lang, " – eller en administratör – får lägga till, flytta eller ta "
                            "bort dess möten. ", " – or an administrator – may add, move or "
                            "delete its meetings. "), _holders(refused, lang), how)
        case "mark_done":
            text = rich(say(lang, "Bara de som är med i ", "Only the members of "), channel,
                        say(lang, ", där deadlinen påminns, får markera den som klar – eller en "
                            "administratör. Gå med i kanalen eller be någon där.",
                            ", where the deadline is nudged, may mark it done – or an "
                            "administrator. Join the channel or ask someone there."))
        case "round":
            text = rich(say(lang, "Bara familjecentralens samordnare (för ",
                            "Only the family centre's coordinators (for "), channel,
                        say(lang, ") – eller en administratör – får starta, påminna och stänga "
                            "omgångar och föra in gemensam uppfattning och mål. ",
                            ") – or an administrator – may start, remind and close rounds and "
                            "record the joint view and goals. "), _holders(refused, lang), how)
        case "results_target":
            text = rich(say(lang, "Resultatet går bara till styrgruppens kanal ",
                            "Results go only to the steering group's channel "), channel,
                        say(lang, " eller till ditt eget direktmeddelande (", " or to your own "
                            "direct message ("), Code(say(lang, "resultat mig", "results me")),
                        say(lang, "). En annan kanal kan bara en administratör välja (eller "
                            "ange som steering_channel i avtalsfilen).", "). Only an "
                            "administrator may choose another channel (or set it as "
                            "steering_channel in the agreement file)."))
        case "share_result":
            text = rich(say(lang, "Resultatet visas bara i styrgruppens kanal ",
                            "The result is shown only in the steering group's channel "),
                        channel,
                        say(lang, ", eller för samordnaren och administratörer i ett "
                            "direktmeddelande till mig.", ", or to the coordinator and "
                            "administrators in a direct message to me."))
        case _:
            text = rich(say(lang, "Bara administratörer – arbetsytans administratörer och "
                            "ägare, och de som står i AVTALSBOT_ADMINS – får ändra roller och "
                            "läsa loggen.", "Only administrators – the workspace's admins and "
                            "owners, and those in AVTALSBOT_ADMINS – may change roles and read "
                            "the audit trail."))
    return Refusal(lang=lang, message=rich(text, " ", say(lang, *NOTHING_CHANGED)))


def scope_text(grant: RoleGrant, body_labels: dict[tuple[str, str], Text]) -> Text:
    if grant.role == "coordinator":
        return rich(ChannelRef(grant.scope))
    return body_labels.get((grant.agreement_id, grant.scope), f"{grant.agreement_id}/{grant.scope}")


def granted(grant: RoleGrant, scope: Text, lang: Lang, *, new: bool) -> Message:
    if not new:
        return Message(lang=lang, text=rich(_who(grant.user), say(
            lang, " har redan rollen ", " already has the role "),
            Strong(role_name(grant.role, lang)), say(lang, " för ", " for "), scope, "."))
    return Message(lang=lang, text=rich(
        "✅ ", _who(grant.user), say(lang, " är nu ", " is now "),
        Strong(role_name(grant.role, lang)), say(lang, " för ", " for "), scope, "."),
        details=(say(lang, "Det gäller från och med nu och står i loggen.",
                     "It applies from now on and is in the audit trail."),))


def revoked(grant: RoleGrant, scope: Text, lang: Lang, *, found: bool, in_file: bool
            ) -> Answer:
    if found:
        return Message(lang=lang, text=rich(
            _who(grant.user), say(lang, " är inte längre ", " is no longer "),
            Strong(role_name(grant.role, lang)), say(lang, " för ", " for "), scope, "."))
    if in_file:
        return Problem(lang=lang, message=rich(
            _who(grant.user), say(lang, " har rollen genom avtalsfilen; ta bort den där och "
                                  "läs in filen igen (", " has the role through the agreement "
                                  "file; remove it there and import the file again ("),
            Code("avtalsbot import"), ")."))
    return Problem(lang=lang, message=rich(
        _who(grant.user), say(lang, " har inte rollen ", " does not have the role "),
        Strong(role_name(grant.role, lang)), say(lang, " för ", " for "), scope, "."))


def roles_list(grants: Sequence[RoleGrant], labels: dict[tuple[str, str], Text],
               admins_note: Text, lang: Lang, title: str) -> Message:
    lines: list[Text] = []
    for grant in grants:
        origin = say(lang, "avtalsfilen", "agreement file") if grant.origin == "file" else say(
            lang, "given i chatten", "granted in chat")
        lines.append(rich("• ", Strong(role_name(grant.role, lang)), " ",
                          scope_text(grant, labels), ": ", _who(grant.user), f" ({origin})"))
    if not lines:
        lines.append(say(lang, "Inga roller är angivna ännu.", "No roles are set yet."))
    return Message(lang=lang, text=rich(Strong(title)), details=(*lines, admins_note),
                   note=rich(say(lang, "Ge eller ta bort en roll: ", "Grant or revoke a role: "),
                             Code("/avtal roll ge @namn samordnare #kanal"), ", ",
                             Code("/avtal roll ta bort @namn ordförande styrgrupp CMV")))


def _json(value: object) -> str:
    if value is None:
        return "–"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_table(events: Sequence[AuditEvent], lang: Lang, title: str) -> Table | Message:
    if not events:
        return Message(lang=lang, text=say(lang, "Loggen har inga ändringar för det du frågade "
                                           "om.", "The audit trail has no changes for that."))
    rows = tuple((e.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M"), e.actor, e.action,
                  e.subject, _json(e.before), _json(e.after)) for e in events)
    return Table(lang=lang, title=title,
                 columns=(Column(say(lang, "När", "When")), Column(say(lang, "Vem", "Who")),
                          Column(say(lang, "Vad", "What")), Column(say(lang, "Gäller", "Subject")),
                          Column(say(lang, "Före", "Before")), Column(say(lang, "Efter", "After"))),
                 rows=rows, csv_name="logg.csv",
                 details=(say(lang, "Röster finns aldrig i loggen.",
                              "Votes are never in the audit trail."),))
