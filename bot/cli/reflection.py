"""`avtalsbot reflection-csv`: an administrator's export of a closed round's result for the
annual report — aggregates only, in the one export dialect (``bot/render/csv``), the same
file as in Slack.

Without a round id it lists the closed rounds; a round below its threshold has no file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import cli_store
from bot.render.files import file_bytes
from bot.settings import Settings
from commands.core.errors import InputError
from commands.reflection.report import csv_attachment
from commands.reflection.rules import Withheld, instrument_of, minimum_answers, result_of


def cmd_reflection_csv(args: argparse.Namespace, settings: Settings) -> int:

    store = cli_store(settings)
    closed = [r for r in store.all_rounds() if r.status == "closed"]
    if args.round is None:
        if not closed:
            print("Ingen självreflektion är stängd ännu.")
        for r in closed:
            print(f"{r.id}\t{r.year}\t{r.centre}")
        return 0
    round_ = next((r for r in closed if r.id == args.round), None)
    if round_ is None:
        known = ", ".join(str(r.id) for r in closed) or "inga"
        raise InputError(f"ingen stängd omgång med id {args.round}. Stängda omgångar: {known}")
    found = instrument_of(store)
    assert found is not None, "a round exists, so an agreement carries the instrument"
    result = result_of(store, round_, found[1])
    if isinstance(result, Withheld):
        raise InputError(f"omgång {round_.id} har {result.respondents} svarande, färre än "
                         f"{minimum_answers(round_)}: inget resultat visas")
    data = file_bytes(csv_attachment(result))  # the same file as the Slack upload
    if args.out:
        Path(args.out).write_bytes(data)
        print(args.out)
    else:
        sys.stdout.buffer.write(data)
    return 0
