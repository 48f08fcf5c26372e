"""The agreement file's `roles:` section (issue 11): read, stored, exported and read back; a
mistake is refused with the file, line and field, like any other."""

from __future__ import annotations

import pytest

from commands.core.agreement_roles import BodyRoles, CentreRoles, Roles
from commands.core.errors import InputError
from storage import files
from storage.store import SqlStore

CMV = next(p for p in files.bundled_paths() if p.name == "cmv-jamtland.yaml")
ROLES = """
roles:
  bodies:
    - body: styrgrupp
      chair: [U04ABCDEF]
      secretary: [sekreterare@krokom.se]
  centres:
    - channel: C05RASLATT
      name: Familjecentralen Råslätt
      coordinators: [U06GHIJKL]
      steering_channel: C07LEDNING
"""


def test_roles_are_read_stored_and_exported(fresh_store: SqlStore) -> None:
    agreement = files.parse_agreement(CMV.read_text(encoding="utf-8") + ROLES, "cmv.yaml")
    assert agreement.roles == Roles(
        bodies=(BodyRoles(body="styrgrupp", chair=("U04ABCDEF",),
                          secretary=("sekreterare@krokom.se",)),),
        centres=(CentreRoles(channel="C05RASLATT", name="Familjecentralen Råslätt",
                             coordinators=("U06GHIJKL",), steering_channel="C07LEDNING"),))
    fresh_store.save_agreements([agreement])
    stored = fresh_store.agreement("cmv-jamtland")
    assert stored is not None and stored.roles == agreement.roles
    again = files.parse_agreement(files.dump_agreement(stored), "export.yaml")
    assert again.roles == agreement.roles


@pytest.mark.parametrize(("change", "field", "message"), [
    ("body: styrgrupp", "roles.bodies.0.body", "gruppen 'ingen' finns inte i avtalet"),
    ("chair: [U04ABCDEF]", "roles.bodies.0.chair.0",
     "ska vara ett Slack-användar-id (U…) eller en e-postadress"),
    ("channel: C05RASLATT", "roles.centres.1.channel", "står redan under en annan"),
])
def test_a_mistake_in_roles_names_the_line_and_field(change: str, field: str,
                                                     message: str) -> None:
    broken = {
        "body: styrgrupp": ROLES.replace("body: styrgrupp", "body: ingen"),
        "chair: [U04ABCDEF]": ROLES.replace("chair: [U04ABCDEF]", "chair: [anna]"),
        "channel: C05RASLATT": ROLES + "    - channel: C05RASLATT\n",
    }[change]
    text = CMV.read_text(encoding="utf-8")
    with pytest.raises(InputError) as caught:
        files.parse_agreement(text + broken, "cmv.yaml")
    assert caught.value.file == "cmv.yaml" and caught.value.field == field
    assert caught.value.line is not None and caught.value.line > text.count("\n")
    assert message in str(caught.value)
