"""The commented agreement file `avtalsbot new` writes: every part of an agreement, once.

What the administrator must fill in is written «like this»; the file reader refuses any value
still holding a «placeholder», at its line and field, so a half-filled file cannot be
imported by mistake. Keys, kinds and example numbers that are already valid stay as written,
with a comment saying what to change. tests/bot/cli/test_authoring.py fills every placeholder
and checks that the result passes `avtalsbot check`.
"""

from __future__ import annotations

import re
from string import Template

from commands.core.text import fold

SCHEMA_FILE = "agreement.schema.json"

TEMPLATE = Template("""\
# yaml-language-server: $$schema=$schema
# Avtalsfil för Avtalsbot. Fyll i allt som står «så här» med uppgifter ur avtalet, ta bort
# delar som ert avtal inte har, och kontrollera med: avtalsbot check $filename
# Varje uppgift har en källa (source): var i avtalet den står, t.ex. "001 §11.3". Boten
# visar källan i varje svar. Guiden docs/guide-nytt-avtal.md går igenom filen steg för steg.
id: $id
name: $name
short_name: «kort namn som visas i svaren»
aliases: []  # andra namn användare skriver, t.ex. [cmv, centrum mot våld]
source_document: "«dokumentets nummer, t.ex. 005»"
host: part-a  # huvudmannens partsnyckel (key nedan)

# --- Parter: en post per kommun, region eller verksamhet som skrivit under --------------
# key är en kort nyckel (små bokstäver, siffror, -); byt gärna part-a mot t.ex. krokom,
# men ändra då på alla ställen där nyckeln används (host, shares).
parties:
  - key: part-a
    name: «fullständigt namn på part A»  # t.ex. Krokoms kommun
    short_name: «kort namn på part A»  # t.ex. Krokom
    org_number: «organisationsnummer för part A»  # 212000-2478
    municipality_code: "«kommunkod för part A»"  # SCB:s kod inom citattecken, "2309"
    source: «§ där parterna står»
  - key: part-b
    name: «fullständigt namn på part B»
    short_name: «kort namn på part B»
    org_number: «organisationsnummer för part B»
    municipality_code: "«kommunkod för part B»"
    source: «§ där parterna står»

# --- Avtalstid, förlängning och uppsägning --------------------------------------------
# Gäller avtalet tills vidare: ta bort first_end och renewal_months och skriv
# until_terminated: true.
term:
  start: «första dagen avtalet gäller, ÅÅÅÅ-MM-DD»
  first_end: «sista dagen i första avtalsperioden, ÅÅÅÅ-MM-DD»
  renewal_months: 12  # förlängs med så många månader om ingen säger upp avtalet
  notice_months: «uppsägningstid i månader»
  source: «§ om avtalstid och uppsägning»

# --- Grupper och möten ----------------------------------------------------------------
# kind: steering_group (styrgrupp), political_group, management_group, network eller other.
bodies:
  - key: styrgrupp
    name: «styrgruppens namn»
    kind: steering_group
    meeting_rule: {per_year_min: «minsta antal möten per år», source: «§ om styrgruppen»}
    meetings:  # bokade möten; fler läggs till i Slack med /avtal möte lägg till
      - {date: «ett bokat mötes datum, ÅÅÅÅ-MM-DD», time: "13:00"}
    channel: styrgrupp  # kanalens nyckel (channels nedan)
    source: «§ om styrgruppen»

# --- Slack-kanaler: dit påminnelser och resultat går ----------------------------------
channels:
  - key: styrgrupp
    name: "#«kanalens namn i Slack»"
    purpose: «vad kanalen används till»
    # slack_channel: G0123ABCD  # en privat kanals id (Slack hittar bara öppna kanaler på namn)

# --- Kostnader: behåll de modeller avtalet använder ------------------------------------
# Belopp i hela kronor utan mellanslag (4744767); procent inom citattecken ("11.780").
cost_models:
  # Budget per kostnadspost plus overhead: posterna + overhead_amount = total.
  - kind: budget_lines
    key: budget
    title: Verksamhetens kostnader per kostnadspost
    base_year: «budgetår»
    lines:
      - {title: «kostnadspost 1», amount: «belopp för kostnadspost 1»}
      - {title: «kostnadspost 2», amount: «belopp för kostnadspost 2»}
    overhead_percent: "«overhead i procent»"
    overhead_amount: «overhead i kronor»
    total: «årets totala kostnad i kronor»
    uplift_percent: "«årlig uppräkning i procent»"
    source: «§ om budgeten»
  # Fördelning efter folkmängd med årlig uppräkning: andelarna som i avtalets tabell;
  # procenten summerar till 100 och beloppen till base_total.
  - kind: population_key
    key: drift
    title: Fördelning av driftkostnader per part
    base_year: «budgetår»
    base_total: «årets totala kostnad i kronor»
    uplift_percent: "«årlig uppräkning i procent»"
    population_date: «dagen folkmängden avser, ÅÅÅÅ-MM-DD»
    shares:
      - party: part-a
        population: «folkmängd part A»
        percent: "«andel i procent part A»"
        amount: «belopp part A»
      - party: part-b
        population: «folkmängd part B»
        percent: "«andel i procent part B»"
        amount: «belopp part B»
    source: «§ om kostnadsfördelningen»
  # En extra kostnad vissa år (t.ex. en granskning vart tredje år), fördelad som drift.
  - kind: periodic_extra
    key: granskning
    title: «vad extrakostnaden gäller»
    first_year: «första året extrakostnaden uppstår»
    every_years: 3
    max_amount: «högsta belopp för extrakostnaden»
    split_by: drift
    source: «§ om extrakostnaden»
  # En kostnad som delas lika mellan verksamheter (t.ex. en samordnare).
  - kind: equal_split
    key: samordnare
    title: «vad som delas lika»
    operations:
      - {key: verksamhet-1, name: «första verksamheten»}
      - {key: verksamhet-2, name: «andra verksamheten»}
    min_participants: 2
    default_participants: 2
    source: «§ om delningen»
  # Delar avtalet ingen kostnad alls, skriv i stället vad källan säger om finansieringen:
  # {kind: own_financing, key, title, quote: «meningen ordagrant», source: «avsnittet»}.

# --- Tidsfrister: boten räknar ut datumen och påminner 60, 30, 7 och 1 dag före ---------
# schedule: {kind: notice} (sista dag att säga upp, ur term), {kind: date, month, day}
# (varje år), {kind: months, from_month, to_month} (under månaderna, sista dagen gäller),
# {kind: weeks, from_week, to_week} (ISO-veckor) eller {kind: last_meeting, body}.
deadlines:
  - key: uppsagning
    title: Sista dag att säga upp avtalet
    schedule: {kind: notice}
    responsible: «vem som säger upp avtalet»
    channel: styrgrupp
    source: «§ om avtalstid och uppsägning»
  - key: arsrapport
    title: «vad som ska lämnas senast ett visst datum»
    schedule: {kind: date, month: 3, day: 1}  # senast 1 mars
    responsible: «vem som ansvarar för rapporten»
    channel: styrgrupp
    source: «§ om rapporten»
  - key: budgetunderlag
    title: «vad som ska göras under vissa månader»
    schedule: {kind: months, from_month: 9, to_month: 10}  # september–oktober
    responsible: «vem som ansvarar för budgetunderlaget»
    channel: styrgrupp
    source: «§ om budgetunderlaget»
  - key: enkat
    title: «vad som ska göras vissa veckor vartannat år»
    schedule: {kind: weeks, from_week: 45, to_week: 46}  # v. 45–46
    every_years: 2
    from_year: «första året med enkäten»
    responsible: «vem som ansvarar för enkäten»
    channel: styrgrupp
    source: «§ om enkäten»
  - key: uppfoljning
    title: «vad som redovisas vid årets sista styrgruppsmöte»
    schedule: {kind: last_meeting, body: styrgrupp}
    responsible: «vem som redovisar uppföljningen»
    channel: styrgrupp
    source: «§ om uppföljningen»
""")

_NOT_KEY = re.compile(r"[^a-z0-9]+")


def agreement_id(name: str) -> str:
    """ "Samverkansavtal Räddningstjänst Öst" -> "samverkansavtal-raddningstjanst-ost"."""
    return _NOT_KEY.sub("-", fold(name)).strip("-")[:64].strip("-") or "nytt-avtal"


def render(name: str, filename: str) -> str:
    # The name goes in as a double-quoted YAML string: a colon or a '#' in it stays text.
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return TEMPLATE.substitute(schema=SCHEMA_FILE, filename=filename, id=agreement_id(name),
                               name=quoted)
