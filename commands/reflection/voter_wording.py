"""What a staff member reads while answering (source 002), in Swedish or English: the
invitation and its privacy promise, the voting card's words, thanks, reminders, refusals.

The statements themselves stay in the instrument's Swedish (they are the source's words);
everything around them follows the person's language — the language they write in, or
their Slack locale.
"""

from __future__ import annotations

from commands.core.answers import Code, Message, Strong, Text, rich
from commands.core.context import Lang
from commands.core.text import day, say
from commands.reflection.model import Round, Vote
from commands.reflection.rules import minimum_answers, minimum_for_comments

VOTE_WORDS: dict[Lang, dict[Vote, str]] = {
    "sv": {"works": "Fungerar", "develop": "Behöver utvecklas"},
    "en": {"works": "Works", "develop": "Needs development"},
}


def vote_word(value: Vote, lang: Lang) -> str:
    return VOTE_WORDS[lang][value]


def closing(round_: Round, lang: Lang = "sv") -> str:
    if round_.closes_on:
        return say(lang, f"stänger {day(round_.closes_on)}",
                   f"closes {day(round_.closes_on, 'en')}")
    return say(lang, "stängs av samordnaren", "is closed by the coordinator")


def privacy_points(round_: Round, lang: Lang) -> tuple[Text, ...]:
    """The privacy promise, point by point: in the invitation and one tap away on every card."""
    needed = minimum_answers(round_)
    comments = minimum_for_comments(round_)
    if lang == "en":
        return (
            rich(Strong("How your answers are protected:")),
            "• Your answers are stored neither under your name nor under your Slack id, only "
            "under a code that cannot be traced back to you without a secret key only the "
            "server has.",
            "• No one – not the coordinator, not the management group – can see what you "
            "answered: no command, export or log shows anyone's own answers. The coordinator "
            "sees how many have answered, never who.",
            f"• The result is shown only as a summary, and only if at least {needed} have "
            f"answered. The same limit holds for each statement: if fewer than {needed} "
            "answered a statement, no figures are shown for it, and it is left out of the "
            "categories and of the comparison with the previous round.",
            f"• Comments are shown only if at least {comments} answered that statement, "
            "without names and shuffled. Write nothing in a comment that reveals who you are.",
            "• Each answer is saved at once. You can stop when you like, continue later and "
            f"change your answers until the round {closing(round_, lang)}.",
        )
    return (
        rich(Strong("Så skyddas dina svar:")),
        "• Dina svar sparas inte under ditt namn eller ditt Slack-id, bara under en kod "
        "som inte går att föra tillbaka till dig utan en hemlig nyckel som bara servern har.",
        "• Ingen – inte samordnaren, inte ledningsgruppen – kan se vad just du har svarat: "
        "inget kommando, ingen export och ingen logg visar enskildas svar. Samordnaren ser "
        "bara hur många som har svarat, inte vilka.",
        f"• Resultatet visas bara som en sammanställning, och bara om minst {needed} har "
        "svarat. Samma gräns gäller varje påstående för sig: har färre än "
        f"{needed} svarat på ett påstående visas inga siffror för det, och det räknas "
        "inte in i kategorierna eller i jämförelsen med förra omgången.",
        f"• Kommentarer visas bara om minst {comments} har svarat på "
        "just det påståendet, utan namn och i blandad ordning. Skriv inget i en "
        "kommentar som avslöjar vem du är.",
        "• Varje svar sparas direkt. Du kan sluta när du vill, fortsätta senare och ändra "
        f"dina svar tills omgången {closing(round_)}.",
    )


def privacy_message(round_: Round, centre: Text, lang: Lang) -> Message:
    """The promise on its own, behind every card's lock button; it does not replace the
    card, so the person is still where they were."""
    return Message(lang=lang, text=rich(say(lang, "Självreflektion för ", "Self-reflection for "),
                                        centre),
                   details=privacy_points(round_, lang), personal=True)


PRIVACY_BUTTON = {"sv": "🔒 Så skyddas svaren", "en": "🔒 Your privacy"}


def invitation_heading(lang: Lang) -> str:
    return say(lang, "Självreflektion för ", "Self-reflection for ")


def invitation_text(heading: Text, count: int, lang: Lang) -> Text:
    """``heading``: 'Självreflektion för FC Råslätt', in bold."""
    works, develop = vote_word("works", lang), vote_word("develop", lang)
    if lang == "en":
        return rich(heading, f" – you are invited to answer. "
                    f"There are {count} statements (in Swedish, as the instrument has them); for "
                    "each you choose ", Strong(works), " or ", Strong(develop),
                    " and may add a comment. It takes a few minutes.")
    return rich(heading, " – du är inbjuden att svara. "
                f"Det är {count} påståenden; för vart och ett väljer du ", Strong(works),
                " eller ", Strong(develop), " och kan lägga till en kommentar. Det tar ett par "
                "minuter.")


def how_to_begin(lang: Lang) -> Text:
    return say(lang, rich("Börja med knappen, eller skriv ", Code("/avtal självreflektion svara"),
                          "."),
               rich("Start with the button, or type ", Code("/avtal self-reflection answer"),
                    "."))


def progress_line(answered: int, total: int, lang: Lang) -> str:
    return say(lang, f"Du har svarat på {answered} av {total}.",
               f"You have answered {answered} of {total}.")


def current_line(value: Vote, lang: Lang) -> Text:
    return say(lang, rich("Ditt svar nu: ", Strong(vote_word(value, "sv")),
                          " (du kan ändra det)."),
               rich("Your answer now: ", Strong(vote_word(value, "en")),
                    " (you can change it)."))


def card_heading(number: int, total: int, category: str, lang: Lang) -> str:
    return say(lang, f" · påstående {number} av {total} · {category}\n",
               f" · statement {number} of {total} · {category}\n")


BUTTONS: dict[Lang, dict[str, str]] = {
    "sv": {"comment": "Kommentera", "prev": "◀ Föregående", "next": "Nästa ▶",
           "begin": "Börja", "continue": "Fortsätt", "review": "Gå igenom mina svar",
           "pick": "Gå till påstående …"},
    "en": {"comment": "Comment", "prev": "◀ Previous", "next": "Next ▶",
           "begin": "Start", "continue": "Continue", "review": "Review my answers",
           "pick": "Go to statement …"},
}


def pick_hint(lang: Lang) -> Text:
    return say(lang, rich("Gå till ett påstående: skriv ", Code("självreflektion svara 21"), "."),
               rich("Go to a statement: type ", Code("self-reflection answer 21"), "."))


def comment_waits(comment: str, lang: Lang) -> Text:
    """A comment written before a choice: kept on the card until the choice is made."""
    return say(lang, rich(Strong("Välj Fungerar eller Behöver utvecklas"), " – din kommentar "
                          "sparas tillsammans med valet."),
               rich(Strong("Choose Works or Needs development"), " – your comment is saved "
                    "together with your choice."))


def saved_vote(number: int, title: str, value: Vote, lang: Lang) -> Text:
    return say(lang, rich(f"Sparat: {number}. {title} – ", Strong(vote_word(value, "sv")), "."),
               rich(f"Saved: {number}. {title} – ", Strong(vote_word(value, "en")), "."))


def saved_comment(number: int, title: str, lang: Lang) -> str:
    return say(lang, f"Kommentaren till {number}. {title} är sparad.",
               f"Your comment on {number}. {title} is saved.")


def thanks(centre: Text, total: int, lang: Lang) -> Text:
    return say(lang, rich(f"Tack! Du har svarat på alla {total} påståendena för ", centre, "."),
               rich(f"Thank you! You have answered all {total} statements for ", centre, "."))


def thanks_detail(round_: Round, lang: Lang) -> str:
    return say(lang, "Svaren är sparade. Du kan ändra dem tills omgången "
                     f"{closing(round_)} – välj påståendet i listan.",
               "Your answers are saved. You can change them until the round "
               f"{closing(round_, lang)} – pick the statement from the list.")


def closed_text(centre: Text, round_: Round, lang: Lang) -> Text:
    open_but_late = round_.closes_on and round_.status == "open"
    if lang == "en":
        when = (f" (the last day to answer was {day(round_.closes_on, 'en')})"  # type: ignore[arg-type]
                if open_but_late else "")
        return rich("The self-reflection for ", centre, f" is closed{when}, so answers can no "
                    "longer be given or changed. Thank you for taking part!")
    when = (f" (sista svarsdag var {day(round_.closes_on)})"  # type: ignore[arg-type]
            if open_but_late else "")
    return rich("Självreflektionen för ", centre, f" är stängd{when}, så svar kan inte längre "
                "lämnas eller ändras. Tack för att du var med!")


def reminder_text(centre: Text, round_: Round, answered: int, total: int, lang: Lang) -> Text:
    return say(lang, rich("Påminnelse: självreflektionen för ", centre,
                          f" är öppen och {closing(round_)}. Du har svarat på {answered} av "
                          f"{total}."),
               rich("Reminder: the self-reflection for ", centre,
                    f" is open and {closing(round_, 'en')}. You have answered {answered} of "
                    f"{total}."))


def reminder_detail(lang: Lang) -> str:
    return say(lang, "Dina svar är anonyma; samordnaren ser bara hur många som har svarat.",
               "Your answers are anonymous; the coordinator sees only how many have answered.")


def no_open_round(lang: Lang) -> str:
    return say(lang, "Det finns ingen öppen självreflektion för dig just nu.",
               "There is no open self-reflection for you right now.")


def not_invited(centre: str, lang: Lang) -> str:
    return say(lang, f"Du är inte inbjuden till självreflektionen för {centre}. Fråga "
                     "samordnaren om du borde vara med.",
               f"You are not invited to the self-reflection for {centre}. Ask the coordinator "
               "if you should be.")


def no_such_statement(lang: Lang) -> str:
    return say(lang, "Det påståendet finns inte i instrumentet.",
               "That statement is not in the instrument.")


def comment_hint(number: int, minimum: int, lang: Lang) -> Message:
    return Message(lang=lang,
                   text=say(lang, rich(f"Skriv din kommentar till påstående {number} så här: ",
                                       Code(f"självreflektion kommentar {number} din kommentar")),
                            rich(f"Write your comment on statement {number} like this: ",
                                 Code(f"self-reflection comment {number} your comment"))),
                   details=(say(lang, "Kommentaren visas utan namn, och bara om minst "
                                f"{minimum} har svarat på påståendet.",
                                "The comment is shown without your name, and only if at least "
                                f"{minimum} answered the statement."),))


def empty_comment(lang: Lang) -> str:
    return say(lang, "Kommentaren är tom.", "The comment is empty.")


def unknown_number(raw: str, total: int, lang: Lang) -> str:
    return say(lang, f"Påstående ”{raw}” finns inte; de är numrerade 1–{total}.",
               f"Statement “{raw}” does not exist; they are numbered 1–{total}.")


def sent_to_dm(lang: Lang) -> str:
    return say(lang, "Jag har skickat frågan till dig i ett direktmeddelande, så att ingen annan "
                     "ser dina svar.",
               "I have sent you the question in a direct message, so that no one else sees "
               "your answers.")
