"""A reflection round through the brain and a real database (SQLite, and PostgreSQL when
``AVTALSBOT_TEST_DATABASE_URL`` is set): lifecycle, vote change, closing, reminders,
privacy, steps III–V, and many threads voting at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select

from bot.render import to_text
from bot.render.files import file_bytes
from bot.render.markup import mrkdwn
from bot.service import Brain
from commands.core.answers import Answer, Message, Outcome, Problem, Refusal, Table, plain
from commands.reflection.model import Ballot, FollowUp, Round, Tally
from commands.reflection.pseudonym import pseudonym
from commands.reflection.rules import items
from storage.models import ReflectionVoteRow
from storage.store import SqlStore
from tests.roles_fixture import Directory, set_centre_roles

SECRET = b"test-pseudonym-secret"
TODAY = dt.date(2026, 11, 25)
STAFF = ["U0ANNA", "U0BERTIL", "U0CECILIA", "U0DORA"]
COORD = "U0SAMORD"
CENTRE_CHANNEL = "C0RASLATT"
STEERING = "C0LEDNING"


OTHER_CHANNEL = "C0OTHER"
Members = Directory


@pytest.fixture
def brain(fresh_store: SqlStore) -> Brain:
    fresh_store.use_pseudonym_secret(SECRET)
    # COORD coordinates both centres, whose results go to STEERING (the agreement's roles)
    set_centre_roles(fresh_store, coordinator=COORD, steering=STEERING,
                     channels=[CENTRE_CHANNEL, OTHER_CHANNEL])
    return Brain(fresh_store, today=TODAY,
                 directory=Members({CENTRE_CHANNEL: [COORD, *STAFF]}))


def keys(brain: Brain) -> list[str]:
    agreement = next(a for a in brain.store.agreements() if a.instrument)
    assert agreement.instrument is not None
    return [i.statement.key for i in items(agreement.instrument)]


def start(brain: Brain, extra: str = "") -> Outcome:
    closes = f"{brain.today.year}-12-15" if brain.today else "2026-12-15"
    answer = brain.ask(f"/avtal självreflektion starta FC Råslätt stänger {closes} resultat "
                       f"<#{STEERING}|ledning> {extra}", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(answer, Outcome), to_text(answer)
    return answer


def round_id(outcome: Outcome) -> int:
    invite = outcome.deliveries[0].answer
    assert isinstance(invite, Message)
    return int(invite.actions[0].value)


def vote(brain: Brain, user: str, rid: int, key: str, value: str) -> Answer:
    return brain.act("refl_vote", f"{rid}|{key}|{value}", user=user, channel="D" + user)


def answer_all(brain: Brain, user: str, rid: int, develop: set[str] = frozenset()) -> None:
    for key in keys(brain):
        vote(brain, user, rid, key, "develop" if key in develop else "works")


def test_start_invites_each_member_by_dm_and_tells_how_privacy_works(brain: Brain) -> None:
    outcome = start(brain)
    assert sorted(d.user for d in outcome.deliveries if d.user) == sorted([COORD, *STAFF])
    invite = to_text(outcome.deliveries[0].answer)
    for promise in ("inte under ditt namn eller ditt Slack-id", "hemlig nyckel",
                    "bara om minst 3 har svarat", "Kommentarer visas bara om minst 5",
                    "utan namn och i blandad ordning",
                    "ändra dina svar tills omgången stänger 2026-12-15",
                    "Samordnaren ser bara hur många"):
        assert promise in invite
    reply = to_text(outcome.reply)
    assert "5 personer har fått en inbjudan" in reply
    assert not any(user in reply for user in STAFF)


def test_start_error_paths(brain: Brain) -> None:
    start(brain)
    again = brain.ask("/avtal självreflektion starta", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(again, Problem)
    assert again.message == ("Det finns redan en öppen självreflektion i den här kanalen. "
                             "Stäng den först.")
    few = brain.ask("/avtal självreflektion starta deltagare <@U1> <@U2>", user=COORD,
                    channel="C0OTHER")
    assert isinstance(few, Problem)
    assert few.message == ("Bara 2 personer skulle bjudas in, men resultatet visas först när "
                           "minst 3 har svarat. Bjud in fler.")
    alone = brain.ask("/avtal självreflektion starta deltagare <@U1>", user=COORD,
                      channel="C0OTHER")
    assert isinstance(alone, Problem) and alone.message.startswith("Bara 1 person skulle")
    nowhere = brain.ask("/avtal självreflektion starta", user=COORD, channel=None)
    assert isinstance(nowhere, Problem) and nowhere.message.startswith(
        "Starta självreflektionen i familjecentralens kanal")
    unknown = brain.ask("/avtal självreflektion dansa", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(unknown, Problem) and unknown.message.startswith(
        "Jag känner inte igen ”dansa” för självreflektionen.")


def test_voting_card_progress_change_and_own_view(brain: Brain) -> None:
    rid = round_id(start(brain))
    k = keys(brain)
    card = brain.act("refl_next", str(rid), user="U0ANNA", channel="D0ANNA")
    assert isinstance(card, Message) and card.replaces_clicked
    assert "påstående 1 av 30 · Generellt för arbete på FC" in plain(card.text)
    assert [a.label for a in card.actions][:2] == ["Fungerar", "Behöver utvecklas"]
    after = vote(brain, "U0ANNA", rid, k[0], "develop")
    assert isinstance(after, Message)
    assert "påstående 2 av 30" in plain(after.text) and "Du har svarat på 1 av 30." in after.details
    changed = vote(brain, "U0ANNA", rid, k[0], "works")
    assert isinstance(changed, Message) and "Du har svarat på 1 av 30." in changed.details
    assert brain.store.my_votes(round_id=rid, user="U0ANNA") == {k[0]: "works"}
    back = brain.act("refl_show", f"{rid}|{k[0]}", user="U0ANNA", channel="D0ANNA")
    assert isinstance(back, Message)
    assert "Ditt svar nu: *Fungerar*" in " ".join(mrkdwn(d) for d in back.details)
    # the status of someone else's progress is counts only
    status = to_text(brain.ask("/avtal självreflektion status", user=COORD,
                               channel=CENTRE_CHANNEL))
    assert "5 inbjudna · 0 har svarat på alla · 1 har börjat · 4 har inte börjat." in status
    assert "U0ANNA" not in status


def test_a_non_participant_and_a_bad_button_are_refused(brain: Brain) -> None:
    rid = round_id(start(brain))
    stranger = brain.act("refl_vote", f"{rid}|{keys(brain)[0]}|works", user="U0EVE",
                         channel="D0EVE")
    assert isinstance(stranger, Problem)
    assert stranger.message == ("Du är inte inbjuden till självreflektionen för FC Råslätt. "
                                "Fråga samordnaren om du borde vara med.")
    broken = brain.act("refl_vote", "nonsense", user="U0ANNA", channel="D0ANNA")
    assert isinstance(broken, Problem) and broken.message == "Den knappen känner jag inte igen."
    wrong = brain.act("refl_vote", f"{rid}|no-such-statement|works", user="U0ANNA",
                      channel="D0ANNA")
    assert isinstance(wrong, Problem)
    assert wrong.message == "Det påståendet finns inte i instrumentet."


def test_votes_are_stored_under_the_keyed_pseudonym_only(brain: Brain) -> None:
    rid = round_id(start(brain))
    vote(brain, "U0ANNA", rid, keys(brain)[0], "develop")
    vote(brain, "U0ANNA", rid, keys(brain)[0], "develop")  # a double click
    store = brain.store
    with store.sessions() as session:
        rows = session.scalars(select(ReflectionVoteRow)).all()
    assert len(rows) == 1
    row = rows[0]
    assert row.pseudonym == pseudonym(SECRET, rid, "U0ANNA")
    assert row.pseudonym != pseudonym(b"another-secret", rid, "U0ANNA")
    stored = " ".join(str(getattr(row, c.key)) for c in ReflectionVoteRow.__table__.columns)
    assert "U0ANNA" not in stored


def test_without_a_secret_no_vote_is_stored(fresh_store: SqlStore) -> None:
    set_centre_roles(fresh_store, coordinator=COORD, steering=STEERING, channels=[CENTRE_CHANNEL])
    brain = Brain(fresh_store, today=TODAY, directory=Members({CENTRE_CHANNEL: STAFF}))
    rid = round_id(start(brain))
    answer = brain.act("refl_vote", f"{rid}|{keys(brain)[0]}|works", user="U0ANNA",
                       channel="D0ANNA")
    assert isinstance(answer, Problem) and "Något gick fel" in answer.message
    with fresh_store.sessions() as session:
        assert session.scalar(select(func.count(ReflectionVoteRow.id))) == 0


def test_reminders_go_to_the_unfinished_and_reveal_no_names(brain: Brain) -> None:
    rid = round_id(start(brain))
    answer_all(brain, "U0ANNA", rid)
    answer_all(brain, "U0BERTIL", rid)
    vote(brain, "U0CECILIA", rid, keys(brain)[0], "works")
    refused = brain.ask("/avtal självreflektion påminn", user="U0ANNA", channel=CENTRE_CHANNEL)
    assert isinstance(refused, Problem)
    assert isinstance(refused, Refusal)  # not a coordinator of the centre (issue 11)
    assert plain(refused.message).startswith("Bara familjecentralens samordnare (för #C0RASLATT)")
    outcome = brain.ask("/avtal självreflektion påminn", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    assert sorted(d.user for d in outcome.deliveries if d.user) == sorted(
        [COORD, "U0CECILIA", "U0DORA"])
    reply = to_text(outcome.reply)
    assert reply.startswith("Jag har skickat en påminnelse till 3 som inte har svarat klart.")
    assert not any(user in reply for user in [COORD, *STAFF])
    cecilia = next(d for d in outcome.deliveries if d.user == "U0CECILIA")
    assert "Du har svarat på 1 av 30." in to_text(cecilia.answer)


def test_closing_posts_the_aggregate_to_the_steering_channel_once(brain: Brain) -> None:
    rid = round_id(start(brain))
    k = keys(brain)
    for user in STAFF[:3]:
        answer_all(brain, user, rid, develop={k[4]})
    not_yet = brain.ask("/avtal självreflektion resultat", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(not_yet, Problem)
    refused = brain.ask("/avtal självreflektion stäng ändå", user="U0ANNA", channel=CENTRE_CHANNEL)
    assert isinstance(refused, Refusal)
    assert plain(refused.message).startswith("Bara familjecentralens samordnare (för #C0RASLATT)")
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    post, _announced = outcome.deliveries
    assert post.channel == STEERING and isinstance(post.answer, Table)
    assert post.answer.rows[0][:5] == ("5", "Bekräftelse av personal", "0", "3", "100\xa0%")
    assert post.attachment is not None and file_bytes(post.attachment).startswith(b"\x89PNG")
    text = to_text(post.answer)
    assert "Svarande: 3 av 5 (60\xa0% svarsfrekvens)" in text
    assert not any(user in text for user in [COORD, *STAFF])
    twice = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(twice, Problem)
    assert twice.message == "Det finns ingen öppen självreflektion här."
    late = vote(brain, "U0DORA", rid, k[0], "works")
    assert isinstance(late, Message)
    assert mrkdwn(late.text) == ("Självreflektionen för FC Råslätt är stängd, så svar kan inte "
                                 "längre lämnas eller ändras. Tack för att du var med!")
    # outside the steering channel the result is for the coordinator, privately (issue 11)
    shown = brain.ask("/avtal självreflektion resultat", user="U0DORA", channel=CENTRE_CHANNEL)
    assert isinstance(shown, Refusal)
    assert plain(shown.message).startswith("Resultatet visas bara i styrgruppens kanal #C0LEDNING")
    result = brain.ask(f"/avtal självreflektion resultat {rid}", user=COORD, channel="D0SAMORD")
    assert isinstance(result, Table) and result.rows == post.answer.rows
    assert f"skriva /avtal självreflektion resultat {rid} i kanalen" in to_text(outcome.reply)
    again = brain.ask(f"/avtal självreflektion resultat {rid}", user="U0LEDARE", channel=STEERING)
    assert isinstance(again, Table) and again.rows == post.answer.rows


def test_votes_after_the_closing_date_are_refused_politely(brain: Brain) -> None:
    rid = round_id(start(brain))
    later = Brain(brain.store, today=dt.date(2026, 12, 16), directory=brain.directory)
    refused = vote(later, "U0ANNA", rid, keys(brain)[0], "works")
    assert isinstance(refused, Message)
    assert mrkdwn(refused.text).startswith("Självreflektionen för FC Råslätt är stängd (sista "
                                   "svarsdag var 2026-12-15 (tisdag)), så svar kan inte")
    assert brain.store.my_votes(round_id=rid, user="U0ANNA") == {}


def test_below_the_threshold_the_post_says_only_how_many(brain: Brain) -> None:
    rid = round_id(start(brain))
    answer_all(brain, "U0ANNA", rid, develop=set(keys(brain)))
    answer_all(brain, "U0BERTIL", rid)
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    post, _announced = outcome.deliveries
    assert post.attachment is None
    assert to_text(post.answer) == (
        "Självreflektion FC Råslätt 2026: 2 av 5 har svarat.\n"
        "  Resultatet visas först när minst 3 har svarat, så att ingen enskild persons svar "
        "kan utläsas.")
    csv = brain.ask(f"/avtal självreflektion csv {rid}", user=COORD, channel=STEERING)
    assert isinstance(csv, Message) and "2 av 5 har svarat" in plain(csv.text)


def test_comments_need_a_vote_and_appear_from_five_respondents(brain: Brain) -> None:
    rid = round_id(start(brain))
    first = brain.ask("/avtal självreflektion kommentar 1 Mer tid behövs", user="U0ANNA",
                      channel="D0ANNA")
    # no answer yet: the comment waits on statement 1's card for the choice, nothing stored
    assert isinstance(first, Message) and "påstående 1 av 30" in plain(first.text)
    assert plain(first.details[0]).startswith("Välj Fungerar eller Behöver utvecklas")
    assert not brain.store.tally(round_id=rid).comments
    for user in [COORD, *STAFF]:
        answer_all(brain, user, rid)
        saved = brain.ask(f"/avtal självreflektion kommentar 1 Synpunkt {user[-2:]}",
                          user=user, channel="D" + user)
        assert isinstance(saved, Message) and "Kommentaren till 1." in plain(saved.details[0])
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    text = to_text(outcome.deliveries[0].answer)
    assert "Kommentarer (utan namn, i blandad ordning)" in text
    assert text.count("• Hälsofrämjande arena: Synpunkt") == 5


def test_a_comment_cannot_ping_the_steering_channel(brain: Brain) -> None:
    rid = round_id(start(brain))
    for user in [COORD, *STAFF]:
        answer_all(brain, user, rid)
    brain.ask("/avtal självreflektion kommentar 1 Viktigt <!channel> läs detta", user=STAFF[0],
              channel="D" + STAFF[0])
    outcome = brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    posted = outcome.deliveries[0].answer
    assert "<!channel>" not in to_text(posted)
    assert "Viktigt ‹!channel› läs detta" in to_text(posted)


def test_steps_three_to_five_and_the_next_rounds_comparison(brain: Brain) -> None:
    k = keys(brain)
    rid = round_id(start(brain))
    for user in STAFF[:3]:
        answer_all(brain, user, rid, develop={k[0]})
    brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    joint = brain.ask("/avtal självreflektion gemensam 1 utvecklas Vi når inte alla",
                      user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(joint, Message)
    assert "*Behöver utvecklas* – Vi når inte alla" in mrkdwn(joint.text)
    bad = brain.ask("/avtal självreflektion gemensam 31 utvecklas", user=COORD,
                    channel=CENTRE_CHANNEL)
    assert isinstance(bad, Problem)
    assert bad.message == "Påstående ”31” finns inte; de är numrerade 1–30."
    goal = brain.ask("/avtal självreflektion mål 1 1 Hälsoträffar varje månad uppföljning "
                     "2027-06-01", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(goal, Message) and "Uppföljning senast 2027-06-01" in plain(goal.details[0])
    brain.ask("/avtal självreflektion mål 2 3 Besök hos BVC", user=COORD, channel=CENTRE_CHANNEL)
    bad_goal = brain.ask("/avtal självreflektion mål 3 1 x", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(bad_goal, Problem)
    from commands.reflection.command import follow_ups

    assert follow_ups(brain.store) == tuple(brain.store.follow_ups())
    assert brain.store.follow_ups() == [
        FollowUp(key=f"reflection-goal:{rid}:1", agreement_id="jonkoping-familjecentraler",
                 centre="FC Råslätt", channel=CENTRE_CHANNEL,
                 title="Följ upp prioriterat mål 1 (FC Råslätt): Hälsoträffar varje månad",
                 due=dt.date(2027, 6, 1), responsible="Samordnare",
                 source="002 Självreflektionsinstrument, steg IV–V"),
        FollowUp(key=f"reflection-goal:{rid}:2", agreement_id="jonkoping-familjecentraler",
                 centre="FC Råslätt", channel=CENTRE_CHANNEL,
                 title="Följ upp prioriterat mål 2 (FC Råslätt): Besök hos BVC",
                 due=dt.date(2027, 12, 1), responsible="Samordnare",
                 source="002 Självreflektionsinstrument, steg IV–V"),
    ]
    # next year's round for the same centre shows the change and last year's goals
    next_year = Brain(brain.store, today=dt.date(2027, 11, 20), directory=brain.directory)
    rid2 = round_id(start(next_year))
    for user in STAFF[:3]:
        answer_all(next_year, user, rid2)
    outcome = next_year.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(outcome, Outcome)
    table = outcome.deliveries[0].answer
    assert isinstance(table, Table)
    row = next(r for r in table.rows if r[0] == "1")
    assert row[5] == "−100 p.e."
    text = to_text(table)
    assert "mot omgången 2026" in text
    assert "Förra omgångens prioriterade mål: 1. Hälsoträffar varje månad" in text


@pytest.mark.parametrize("threads", [16])
def test_many_threads_voting_and_double_voting_count_exactly(brain: Brain, threads: int) -> None:
    users = [f"U0P{n:03d}" for n in range(threads)]
    brain.directory = Members({CENTRE_CHANNEL: users})
    rid = round_id(start(brain))
    k = keys(brain)[:6]
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def staff(n: int, user: str) -> None:
        try:
            barrier.wait()
            for key in k:
                # a first click, a double click, a change of mind: the last one counts
                for value in ("develop", "develop", "works" if n % 2 else "develop"):
                    assert brain.store.record_vote(round_id=rid, user=user, statement_key=key,
                                                   value=value)  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)

    workers = [threading.Thread(target=staff, args=(n, u)) for n, u in enumerate(users)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    tally = brain.store.tally(round_id=rid)
    assert tally.respondents == threads
    for key in k:
        assert tally.counts[key] == (threads // 2, threads - threads // 2)
    with brain.store.sessions() as session:
        assert session.scalar(select(func.count(ReflectionVoteRow.id))) == threads * len(k)


def test_the_clock_reminds_the_day_before_and_closes_after_the_closing_date(
        brain: Brain) -> None:
    from bot.reflection_loop import run_once
    from commands.reflection.flows import due_work

    rid = round_id(start(brain))  # closes 2026-12-15
    for user in STAFF[:3]:
        answer_all(brain, user, rid)
    assert due_work(dt.date(2026, 12, 13), brain.store) == ()
    eve = due_work(dt.date(2026, 12, 14), brain.store)
    assert sorted(d.user for d in eve) == sorted([COORD, "U0DORA"])
    assert all("Påminnelse" in to_text(d.answer) for d in eve)
    assert due_work(dt.date(2026, 12, 14), brain.store) == ()  # once, however often asked
    assert due_work(dt.date(2026, 12, 15), brain.store) == ()  # the last day to answer

    class Collect:
        def __init__(self) -> None:
            self.sent: list[object] = []

        def submit(self, deliveries: Sequence[object]) -> None:
            self.sent += list(deliveries)

    collect = Collect()
    after = Brain(brain.store, today=dt.date(2026, 12, 16))
    assert run_once(after, collect) == 3  # type: ignore[arg-type]
    post, announced, note = collect.sent
    assert announced.channel == CENTRE_CHANNEL  # type: ignore[attr-defined]
    assert "är stängd: 3 av 5 svarade" in to_text(announced.answer)  # type: ignore[attr-defined]
    assert post.channel == STEERING and isinstance(post.answer, Table)  # type: ignore[attr-defined]
    assert note.user == COORD  # type: ignore[attr-defined]
    assert "(sista svarsdag var 2026-12-15)" in to_text(note.answer)  # type: ignore[attr-defined]
    assert run_once(after, collect) == 0
    assert brain.store.reflection_round(rid).status == "closed"  # type: ignore[union-attr]


def test_home_shows_the_users_own_progress_in_open_rounds(brain: Brain) -> None:
    from commands.core.answers import Many

    rid = round_id(start(brain))
    vote(brain, "U0ANNA", rid, keys(brain)[0], "works")
    home = brain.home(user="U0ANNA")
    assert isinstance(home, Many)
    text = to_text(home)
    assert "FC Råslätt: du har svarat på 1 av 30 (stänger 2026-12-15 (tisdag))." in text
    assert "Fortsätt: FC Råslätt" in text
    assert "Ingen öppen omgång för dig just nu." in to_text(brain.home(user="U0EVE"))


def test_csv_export_is_a_file_of_aggregates_in_the_channel(brain: Brain) -> None:
    rid = round_id(start(brain))
    for user in STAFF[:3]:
        answer_all(brain, user, rid)
    brain.ask("/avtal självreflektion stäng ändå", user=COORD, channel=CENTRE_CHANNEL)
    # only into the steering group's channel: the centre's own channel is refused (issue 11)
    elsewhere = brain.ask(f"/avtal självreflektion csv {rid}", user=COORD,
                          channel=CENTRE_CHANNEL)
    assert isinstance(elsewhere, Refusal)
    outcome = brain.ask(f"/avtal självreflektion csv {rid}", user="U0LEDARE", channel=STEERING)
    assert isinstance(outcome, Outcome)
    (delivery,) = outcome.deliveries
    assert delivery.channel == STEERING and delivery.attachment is not None
    assert delivery.attachment.filename == "sjalvreflektion-fc-raslatt-2026.csv"
    content = file_bytes(delivery.attachment).decode("utf-8-sig")
    assert content.splitlines()[1] == "1;Generellt för arbete på FC;Hälsofrämjande arena;3;0;0,0;;"
    assert not any(user in content for user in [COORD, *STAFF])
    # the table's own "Ladda ner som CSV" button asks for the same file
    table = brain.ask(f"självreflektion resultat {rid}", user=COORD, channel=STEERING)
    assert isinstance(table, Table) and table.csv_query == f"självreflektion csv {rid}"
    again = brain.act("table_csv", table.csv_query, user=COORD, channel="C0LEDNING")
    assert isinstance(again, Outcome) and again.deliveries[0].attachment is not None


def test_parallel_double_clicks_through_the_brain_keep_one_current_vote(brain: Brain) -> None:
    users = [f"U0Q{n:03d}" for n in range(12)]
    brain.directory = Members({CENTRE_CHANNEL: users})
    rid = round_id(start(brain))
    key = keys(brain)[0]
    barrier = threading.Barrier(len(users) * 2)
    answers: list[Answer] = []

    def click(user: str, value: str) -> None:
        barrier.wait()
        answers.append(vote(brain, user, rid, key, value))

    workers = [threading.Thread(target=click, args=(u, v)) for u in users
               for v in ("develop", "develop")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(answers) == 24 and all(isinstance(a, Message) for a in answers)
    tally = brain.store.tally(round_id=rid)
    assert (tally.respondents, tally.counts[key]) == (12, (0, 12))


def test_the_coordinators_home_shows_counts_and_remind_and_close_buttons(brain: Brain) -> None:
    rid = round_id(start(brain))
    answer_all(brain, "U0ANNA", rid)
    home = to_text(brain.home(user=COORD))
    assert "FC Råslätt (du samordnar): 1 av 5 har svarat på alla" in home
    assert not any(user in home for user in STAFF)
    refused = brain.act("refl_close", str(rid), user="U0ANNA", channel=None)
    assert isinstance(refused, Refusal)
    assert plain(refused.message).startswith("Bara familjecentralens samordnare (för #C0RASLATT)")
    reminded = brain.act("refl_remind", str(rid), user=COORD, channel=None)
    assert isinstance(reminded, Outcome) and len(reminded.deliveries) == 4
    closed = brain.act("refl_close", str(rid), user=COORD, channel=None)
    assert isinstance(closed, Outcome)
    assert closed.deliveries[0].channel == STEERING
    again = brain.act("refl_close", str(rid), user=COORD, channel=None)
    assert isinstance(again, Problem) and again.message == "Omgången är redan stängd."
    assert isinstance(brain.act("refl_close", "x", user=COORD, channel=None), Problem)


def test_every_error_message_says_what_to_do(brain: Brain) -> None:
    def problem(text: str, *, user: str = COORD, channel: str | None = CENTRE_CHANNEL) -> str:
        answer = brain.ask(f"/avtal självreflektion {text}", user=user, channel=channel)
        assert isinstance(answer, Problem), (text, to_text(answer))
        return answer.message

    assert problem("status") == "Det finns ingen självreflektion här ännu."
    assert problem("svara", user="U0ANNA", channel="D0ANNA") == (
        "Det finns ingen öppen självreflektion för dig just nu.")
    assert problem("resultat") == ("Det finns ingen stängd självreflektion här ännu. Resultatet "
                                   "visas när samordnaren har stängt omgången.")
    cli = Brain(brain.store, today=TODAY)  # the one-shot CLI: nobody to look up
    nobody = cli.ask("/avtal självreflektion starta", user=COORD, channel="C0CLI")
    assert isinstance(nobody, Problem)
    assert nobody.message == "Jag kan inte se vilka som är med i kanalen här. Ange deltagarna."
    rid = round_id(start(brain))
    assert problem(f"resultat {rid}") == "Resultatet visas först när omgången är stängd."
    assert problem("kommentar 5") == "Ange påståendets nummer och din kommentar."
    assert problem("kommentar 31 hej") == ("Påstående ”31” finns inte; de är numrerade 1–30.")
    assert problem("svara 31") == "Påstående ”31” finns inte; de är numrerade 1–30."
    assert problem("gemensam 5") == "Ange påståendets nummer och Fungerar eller Utvecklas."
    assert problem("gemensam 5 kanske") == "”kanske” är varken Fungerar eller Utvecklas."
    assert problem("mål 3 5 x") == "Ange målets nummer (1 eller 2), påståendets nummer och målet."
    assert problem("mål 1 5 x uppföljning 1/6") == (
        "Jag förstår inte datumet ”1/6”. Skriv det som ÅÅÅÅ-MM-DD.")
    assert problem("mål 1 5 x uppföljning 2026-11-01") == (
        "Uppföljningen 2026-11-01 måste ligga efter i dag.")
    assert problem("mål 1 5 uppföljning 2027-06-01") == (
        "Skriv själva målet efter påståendets nummer.")
    assert plain(problem("gemensam 5 fungerar", user="U0ANNA")).startswith(
        "Bara familjecentralens samordnare (för #C0RASLATT)")
    late = Brain(brain.store, today=dt.date(2026, 12, 16), directory=brain.directory)
    overdue = late.ask("/avtal självreflektion påminn", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(overdue, Problem)
    assert overdue.message == "Omgången har passerat sin stängningsdag; stäng den i stället."
    hint = brain.act("refl_comment", f"{rid}|{keys(brain)[4]}", user="U0ANNA", channel="D0ANNA")
    assert isinstance(hint, Message) and mrkdwn(hint.text) == (
        "Skriv din kommentar till påstående 5 så här: `självreflektion kommentar 5 din kommentar`")


def test_a_channel_slack_will_not_list_gets_advice_not_an_error(brain: Brain) -> None:
    class Refusing:
        def human_members(self, channel: str) -> Sequence[str]:
            raise RuntimeError("not_in_channel")

    brain.directory = Refusing()
    answer = brain.ask("/avtal självreflektion starta", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(answer, Problem)
    assert mrkdwn(answer.message) == ("Jag kunde inte se vilka som är med i kanalen. Bjud in mig "
                                      "till kanalen (`/invite @Avtalsbot`) eller ange "
                                      "deltagarna.")


def test_broken_buttons_and_a_missing_instrument_get_plain_answers(brain: Brain) -> None:
    for action_id, value in (("refl_next", "x"), ("refl_show", "x|y"), ("refl_vote", "1|a"),
                             ("refl_comment", "x"), ("refl_comment_save", "x|y|z"),
                             ("refl_joint_save", "x|"), ("refl_remind", "")):
        answer = brain.act(action_id, value, user=COORD, channel=CENTRE_CHANNEL)
        assert isinstance(answer, Problem), action_id
        assert answer.message == "Den knappen känner jag inte igen.", action_id
    gone = brain.act("refl_joint_save", "999|", user=COORD, channel=None)
    assert isinstance(gone, Problem) and gone.message == "Den omgången finns inte längre."

    class WithoutInstrument(SqlStore):
        def agreements(self):  # type: ignore[no-untyped-def]
            return [a for a in super().agreements() if a.instrument is None]

    bare = WithoutInstrument(brain.store.engine)
    answer = Brain(bare, today=TODAY, directory=brain.directory).ask(
        "/avtal självreflektion starta", user=COORD, channel=CENTRE_CHANNEL)
    assert isinstance(answer, Problem)
    assert answer.message == "Inget av avtalen har ett självreflektionsinstrument."


def test_several_bot_processes_close_and_remind_once(brain: Brain) -> None:
    from commands.reflection.flows import due_work

    rid = round_id(start(brain))
    for user in STAFF[:3]:
        answer_all(brain, user, rid)

    def race(day: dt.date) -> list[object]:
        barrier = threading.Barrier(8)
        found: list[object] = []

        def tick() -> None:
            barrier.wait()
            found.extend(due_work(day, brain.store))

        workers = [threading.Thread(target=tick) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return found

    reminded = [d.user for d in race(dt.date(2026, 12, 14))]  # type: ignore[attr-defined]
    assert sorted(reminded) == sorted([COORD, "U0DORA"])
    closing = race(dt.date(2026, 12, 16))
    assert [d.channel for d in closing] == [STEERING, CENTRE_CHANNEL, None]  # type: ignore[attr-defined]


def test_two_coordinators_starting_at_once_open_one_round(brain: Brain) -> None:
    barrier = threading.Barrier(6)
    answers: list[Answer] = []

    def begin() -> None:
        barrier.wait()
        answers.append(brain.ask("/avtal självreflektion starta FC Råslätt", user=COORD,
                                 channel=CENTRE_CHANNEL))

    workers = [threading.Thread(target=begin) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(isinstance(a, Outcome) for a in answers) == 1
    assert sum(isinstance(a, Problem) and a.message.startswith("Det finns redan en öppen")
               for a in answers) == 5
    assert len(brain.store.rounds_in_channel(CENTRE_CHANNEL)) == 1


def test_no_vote_lands_after_the_result_was_taken(brain: Brain) -> None:
    users = [f"U0R{n:03d}" for n in range(6)]
    brain.directory = Members({CENTRE_CHANNEL: [COORD, *users]})
    rid = round_id(start(brain))
    k = keys(brain)
    for user in users:
        vote(brain, user, rid, k[0], "works")
    closing = threading.Event()
    closed: list[Answer] = []

    def voter(user: str) -> None:
        for n in range(1, 30):
            if n == 3:
                closing.set()
            if not brain.store.record_vote(round_id=rid, user=user, statement_key=k[n],
                                           value="develop"):
                return

    def coordinator() -> None:
        closing.wait()
        closed.append(brain.ask("/avtal självreflektion stäng ändå", user=COORD,
                                channel=CENTRE_CHANNEL))

    workers = [threading.Thread(target=voter, args=(u,)) for u in users]
    workers.append(threading.Thread(target=coordinator))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    (outcome,) = closed
    assert isinstance(outcome, Outcome)
    posted = outcome.deliveries[0].answer
    assert isinstance(posted, Table)
    final = brain.ask(f"/avtal självreflektion resultat {rid}", user=COORD,
                      channel=STEERING)
    assert isinstance(final, Table) and final.rows == posted.rows


def test_a_card_asked_for_in_the_centre_channel_goes_to_the_dm(brain: Brain) -> None:
    rid = round_id(start(brain))
    vote(brain, "U0ANNA", rid, keys(brain)[4], "develop")
    answer = brain.ask("självreflektion svara 5", user="U0ANNA",
                       channel=CENTRE_CHANNEL)
    assert isinstance(answer, Outcome)
    assert to_text(answer.reply) == ("Jag har skickat frågan till dig i ett direktmeddelande, "
                                     "så att ingen annan ser dina svar.")
    (dm,) = answer.deliveries
    assert dm.user == "U0ANNA" and "Ditt svar nu: Behöver utvecklas" in to_text(dm.answer)
    assert "Behöver utvecklas" not in to_text(answer.reply)
    in_dm = brain.ask("självreflektion svara 5", user="U0ANNA", channel="D0ANNA")
    assert isinstance(in_dm, Message) and "påstående 5 av 30" in plain(in_dm.text)


def test_the_same_comment_from_two_people_is_counted_twice(brain: Brain) -> None:
    """The tally reads counts and comments in one grouped pass; identical comments come
    back once from the database and must still count once per person who wrote them."""
    users = ["U0C1", "U0C2", "U0C3"]
    brain.directory = Members({CENTRE_CHANNEL: users})
    rid = round_id(start(brain))
    first, second = keys(brain)[:2]
    for n, user in enumerate(users):
        assert brain.store.record_vote(round_id=rid, user=user, statement_key=first,
                                       value="develop" if n else "works")
        assert brain.store.record_vote(round_id=rid, user=user, statement_key=second,
                                       value="works")
    for user in users[:2]:
        assert brain.store.record_comment(round_id=rid, user=user, statement_key=first,
                                          comment="Vi behöver en rutin")
    assert brain.store.record_comment(round_id=rid, user=users[2], statement_key=second,
                                      comment="  Bra  ")
    tally = brain.store.tally(round_id=rid)
    assert tally.respondents == 3
    assert tally.counts == {first: (1, 2), second: (3, 0)}
    assert tally.comments == {first: ("Vi behöver en rutin", "Vi behöver en rutin"),
                              second: ("Bra",)}


def test_a_click_is_read_judged_and_stored_in_one_transaction(brain: Brain) -> None:
    """``cast_vote`` hands the round and the invitation it read to the domain's rule, and
    stores the vote (and a waiting comment) only when the rule admits it."""
    rid = round_id(start(brain))
    store, first = brain.store, keys(brain)[0]
    asked: list[tuple[int, bool]] = []

    def refuse(round_: Round, invited: bool) -> bool:
        asked.append((round_.id, invited))
        return False

    refused = store.cast_vote(round_id=rid, user="U0ANNA", statement_key=first,
                              value="works", comment="Ska inte sparas", admit=refuse)
    assert asked == [(rid, True)]
    assert refused.round_ is not None and refused.round_.id == rid
    assert refused.invited and refused.votes is None
    stranger = store.cast_vote(round_id=rid, user="U0EVE", statement_key=first,
                               value="works", admit=lambda _, invited: invited)
    assert not stranger.invited and stranger.votes is None
    assert store.tally(round_id=rid) == Tally(respondents=0, counts={}, comments={})

    missing = store.cast_vote(round_id=rid + 100, user="U0ANNA", statement_key=first,
                              value="works", admit=refuse)
    assert missing == Ballot(round_=None, invited=False) and len(asked) == 1

    stored = store.cast_vote(round_id=rid, user="U0ANNA", statement_key=first,
                             value="develop", comment="Mer tid", admit=lambda *_: True)
    assert stored.votes == {first: "develop"}
    assert store.my_votes(round_id=rid, user="U0ANNA") == {first: "develop"}
    assert store.tally(round_id=rid) == Tally(respondents=1, counts={first: (0, 1)},
                                              comments={first: ("Mer tid",)})
