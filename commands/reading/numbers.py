"""Number words as users write them, Swedish and English, folded ("två" -> "tva"): the one
table every reader uses — "om tre år", "inom två veckor", "fyra basverksamheter delar".

Only cardinals from one to twelve: that is as far as anyone spells a count in a question
(bigger counts are typed as digits). "en"/"ett"/"a"/"an" are also articles, so a reader
must ask for a number word only where a count is expected (before "år", "dagar", …).
"""

from __future__ import annotations

import re

NUMBER_WORDS: dict[str, int] = {
    # Swedish, folded
    "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12,
    # English
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


def count_of(word: str) -> int | None:
    """The count a folded word or digit string names: '3' -> 3, 'tre' -> 3, 'kr' -> None."""
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def number_pattern(*, at_least: int = 1) -> str:
    """A regex alternation of the number words worth at least ``at_least``, longest first
    (so "tio" is not read as "ti…"); for building readers' patterns on folded text."""
    chosen = (word for word, value in NUMBER_WORDS.items() if value >= at_least)
    return "|".join(re.escape(word) for word in sorted(chosen, key=len, reverse=True))
