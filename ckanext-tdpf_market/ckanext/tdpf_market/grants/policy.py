"""Who may see and do what with a gated dataset: shared by the grant
actions and the access feature (URL hiding, downloads)."""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import authz, model

from ..members.model import utcnow
from .model import Grant

MANAGER_ROLES = ("admin", "editor")


def managed_org_ids(user: model.User | None) -> set[str]:
    """Organisations where the user is admin or editor (one query)."""
    if user is None:
        return set()
    rows = model.Session.execute(
        sa.select(model.Member.group_id).where(
            model.Member.table_name == "user", model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity.in_(MANAGER_ROLES)))
    return {row[0] for row in rows}


def can_manage(user: model.User | None, owner_org: str | None,
               dataset_id: str | None = None) -> bool:
    """Sysadmins, the admins/editors of the dataset's organisation and (when
    CKAN allows them) its editor collaborators."""
    if user is None:
        return False
    if user.sysadmin:
        return True
    if owner_org and authz.users_role_for_group_or_org(owner_org, user.name) in MANAGER_ROLES:
        return True
    return bool(dataset_id) and dataset_id in collaborating(user, [dataset_id])


def collaborating(user: model.User | None, dataset_ids: Iterable[str]) -> set[str]:
    """The datasets among ``dataset_ids`` the user may edit as a collaborator
    (always empty unless ckan.auth.allow_dataset_collaborators)."""
    ids = list(dataset_ids)
    if user is None or not ids or not tk.config.get("ckan.auth.allow_dataset_collaborators"):
        return set()
    rows = model.Session.execute(sa.select(model.PackageMember.package_id).where(
        model.PackageMember.user_id == user.id, model.PackageMember.package_id.in_(ids),
        model.PackageMember.capacity.in_(MANAGER_ROLES)))
    return {row[0] for row in rows}


def valid_grants(user_id: str | None, dataset_ids: Iterable[str]) -> dict[str, list[Grant]]:
    """Valid grants of a user per dataset id (one query)."""
    ids = list(dataset_ids)
    if not user_id or not ids:
        return {}
    now = utcnow()
    rows = model.Session.execute(sa.select(Grant).where(
        Grant.user_id == user_id, Grant.dataset_id.in_(ids), Grant.state == "active",
        Grant.valid_from <= now,
        sa.or_(Grant.valid_until.is_(None), Grant.valid_until > now))).scalars()
    out: dict[str, list[Grant]] = {}
    for grant in rows:
        out.setdefault(grant.dataset_id, []).append(grant)
    return out


def grant_for(grants: list[Grant], resource_id: str | None) -> Grant | None:
    """The grant covering a resource: a dataset-wide one or that resource's."""
    for grant in grants:
        if grant.resource_id in (None, resource_id):
            return grant
    return None
