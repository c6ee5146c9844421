"""Template helpers: where the current user stands with a gated dataset."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ckan import model
from ckan.common import current_user

from .. import conditions as cond
from ..members import is_member
from . import policy
from .model import AccessRequest

__all__ = ["tdpf_market_access_state", "tdpf_market_is_provider"]


def _me() -> model.User | None:
    try:
        name = current_user.name if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):
        return None
    return model.User.get(name) if name else None


def tdpf_market_access_state(pkg: dict[str, Any]) -> str:
    """open, manager, granted, pending, can_request, not_member or anonymous."""
    if not any(cond.is_gated(pkg, res) for res in pkg.get("resources") or [{}]):
        return "open"
    user = _me()
    if user is None:
        return "anonymous"
    if policy.can_manage(user, pkg.get("owner_org"), pkg["id"]):
        return "manager"
    if policy.valid_grants(user.id, [pkg["id"]]):
        return "granted"
    pending = model.Session.execute(sa.select(AccessRequest.id).where(
        AccessRequest.user_id == user.id, AccessRequest.dataset_id == pkg["id"],
        AccessRequest.state == "pending")).first()
    if pending:
        return "pending"
    return "can_request" if is_member(user.id) else "not_member"



def tdpf_market_is_provider() -> bool:
    """Editor or admin of an organisation, or an operator."""
    user = _me()
    return bool(user and (user.sysadmin or policy.managed_org_ids(user)))
