"""A closed round's result as people see it: the table posted to the steering group, the
comment pages, the chart and the CSV for the annual report — all built from a ``Result``,
which holds only what may be shown (``rules.aggregate`` decides that). A withheld figure is
shown as ``–`` with the reason, never as a zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from commands.core.answers import (
    Answer,
    Attachment,
    Chart,
    ChartBar,
    Column,
    Many,
    Message,
    Quote,
    Rich,
    Strong,
    Table,
    Text,
    rich,
)
from commands.core.text import fold, inert
from commands.reflection.model import VOTE_LABEL
from commands.reflection.rules import (
    CategoryResult,
    Result,
    StatementResult,
    Withheld,
    minimum_answers,
    minimum_for_comments,
)
from commands.reflection.wording import centre_name, short


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


def titles(result: Result) -> dict[str, str]:
    """Each statement's title as the reader sees it — whole, never cut mid-word. Where two
    statements share a title they are told apart: by their category when that differs,
    else by the first words of their own text (21 and 22 are both "Kurator" in "Tidigt
    stöd - personal": "Kurator – deltar i den öppna förskolan …" and "… slussar vid behov …")."""
    sharing: dict[str, list[StatementResult]] = {}
    for s in result.statements:
        sharing.setdefault(s.item.statement.title, []).append(s)
    named = {}
    for title, group in sharing.items():
        categories = [s.item.category for s in group]
        for s in group:
            if len(group) == 1:
                named[s.item.statement.key] = title
            elif categories.count(s.item.category) == 1:
                named[s.item.statement.key] = f"{title} ({s.item.category})"
            else:
                named[s.item.statement.key] = f"{title} – {_opening(title, s.item.statement.text)}"
    return named


def _opening(title: str, text: str, words: int = 5) -> str:
    """The first few whole words of a statement's text after its title's words."""
    said = text.split()
    if said and fold(said[0]) == fold(title.split()[0]):
        said = said[1:]
    return " ".join(said[:words]) + (" …" if len(said) > words else "")


def round_name(result: Result | Withheld) -> str:
    """'FC Råslätt 2026', and 'FC Råslätt 2026, omgång 2' for the centre's second round that
    year: two rounds never share a name in a result, a CSV or a file name."""
    round_ = result.round
    name = f"{centre_name(round_.centre)} {round_.year}"
    return name if result.ordinal == 1 else f"{name}, omgång {result.ordinal}"


def _statement_row(s: StatementResult, named: dict[str, str]) -> tuple[str, ...]:
    title = named[s.item.statement.key]
    if s.withheld:
        return (str(s.item.number), title, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN, NOT_SHOWN)
    return (str(s.item.number), title, str(s.works), str(s.develop), pct(s.share_develop),
            points(s.change))


def _category_figure(c: CategoryResult) -> Text:
    """'• Föräldraskapsstöd: 14 Fungerar, 4 Behöver utvecklas (22 % utv.)' — the counts the
    share rests on, not only the share."""
    if c.withheld:
        return f"• {c.name}: {NOT_SHOWN} (för få svar)"
    part = "" if c.counted == c.statements else f", {c.counted} av {c.statements} påståenden"
    return rich(f"• {c.name}: {c.works} {VOTE_LABEL['works']}, ", Strong(
        f"{c.develop} {VOTE_LABEL['develop']}"), f" ({pct(c.share_develop)} utv.{part})")


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
        rich(Strong("Per kategori"), " (antal svar, summerat över påståendena som visas):"),
        *(_category_figure(c) for c in result.categories),
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
        named_ = titles(result)
        numbered = {s.item.statement.key: f"{s.item.number}. {named_[s.item.statement.key]}"
                    for s in result.statements}
        ordered = sorted(result.joint_views, key=lambda v: numbers_.get(v.statement_key, 0))
        details.append(rich(Strong("Gemensam uppfattning (steg III):"), " ", *(
            rich("; " if n else "", f"{numbered.get(v.statement_key, v.statement_key)}: "
                 f"{VOTE_LABEL[v.value]}", *((" – ", Quote(v.note)) if v.note else ()))
            for n, v in enumerate(ordered))))
    said = comments_rule(result)
    if said is not None:
        details.append(said)
    if result.comments:
        details.append(rich(Strong("Kommentarer"), " (utan namn, i blandad ordning) följer "
                                                   "nedan."))
    named = titles(result)
    return Table(
        lang="sv",
        title=f"Självreflektion {round_name(result)}",
        columns=(Column("Nr", "right"), Column("Påstående"), Column("Fungerar", "right"),
                 Column("Behöver utv.", "right"), Column("Andel utv.", "right"),
                 Column("Förändring", "right")),
        rows=tuple(_statement_row(s, named) for s in result.most_in_need()),
        details=tuple(details),
        source="002 Självreflektionsinstrument för familjecentraler",
        csv_name=_file_name(result, "csv"),
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
        text=f"Självreflektion {round_name(withheld)}: "
             f"{withheld.respondents} av {withheld.participants} har svarat.",
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
    return Table(
        lang="sv",
        title=f"Självreflektion {round_name(result)}",
        columns=_CSV_COLUMNS,
        rows=statements,
        csv_rows=(*statements, (),
                  ("", "Kategori", "", "Fungerar", "Behöver utvecklas",
                   "Andel behöver utvecklas (%)", "", "Anmärkning"),
                  *categories, (),
                  ("Svarande", str(result.respondents), "Inbjudna", str(result.participants),
                   "Svarsfrekvens (%)", csv_number(result.response_rate))),
        source="002 Självreflektionsinstrument för familjecentraler",
        csv_name=_file_name(result, "csv"),
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
    named = titles(result)
    category = None
    for s in result.statements:
        if s.item.category != category:
            category = s.item.category
            bars.append(ChartBar(label=category, heading=True))
        label = f"{s.item.number}. {s.item.statement.title}"  # under its category heading
        if s.withheld:  # no bar: too few answered to show the split
            bars.append(ChartBar(label=f"{label} {NOT_SHOWN} för få svar"))
        else:
            bars.append(ChartBar(label=label, values=(s.works, s.develop)))
    worst = [s for s in result.most_in_need() if not s.withheld][:3]
    return Chart(
        title=f"Självreflektion {round_name(result)} ({result.respondents} svarande)",
        series=(VOTE_LABEL["works"], VOTE_LABEL["develop"]),
        bars=tuple(bars),
        alt_text=f"Stapeldiagram: antal svar Fungerar och Behöver utvecklas för vart och "
                 f"ett av {len(result.statements)} påståenden, grupperade per kategori. "
                 f"{result.respondents} av {result.participants} har svarat."
                 + (" Mest behov av utveckling: " + "; ".join(
                     f"{s.item.number}. {named[s.item.statement.key]} ({s.develop} av "
                     f"{s.answered})" for s in worst) + "." if worst else "")
                 + (f" {len(hidden)} påståenden visas utan stapel: färre än "
                    f"{minimum_answers(result.round)} har svarat på dem." if hidden else ""),
        axis_label="Antal svar",
    )


def chart_attachment(result: Result) -> Attachment:
    return Attachment(filename=_file_name(result, "png"), content=result_chart(result),
                      title=f"Självreflektion {round_name(result)}")


def csv_attachment(result: Result) -> Attachment:
    return Attachment(filename=_file_name(result, "csv"), content=result_csv(result),
                      title=f"Självreflektion {round_name(result)}")


def _file_name(result: Result, extension: str) -> str:
    round_ = result.round
    second = "" if result.ordinal == 1 else f"-omgang-{result.ordinal}"
    return f"sjalvreflektion-{slug(round_.centre)}-{round_.year}{second}.{extension}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "familjecentral"
