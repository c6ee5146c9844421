"""Who may read usage and fee reports: the member themself, the editors and
admins of the providing organisation, operators (sysadmins pass every auth
function before it runs)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.model import Package, User


def current(context: dict[str, Any]) -> User | None:
    name = context.get("user")
    return User.get(name) if name else None


def is_user(context: dict[str, Any], user_id: str | None) -> bool:
    me = current(context)
    return bool(me and user_id and user_id in (me.id, me.name))


def is_provider(context: dict[str, Any], organization_id: str | None) -> bool:
    """An editor or admin of the organisation."""
    name = context.get("user")
    return bool(name and organization_id and authz.has_user_permission_for_group_or_org(
        organization_id, name, "create_dataset"))


def dataset_org(dataset_id: str) -> str | None:
    pkg = Package.get(dataset_id)
    return pkg.owner_org if pkg else None


def refuse(message: str) -> dict[str, Any]:
    return {"success": False, "msg": tk._(message)}
