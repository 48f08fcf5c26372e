"""The `avtalsbot` command: ask, console, seed, import, export, serve and the admin tools.

Every subcommand goes through the same brain and store as Slack. Bad input ends with a
message that names the file, line and field, and a non-zero exit code — never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.render import to_text
from bot.service import Brain
from bot.settings import Settings
from commands.agreement import Agreement
from commands.answers import HelpAnswer, Problem
from commands.errors import InputError
from storage import files
from storage.store import SqlStore, open_store, seed

EXIT_USAGE = 2
EXIT_INPUT = 1


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{value}': skriv ÅÅÅÅ-MM-DD") from None


def _store(settings: Settings) -> SqlStore:
    store = open_store(settings.database_url)
    store.use_pseudonym_secret(settings.pseudonym_secret.get_secret_value().encode())
    return store


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    brain = Brain(_store(settings), today=args.today)
    answer = brain.ask(" ".join(args.text), user=args.user, channel=args.channel)
    print(to_text(answer))
    could_not_answer = isinstance(answer, Problem) or (
        isinstance(answer, HelpAnswer) and not answer.understood)
    return EXIT_INPUT if could_not_answer else 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot import console

    return console.run(Brain(_store(settings), today=args.today), user=args.user,
                       channel=args.channel)


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings.database_url, seed_if_empty=False)
    loaded = seed(store)
    print(f"Läste in {len(loaded)} avtal: " + ", ".join(a.short_name for a in loaded))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    agreements = [files.read_agreement(Path(p)) for p in args.files]  # all parsed before any write
    store = _store(settings)
    store.save_agreements(agreements)
    print(f"Läste in {len(agreements)} avtal: " + ", ".join(a.short_name for a in agreements))
    return 0


def agreement_by_id(agreements: Sequence[Agreement], agreement_id: str) -> Agreement:
    """The agreement with that id, or an InputError that lists the known ids."""
    found = next((a for a in agreements if a.id == agreement_id), None)
    if found is None:
        known = ", ".join(a.id for a in agreements)
        raise InputError(f"okänt avtal '{agreement_id}'. Kända avtal: {known}")
    return found


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    store = _store(settings)
    agreements = store.agreements()
    if args.id:
        agreements = [agreement_by_id(agreements, args.id)]
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for agreement in agreements:
            (out / f"{agreement.id}.yaml").write_text(files.dump_agreement(agreement),
                                                      encoding="utf-8")
            print(out / f"{agreement.id}.yaml")
    else:
        sys.stdout.write("---\n".join(files.dump_agreement(a) for a in agreements))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="avtalsbot",
        description="Avtalsbot: kostnader, möten, deadlines och självreflektion för "
        "samverkansavtal — i Slack, i konsolen och på kommandoraden.",
    )
    sub = root.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    def add(name: str, handler: Callable[[argparse.Namespace, Settings], int],
            help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    def chat_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--today", type=_date, help="låtsas att det är detta datum (ÅÅÅÅ-MM-DD)")
        p.add_argument("--user", default="console", help="användar-id (t.ex. U123)")
        p.add_argument("--channel", default="console", help="kanal-id (t.ex. C123)")

    ask = add("ask", cmd_ask, "Ställ en fråga och skriv ut svaret.")
    ask.add_argument("text", nargs="+", help='frågan, t.ex. "vad betalar Krokom 2026?"')
    chat_options(ask)
    chat_options(add("console", cmd_console, "Chatta med boten i terminalen."))
    add("seed", cmd_seed, "Läs in (om) de medföljande avtalen.")
    imp = add("import", cmd_import, "Läs in avtal från YAML-filer.")
    imp.add_argument("files", nargs="+", metavar="FIL")
    exp = add("export", cmd_export, "Skriv ut avtal som YAML.")
    exp.add_argument("id", nargs="?", help="avtalets id, t.ex. cmv-jamtland")
    exp.add_argument("--out", help="mapp att skriva en fil per avtal till")
    for extend in _extensions():
        extend(sub, add)
    return root


def _extensions() -> list[Callable[..., None]]:
    """Subcommands contributed by other modules (serve, nudges, population, calendar …)."""
    from bot import admin, costs_admin, reflection_admin

    return [admin.register, costs_admin.register, reflection_admin.register]


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:  # a bad environment variable: name it, no traceback
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"])
            print(f"avtalsbot: miljövariabeln {name}: {problem['msg']} "
                  f"(värde: {problem.get('input')!r})", file=sys.stderr)
        return EXIT_INPUT
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # "running upgrade…" is noise in chat
    # Slack's libraries log whole payloads at DEBUG — who clicked which vote, message texts.
    # The promise to the staff is that no log shows an individual's answers, so they never
    # log below INFO, whatever AVTALSBOT_LOG_LEVEL says.
    for library in ("slack_bolt", "slack_sdk"):
        logging.getLogger(library).setLevel(max(logging.INFO, logging.getLogger().level))
    try:
        return int(args.handler(args, settings))
    except InputError as error:
        print(f"avtalsbot: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `avtalsbot ask … | head`: the reader left; nothing to report
        sys.stderr.close()
        return 0
    except Exception as error:  # a last guard: say what failed, without a traceback
        logging.getLogger("avtalsbot").debug("failed", exc_info=True)
        print(f"avtalsbot: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
