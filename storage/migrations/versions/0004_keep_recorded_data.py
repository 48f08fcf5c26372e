"""keep recorded data: no ON DELETE CASCADE from recorded rows to an agreement's facts

Revision ID: 0004
Revises: 0003

Until now a self-reflection round cascaded from its agreement row and a meeting from its
body row, and a reload of the agreement files replaced those rows: every round, vote, goal
and meeting entered in chat went with them. Reloads now update facts in place
(``storage.queries.reload``); this revision makes the database itself refuse to delete an
agreement that has rounds, or a body that has meetings, instead of silently deleting them.

Also an index on ``population_figures.loaded_at``: the store caches the population figures
per process and checks ``max(loaded_at)`` per question, which the index answers at once
instead of scanning every figure (questions were 45 % slower after a large import).

On SQLite the two tables are copied (Alembic's batch mode). ``storage.database.migrate``
switches foreign keys off around the migration: with them on, dropping the old
``reflection_rounds`` table during the copy would cascade and delete every vote.
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ROUNDS_FK = "fk_reflection_rounds_agreement_id_agreements"
_MEETINGS_FK = "fk_meetings_body_id_bodies"


def upgrade() -> None:
    with op.batch_alter_table("reflection_rounds") as table:
        table.drop_constraint(_ROUNDS_FK, type_="foreignkey")
        table.create_foreign_key(_ROUNDS_FK, "agreements", ["agreement_id"], ["id"])
    with op.batch_alter_table("meetings") as table:
        table.drop_constraint(_MEETINGS_FK, type_="foreignkey")
        table.create_foreign_key(_MEETINGS_FK, "bodies", ["body_id"], ["id"])
    op.create_index(op.f("ix_population_figures_loaded_at"), "population_figures",
                    ["loaded_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_population_figures_loaded_at"), table_name="population_figures")
    with op.batch_alter_table("meetings") as table:
        table.drop_constraint(_MEETINGS_FK, type_="foreignkey")
        table.create_foreign_key(_MEETINGS_FK, "bodies", ["body_id"], ["id"],
                                 ondelete="CASCADE")
    with op.batch_alter_table("reflection_rounds") as table:
        table.drop_constraint(_ROUNDS_FK, type_="foreignkey")
        table.create_foreign_key(_ROUNDS_FK, "agreements", ["agreement_id"], ["id"],
                                 ondelete="CASCADE")
