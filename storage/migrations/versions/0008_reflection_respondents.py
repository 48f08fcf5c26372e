"""reflection respondents: who has answered in a round, by pseudonym, kept with each first vote

Revision ID: 0008
Revises: 0007

A round's result needs its number of respondents; counting the distinct pseudonyms among
every vote was two thirds of a big round's result on PostgreSQL. Filled from the votes
already stored.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection_respondents",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["reflection_rounds.id"],
                                name=op.f("fk_reflection_respondents_round_id_reflection_rounds"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "pseudonym", name=op.f("pk_reflection_respondents")),
    )
    op.execute("INSERT INTO reflection_respondents (round_id, pseudonym) "
               "SELECT DISTINCT round_id, pseudonym FROM reflection_votes")


def downgrade() -> None:
    op.drop_table("reflection_respondents")
