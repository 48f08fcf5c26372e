"""roles and audit: role grants from chat, the audit trail, the posting switch, retention

Revision ID: 0007
Revises: 0006 (0006_pseudonym_check)

- ``agreements.roles``: the file's ``roles:`` section (chair, secretary, coordinators and
  each centre's steering channel), stored like the instrument, as JSON.
- ``role_grants``: roles an administrator granted in chat; no foreign key to the agreement
  rows, so a reload (``avtalsbot seed``) never takes a grant away.
- ``audit_events``: who changed what, when, before -> after (JSON), written in the same
  transaction as each change.
- ``bot_state``: workspace-wide switches; ``posting`` is stopped by ``app_uninstalled`` or
  ``tokens_revoked``.
- ``reflection_rounds.purged_at`` / ``purged_result``: a closed round past the retention
  period keeps only the aggregate that was posted; its votes, comments and participant list
  are deleted.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements") as table:
        table.add_column(sa.Column("roles", sa.JSON(), nullable=True))
    with op.batch_alter_table("reflection_rounds") as table:
        table.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("purged_result", sa.JSON(), nullable=True))
    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("granted_by", sa.String(64), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grants")),
        sa.UniqueConstraint("role", "user_id", "agreement_id", "scope",
                            name=op.f("uq_role_grants_role")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=True),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_index(op.f("ix_audit_events_agreement_id"), "audit_events", ["agreement_id"])
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bot_state")),
    )


def downgrade() -> None:
    op.drop_table("bot_state")
    op.drop_index(op.f("ix_audit_events_agreement_id"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_at"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("role_grants")
    with op.batch_alter_table("reflection_rounds") as table:
        table.drop_column("purged_result")
        table.drop_column("purged_at")
    with op.batch_alter_table("agreements") as table:
        table.drop_column("roles")
