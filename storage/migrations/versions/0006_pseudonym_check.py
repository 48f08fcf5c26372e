"""pseudonym check value, so `avtalsbot doctor` can tell whether the secret changed

Revision ID: 0006
Revises: 0003

One row: an HMAC of a constant under AVTALSBOT_PSEUDONYM_SECRET, written with the first vote
(never the secret). Numbered 0006 because other branches hold 0004 and 0005; whoever merges
them chains the revisions (down_revision) into one line.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pseudonym_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_value", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonym_check")),
    )


def downgrade() -> None:
    op.drop_table("pseudonym_check")
