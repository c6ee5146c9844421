"""The check behind every gated download: which grant (if any) lets a user
fetch a resource now, and the log line of each access."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.tdpf import availability, participants

from .. import conditions as cond
from ..fees import ledger as fees
from ..grants import policy
from ..grants.model import Grant
from ..members import profile
from .hiding import UNMASKED
from .model import AccessLog

log = logging.getLogger(__name__)


@dataclass
class Decision:
    """``allowed`` with the ``grant`` (None for providers/operators), or a
    refusal: ``status`` 404 (no such resource) or 403 with ``message``."""
    allowed: bool
    status: int = 200
    message: str = ""
    grant: Grant | None = None
    resource: dict | None = None
    pkg: dict | None = None


def _real_dict(dataset_id: str) -> dict[str, Any]:
    """The dataset with its real URLs (code only; see hiding.UNMASKED)."""
    context = cast("Context", {"ignore_auth": True, UNMASKED: True})  # our own key
    return tk.get_action("package_show")(context, {"id": dataset_id})


def decide(user: model.User | None, resource_id: str) -> Decision:
    """Whether ``user`` may download ``resource_id`` now (checked per request)."""
    res = model.Resource.get(resource_id)
    if res is None or res.state != "active" or res.package.state != "active":
        return Decision(False, 404, tk._("Resource not found"))
    pkg = _real_dict(res.package.id)
    resource = next(r for r in pkg["resources"] if r["id"] == res.id)
    if policy.can_manage(user, pkg.get("owner_org"), pkg["id"]):
        return Decision(True, resource=resource, pkg=pkg)
    if pkg.get("private"):
        return Decision(False, 404, tk._("Resource not found"))
    return _decide_offered(user, pkg, resource)


def _decide_offered(user: model.User | None, pkg: dict[str, Any],
                    resource: dict[str, Any]) -> Decision:
    """A public dataset's resource, for someone who does not provide it."""
    refusal = participants.refusal(user.name if user else None)
    if refusal or availability.hidden(pkg):
        return Decision(False, 403, (refusal or {}).get("msg")
                        or tk._("This dataset is not offered now."), pkg=pkg)
    if not cond.is_gated(pkg, resource):
        return Decision(True, resource=resource, pkg=pkg)
    grants = policy.valid_grants(user.id if user else None, [pkg["id"]])
    grant = policy.grant_for(grants.get(pkg["id"], []), resource["id"])
    if grant is None:
        return Decision(False, 403, tk._("This data requires an approved access request."),
                        pkg=pkg, resource=resource)
    return Decision(True, grant=grant, resource=resource, pkg=pkg)


def record(decision: Decision, size: int, via: str) -> AccessLog | None:
    """Log a granted download (not the provider's own) and tell the fee
    ledger; committed at once, the response is already decided."""
    grant = decision.grant
    if grant is None or decision.resource is None:  # a grant comes with its resource
        return None
    member = profile(grant.user_id) or {}
    entry = AccessLog(grant_id=grant.id, user_id=grant.user_id, dataset_id=grant.dataset_id,
                      resource_id=decision.resource["id"], bytes=max(int(size or 0), 0),
                      purpose=grant.purpose, member_type=member.get("member_type"), via=via)
    model.Session.add(entry)
    model.Session.flush()
    fees.on_download(grant, entry)
    model.Session.commit()
    return entry
