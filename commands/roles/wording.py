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


def holders(grants: Sequence[RoleGrant], roles: Sequence[RoleName], groups: Sequence[Text],
            labels: dict[tuple[str, str], Text], lang: Lang, *, example: str) -> Message:
    """ "vem är ordförande i styrgruppen för CMV?": who holds the roles asked about, in the
    groups asked about — or that no one is set, and how to set someone."""
    if grants:
        lines = [rich(Strong(role_name(g.role, lang).capitalize()), say(lang, " för ", " of "),
                      scope_text(g, labels), ": ", _who(g.user), ".") for g in grants]
        return Message(lang=lang, text=lines[0], details=tuple(lines[1:]))
    role = say(lang, " eller ", " or ").join(role_name(r, lang) for r in roles) or say(
        lang, "någon roll", "any role")
    where = rich(say(lang, " för ", " of "), *_joined(groups, lang)) if groups else ""
    return Message(lang=lang, text=rich(say(lang, "Ingen är angiven som ", "No one is set as "),
                                        role, where, say(lang, " i Avtalsbot.",
                                                         " in Avtalsbot.")),
                   details=(say(lang, "Roller ges i chatten eller i avtalsfilen.",
                                "Roles are granted in chat or in the agreement file."),),
                   note=rich(say(lang, "Ge en roll (administratörer): ",
                                 "Grant a role (administrators): "), Code(example)))


def _joined(parts: Sequence[Text], lang: Lang) -> list[Text]:
    joined: list[Text] = []
    for i, part in enumerate(parts):
        if i:
            joined.append(say(lang, " och ", " and ") if i == len(parts) - 1 else ", ")
        joined.append(part)
    return joined


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


def _period(days: int, lang: Lang) -> str:
    if days % 365 == 0:
        years = days // 365
        return say(lang, f"{years} år" if years != 1 else "ett år",
                   f"{years} years" if years != 1 else "one year")
    return say(lang, f"{days} dagar", f"{days} days")


def data_section(retention_days: int, lang: Lang) -> Message:
    """App Home: exactly what is stored, where, for how long and who can see it."""
    period = _period(retention_days, lang)
    sv = (
        rich("• ", Strong("Dina svar i självreflektionen"), " (röster och kommentarer) sparas i "
             "botens databas under en pseudonym, aldrig under ditt namn eller Slack-id. Ingen – "
             "varken samordnaren eller en administratör – kan se vem som svarade vad; "
             "styrgruppen får bara sammanställningen, och först när tillräckligt många svarat."),
        rich("• ", Strong("Deltagarlistan"), " (vilka som bjöds in) används för inbjudningar och "
             "påminnelser. Samordnaren ser bara antal."),
        rich("• ", Strong("Hur länge: "), f"{period} efter att omgången stängts raderas röster, "
             "kommentarer och deltagarlista. Kvar blir bara sammanställningen som postades i "
             "styrgruppens kanal."),
        rich("• ", Strong("Gemensam uppfattning och mål"), " är gruppens och sparas som "
             "avtalets historik; samordnare och styrgrupp ser dem."),
        rich("• ", Strong("Möten, klarmarkeringar, roller och avtalsändringar"), " sparas i "
             "databasen och i ändringsloggen (vem, vad, när, före och efter), som bara "
             "administratörer läser. Röster finns aldrig i loggen."),
        rich("• Om appen avinstalleras slutar jag skicka meddelanden, och det som finns kvar "
             "raderas efter samma tid."),
    )
    en = (
        rich("• ", Strong("Your self-reflection answers"), " (votes and comments) are stored in "
             "the bot's database under a pseudonym, never under your name or Slack id. No one – "
             "not the coordinator, not an administrator – can see who answered what; the "
             "steering group gets only the aggregate, and only once enough have answered."),
        rich("• ", Strong("The participant list"), " (who was invited) is used for invitations "
             "and reminders. The coordinator sees counts only."),
        rich("• ", Strong("How long: "), f"{period} after a round is closed its votes, comments "
             "and participant list are erased. Only the aggregate posted in the steering "
             "group's channel remains."),
        rich("• ", Strong("Joint views and goals"), " belong to the group and are kept as the "
             "agreement's history; coordinators and the steering group see them."),
        rich("• ", Strong("Meetings, deadlines marked done, roles and agreement changes"), " are "
             "stored in the database and in the audit trail (who, what, when, before and "
             "after), which only administrators read. Votes are never in it."),
        rich("• If the app is uninstalled I stop sending messages, and what is left is erased "
             "after the same period."),
    )
    return Message(lang=lang, text=rich(Strong(say(lang, "Vad jag sparar och hur länge",
                                                   "What I store and for how long"))),
                   details=sv if lang == "sv" else en)
