"""A whole reflection round in `avtalsbot console`, several users simulated with /user, each
voting in their own DM (/kanal dm-…): numbered choices are the buttons, invitations and the
result are printed with their address."""

from __future__ import annotations

import datetime as dt
import io

from bot.console import run
from bot.service import Brain
from storage.store import SqlStore


def test_a_round_in_the_console_with_several_users(fresh_store: SqlStore) -> None:
    fresh_store.use_pseudonym_secret(b"console-test")
    brain = Brain(fresh_store, today=dt.date(2026, 11, 25))
    lines = ["/kanal fc-raslatt", "/medlemmar anna bertil cecilia",
             "självreflektion starta FC Råslätt stänger 2026-12-15 resultat fc-ledning"]
    for n, user in enumerate(["anna", "bertil", "cecilia"]):
        lines += [f"/user {user}", f"/kanal dm-{user}", "självreflektion"]
        lines += ["2" if number == 5 or (number == 9 and n) else "1" for number in range(1, 31)]
    lines += ["/user anna", "/kanal dm-anna", "självreflektion svara 5",
              "1",  # Anna changes her mind on 5
              "/user console", "/kanal fc-raslatt", "självreflektion status",
              "självreflektion stäng", "1",
              "j",  # "Säker? (j/n)": the console's confirmation dialog (issue 11)
              "/user bertil", "/kanal dm-bertil",
              "självreflektion svara 1"]
    said: list[str] = []
    assert run(brain, stdin=io.StringIO("\n".join(lines) + "\n"), write=said.append) == 0
    out = "\n".join(said)
    assert "4 personer har fått en inbjudan i ett DM" in out  # the coordinator spoke there too
    assert "→ (DM till anna) Självreflektion för FC Råslätt – du är inbjuden" in out
    assert "[1] Fungerar" in out and "[2] Behöver utvecklas" in out
    assert "Tack! Du har svarat på alla 30 påståendena för FC Råslätt." in out
    assert "4 inbjudna · 3 har svarat på alla · 0 har börjat · 1 har inte börjat." in out
    assert "Du själv är inbjuden och får påminnelser som de andra" in out
    assert ("→ (i fc-raslatt) Självreflektionen för FC Råslätt har startat: 4 personer har fått "
            "en inbjudan i ett DM.") in out
    assert "3 av 4 har svarat – stänga omgången nu?" in out  # asked before closing
    assert "→ (i fc-raslatt) Självreflektionen för FC Råslätt är stängd: 3 av 4 svarade." in out
    announcements = [s for s in said if "→ (i fc-raslatt)" in s]
    assert not any(name in s for s in announcements for name in ("anna", "bertil", "cecilia"))
    result = next(s for s in said if "→ (i fc-ledning)" in s)
    row5 = next(line for line in result.splitlines() if line.strip().startswith("5 "))
    assert row5.split()[-5:-1] == ["1", "2", "67", "%"]
    row9 = next(line for line in result.splitlines() if line.strip().startswith("9 "))
    assert row9.split()[-5:-1] == ["1", "2", "67", "%"]
    assert "[fil: sjalvreflektion-fc-raslatt-2026.png]" in out
    assert said[-1].startswith("bot> Självreflektionen för FC Råslätt är stängd, så svar kan "
                               "inte längre lämnas eller ändras.")
