"""Free questions about self-reflection that the sub-commands do not word: "hur svarar jag på
självreflektionen?", "hur många har svarat?", and the ones the answer is no to — "vem har
svarat?", "vad tyckte Anna om samverkan?": the answers are anonymous, and the reply says so
and what can be seen instead. (Before, the clauses answered them with source 002's steps.)
"""

from __future__ import annotations

import re

from commands.core.answers import Answer, Code, Message, Strong, rich
from commands.core.context import Lang, Request
from commands.core.ports import Store
from commands.core.text import fold, say
from commands.reflection import flows
from commands.reflection.model import DEFAULT_MIN_RESPONDENTS, MIN_RESPONDENTS_FOR_COMMENTS

_ABOUT = re.compile(r"\b(?:sjalvreflektion\w*|reflektion\w*|self-?reflection|enkat\w*|survey)\b")
_ANSWERED = r"(?:svarat|svarade|rostat|rostade|answered|voted|responded)"
# "vem har svarat?", "vad tyckte Anna om samverkan?", "what did Bo vote?": never shown
_WHO = re.compile(rf"\b(?:vem|vilka|who)\b.*\b{_ANSWERED}\b"
                  r"|\b(?:vad|hur)\s+(?:tyckte|rostade|svarade)\s+(?!vi\b|ni\b|man\b)\w+"
                  r"|\bwhat\s+did\s+(?!we\b|you\b)\w+\s+(?:think|vote|answer|say)\b")
_HOW_MANY = re.compile(rf"\b(?:hur\s+manga|how\s+many|antal)\b.*\b{_ANSWERED}\b")
_HOW_TO = re.compile(r"\b(?:hur|how)\b.*\b(?:svarar|svara|rostar|rosta|answer|vote)\b")


def asks_about_reflection(request: Request) -> bool:
    """A free question about answering, who answered or what someone answered."""
    folded = " ".join(fold(request.text).split())
    if _WHO.search(folded):
        return bool(_ABOUT.search(folded)) or not _knowledge_words(folded)
    return bool(_ABOUT.search(folded)) and bool(_HOW_MANY.search(folded)
                                                or _HOW_TO.search(folded))


def _knowledge_words(folded: str) -> bool:
    """ "vad svarade styrgruppen på remissen?" asks the documents, not the votes."""
    return bool(re.search(r"\b(?:remiss\w*|avtal\w*|klausul\w*|paragraf\w*)\b", folded))


def answer(request: Request, store: Store) -> Answer:
    folded = " ".join(fold(request.text).split())
    lang = request.lang
    if _WHO.search(folded):
        return anonymous(lang)
    if _HOW_MANY.search(folded):
        return flows.status(request, store)
    return how_to_answer(lang)


def anonymous(lang: Lang) -> Message:
    return Message(
        lang=lang,
        text=say(lang, "Det visas aldrig: svaren i självreflektionen är anonyma.",
                 "That is never shown: the self-reflection's answers are anonymous."),
        details=(
            say(lang, "Ingen – inte samordnaren, inte ledningsgruppen – kan se vem som har svarat "
                      "eller vad någon har svarat; svaren sparas under en kod, inte under namn.",
                "No one – not the coordinator, not the management group – can see who answered "
                "or what anyone answered; answers are stored under a code, not a name."),
            say(lang, "Resultatet visas bara som en sammanställning, när så många som omgången "
                      f"kräver har svarat (aldrig färre än {DEFAULT_MIN_RESPONDENTS}); "
                      f"kommentarer aldrig från färre än {MIN_RESPONDENTS_FOR_COMMENTS}.",
                "The result is shown only as a summary, once as many as the round requires "
                f"have answered (never fewer than {DEFAULT_MIN_RESPONDENTS}); comments never "
                f"from fewer than {MIN_RESPONDENTS_FOR_COMMENTS}."),
            rich(say(lang, "Hur många som har svarat: ", "How many have answered: "),
                 Code(say(lang, "/avtal självreflektion status",
                          "/avtal self-reflection status"))),
        ))


def how_to_answer(lang: Lang) -> Message:
    works, develop = say(lang, "Fungerar", "Works"), say(lang, "Behöver utvecklas",
                                                          "Needs developing")
    return Message(
        lang=lang,
        text=rich(say(lang, "Du svarar i ett DM med Avtalsbot: tryck ", "You answer in a DM "
                  "with Avtalsbot: press "), Strong(say(lang, "Börja", "Start")),
                  say(lang, " i inbjudan, eller skriv ", " in the invitation, or type "),
                  Code(say(lang, "/avtal självreflektion svara", "/avtal self-reflection answer")),
                  "."),
        details=(
            rich(say(lang, "Ett påstående i taget: välj ", "One statement at a time: choose "),
                 Strong(works), say(lang, " eller ", " or "), Strong(develop),
                 say(lang, " och kommentera om du vill.", " and comment if you like.")),
            say(lang, "Varje svar sparas direkt; du kan sluta, fortsätta senare och ändra dina "
                      "svar tills omgången stängs. Ingen kan se vad just du har svarat.",
                "Each answer is saved at once; you can stop, continue later and change your "
                "answers until the round closes. No one can see what you answered."),
        ))
