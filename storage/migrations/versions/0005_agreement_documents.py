"""agreement documents: every clause of the four sources, kept with the agreements

Revision ID: 0005
Revises: 0003

One row per document (agreement, appendix, decision, template …), its sections as JSON.
No foreign key to ``agreements``, so reloading an agreement never cascades into anything.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement_documents",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("source_document", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_documents")),
    )
    op.create_index(op.f("ix_agreement_documents_agreement_id"), "agreement_documents",
                    ["agreement_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agreement_documents_agreement_id"), table_name="agreement_documents")
    op.drop_table("agreement_documents")
