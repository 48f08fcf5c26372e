"""reflection results: who is posting them, how it went, and whether the coordinator was told

Revision ID: 0003
Revises: 0002

``results_posted_at`` (from 0001) is now set only once Slack has taken the result post and
its chart. Rounds closed before this revision were posted the old, unrecorded way: they
are marked posted at their closing time, so that the retrying clock does not post years
of old results again on its first tick.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflection_rounds") as table:
        table.add_column(sa.Column("results_claimed_at", sa.DateTime(timezone=True),
                                   nullable=True))
        table.add_column(sa.Column("results_attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
        table.add_column(sa.Column("results_error", sa.String(length=120), nullable=True))
        table.add_column(sa.Column("results_help_sent_at", sa.DateTime(timezone=True),
                                   nullable=True))
    op.execute("UPDATE reflection_rounds SET results_posted_at = closed_at "
               "WHERE status = 'closed' AND results_posted_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("reflection_rounds") as table:
        table.drop_column("results_help_sent_at")
        table.drop_column("results_error")
        table.drop_column("results_attempts")
        table.drop_column("results_claimed_at")
