"""The coordinator's flows, pure parts: how a start command is read, and what a bad one is told."""

from __future__ import annotations

import datetime as dt

from commands.core.answers import Problem
from commands.reflection.opening import StartOptions, parse_start
from tests.commands.reflection.round_data import TODAY


def test_start_options_are_parsed() -> None:
    parsed = parse_start("Familjecentralen Råslätt stänger 2026-12-15 minst 4 resultat "
                         "<#C0LEDN|ledning> deltagare <@U1> <@U2|bertil> U3".split(), TODAY)
    assert parsed == StartOptions(centre="Familjecentralen Råslätt",
                                  closes_on=dt.date(2026, 12, 15), min_respondents=4,
                                  participants=("U1", "U2", "U3"), results_channel="C0LEDN")


def test_start_option_errors_say_what_is_wrong() -> None:
    cases = {
        "stänger 15/12": "Jag förstår inte datumet ”15/12”. Skriv det som ÅÅÅÅ-MM-DD.",
        "stänger 2026-02-30": "Datumet ”2026-02-30” finns inte. Skriv det som ÅÅÅÅ-MM-DD.",
        "stänger 2026-11-01": "Stängningsdagen 2026-11-01 har redan varit. Ange en dag från "
                              "och med 2026-11-25.",
        "minst två": "”minst” ska följas av ett antal svarande, inte ”två”.",
        "minst 2": "Av integritetsskäl visas ett resultat aldrig för färre än 3 svarande; "
                   "”minst 2” går inte.",
    }
    for text, message in cases.items():
        problem = parse_start(text.split(), TODAY)
        assert isinstance(problem, Problem), text
        assert problem.message == message
