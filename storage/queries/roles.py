"""Roles granted in chat (``role_grants``), each change audited in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from commands.core.ports import RoleGrant, RoleName
from storage.models import RoleGrantRow
from storage.queries import audit


def _subject(grant: RoleGrant) -> str:
    return f"{grant.role} {grant.agreement_id}/{grant.scope}: {grant.user}"


def grants(*, session: Session) -> Sequence[RoleGrant]:
    rows = session.scalars(select(RoleGrantRow).order_by(RoleGrantRow.id)).all()
    return [RoleGrant(cast(RoleName, r.role), r.user_id, r.agreement_id, r.scope, "chat")
            for r in rows]


def _find(session: Session, grant: RoleGrant) -> RoleGrantRow | None:
    return session.scalar(select(RoleGrantRow).where(
        RoleGrantRow.role == grant.role, RoleGrantRow.user_id == grant.user,
        RoleGrantRow.agreement_id == grant.agreement_id, RoleGrantRow.scope == grant.scope))


def grant(*, session: Session, grant: RoleGrant, actor: str) -> bool:
    if _find(session, grant) is not None:
        return False
    session.add(RoleGrantRow(role=grant.role, user_id=grant.user,
                             agreement_id=grant.agreement_id, scope=grant.scope,
                             granted_by=actor))
    audit.record(session=session, actor=actor, action="role.grant", subject=_subject(grant),
                 agreement_id=grant.agreement_id, before=None,
                 after={"role": grant.role, "user": grant.user, "scope": grant.scope})
    return True


def revoke(*, session: Session, grant: RoleGrant, actor: str) -> bool:
    row = _find(session, grant)
    if row is None:
        return False
    session.execute(delete(RoleGrantRow).where(RoleGrantRow.id == row.id))
    audit.record(session=session, actor=actor, action="role.revoke", subject=_subject(grant),
                 agreement_id=grant.agreement_id,
                 before={"role": grant.role, "user": grant.user, "scope": grant.scope,
                         "granted_by": row.granted_by}, after=None)
    return True
