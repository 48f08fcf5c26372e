"""`avtalsbot console`: a terminal chat over the same brain as Slack — no Slack account
needed. Buttons become numbered choices: type the number to press one.

``/user U123`` switches the simulated user (to try a reflection round as several staff
members), ``/kanal C123`` the simulated channel, ``/quit`` ends the chat.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.render import to_text
from bot.service import Brain
from commands.answers import Action, Answer, Many, Message

PROMPT = "du> "
GREETING = (
    "Avtalsbot i konsolen. Fråga till exempel: vad betalar Krokom 2026?\n"
    "Skriv 'hjälp' för alla kommandon, '/user ID' för att byta användare, '/quit' för att sluta."
)


def actions_of(answer: Answer) -> tuple[Action, ...]:
    if isinstance(answer, Message):
        return answer.actions
    if isinstance(answer, Many):
        return tuple(a for part in answer.parts for a in actions_of(part))
    return ()


def run(brain: Brain, *, user: str = "console", channel: str = "console",
        stdin: TextIO = sys.stdin, write: Callable[[str], object] = print) -> int:
    interactive = stdin.isatty()
    write(GREETING)
    pending: tuple[Action, ...] = ()
    while True:
        if interactive:
            sys.stdout.write(PROMPT)
            sys.stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit", "/sluta", "exit", "quit"):
            return 0
        if text.startswith("/user "):
            user = text.split(None, 1)[1].strip()
            write(f"(du är nu {user})")
            continue
        if text.startswith("/kanal ") or text.startswith("/channel "):
            channel = text.split(None, 1)[1].strip()
            write(f"(du skriver nu i {channel})")
            continue
        if text.isdigit() and pending and 1 <= int(text) <= len(pending):
            chosen = pending[int(text) - 1]
            answer = brain.act(chosen.action_id, chosen.value, user=user, channel=channel)
        else:
            answer = brain.ask(text, user=user, channel=channel)
        pending = actions_of(answer)
        write("bot> " + to_text(answer).replace("\n", "\n     "))
