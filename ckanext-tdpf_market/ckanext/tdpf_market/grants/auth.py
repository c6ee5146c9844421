"""Auth of access requests and grants: members request, the provider of
the dataset (admin/editor of its organisation) decides and revokes,
operators (sysadmins, who pass before these run) may do everything."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import participants

from ..members import is_member
from . import policy
from .model import AccessRequest, Grant

__all__ = ["tdpf_access_request_create", "tdpf_access_request_list",
           "tdpf_access_request_show", "tdpf_access_request_decide",
           "tdpf_grant_list", "tdpf_grant_revoke"]

_ = tk._


def _user(context) -> model.User | None:
    user = context.get("auth_user_obj")
    if user is None and context.get("user"):
        user = model.User.get(context["user"])
    return user if isinstance(user, model.User) else None


def _logged_in(context) -> dict:
    refused = participants.refusal(context.get("user"))
    if refused:
        return refused
    if _user(context) is None:
        return {"success": False, "msg": _("Log in to use the distribution platform.")}
    return {"success": True}


def _manager_of_dataset(context, dataset_id: str | None) -> dict:
    refused = _logged_in(context)
    if not refused["success"]:
        return refused
    pkg = model.Package.get(dataset_id) if dataset_id else None
    if pkg is not None and policy.can_manage(_user(context), pkg.owner_org, pkg.id):
        return {"success": True}
    return {"success": False,
            "msg": _("Only the provider of the dataset can do this.")}


def tdpf_access_request_create(context, data_dict):
    result = _logged_in(context)
    user = _user(context)  # None only when refused already
    if result["success"] and user is not None and not is_member(user.id):
        return {"success": False, "msg": _("Only members can request access. Register a "
                                           "member type (自治体・法人・個人) first.")}
    return result


def tdpf_access_request_list(context, data_dict):
    return _logged_in(context)


def tdpf_grant_list(context, data_dict):
    return _logged_in(context)


def tdpf_access_request_show(context, data_dict):
    result = _logged_in(context)
    request = model.Session.get(AccessRequest, str(data_dict.get("id") or ""))
    if not result["success"] or request is None:
        return result
    user = _user(context)  # None only when refused already
    if user is not None and request.user_id == user.id:
        return result
    return _manager_of_dataset(context, request.dataset_id)


def tdpf_access_request_decide(context, data_dict):
    request = model.Session.get(AccessRequest, str(data_dict.get("id") or ""))
    return _manager_of_dataset(context, request.dataset_id if request else None)


def tdpf_grant_revoke(context, data_dict):
    grant = model.Session.get(Grant, str(data_dict.get("id") or ""))
    return _manager_of_dataset(context, grant.dataset_id if grant else None)
