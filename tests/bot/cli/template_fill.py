"""What an administrator writes into `avtalsbot new`'s template: one value per «placeholder»,
consistent where the file's rules demand it (shares sum to 100 % and to base_total)."""

from __future__ import annotations

import re

FILL = {
    "«kort namn som visas i svaren»": "Testavtalet",
    "«dokumentets nummer, t.ex. 005»": "099",
    "«fullständigt namn på part A»": "Krokoms kommun",
    "«kort namn på part A»": "Krokom",
    "«organisationsnummer för part A»": "212000-2478",
    "«kommunkod för part A»": "2309",
    "«fullständigt namn på part B»": "Åre kommun",
    "«kort namn på part B»": "Åre",
    "«organisationsnummer för part B»": "212000-2494",
    "«kommunkod för part B»": "2321",
    "«första dagen avtalet gäller, ÅÅÅÅ-MM-DD»": "2026-01-01",
    "«sista dagen i första avtalsperioden, ÅÅÅÅ-MM-DD»": "2027-12-31",
    "«uppsägningstid i månader»": "6",
    "«styrgruppens namn»": "Styrgruppen för testavtalet",
    "«minsta antal möten per år»": "4",
    "«ett bokat mötes datum, ÅÅÅÅ-MM-DD»": "2026-03-12",
    "«kanalens namn i Slack»": "test-styrgrupp",
    "«vad kanalen används till»": "Påminnelser till styrgruppen",
    "«budgetår»": "2026",
    "«kostnadspost 1»": "Personal",
    "«belopp för kostnadspost 1»": "600000",
    "«kostnadspost 2»": "Lokaler",
    "«belopp för kostnadspost 2»": "300000",
    "«overhead i procent»": "10",
    "«overhead i kronor»": "100000",
    "«årets totala kostnad i kronor»": "1000000",
    "«årlig uppräkning i procent»": "3",
    "«dagen folkmängden avser, ÅÅÅÅ-MM-DD»": "2024-11-01",
    "«folkmängd part A»": "15604",
    "«andel i procent part A»": "55.773",
    "«belopp part A»": "557730",
    "«folkmängd part B»": "12376",
    "«andel i procent part B»": "44.227",
    "«belopp part B»": "442270",
    "«vad extrakostnaden gäller»": "Extern granskning",
    "«första året extrakostnaden uppstår»": "2027",
    "«högsta belopp för extrakostnaden»": "100000",
    "«vad som delas lika»": "Samordnarens lön",
    "«första verksamheten»": "Barnhälsovård",
    "«andra verksamheten»": "Öppen förskola",
    "«vem som säger upp avtalet»": "Parterna",
    "«vad som ska lämnas senast ett visst datum»": "Årsrapporten lämnas till styrgruppen",
    "«vem som ansvarar för rapporten»": "Huvudmannen",
    "«vad som ska göras under vissa månader»": "Budgetunderlag för nästa år",
    "«vem som ansvarar för budgetunderlaget»": "Huvudmannen",
    "«vad som ska göras vissa veckor vartannat år»": "Enkät till brukarna",
    "«första året med enkäten»": "2026",
    "«vem som ansvarar för enkäten»": "Samordnaren",
    "«vad som redovisas vid årets sista styrgruppsmöte»": "Uppföljningen redovisas",
    "«vem som redovisar uppföljningen»": "Samordnaren",
}

_PLACEHOLDER = re.compile(r"«[^»]*»")
_COMMENT = re.compile(r"(^|\s)#")


def values(line: str) -> str:
    """The part of a line that is not a comment."""
    return _COMMENT.split(line, maxsplit=1)[0]


def fill(template: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group() in FILL:
            return FILL[match.group()]
        if match.group().startswith("«§"):
            return "099 §1"
        return match.group()

    lines = [_PLACEHOLDER.sub(one, line) if _PLACEHOLDER.search(values(line)) else line
             for line in template.splitlines(keepends=True)]
    left = [line for line in lines if _PLACEHOLDER.search(values(line))]
    assert not left, f"placeholders without a test value: {left}"
    return "".join(lines)
