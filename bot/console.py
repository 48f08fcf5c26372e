"""`avtalsbot console`: a terminal chat over the same brain as Slack — no Slack account
needed. Buttons become numbered choices: type the number to press one.

``/user anna`` switches the simulated user (to try a reflection round as several staff
members), ``/kanal familjecentralen`` the simulated channel, ``/medlemmar anna bertil cecilia``
who is in it, ``/quit`` ends the chat. Messages the bot sends to others (invitations,
results) are printed with their address.

Roles are simulated too, so a refusal can be tried without Slack: the console's own user
(``console``) is an administrator, as whoever runs the console holds the database; a user
switched to with ``/user`` is an ordinary member until ``/admin anna``; ``/roll ge @anna
samordnare #fc-raslatt`` is ``/avtal roll …``. A button whose click cannot be undone asks
"Säker? (j/n)" first, like Slack's confirmation dialog.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.render import to_text
from bot.service import Brain
from commands.core.answers import Action, Answer, Many, Message, Outcome

PROMPT = "du> "
OPERATOR = "console"
YES = ("j", "ja", "y", "yes")
GREETING = (
    "Avtalsbot i konsolen. Fråga till exempel: vad betalar Krokom 2026?\n"
    "Skriv 'hjälp' för alla kommandon, '/user ID' för att byta användare, '/quit' för att sluta."
)


class ConsoleDirectory:
    """Simulated channel membership: whoever was named with /medlemmar, plus every user
    who has spoken in the channel; simulated administrators (``/admin``)."""

    def __init__(self, admins: tuple[str, ...] = (OPERATOR,)) -> None:
        self.members: dict[str, list[str]] = {}
        self.admins = set(admins)

    def human_members(self, channel: str) -> list[str]:
        return list(self.members.get(channel, []))

    def is_member(self, channel: str, user: str) -> bool:
        return user in self.members.get(channel, [])

    def is_admin(self, user: str) -> bool:
        return user in self.admins

    def user_by_email(self, email: str) -> str | None:
        """A simulated user is called by the name before the @ (anna@kommun.se -> anna)."""
        return email.split("@", 1)[0].lower() or None

    def channels_of(self, user: str) -> list[str]:
        """The channels the user was named in or has spoken in (for the Home tab)."""
        return [channel for channel, users in self.members.items() if user in users]

    def add(self, channel: str, users: list[str]) -> None:
        known = self.members.setdefault(channel, [])
        known += [u for u in users if u not in known]


def actions_of(answer: Answer) -> tuple[Action, ...]:
    if isinstance(answer, Outcome):
        return actions_of(answer.reply)
    if isinstance(answer, Message):
        return answer.actions
    if isinstance(answer, Many):
        return tuple(a for part in answer.parts for a in actions_of(part))
    return ()


def run(brain: Brain, *, user: str = OPERATOR, channel: str = "console",
        stdin: TextIO = sys.stdin, write: Callable[[str], object] = print) -> int:
    interactive = stdin.isatty()
    directory = ConsoleDirectory()
    brain.directory = directory
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
        if text.startswith("/admin "):
            named = text.split(None, 1)[1].strip().lstrip("@")
            directory.admins.add(named)
            write(f"({named} är nu administratör)")
            continue
        if text.startswith("/roll ") or text.startswith("/role "):
            text = "roll " + text.split(None, 1)[1]
        if text.startswith("/kanal ") or text.startswith("/channel "):
            channel = text.split(None, 1)[1].strip()
            write(f"(du skriver nu i {channel})")
            continue
        if text.startswith("/medlemmar ") or text.startswith("/members "):
            directory.add(channel, text.split()[1:])
            write(f"(i {channel}: {', '.join(directory.human_members(channel))})")
            continue
        directory.add(channel, [user])
        if text.isdigit() and pending and 1 <= int(text) <= len(pending):
            chosen = pending[int(text) - 1]
            if chosen.confirm is not None and not _sure(chosen, stdin, write, interactive):
                write("(avbrutet – inget har ändrats)")
                continue
            answer = brain.act(chosen.action_id, chosen.value, user=user, channel=channel)
        else:
            answer = brain.ask(text, user=user, channel=channel)
        pending = actions_of(answer)
        write("bot> " + to_text(answer).replace("\n", "\n     "))
        if isinstance(answer, Outcome):
            for delivery in answer.deliveries:
                to = f"DM till {delivery.user}" if delivery.user else f"i {delivery.channel}"
                write(f"  → ({to}) " + to_text(delivery.answer).replace("\n", "\n     "))
                if delivery.attachment is not None:
                    write(f"    [fil: {delivery.attachment.filename}]")


def _sure(action: Action, stdin: TextIO, write: Callable[[str], object],
          interactive: bool) -> bool:
    """The console's confirmation dialog: the button's question, then "Säker? (j/n)"."""
    assert action.confirm is not None
    write(f"{action.confirm.title} {action.confirm.text}")
    if interactive:
        sys.stdout.write("Säker? (j/n) ")
        sys.stdout.flush()
    else:
        write("Säker? (j/n)")
    return stdin.readline().strip().lower() in YES
