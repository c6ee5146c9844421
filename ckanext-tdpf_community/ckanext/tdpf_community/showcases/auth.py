"""Auth of showcases: anyone reads the approved ones, those signed in
submit, the submitter (or an operator) changes or deletes their own, only
operators approve or reject."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from .. import access
from .actions import may_see
from .model import Showcase

__all__ = ["tdpf_showcase_create", "tdpf_showcase_update", "tdpf_showcase_show",
           "tdpf_showcase_list", "tdpf_showcase_approve", "tdpf_showcase_reject",
           "tdpf_showcase_delete"]

_ = tk._


def tdpf_showcase_create(context, data_dict):
    return access.may_post(context)


@tk.auth_allow_anonymous_access
def tdpf_showcase_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def tdpf_showcase_list(context, data_dict):
    return {"success": True}


def _own(context, data_dict) -> dict:
    allowed = access.may_post(context)
    if not allowed["success"]:
        return allowed
    showcase_id = (data_dict or {}).get("id")
    row = model.Session.get(Showcase, showcase_id) if isinstance(showcase_id, str) else None
    user = access.user_of(context)
    # an unknown id, or one the caller may not see: the action answers 404
    if (row is None or not may_see(context, row) or access.is_operator(context)
            or (user and user.id == row.user_id)):
        return {"success": True}
    return {"success": False, "msg": _("Only its submitter or an operator may change "
                                       "this showcase.")}


def tdpf_showcase_update(context, data_dict):
    return _own(context, data_dict)


def tdpf_showcase_delete(context, data_dict):
    return _own(context, data_dict)


def tdpf_showcase_approve(context, data_dict):
    return access.operator_only(context)


def tdpf_showcase_reject(context, data_dict):
    return access.operator_only(context)
