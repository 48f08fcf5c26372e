"""The bundled agreement files: they validate, and the facts in them are the sources' facts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from commands.core.agreement import Agreement, LastMeetingSchedule, MonthsSchedule, WeeksSchedule
from commands.core.cost_models import (
    BudgetLinesModel,
    EqualSplitModel,
    OwnFinancingModel,
    PeriodicExtraModel,
    PopulationKeyModel,
)
from commands.core.text import fold
from commands.reading.places import municipality
from storage import files
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]
AGREEMENTS_DIR = REPO / "storage" / "agreements"
FILES = sorted(AGREEMENTS_DIR.glob("*.yaml"))


def _sources_dir() -> Path | None:
    sources = SHARED / "sources"
    return sources if sources.is_dir() else None


def _load(name: str) -> Agreement:
    with (AGREEMENTS_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return Agreement.model_validate(yaml.safe_load(fh))


def _walk_models(obj: Any) -> Iterator[BaseModel]:
    if isinstance(obj, BaseModel):
        yield obj
        for name in type(obj).model_fields:
            yield from _walk_models(getattr(obj, name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from _walk_models(item)


def _walk_raw(obj: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk_raw(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk_raw(v, f"{path}[{i}]")
    else:
        yield path, obj


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def cmv() -> Agreement:
    return _load("cmv-jamtland")


@pytest.fixture(scope="module")
def vg() -> Agreement:
    return _load("vg-familjecentraler")


@pytest.fixture(scope="module")
def jkp() -> Agreement:
    return _load("jonkoping-familjecentraler")


@pytest.fixture(scope="module")
def kalmar() -> Agreement:
    return _load("kalmar-familjecentraler")


# --- every file -----------------------------------------------------------------------------


def test_the_four_agreements_are_bundled() -> None:
    assert {f.stem for f in FILES} >= {
        "cmv-jamtland",
        "vg-familjecentraler",
        "jonkoping-familjecentraler",
        "kalmar-familjecentraler",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_validates_and_id_matches_file_name(path: Path) -> None:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    agreement = Agreement.model_validate(data)
    assert agreement.id == path.stem


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_file_passes_every_check_of_an_import_as_it_is(path: Path) -> None:
    """The careful reader (line-numbered YAML, SCB's register, column limits) accepts the
    bundled files unchanged, and reads them exactly as a plain YAML load does."""
    with path.open(encoding="utf-8") as fh:
        plain = Agreement.model_validate(yaml.safe_load(fh))
    assert files.read_agreement(path) == plain


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_municipality_code_is_scbs_code_for_that_party(path: Path) -> None:
    agreement = _load(path.stem)
    coded = [p for p in agreement.parties if p.municipality_code]
    assert coded
    for party in coded:
        assert party.municipality_code is not None
        found = municipality(party.municipality_code)
        assert found is not None and fold(found.name) == fold(party.short_name), party.key


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_floats_in_yaml(path: Path) -> None:
    """Money and percentages are integers or quoted decimals, never binary floats."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    floats = [p for p, v in _walk_raw(data) if isinstance(v, float)]
    assert floats == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_fact_cites_its_own_source_document(path: Path) -> None:
    agreement = _load(path.stem)
    for model in _walk_models(agreement):
        source = getattr(model, "source", None)
        if source is not None:
            assert source.startswith(agreement.source_document + " "), (
                type(model).__name__, source)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_deadline_has_source_responsible_and_known_channel(path: Path) -> None:
    agreement = _load(path.stem)
    channels = {c.key for c in agreement.channels}
    assert agreement.deadlines, "every bundled agreement has at least one deadline"
    for d in agreement.deadlines:
        assert d.source.strip() and d.responsible.strip() and d.title.strip(), d.key
        assert d.channel in channels, d.key
        if isinstance(d.schedule, MonthsSchedule):
            assert d.schedule.from_month <= d.schedule.to_month, d.key
        if isinstance(d.schedule, WeeksSchedule):
            assert d.schedule.from_week <= d.schedule.to_week, d.key


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_keys_and_codes_are_unique(path: Path) -> None:
    agreement = _load(path.stem)

    def unique(values: list[Any]) -> bool:
        return len(values) == len(set(values))

    assert unique([p.key for p in agreement.parties])
    assert unique([b.key for b in agreement.bodies])
    assert unique([c.key for c in agreement.channels])
    assert unique([m.key for m in agreement.cost_models])
    assert unique([d.key for d in agreement.deadlines])
    codes = [p.municipality_code for p in agreement.parties if p.municipality_code]
    assert unique(codes)
    orgs = [p.org_number for p in agreement.parties if p.org_number]
    assert unique(orgs)
    assert unique([p.short_name.casefold() for p in agreement.parties])
    # an alias must not point at two different parties
    owners: dict[str, str] = {}
    for p in agreement.parties:
        for alias in (p.short_name, *p.aliases):
            assert owners.setdefault(alias.casefold(), p.key) == p.key, alias
    for m in agreement.cost_models:
        if isinstance(m, EqualSplitModel):
            assert unique([o.key for o in m.operations])
            assert m.min_participants <= m.default_participants <= len(m.operations)
            assert sum(o.required for o in m.operations) <= m.min_participants
    if agreement.instrument is not None:
        assert unique([c.key for c in agreement.instrument.categories])
        assert unique([s.key for s in agreement.instrument.statements()])


# --- CMV Jämtland (001) ----------------------------------------------------------------------

CMV_TABLE = {  # 001 §11.3, Figur 2: population 1 Nov 2023, percent, amount 2025
    "ragunda": (5135, "3.876", 183907),
    "bracke": (6091, "4.598", 218164),
    "krokom": (15604, "11.780", 558934),
    "stromsund": (11139, "8.409", 398987),
    "are": (12376, "9.343", 443304),
    "berg": (7114, "5.370", 254794),
    "harjedalen": (10136, "7.652", 363070),
    "ostersund": (64871, "48.972", 2323607),
}

CMV_PARTIES = {  # key: (name, org number 001 §2, SCB municipality code)
    "ragunda": ("Ragunda kommun", "212000-2452", "2303"),
    "bracke": ("Bräcke kommun", "212000-2460", "2305"),
    "krokom": ("Krokoms kommun", "212000-2478", "2309"),
    "stromsund": ("Strömsunds kommun", "212000-2486", "2313"),
    "are": ("Åre kommun", "212000-2494", "2321"),
    "berg": ("Bergs kommun", "212000-2502", "2326"),
    "harjedalen": ("Härjedalens kommun", "212000-2510", "2361"),
    "ostersund": ("Östersunds kommun", "212000-2528", "2380"),
}


def test_cmv_parties_org_numbers_and_codes(cmv: Agreement) -> None:
    assert {p.key: (p.name, p.org_number, p.municipality_code) for p in cmv.parties} == CMV_PARTIES
    assert cmv.host == "ostersund"
    assert all(p.kind == "kommun" for p in cmv.parties)


@pytest.mark.parametrize(
    ("party", "alias"),
    [("are", "are"), ("krokom", "krokoms"), ("ostersund", "ostersund"), ("bracke", "bracke"),
     ("harjedalen", "harjedalen"), ("stromsund", "stromsund"), ("berg", "bergs")],
)
def test_cmv_aliases_without_diacritics_and_genitive(
    cmv: Agreement, party: str, alias: str
) -> None:
    assert alias in cmv.party(party).aliases


def test_cmv_term_reading(cmv: Agreement) -> None:
    t = cmv.term
    assert (t.start.isoformat(), t.first_end and t.first_end.isoformat()) == (
        "2025-01-01", "2025-12-31")
    assert (t.notice_months, t.renewal_months, t.until_terminated) == (12, 12, False)
    assert t.source == "001 §22" and t.note


def test_cmv_published_2025_table_row_by_row(cmv: Agreement) -> None:
    drift = cmv.cost_model("drift")
    assert isinstance(drift, PopulationKeyModel)
    assert drift.base_year == 2025 and drift.base_total == Decimal("4744767")
    assert drift.uplift_percent == Decimal("3")
    assert drift.population_date.isoformat() == "2023-11-01"
    rows = {s.party: (s.population, s.percent, s.amount) for s in drift.shares}
    assert rows == {
        k: (pop, Decimal(pct), Decimal(amt)) for k, (pop, pct, amt) in CMV_TABLE.items()
    }
    # percents kept with the published three decimals, e.g. Krokom 11.780
    assert all(s.percent.as_tuple().exponent == -3 for s in drift.shares)
    assert [s.party for s in drift.shares] == list(CMV_TABLE)


def test_cmv_table_sums(cmv: Agreement) -> None:
    drift = cmv.cost_model("drift")
    assert isinstance(drift, PopulationKeyModel)
    assert sum(s.population for s in drift.shares) == 132466
    assert sum(s.percent for s in drift.shares) == Decimal("100.000")
    assert sum(s.amount for s in drift.shares) == Decimal("4744767")


def test_cmv_table_is_internally_consistent(cmv: Agreement) -> None:
    """Percent = population share to three decimals.

    Amount = total × published percent, in kronor.
    """
    drift = cmv.cost_model("drift")
    assert isinstance(drift, PopulationKeyModel)
    total_pop = sum(s.population for s in drift.shares)
    for s in drift.shares:
        share = (Decimal(s.population) * 100 / total_pop).quantize(Decimal("0.001"), ROUND_HALF_UP)
        assert share == s.percent, s.party
        amount = (drift.base_total * s.percent / 100).quantize(Decimal("1"), ROUND_HALF_UP)
        assert amount == s.amount, s.party


def test_cmv_budget_lines(cmv: Agreement) -> None:
    budget = cmv.cost_model("budget")
    assert isinstance(budget, BudgetLinesModel)
    assert [line.amount for line in budget.lines] == [
        Decimal(v) for v in (3189656, 511922, 211310, 166260, 220804, 53045)
    ]
    subtotal = sum(line.amount for line in budget.lines)
    assert subtotal == Decimal("4352997")
    assert budget.overhead_percent == Decimal("9")
    assert budget.overhead_amount == Decimal("391770")
    overhead = (subtotal * budget.overhead_percent / 100).quantize(Decimal("1"), ROUND_HALF_UP)
    assert overhead == 391770
    assert budget.total == subtotal + budget.overhead_amount == Decimal("4744767")
    assert budget.uplift_percent == Decimal("3") and budget.base_year == 2025
    drift = cmv.cost_model("drift")
    assert isinstance(drift, PopulationKeyModel)
    assert budget.total == drift.base_total


def test_cmv_quality_review_cost(cmv: Agreement) -> None:
    q = cmv.cost_model("kvalitetsgranskning")
    assert isinstance(q, PeriodicExtraModel)
    assert (q.first_year, q.every_years, q.max_amount, q.split_by) == (
        2026, 3, Decimal("150000"), "drift")


def test_cmv_bodies_and_channels(cmv: Agreement) -> None:
    styrgrupp = cmv.body("styrgrupp")
    assert styrgrupp.kind == "steering_group"
    assert styrgrupp.meeting_rule is not None
    assert (styrgrupp.meeting_rule.per_year_min, styrgrupp.meeting_rule.per_year_max) == (4, 4)
    assert cmv.body("socsam").kind == "political_group" and cmv.body("socsam").meeting_rule is None
    network = cmv.body("samordnarnatverk")
    assert network.kind == "network" and network.meeting_rule is not None
    assert network.meeting_rule.per_year_min == 4
    assert cmv.channel("styrgrupp").name == "#cmv-styrgrupp"
    assert cmv.channel("samordnare")


def test_cmv_deadlines(cmv: Agreement) -> None:
    d = {x.key: x for x in cmv.deadlines}
    assert {
        "uppsagning", "fakturering", "verksamhetsberattelse", "kvalitetsgranskning-rapport",
        "kvalitetsgranskning-utse-granskare", "systematisk-uppfoljning", "uppfoljning-mandatperiod",
    } <= set(d)
    assert d["uppsagning"].schedule.kind == "notice"
    assert d["uppsagning"].responsible == "Parterna (efter diskussion i SocSam)"
    assert d["fakturering"].schedule == MonthsSchedule(kind="months", from_month=1, to_month=1)
    assert d["fakturering"].responsible == "Östersunds kommun"
    assert d["verksamhetsberattelse"].schedule == MonthsSchedule(
        kind="months", from_month=1, to_month=3
    )
    rapport = d["kvalitetsgranskning-rapport"]
    assert rapport.schedule == LastMeetingSchedule(kind="last_meeting", body="styrgrupp")
    assert (rapport.every_years, rapport.from_year) == (3, 2026)
    utse = d["kvalitetsgranskning-utse-granskare"]
    assert (utse.every_years, utse.from_year) == (3, 2025) and utse.note
    assert d["systematisk-uppfoljning"].every_years == 2 and d["systematisk-uppfoljning"].note
    mandat = d["uppfoljning-mandatperiod"]
    assert (mandat.every_years, mandat.from_year) == (4, 2026) and mandat.note


# --- Västra Götaland (003) -------------------------------------------------------------------

VG_CODES = {
    "Ale": "1440", "Alingsås": "1489", "Bengtsfors": "1460", "Bollebygd": "1443", "Borås": "1490",
    "Dals-Ed": "1438", "Essunga": "1445", "Falköping": "1499", "Färgelanda": "1439",
    "Grästorp": "1444", "Gullspång": "1447", "Göteborg": "1480", "Götene": "1471",
    "Herrljunga": "1466", "Hjo": "1497", "Härryda": "1401", "Karlsborg": "1446", "Kungälv": "1482",
    "Lerum": "1441", "Lidköping": "1494", "Lilla Edet": "1462", "Lysekil": "1484",
    "Mariestad": "1493", "Mark": "1463", "Mellerud": "1461", "Munkedal": "1430", "Mölndal": "1481",
    "Orust": "1421", "Partille": "1402", "Skara": "1495", "Skövde": "1496", "Sotenäs": "1427",
    "Stenungsund": "1415", "Strömstad": "1486", "Svenljunga": "1465", "Tanum": "1435",
    "Tibro": "1472", "Tidaholm": "1498", "Tjörn": "1419", "Tranemo": "1452", "Trollhättan": "1488",
    "Töreboda": "1473", "Uddevalla": "1485", "Ulricehamn": "1491", "Vara": "1470",
    "Vårgårda": "1442", "Vänersborg": "1487", "Åmål": "1492", "Öckerö": "1407",
}


def test_vg_parties_region_and_49_municipalities(vg: Agreement) -> None:
    assert len(VG_CODES) == 49
    regions = [p for p in vg.parties if p.kind == "region"]
    municipalities = [p for p in vg.parties if p.kind == "kommun"]
    assert len(vg.parties) == 50 and len(regions) == 1 and len(municipalities) == 49
    assert regions[0].name == "Västra Götalandsregionen"
    assert regions[0].org_number == "232100-0131"
    assert {p.short_name: p.municipality_code for p in municipalities} == VG_CODES
    assert all(p.org_number is None for p in municipalities)
    assert vg.party("goteborg").name == "Göteborgs Stad"
    assert "SCB" in (vg.note or "")


def test_vg_term_and_notice(vg: Agreement) -> None:
    t = vg.term
    assert (t.start.isoformat(), t.first_end and t.first_end.isoformat()) == (
        "2024-03-01", "2025-12-31")
    assert (t.notice_months, t.renewal_months, t.until_terminated) == (12, 24, False)
    assert [d.key for d in vg.deadlines if d.schedule.kind == "notice"] == ["uppsagning"]


def test_vg_bodies(vg: Agreement) -> None:
    sro = vg.body("sro")
    assert sro.kind == "political_group" and sro.meeting_rule is not None
    assert (sro.meeting_rule.per_year_min, sro.meeting_rule.per_year_max) == (4, 5)
    local = vg.body("lokal-styrgrupp")
    assert local.kind == "steering_group" and local.meeting_rule is None


def test_vg_coordinator_equal_split(vg: Agreement) -> None:
    m = vg.cost_model("samordnare")
    assert isinstance(m, EqualSplitModel)
    assert m.source == "003 §14.1"
    ops = {o.key: o.required for o in m.operations}
    assert ops == {"barnmorskemottagning": False, "barnhalsovard": True, "oppen-forskola": True,
                   "socialtjanst": False}
    assert (m.min_participants, m.default_participants) == (3, 4)


# --- Jönköping (002) -------------------------------------------------------------------------

CATEGORIES = [
    ("Generellt för arbete på FC", 3),
    ("Tidigt stöd föräldrar", 5),
    ("Tillgänglighet bemötande", 3),
    ("Lärande", 4),
    ("Tidigt stöd - personal", 9),
    ("Jämställdhet", 2),
    ("Samverkan", 4),
]


def test_jonkoping_parties_term_and_split(jkp: Agreement) -> None:
    assert jkp.party("jonkoping").municipality_code == "0680"
    assert jkp.party("region-jonkoping").kind == "region"
    assert jkp.term.until_terminated and jkp.term.notice_months == 12
    assert jkp.term.start.isoformat() == "2014-01-01" and jkp.term.note
    m = jkp.cost_model("samordnare")
    assert isinstance(m, EqualSplitModel)
    assert len(m.operations) == 4 and (m.min_participants, m.default_participants) == (4, 4)
    assert {b.kind for b in jkp.bodies} == {"steering_group", "management_group"}
    assert {c.key for c in jkp.channels} >= {"ledningsgrupp", "samordnare"}


def test_jonkoping_year_wheel(jkp: Agreement) -> None:
    d = {x.key: x for x in jkp.deadlines}
    report = d["verksamhetsberattelse"]
    assert (report.schedule.kind, report.schedule.month, report.schedule.day) == ("date", 2, 28)
    assert report.responsible == "Samordnare" and "första mars" in (report.note or "")
    survey = d["foraldraenkat"]
    assert survey.schedule == WeeksSchedule(kind="weeks", from_week=45, to_week=46)
    assert {x.responsible for x in jkp.deadlines} == {"Samordnare", "Ledningsgruppen"}
    months = sorted(
        {x.schedule.from_month for x in jkp.deadlines if isinstance(x.schedule, MonthsSchedule)}
    )
    assert months == [1, 3, 4, 5, 9, 10, 11, 12]
    assert all(x.source.startswith("002 Årshjul") for x in jkp.deadlines)


def test_instrument_shape(jkp: Agreement) -> None:
    instrument = jkp.instrument
    assert instrument is not None
    assert instrument.key == "familjecentral-sjalvreflektion"
    assert instrument.scale == ("Fungerar", "Behöver utvecklas")
    assert [(c.name, len(c.statements)) for c in instrument.categories] == CATEGORIES
    assert len(instrument.statements()) == 30
    assert len(instrument.steps) == 5
    assert instrument.steps[0] == "Steg I – Individuell uppfattning"
    assert instrument.steps[-1] == "Steg V - uppföljning"
    for s in instrument.statements():
        assert s.title == _norm(s.title) and s.text == _norm(s.text), s.key


def test_instrument_is_verbatim_from_source_002(jkp: Agreement) -> None:
    sources = _sources_dir()
    files = sorted(sources.glob("002_*.txt")) if sources else []
    if not files:
        pytest.skip("source 002 is not available")
    text = _norm(files[0].read_text(encoding="utf-8"))
    instrument = jkp.instrument
    assert instrument is not None
    for c in instrument.categories:
        assert c.name in text, c.name
    for s in instrument.statements():
        assert f"{s.title} - {s.text}" in text or f"{s.title}: {s.text}" in text, s.key
    for step in instrument.steps:
        assert step in text, step


# --- Kalmar (004) ----------------------------------------------------------------------------

KALMAR_CODES = {
    "Borgholm": "0885", "Emmaboda": "0862", "Hultsfred": "0860", "Högsby": "0821",
    "Kalmar": "0880", "Mönsterås": "0861", "Mörbylånga": "0840", "Nybro": "0881",
    "Oskarshamn": "0882", "Torsås": "0834", "Vimmerby": "0884", "Västervik": "0883",
}


def test_kalmar_parties_and_term(kalmar: Agreement) -> None:
    municipalities = {
        p.short_name: p.municipality_code for p in kalmar.parties if p.kind == "kommun"
    }
    assert municipalities == KALMAR_CODES
    assert [p.name for p in kalmar.parties if p.kind == "region"] == ["Region Kalmar län"]
    assert kalmar.term.start.isoformat() == "2023-11-17" and kalmar.term.until_terminated
    assert kalmar.term.note
    assert [m.kind for m in kalmar.cost_models] == ["own_financing"]


def test_every_financing_quote_is_word_for_word_in_its_clause() -> None:
    """A cost question quotes it as the agreement's words (004 Bakgrund)."""
    from commands.knowledge.rules.ranking import reference
    from tests.commands.agreements_fixture import MemoryStore

    store = MemoryStore()
    clauses = {reference(d, s): " ".join(s.text.split())
               for d in store.documents() for s in d.sections}
    quotes = [m for a in store.agreements() for m in a.cost_models
              if isinstance(m, OwnFinancingModel)]
    assert quotes
    for model in quotes:
        assert " ".join(model.quote.split()) in clauses[model.source], model.key


def test_kalmar_follow_up_cycle(kalmar: Agreement) -> None:
    d = {x.key: x for x in kalmar.deadlines}
    assert d["arsberattelse"].schedule == MonthsSchedule(kind="months", from_month=1, to_month=1)
    assert d["sammanstallning-lansstyrgrupp"].schedule == MonthsSchedule(
        kind="months", from_month=2, to_month=3
    )
    assert d["sammanstallning-lgl"].schedule == MonthsSchedule(
        kind="months", from_month=5, to_month=5
    )
    for key in ("lansgemensamma-mal", "besoksenkat", "samverkansenkat", "revidering"):
        assert d[key].every_years == 2 and d[key].from_year is not None and d[key].note, key
    assert d["revidering"].from_year == 2025
    assert "100" in (d["besoksenkat"].note or "") and "50" in (d["besoksenkat"].note or "")
    assert {b.kind for b in kalmar.bodies} >= {"steering_group", "management_group"}
