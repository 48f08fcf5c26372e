"""The issue's questions, asked through the router and command table, rendered as text."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import to_text
from bot.render.markup import mrkdwn
from commands.core.answers import Many, Message, Problem, Table
from commands.core.context import Request
from commands.routing import router
from commands.routing.catalog import commands, modules
from tests.commands.agreements_fixture import MemoryStore

TODAY = dt.date(2026, 11, 25)


def ask(text: str, store: MemoryStore | None = None, today: dt.date = TODAY,
        channel: str | None = None):  # type: ignore[no-untyped-def]
    return router.answer(Request(text=text, today=today, channel=channel), store or MemoryStore())


def test_command_table_order_costs_then_deadlines_meetings_help_last() -> None:
    names = [m.__name__.split(".")[1] for m in modules()]
    assert names.index("costs") < names.index("deadlines") < names.index("meetings")
    assert commands()[-1].name == "hjälp"
    assert {"deadlines", "möten"} <= {c.name for c in commands()}


def test_help_lists_deadlines_and_meetings() -> None:
    text = to_text(ask("hjälp"))
    assert "deadlines [avtal] [period]" in text
    assert "möte lägg till" in text


def test_next_60_days_lists_both_notice_days_per_agreement() -> None:
    answer = ask("vilka deadlines har vi de närmaste 60 dagarna?")
    assert isinstance(answer, Many)
    titles = [p.title for p in answer.parts if isinstance(p, Table)]
    assert "CMV Jämtland: deadlines 2026-11-25 – 2027-01-24" in titles
    text = to_text(answer)
    assert "Sista dag för skriftlig uppsägning av avtalet (förfaller 2026-12-31, nyårsafton" in text
    assert "Sista dag för skriftlig uppsägning av samverkansavtalet (förfaller 2026-12-31" in text
    assert "2026-12-30 (onsdag, v. 53)" in text
    # the 28 February deadline is outside the 60 days
    assert "Verksamhetsberättelsen lämnas in" not in text


def test_notice_question_in_english_for_cmv() -> None:
    answer = ask("when must we give notice on the CMV agreement?")
    assert isinstance(answer, Message) and answer.lang == "en"
    assert answer.text == "Last day to give notice on CMV Jämtland: 2026-12-31 (Thursday, wk 53)."
    text = to_text(answer)
    assert "act by 2026-12-30 (Wednesday, wk 53)" in text
    assert "extended by 1 year, to 2028-12-31" in text
    assert answer.source == "001 §22"
    assert answer.note and "31 december året innan" in answer.note  # the reading of §22


def test_notice_question_in_swedish_for_vg_and_jonkoping() -> None:
    vg = ask("när ska vi säga upp avtalet för Västra Götaland?")
    assert isinstance(vg, Message)
    assert vg.text.startswith("Sista dag att säga upp Familjecentraler Västra Götaland: 2026-12-31")
    assert "förlängs avtalet med 2 år, till 2029-12-31" in to_text(vg)
    jkp = ask("när ska vi säga upp Jönköpingsavtalet?")
    assert isinstance(jkp, Message)
    assert "löper tills vidare med 12 månaders uppsägningstid" in jkp.text
    assert "upphör det tidigast 2027-11-25 (torsdag)" in jkp.text


def test_when_must_the_annual_report_be_ready() -> None:
    text = to_text(ask("när ska verksamhetsberättelsen vara klar?"))
    assert "Verksamhetsberättelsen lämnas in (förfaller 2027-02-28, söndag)" in text
    assert "2027-02-26 (fredag, v. 8)" in text
    assert "Årlig verksamhetsberättelse delges styrgrupp" in text  # CMV, januari–mars
    assert "costs" not in text


def test_what_happens_in_january() -> None:
    answer = ask("vad händer i januari?")
    text = to_text(answer)
    assert "deadlines 2027-01-01 – 2027-01-31" in text
    assert "Kommunerna faktureras för den fasta kostnaden (januari 2027)" in text
    assert "Gå igenom årshjulet (januari 2027)" in text


def test_deadlines_for_jonkoping_is_the_year_wheel() -> None:
    answer = ask("deadlines för Jönköping")
    assert isinstance(answer, Table)
    assert answer.title == "Familjecentraler Jönköping: deadlines 2026-11-25 – 2027-11-25"
    assert len(answer.rows) >= 15
    assert all(row[3].startswith("002") for row in answer.rows)


def test_week_and_relative_periods_through_the_router() -> None:
    text = to_text(ask("deadlines vecka 46 2026", today=dt.date(2026, 11, 1)))
    assert "Föräldraenkät delas ut v.45–46 (v. 45–46 2026)" in text
    text = to_text(ask("deadlines before 1 March"))
    assert "deadlines 2026-11-25 – 2027-02-28" in text and "Act by" in text


def test_ranges_through_the_router_and_a_reversed_one_is_a_problem() -> None:
    text = to_text(ask("deadlines 2026-12-01 – 2026-12-20"))
    assert "deadlines 2026-12-01 – 2026-12-20" in text
    for question in ("deadlines från 20/12 till 1/12 2026", "möten från 20/12 till 1/12 2026",
                     "påminnelser från 20/12 till 1/12 2026"):
        answer = ask(question)
        assert isinstance(answer, Problem), question
        assert "innan den börjar" in answer.message
    answer = ask("deadlines between 20 December 2026 and 1 December 2026")
    assert isinstance(answer, Problem) and "before it starts" in answer.message


def test_unknown_agreement_gets_suggestions() -> None:
    answer = ask("deadlines för Jönkping")
    assert isinstance(answer, Problem)
    assert answer.message == "Jag hittar inget avtal eller någon part som heter ”Jönkping”."
    assert "Menade du Familjecentraler Jönköping" in to_text(answer)


def test_nothing_in_the_period_says_what_comes_next() -> None:
    answer = ask("deadlines för Västra Götaland 2027")
    assert isinstance(answer, Message)
    assert answer.text == "Inga deadlines 2027."
    assert "Nästa därefter: Sista dag för skriftlig uppsägning" in answer.details[0]


def test_no_agreements_loaded() -> None:
    answer = ask("deadlines", store=MemoryStore([]))
    assert isinstance(answer, Problem)
    assert answer.message == "Det finns inga avtal inlästa ännu."


def test_app_home_lists_the_coming_30_days() -> None:
    from commands.routing.home import home

    def section(today: dt.date) -> Message:
        parts = home(Request(text="", today=today), MemoryStore()).parts
        return next(p for p in parts if isinstance(p, Message)
                    and mrkdwn(p.text) == "*Deadlines de närmaste 30 dagarna*")

    first = section(TODAY)
    assert first.details[0] == ("• 2026-11-30 (måndag) – Barnkonventionens dag (vecka) – "
                                "planera aktiviteter (Familjecentraler Jönköping)")
    # the notice days (act by 30 December) are 35 days away on 25 November …
    assert not any("skriftlig uppsägning" in d for d in first.details)
    # … and inside the window on 1 December
    december = section(dt.date(2026, 12, 1))
    assert ("• 2026-12-30 (onsdag) – Sista dag för skriftlig uppsägning av avtalet "
            "(CMV Jämtland)") in december.details


class BrokenStore(MemoryStore):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def agreements(self):  # type: ignore[no-untyped-def]
        raise self.error


@pytest.mark.parametrize("question", ["deadlines nästa månad", "möten 2027",
                                      "när är nästa styrgruppsmöte för CMV?"])
def test_a_failing_store_gets_a_short_answer_that_says_which_failure(question: str) -> None:
    from sqlalchemy.exc import OperationalError

    from bot.service import Brain

    away = OperationalError("SELECT …", {}, Exception("server closed the connection"))
    answer = Brain(BrokenStore(away), today=TODAY).ask(question)  # type: ignore[arg-type]
    assert isinstance(answer, Problem)
    assert answer.message.startswith("Tillfälligt fel: databasen svarar inte just nu")
    bug = Brain(BrokenStore(RuntimeError("a bug")), today=TODAY).ask(question)  # type: ignore[arg-type]
    assert isinstance(bug, Problem)
    assert bug.message.startswith("Något gick fel hos mig när jag skulle svara.")


def test_fixed_term_without_renewal_after_its_last_notice_day() -> None:
    from commands.core.agreement import Term
    from tests.commands.agreements_fixture import agreement

    ending = agreement("vg-familjecentraler").model_copy(update={"term": Term(
        start=dt.date(2024, 3, 1), first_end=dt.date(2027, 6, 30), notice_months=12,
        source="003 §4")})
    answer = ask("när ska vi säga upp avtalet för Västra Götaland?", store=MemoryStore([ending]))
    assert isinstance(answer, Message)
    assert answer.text == ("Familjecentraler Västra Götaland löper ut 2027-06-30 utan förlängning; "
                           "det finns ingen uppsägningsdag kvar.")


def test_an_agreement_without_bodies_states_no_meetings() -> None:
    from tests.commands.agreements_fixture import agreement

    bare = agreement("vg-familjecentraler").model_copy(update={"bodies": (), "deadlines": ()})
    answer = ask("möten 2027", store=MemoryStore([bare]))
    assert isinstance(answer, Message) and answer.text == "Avtalen anger inga möten."


def test_a_year_in_the_question_does_not_send_it_to_costs() -> None:
    from commands.routing.router import route

    def command(text: str) -> str | None:
        found, _ = route(text)
        return found.name if found else None

    assert command("vilka deadlines har vi 2027?") == "deadlines"
    assert command("vad händer i januari 2027?") == "deadlines"
    assert command("när är nästa styrgruppsmöte 2027?") == "möten"
    assert command("när går uppsägningstiden ut för Kalmar?") == "deadlines"
    assert command("när löper CMV-avtalet ut?") == "deadlines"
    assert command("vad ska vi göra vecka 46?") == "deadlines"
    # … and cost questions stay with costs
    assert command("vad betalar Krokom 2026?") == "kostnad"
    assert command("Krokom 2025–2030") == "kostnad"
    assert command("vad kostar kvalitetsgranskningen 2028?") == "kostnad"


def test_when_is_the_quality_review_gets_its_date_and_what_it_costs_its_amount() -> None:
    from commands.routing.router import route

    for text in ("när är kvalitetsgranskningen?", "när är kvalitetsgranskningen 2029?",
                 "when is the quality review?"):
        found, _ = route(text)
        assert found is not None and found.name == "deadlines", text
        rendered = to_text(ask(text))
        # 001 §11.5 / Bilaga 1 §12.2: every third year, January–June 2029
        assert "2029-06-29" in rendered and "Kvalitetsgranskningen genomförs" in rendered, text
        assert "001 Bilaga 1, §" in rendered, text
        assert "575 702 kr" not in rendered, text
    for text in ("vad kostar kvalitetsgranskningen 2026?",
                 "what does the quality review cost in 2026?"):
        found, _ = route(text)
        assert found is not None and found.name == "kostnad", text
        assert "17 670 kr" in to_text(ask(text)).replace("\u00a0", " "), text
    # a when-question with a topic of its own still goes where the topic is
    assert route("när är nästa möte?")[0].name == "möten"  # type: ignore[union-attr]
    assert route("when do we meet next?")[0].name == "möten"  # type: ignore[union-attr]
    assert route("när är årshjulet klart?")[0].name == "deadlines"  # type: ignore[union-attr]


def test_when_does_the_cmv_agreement_expire() -> None:
    answer = ask("när löper CMV-avtalet ut?")
    assert isinstance(answer, Message)
    assert "avtalstidens utgång 2027-12-31" in to_text(answer)


def test_compound_agreement_names() -> None:
    for text in ("när ska vi säga upp CMV-avtalet?", "när ska vi säga upp cmvavtalet?"):
        answer = ask(text)
        assert isinstance(answer, Message), text
        assert answer.text.startswith("Sista dag att säga upp CMV Jämtland: 2026-12-31")


def test_year_wheel_month_by_month_with_responsible() -> None:
    answer = ask("/avtal årshjul Jönköping 2027")
    assert isinstance(answer, Table)
    assert answer.title == "Årshjul Familjecentraler Jönköping 2027"
    months = [row[0] for row in answer.rows]
    assert months[:3] == ["januari", "januari", "februari"]
    assert ("februari", "Verksamhetsberättelsen lämnas in", "Samordnare",
            "2027-02-26 (fredag)") in answer.rows
    assert ("september (v. 39)", "Hälsovecka v.39 – planera aktiviteter", "Samordnare",
            "2027-10-01 (fredag)") in answer.rows
    assert months[-1] == "december" and len(answer.rows) == 18
    assert answer.source == "002 Årshjul; Avtal: Utvecklingsfrågor och verksamhetsuppföljning"
    # free question; multi-month windows are shown as spans
    kalmar = ask("visa årshjulet för Kalmar 2026")
    assert isinstance(kalmar, Table)
    assert kalmar.rows[-2][:2] == ("september–november", "Besöksenkät på familjecentralerna")


def test_what_a_role_must_do_lists_the_deadlines_it_is_responsible_for() -> None:
    """ "vad ska samordnaren göra?" names no task but who does it: the coordinator's tasks,
    not every deadline of every agreement."""
    text = to_text(ask("vad ska samordnaren göra?"))
    assert "Verksamhetsberättelsen lämnas in" in text and "Föräldraenkät" in text, text
    assert "Kommunerna faktureras" not in text and "CMV" not in text, text
    rows = [line for line in text.splitlines() if line[:4].isdigit()]
    assert rows and all("Samordnare" in row for row in rows), text


DECEMBER = dt.date(2026, 12, 10)


def test_what_was_missed_is_what_passed_and_was_not_marked_done() -> None:
    store = MemoryStore()
    text = to_text(ask("har vi missat någon deadline?", store, today=DECEMBER))
    assert "deadlines 2026-10-11 – 2026-12-09" in text, text  # the last 60 days
    assert "Föräldraenkät delas ut v.45–46 (v. 45–46 2026; passerad)" in text, text
    assert "Passerade och inte markerade som klara" in text, text
    assert "2026-12-30" not in text, text  # ahead, not missed
    assert store.mark_occurrence_done(
        occurrence_key="jonkoping-familjecentraler/foraldraenkat/2026-11-15", user="U1")
    text = to_text(ask("har vi missat någon deadline?", store, today=DECEMBER))
    assert "Föräldraenkät" not in text, text


def test_what_was_missed_in_a_month_named_is_the_month_that_has_been() -> None:
    text = to_text(ask("missade vi något i november?", today=DECEMBER))
    assert "deadlines 2026-11-01 – 2026-11-30" in text, text
    text = to_text(ask("did we miss anything next month?", today=DECEMBER))
    assert text == "That period has not passed yet; ask what is coming instead.", text


def test_nothing_missed_says_so() -> None:
    text = to_text(ask("har vi missat någon deadline för CMV?", today=dt.date(2026, 11, 2)))
    assert text.startswith("Ingen deadline 2026-09-03 – 2026-11-01 står som missad"), text
