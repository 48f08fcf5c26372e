"""What a self-reflection round says (Swedish, as the instrument is): the invitation with its
privacy promise, refusals, and the result as a table, comment pages and a CSV.

Texts only; the rules that decide what may be shown live in ``rules``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from commands.core.agreement import Instrument
from commands.core.answers import (
    Action,
    Answer,
    Attachment,
    Chart,
    ChartBar,
    Column,
    Many,
    Message,
    Problem,
    Table,
)
from commands.core.text import day, fold, inert
from commands.reflection.model import (
    DEFAULT_MIN_RESPONDENTS,
    MIN_RESPONDENTS_FOR_COMMENTS,
    VOTE_LABEL,
    Round,
)
from commands.reflection.rules import Result, Withheld, results_target

# One wording for every button whose value cannot be read (an old message, a forged click).
UNKNOWN_BUTTON = "Den knappen känner jag inte igen."


def closing(round_: Round) -> str:
    return f"stänger {day(round_.closes_on)}" if round_.closes_on else "stängs av samordnaren"


def invitation(round_: Round, instrument: Instrument) -> Message:
    count = len(instrument.statements())
    needed = max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS)
    return Message(
        lang="sv",
        text=f"*Självreflektion för {round_.centre}* – du är inbjuden att svara. Det är "
             f"{count} påståenden; för vart och ett väljer du *Fungerar* eller *Behöver "
             "utvecklas* och kan lägga till en kommentar. Det tar ett par minuter.",
        details=(
            "*Så skyddas dina svar:*",
            "• Dina svar sparas inte under ditt namn eller ditt Slack-id, bara under en kod "
            "som inte går att föra tillbaka till dig utan en hemlig nyckel som bara servern har.",
            "• Ingen – inte samordnaren, inte ledningsgruppen – kan se vad just du har svarat: "
            "inget kommando, ingen export och ingen logg visar enskildas svar. Samordnaren ser "
            "bara hur många som har svarat, inte vilka.",
            f"• Resultatet visas bara som en sammanställning, och bara om minst {needed} har "
            "svarat.",
            f"• Kommentarer visas bara om minst {MIN_RESPONDENTS_FOR_COMMENTS} har svarat, "
            "utan namn och i blandad ordning. Skriv inget i en kommentar som avslöjar vem du är.",
            "• Varje svar sparas direkt. Du kan sluta när du vill, fortsätta senare och ändra "
            f"dina svar tills omgången {closing(round_)}.",
            "Börja med knappen, eller skriv `/avtal självreflektion svara`.",
        ),
        source=instrument.source,
        actions=(Action("Börja", "refl_next", str(round_.id), style="primary"),),
    )


def refusal_closed(round_: Round) -> Message:
    when = (f" (sista svarsdag var {day(round_.closes_on)})"
            if round_.closes_on and round_.status == "open" else "")
    return Message(
        lang="sv",
        text=f"Självreflektionen för {round_.centre} är stängd{when}, så svar kan inte längre "
             "lämnas eller ändras. Tack för att du var med!",
        replaces_clicked=True,
        personal=True,
    )


def problem(message: str, *examples: str) -> Problem:
    return Problem(lang="sv", message=message, examples=tuple(examples))


NOT_INVITED = {
    "not_in_channel": "eftersom jag inte är med i kanalen",
    "channel_not_found": "eftersom jag inte hittar kanalen – den är privat och jag är inte "
                         "inbjuden, eller så har den tagits bort",
}


def not_posted_help(round_: Round, error: str) -> Message:
    where = channel_ref(results_target(round_))
    return Message(
        lang="sv",
        text=f"Resultatet av självreflektionen för {round_.centre} kunde inte postas i "
             f"{where}, {NOT_INVITED.get(error, 'eftersom Slack inte tog emot det')}.",
        details=(
            f"Gör så här: gå till {where} och skriv `/invite @Avtalsbot`.",
            "Sedan behöver du inte göra något mer: jag försöker igen med jämna mellanrum och "
            "postar resultatet där så snart jag är med i kanalen. Du får bara det här "
            "meddelandet en gång.",
            f"Vill du se resultatet redan nu? Skriv `/avtal självreflektion resultat "
            f"{round_.id}` här.",
        ),
    )


def persons(count: int) -> str:
    return "1 person" if count == 1 else f"{count} personer"


# --- rendering helpers ------------------------------------------------------------------


def channel_ref(channel: str) -> str:
    """A Slack channel id becomes a link; anything else (the console) is shown as #name."""
    return f"<#{channel}>" if re.fullmatch(r"[CG][A-Z0-9]{2,}", channel) else f"#{channel}"


def pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP)}\u00a0%"


def points(change: Decimal | None) -> str:
    if change is None:
        return "–"
    whole = change.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole == 0:
        return "±0 p.e."
    return f"{'+' if whole > 0 else '−'}{abs(whole)} p.e."


def result_table(result: Result) -> Table:
    round_ = result.round
    rows = tuple(
        (str(s.item.number), short(s.item.statement.title, 34), str(s.works), str(s.develop),
         pct(s.share_develop), points(s.change))
        for s in result.most_in_need()
    )
    details = [
        f"*Svarande:* {result.respondents} av {result.participants} "
        f"({pct(result.response_rate)} svarsfrekvens). Mest behov av utveckling först.",
        "*Per kategori* (andel Behöver utvecklas): " + " · ".join(
            f"{c.name} {pct(c.share_develop)}" for c in result.categories),
    ]
    if result.previous_year is not None:
        details.append(f"Förändring = skillnad i andel Behöver utvecklas mot omgången "
                       f"{result.previous_year}, i procentenheter (p.e.).")
    else:
        details.append("Ingen tidigare stängd omgång för familjecentralen att jämföra med.")
    if result.previous_goals:
        details.append("*Förra omgångens prioriterade mål:* " + " ".join(
            f"{g.position}. {g.text}" + (f" (följs upp {g.follow_up_on.isoformat()})"
                                         if g.follow_up_on else "")
            for g in result.previous_goals))
    if result.joint_views:
        numbers = {s.item.statement.key: s.item.number for s in result.statements}
        titles = {s.item.statement.key: f"{s.item.number}. {s.item.statement.title}"
                  for s in result.statements}
        ordered = sorted(result.joint_views, key=lambda v: numbers.get(v.statement_key, 0))
        details.append("*Gemensam uppfattning (steg III):* " + "; ".join(
            f"{titles.get(v.statement_key, v.statement_key)}: {VOTE_LABEL[v.value]}"
            + (f" – {v.note}" if v.note else "") for v in ordered))
    if result.comments is None:
        details.append(f"Kommentarer visas först när minst {MIN_RESPONDENTS_FOR_COMMENTS} "
                       "har svarat.")
    elif result.comments:
        details.append("*Kommentarer* (utan namn, i blandad ordning) följer nedan.")
    return Table(
        lang="sv",
        title=f"Självreflektion {round_.centre} {round_.year}",
        columns=(Column("Nr", "right"), Column("Påstående"), Column("Fungerar", "right"),
                 Column("Behöver utv.", "right"), Column("Andel utv.", "right"),
                 Column("Förändring", "right")),
        rows=rows,
        details=tuple(details),
        source="002 Självreflektionsinstrument för familjecentraler",
        csv_name=_file_name(round_, "csv"),
        csv_query=f"självreflektion csv {round_.id}",
    )


_COMMENTS_PER_MESSAGE = 2500  # characters; a Slack section holds 3000


def result_answer_of(result: Result) -> Answer:
    """The result table, followed by the comments in as many messages as they need (a
    Slack section holds 3000 characters; twenty staff can write more than that)."""
    table = result_table(result)
    if not result.comments:
        return table
    pages: list[list[str]] = [[]]
    for title, text in result.comments:
        line = f"• {title}: {inert(short(text, 1000))}"
        if sum(len(x) + 1 for x in pages[-1]) + len(line) > _COMMENTS_PER_MESSAGE:
            pages.append([])
        pages[-1].append(line)
    messages = tuple(
        Message(lang="sv", text="*Kommentarer* (utan namn, i blandad ordning)"
                + (f" {n}/{len(pages)}" if len(pages) > 1 else ""), details=tuple(page))
        for n, page in enumerate(pages, start=1))
    return Many(lang="sv", parts=(table, *messages))


def withheld_message(withheld: Withheld) -> Message:
    round_ = withheld.round
    needed = max(round_.min_respondents, DEFAULT_MIN_RESPONDENTS)
    return Message(
        lang="sv",
        text=f"Självreflektion {round_.centre} {round_.year}: {withheld.respondents} av "
             f"{withheld.participants} har svarat.",
        details=(f"Resultatet visas först när minst {needed} har svarat, så att ingen "
                 "enskild persons svar kan utläsas.",),
    )


_CSV_COLUMNS = (Column("Nr", "right"), Column("Kategori"), Column("Påstående"),
                Column("Fungerar", "right"), Column("Behöver utvecklas", "right"),
                Column("Andel behöver utvecklas (%)", "right"),
                Column("Förändring (procentenheter)", "right"))


def result_csv(result: Result) -> Table:
    """The result for the annual report, as a table ``bot/render/csv`` writes in the one
    export dialect: aggregates only (no answer of any one person) — per statement, then per
    category, then how many answered."""
    statements = tuple(
        (str(s.item.number), s.item.category, s.item.statement.title, str(s.works),
         str(s.develop), csv_number(s.share_develop),
         "" if s.change is None else csv_number(s.change))
        for s in result.statements)
    categories = tuple(
        ("", c.name, "", str(c.works), str(c.develop), csv_number(c.share_develop), "")
        for c in result.categories)
    round_ = result.round
    return Table(
        lang="sv",
        title=f"Självreflektion {round_.centre} {round_.year}",
        columns=_CSV_COLUMNS,
        rows=statements,
        csv_rows=(*statements, (),
                  ("", "Kategori", "", "Fungerar", "Behöver utvecklas",
                   "Andel behöver utvecklas (%)", ""),
                  *categories, (),
                  ("Svarande", str(result.respondents), "Inbjudna", str(result.participants),
                   "Svarsfrekvens (%)", csv_number(result.response_rate))),
        source="002 Självreflektionsinstrument för familjecentraler",
        csv_name=_file_name(round_, "csv"),
    )


def csv_number(value: Decimal) -> str:
    """A decimal for Excel: decimal comma and an ASCII minus (Babel's Swedish style writes
    U+2212, which Excel does not read as a number)."""
    return str(value).replace(".", ",")


def result_chart(result: Result) -> Chart:
    """One stacked bar per statement — Fungerar, then Behöver utvecklas, as counts — under
    bold category headings, in the instrument's order."""
    bars: list[ChartBar] = []
    category = None
    for s in result.statements:
        if s.item.category != category:
            category = s.item.category
            bars.append(ChartBar(label=category, heading=True))
        label = f"{s.item.number}. {short(s.item.statement.title, 30)}"
        bars.append(ChartBar(label=label, values=(s.works, s.develop)))
    round_ = result.round
    return Chart(
        title=f"Självreflektion {round_.centre} {round_.year} ({result.respondents} svarande)",
        series=(VOTE_LABEL["works"], VOTE_LABEL["develop"]),
        bars=tuple(bars),
        alt_text=f"Stapeldiagram: antal svar Fungerar och Behöver utvecklas för vart och "
                 f"ett av {len(result.statements)} påståenden, grupperade per kategori. "
                 f"{result.respondents} av {result.participants} har svarat.",
        axis_label="Antal svar",
    )


def chart_attachment(result: Result) -> Attachment:
    round_ = result.round
    return Attachment(filename=_file_name(round_, "png"), content=result_chart(result),
                      title=f"Självreflektion {round_.centre} {round_.year}")


def csv_attachment(result: Result) -> Attachment:
    round_ = result.round
    return Attachment(filename=_file_name(round_, "csv"), content=result_csv(result),
                      title=f"Självreflektion {round_.centre}")


def _file_name(round_: Round, extension: str) -> str:
    return f"sjalvreflektion-{slug(round_.centre)}-{round_.year}.{extension}"


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "familjecentral"
