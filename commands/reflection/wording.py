"""What a self-reflection round says (Swedish, as the instrument is): the invitation with its
privacy promise, refusals, and the result as a table, comment pages and a CSV.

Texts only; the rules that decide what may be shown live in ``rules``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from commands.core.agreement import Instrument
from commands.core.answers import (
    Action,
    Answer,
    Attachment,
    Chart,
    ChartBar,
    Code,
    Column,
    Many,
    Message,
    Problem,
    Quote,
    Rich,
    Strong,
    Table,
    Text,
    rich,
)
from commands.core.text import day, fold, inert
from commands.reflection.model import (
    VOTE_LABEL,
    Round,
)
from commands.reflection.rules import (
    CategoryResult,
    Result,
    StatementResult,
    Withheld,
    minimum_answers,
    minimum_for_comments,
    results_target,
)

# One wording for every button whose value cannot be read (an old message, a forged click).
UNKNOWN_BUTTON = "Den knappen känner jag inte igen."


def closing(round_: Round) -> str:
    return f"stänger {day(round_.closes_on)}" if round_.closes_on else "stängs av samordnaren"


def invitation(round_: Round, instrument: Instrument) -> Message:
    count = len(instrument.statements())
    needed = minimum_answers(round_)
    return Message(
        lang="sv",
        text=rich(Strong(f"Självreflektion för {round_.centre}"), " – du är inbjuden att "
                  f"svara. Det är {count} påståenden; för vart och ett väljer du ",
                  Strong(VOTE_LABEL["works"]), " eller ", Strong(VOTE_LABEL["develop"]),
                  " och kan lägga till en kommentar. Det tar ett par minuter."),
        details=(
            rich(Strong("Så skyddas dina svar:")),
            "• Dina svar sparas inte under ditt namn eller ditt Slack-id, bara under en kod "
            "som inte går att föra tillbaka till dig utan en hemlig nyckel som bara servern har.",
            "• Ingen – inte samordnaren, inte ledningsgruppen – kan se vad just du har svarat: "
            "inget kommando, ingen export och ingen logg visar enskildas svar. Samordnaren ser "
            "bara hur många som har svarat, inte vilka.",
            f"• Resultatet visas bara som en sammanställning, och bara om minst {needed} har "
            "svarat. Samma gräns gäller varje påstående för sig: har färre än "
            f"{needed} svarat på ett påstående visas inga siffror för det, och det räknas "
            "inte in i kategorierna eller i jämförelsen med förra omgången.",
            f"• Kommentarer visas bara om minst {minimum_for_comments(round_)} har svarat på "
            "just det påståendet, utan namn och i blandad ordning. Skriv inget i en "
            "kommentar som avslöjar vem du är.",
            "• Varje svar sparas direkt. Du kan sluta när du vill, fortsätta senare och ändra "
            f"dina svar tills omgången {closing(round_)}.",
            rich("Börja med knappen, eller skriv ", Code("/avtal självreflektion svara"), "."),
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


NOT_SHOWN = "–"  # a figure withheld: fewer than the minimum answered the statement


def _statement_row(s: StatementResult) -> tuple[str, ...]:
    title = short(s.item.statement.title, 34)
    if s.withheld:
        return (str(s.item.number), title, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN)
    return (str(s.item.number), title, str(s.works), str(s.develop), pct(s.share_develop),
            points(s.change))


def _category_figure(c: CategoryResult) -> str:
    if c.withheld:
        return f"{c.name} {NOT_SHOWN} (för få svar)"
    part = "" if c.counted == c.statements else f" ({c.counted} av {c.statements} påståenden)"
    return f"{c.name} {pct(c.share_develop)}{part}"


def withheld_rule(result: Result) -> Rich | None:
    """Which statements show no figures, and why — None when every statement is shown."""
    hidden = result.withheld_statements
    if not hidden:
        return None
    return rich(Strong(f"{NOT_SHOWN} = färre än {minimum_answers(result.round)} har svarat"),
                f" på påståendet ({numbers(s.item.number for s in hidden)}), så dess "
                "siffror visas inte och räknas inte in i kategorierna eller jämförelsen.")


def numbers(values: Iterable[int]) -> str:
    """'3, 16–30': runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for value in sorted(values):
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def comments_rule(result: Result) -> Text | None:
    minimum = minimum_for_comments(result.round)
    if result.comments is None:
        return f"Kommentarer visas först när minst {minimum} har svarat."
    if result.comments_limited:
        return (f"Kommentarer visas bara till påståenden som minst {minimum} har svarat "
                "på.")
    return None


def result_table(result: Result) -> Table:
    round_ = result.round
    details: list[Text] = [
        rich(Strong("Svarande:"), f" {result.respondents} av {result.participants} "
             f"({pct(result.response_rate)} svarsfrekvens). Mest behov av utveckling först."),
        rich(Strong("Per kategori"), " (andel Behöver utvecklas): "
             + " · ".join(_category_figure(c) for c in result.categories)),
    ]
    rule = withheld_rule(result)
    if rule is not None:
        details.append(rule)
    if result.previous_year is not None:
        details.append(f"Förändring = skillnad i andel Behöver utvecklas mot omgången "
                       f"{result.previous_year}, i procentenheter (p.e.).")
    else:
        details.append("Ingen tidigare stängd omgång för familjecentralen att jämföra med.")
    if result.previous_goals:
        details.append(rich(Strong("Förra omgångens prioriterade mål:"), " ", *(
            rich(f"{g.position}. ", Quote(g.text),
                 f" (följs upp {g.follow_up_on.isoformat()})" if g.follow_up_on else "",
                 " " if n < len(result.previous_goals) else "")
            for n, g in enumerate(result.previous_goals, start=1))))
    if result.joint_views:
        numbers_ = {s.item.statement.key: s.item.number for s in result.statements}
        titles = {s.item.statement.key: f"{s.item.number}. {s.item.statement.title}"
                  for s in result.statements}
        ordered = sorted(result.joint_views, key=lambda v: numbers_.get(v.statement_key, 0))
        details.append(rich(Strong("Gemensam uppfattning (steg III):"), " ", *(
            rich("; " if n else "", f"{titles.get(v.statement_key, v.statement_key)}: "
                 f"{VOTE_LABEL[v.value]}", *((" – ", Quote(v.note)) if v.note else ()))
            for n, v in enumerate(ordered))))
    said = comments_rule(result)
    if said is not None:
        details.append(said)
    if result.comments:
        details.append(rich(Strong("Kommentarer"), " (utan namn, i blandad ordning) följer "
                                                   "nedan."))
    return Table(
        lang="sv",
        title=f"Självreflektion {round_.centre} {round_.year}",
        columns=(Column("Nr", "right"), Column("Påstående"), Column("Fungerar", "right"),
                 Column("Behöver utv.", "right"), Column("Andel utv.", "right"),
                 Column("Förändring", "right")),
        rows=tuple(_statement_row(s) for s in result.most_in_need()),
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
    pages: list[list[Rich]] = [[]]
    for title, text in result.comments:
        # Someone's own words: a Quote (escaped by the renderer) and inert besides, so that
        # even the console's plain reading never shows a working <!channel>.
        line = rich(f"• {title}: ", Quote(inert(short(text, 1000))))
        if sum(len(str(x)) + 1 for x in pages[-1]) + len(str(line)) > _COMMENTS_PER_MESSAGE:
            pages.append([])
        pages[-1].append(line)
    messages = tuple(
        Message(lang="sv", text=rich(Strong("Kommentarer"), " (utan namn, i blandad ordning)"
                                     + (f" {n}/{len(pages)}" if len(pages) > 1 else "")),
                details=tuple(page))
        for n, page in enumerate(pages, start=1))
    return Many(lang="sv", parts=(table, *messages))


def withheld_message(withheld: Withheld) -> Message:
    round_ = withheld.round
    return Message(
        lang="sv",
        text=f"Självreflektion {round_.centre} {round_.year}: {withheld.respondents} av "
             f"{withheld.participants} har svarat.",
        details=(f"Resultatet visas först när minst {minimum_answers(round_)} har svarat, så "
                 "att ingen enskild persons svar kan utläsas.",),
    )


_CSV_COLUMNS = (Column("Nr", "right"), Column("Kategori"), Column("Påstående"),
                Column("Fungerar", "right"), Column("Behöver utvecklas", "right"),
                Column("Andel behöver utvecklas (%)", "right"),
                Column("Förändring (procentenheter)", "right"), Column("Anmärkning"))


def result_csv(result: Result) -> Table:
    """The result for the annual report, as a table ``bot/render/csv`` writes in the one
    export dialect: aggregates only (no answer of any one person) — per statement, then per
    category, then how many answered. A withheld figure is an empty cell with a remark."""
    too_few = f"för få svar (färre än {minimum_answers(result.round)})"
    statements = tuple(
        (str(s.item.number), s.item.category, s.item.statement.title, "", "", "", "", too_few)
        if s.withheld else
        (str(s.item.number), s.item.category, s.item.statement.title, str(s.works),
         str(s.develop), csv_number(s.share_develop),
         "" if s.change is None else csv_number(s.change), "")
        for s in result.statements)
    categories = tuple(
        ("", c.name, "", "", "", "", "", too_few) if c.withheld else
        ("", c.name, "", str(c.works), str(c.develop), csv_number(c.share_develop), "",
         "" if c.counted == c.statements
         else f"räknat på de {c.counted} av {c.statements} påståenden som visas")
        for c in result.categories)
    round_ = result.round
    return Table(
        lang="sv",
        title=f"Självreflektion {round_.centre} {round_.year}",
        columns=_CSV_COLUMNS,
        rows=statements,
        csv_rows=(*statements, (),
                  ("", "Kategori", "", "Fungerar", "Behöver utvecklas",
                   "Andel behöver utvecklas (%)", "", "Anmärkning"),
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
    hidden = result.withheld_statements
    category = None
    for s in result.statements:
        if s.item.category != category:
            category = s.item.category
            bars.append(ChartBar(label=category, heading=True))
        label = f"{s.item.number}. {short(s.item.statement.title, 30)}"
        if s.withheld:  # no bar: too few answered to show the split
            bars.append(ChartBar(label=f"{label} {NOT_SHOWN} för få svar"))
        else:
            bars.append(ChartBar(label=label, values=(s.works, s.develop)))
    round_ = result.round
    return Chart(
        title=f"Självreflektion {round_.centre} {round_.year} ({result.respondents} svarande)",
        series=(VOTE_LABEL["works"], VOTE_LABEL["develop"]),
        bars=tuple(bars),
        alt_text=f"Stapeldiagram: antal svar Fungerar och Behöver utvecklas för vart och "
                 f"ett av {len(result.statements)} påståenden, grupperade per kategori. "
                 f"{result.respondents} av {result.participants} har svarat."
                 + (f" {len(hidden)} påståenden visas utan stapel: färre än "
                    f"{minimum_answers(result.round)} har svarat på dem." if hidden else ""),
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
