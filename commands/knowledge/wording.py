"""What the knowledge command says, in Swedish or English: a clause quoted with its agreement,
document, § and source; a clause shown whole; nothing found; a budget line for a year.

The quoted words are the source's own (``Quote``), always in Swedish; an English question gets
an English frame around them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from commands.core.answers import Message, Problem, Quote, Rich, Strong, Text, plain, rich
from commands.core.context import Lang
from commands.core.document import Section, SectionTable
from commands.core.text import inert, kr, say

ELLIPSIS = "…"


def quoted_lines(pieces: Sequence[str | None]) -> tuple[Text, ...]:
    """Sentences as quoted lines; ``None`` (left-out sentences) becomes "…"."""
    return tuple(rich(Quote(piece)) if piece is not None else ELLIPSIS for piece in pieces)


_NUMBER_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
                 "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15,
                 "tjugo": 20, "trettio": 30}
_COUNTED = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\s+(månad\w*|år|veckor\w*|vecka|"
                      r"dag\w*|timm\w*|gånger|terminer)\b", re.IGNORECASE)


_MONTHS = {name: number for number, names in enumerate((
    ("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",),
    ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"),
    ("oktober", "okt"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_WRITTEN_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                           + r")\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def in_figures(lines: Sequence[Text]) -> str | None:
    """ "sex månaders varsel" also as "6 månaders", "1 jan 2016" also as 2016-01-01: the
    sources write small numbers in words and dates in words, readers look for figures and
    ISO dates. Said beside the quote, which stays verbatim."""
    found: list[str] = []
    for line in lines:
        text = plain(line)
        for match in _COUNTED.finditer(text):
            figure = f"{_NUMBER_WORDS[match.group(1).casefold()]} {match.group(2)}"
            if figure not in found:
                found.append(figure)
        for match in _WRITTEN_DATE.finditer(text):
            month = _MONTHS[match.group(2).casefold()]
            day = int(match.group(1))
            if 1 <= day <= 31:
                figure = f"{match.group(0)} = {match.group(3)}-{month:02d}-{day:02d}"
                if figure not in found:
                    found.append(figure)
    if not found:
        return None
    return "I siffror: " + ", ".join(found) + "."


def table_lines(table: SectionTable, rows: Sequence[tuple[str, ...]] | None = None) -> list[Text]:
    shown = list(table.rows if rows is None else rows)
    lines: list[Text] = []
    if table.title:
        lines.append(rich(Strong(table.title)))
    lines.append(rich(Quote(" | ".join(table.columns))))
    lines += [rich(Quote(" | ".join(row))) for row in shown]
    if rows is not None and len(shown) < len(table.rows):
        lines.append(ELLIPSIS)
    return lines


def where(agreement_name: str, document_title: str, section: Section, reference: str) -> Rich:
    """ "CMV Jämtland · Samarbetsavtal … · 001 §8 Huvudmannaskap" """
    title = f" {section.title}" if section.title and section.title != section.number else ""
    return rich(Strong(agreement_name), f" · {document_title} · ", Strong(reference), title)


def clause_answer(lang: Lang, heading: Rich, lines: Sequence[Text], reference: str,
                  note: str | None, *, more: Sequence[tuple[Rich, Sequence[Text]]] = (),
                  template: bool = False, facts: Sequence[Text] = ()) -> Message:
    intro = say(lang, "Så här står det i avtalet:", "The agreement says (quoted in Swedish):")
    if template:
        intro = say(lang, "Så här står det i mallen (inte i själva avtalet):",
                    "The template says (quoted in Swedish; a template, not the agreement "
                    "itself):")
    details: list[Text] = [*facts, heading, *lines]
    for other_heading, other_lines in more:
        details += [other_heading, *other_lines]
    figures = in_figures(details)
    if figures is not None:
        details.append(say(lang, figures, figures.replace("I siffror", "In figures")))
    return Message(lang=lang, text=intro, details=tuple(details), source=reference, note=note)


def whole_clause(lang: Lang, heading: Rich, section: Section, reference: str) -> Message:
    lines: list[Text] = [rich(Quote(line)) for line in section.text.strip().splitlines()
                         if line.strip()]
    for table in section.tables:
        lines += table_lines(table)
    if not lines:
        lines.append(say(lang, "(Rubrik utan egen text.)", "(A heading without text of its own.)"))
    return Message(lang=lang, text=heading, details=tuple(lines), source=reference,
                   note=section.note)


def nothing_found(lang: Lang, about: str) -> Problem:
    """The question's own words are echoed, so they are made inert (no ping, no link)."""
    about = inert(about)
    return Problem(
        lang=lang,
        message=say(lang, f"Jag hittar inget i avtalen om \"{about}\".",
                    f"I find nothing in the agreements about \"{about}\"."),
        examples=(say(lang, "vem är huvudman för CMV?", "who is the host of CMV?"),
                  say(lang, "vilka avtal finns?", "which agreements are there?"),
                  say(lang, "visa §11.3", "show clause 14.1 of the VG agreement")),
    )


def no_such_clause(lang: Lang, clause: str, places: Sequence[str]) -> Problem:
    return Problem(
        lang=lang,
        message=say(lang, f"Jag hittar ingen §{clause} i {' eller '.join(places)}.",
                    f"I find no clause {clause} in {' or '.join(places)}."),
        examples=(say(lang, "CMV §22", "CMV §22"), say(lang, "mallen §7", "template §7")),
    )


def budget_line(lang: Lang, agreement: str, title: str, year: int, amount: int, base: int,
                base_year: int, uplift: str, reference: str, total: int) -> Message:
    head = rich(Strong(title), say(lang, f" i {agreement} {year}: ", f" in {agreement} {year}: "),
                Strong(kr(amount)), ".")
    if year == base_year:
        how = say(lang, f"Beloppet står i budgeten för {base_year}.",
                  f"The amount is in the {base_year} budget.")
    else:
        how = say(lang,
                  f"{kr(base)} ({base_year}) räknat upp med {uplift} % per år till {year}; "
                  "posterna avrundas till hela kronor så att de summerar till årets total.",
                  f"{kr(base)} ({base_year}) raised by {uplift} % a year to {year}; lines are "
                  "rounded to whole kronor so that they sum to the year's total.")
    whole = say(lang, f"Hela budgeten {year}: {kr(total)}.",
                f"The whole budget {year}: {kr(total)}.")
    return Message(lang=lang, text=head, details=(how, whole), source=reference)
