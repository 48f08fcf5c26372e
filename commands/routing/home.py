"""The App Home tab: what is coming up for the person who opens it.

Each domain module may offer ``home_section(request, store) -> Answer | None`` (upcoming
deadlines, open reflection rounds with the user's own progress …); the home is those
sections in the order of the command table, under a greeting.
"""

from __future__ import annotations

from commands.core.answers import Answer, Many, Message
from commands.core.context import Request
from commands.core.ports import Store
from commands.core.text import say
from commands.routing.catalog import modules


def home(request: Request, store: Store) -> Many:
    greeting = Message(
        lang=request.lang,
        text=say(request.lang, "*Avtalsbot* — kostnader, möten, deadlines och självreflektion "
                 "för era samverkansavtal.",
                 "*Avtalsbot* — costs, meetings, deadlines and self-reflection for your "
                 "cooperation agreements."),
        details=(say(request.lang, "Fråga mig i ett DM eller med `/avtal`, t.ex. "
                     "`/avtal vad betalar Krokom 2026?`",
                     "Ask me in a DM or with `/avtal`, e.g. `/avtal what does Krokom pay in "
                     "2026?`"),),
    )
    sections: list[Answer] = [greeting]
    for module in modules():
        section = getattr(module, "home_section", None)
        if section is not None:
            answer = section(request, store)
            if answer is not None:
                sections.append(answer)
    return Many(lang=request.lang, parts=tuple(sections))
