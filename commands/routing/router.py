"""Text -> the command that should answer it.

``/avtal kostnad Krokom 2026`` names its command with the first word; a free question
("vad betalar Krokom 2026?", "when do we meet next?") is matched on trigger words. The
language of the answer follows the question. Anything unmatched gets the help answer, so
a user is never left without a next step.

Questions about what an agreement *says* go to the knowledge command (``commands.knowledge``):
before a trigger-matched command runs, knowledge may claim the question (a clause by number,
an agreement named alone, a budget line, or words no other command knows that find a clause);
a question no command matched is searched in the clauses; only what neither understands gets
the short not-understood reply. A command may claim a free question outright
(``Command.claims``: "hur flyttar jag ett möte?", "vem är ordförande i styrgruppen?") whatever
other commands' words it holds; then neither the scores nor the clauses decide.
"""

from __future__ import annotations

from dataclasses import replace

from commands.core.answers import (
    Answer,
    Attachment,
    Delivery,
    Message,
    Outcome,
    Strong,
    Table,
    rich,
)
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.registry import Command
from commands.core.replies import unknown_button
from commands.core.text import detect_language, fold, say, words
from commands.knowledge import command as knowledge
from commands.reading.names import scan
from commands.routing.catalog import actions, commands
from commands.routing.help import help_answer, not_understood

_BOT_PREFIXES = ("avtal", "avtalsbot")


def route(text: str) -> tuple[Command | None, str]:
    """The command for ``text`` and the text with a leading command word removed."""
    tokens = words(text)
    while tokens and tokens[0] in _BOT_PREFIXES:
        tokens = tokens[1:]
    if not tokens:
        return None, ""
    table = commands()
    for command in table:
        if tokens[0] in command.words:
            # drop the first *word* of the original text (keeps å/ä/ö for the handler)
            original = [w for w in text.split() if fold(w).strip("/") not in _BOT_PREFIXES]
            return command, " ".join(original[1:]) if original else ""
    tokens = _without_regarding(tokens)
    best: tuple[int, int, Command] | None = None
    for order, command in enumerate(table):
        score = sum(1 for t in tokens if t in command.triggers)
        score += sum(1 for t in tokens for p in command.prefix_triggers if t.startswith(p))
        if score and (best is None or (score, -order) > (best[0], best[1])):
            best = (score, -order, command)
    return (best[2], text) if best else (None, text)


# "när det gäller …", "när det handlar om …", "när det kommer till …" mean "as for …": their
# "när" asks no date, so it is no trigger for the commands that answer "när …?".
_REGARDING = (("nar", "det", "galler"), ("nar", "det", "handlar"), ("nar", "det", "kommer"))


def _without_regarding(tokens: list[str]) -> list[str]:
    return [t for i, t in enumerate(tokens) if tuple(tokens[i:i + 3]) not in _REGARDING]


def answer(request: Request, store: Store) -> Answer:
    """Answer one message. English text is answered in English; otherwise the request's
    language stands (the Brain sets it from the text, else from the person's locale)."""
    if detect_language(request.text) == "en":
        request = replace(request, lang="en")
    command, rest = route(request.text)
    if not request.text.strip():
        return help_answer(request, commands())  # an empty `/avtal` asks for help
    by_word = command is not None and rest != request.text
    owner = None if by_word else next(
        (c for c in commands() if c.claims is not None and c.claims(request)), None)
    if owner is not None:
        command = owner
    elif command is None or command.name != "hjälp":
        claimed = knowledge.claim(request, store, command, by_word=by_word)
        if claimed is not None:
            return claimed
    if command is None:
        command = _for_names_alone(request, store)
    if command is None:
        if knowledge.knows_words(request, store):
            return knowledge.handle(request, store)  # "Jag hittar inget i avtalen om …"
        return not_understood(request, commands(), store.agreements())
    result = command.handler(request.with_text(rest), store)
    if isinstance(result, Table) and result.csv_name and result.csv_query is None:
        result = replace(result, csv_query=request.text)  # lets "Ladda ner som CSV" redo it
    return result


def _for_names_alone(request: Request, store: Store) -> Command | None:
    """The command for a message that only names parties ("Krokom", "Östersund?"), if any.

    Nothing else may be in it: a word that is no name ("Krokom blaha", "Gotland") leaves the
    message not understood, so the user gets the help rather than a guess.
    """
    if not request.text.strip():
        return None
    found = scan(request.text, store.agreements(), lang=request.lang)
    if not found.parties or found.unknown or found.operations:
        return None
    return next((c for c in commands() if c.names_alone), None)


def table_as_csv(request: Request, query: str, store: Store) -> Answer:
    """The ``table_csv`` button: answer ``query`` again and deliver the table as a file."""
    result = answer(request.with_text(query), store)
    if not isinstance(result, Table) or not result.csv_name:
        return result
    file = Attachment(filename=result.csv_name, content=result, title=result.title)
    title = Strong(result.title)
    reply = Message(lang=result.lang, text=say(result.lang, rich("Här är ", title, " som CSV."),
                                               rich("Here is ", title, " as CSV.")))
    if request.channel is None:
        return reply
    return Outcome(lang=result.lang, reply=reply,
                   deliveries=(Delivery(answer=reply, channel=request.channel, attachment=file),))


def act(request: Request, action_id: str, value: str, store: Store) -> Answer:
    """Run the handler behind a button (Slack) or a numbered choice (console)."""
    handler = {"table_csv": table_as_csv, "ask": ask_again, **actions()}.get(action_id)
    if handler is None:
        return unknown_button(request.lang)
    return handler(request, value, store)


def ask_again(request: Request, question: str, store: Store) -> Answer:
    """The ``ask`` button (the agreement card's details): answer its question."""
    return answer(request.with_text(question), store)
