"""A signed-in user accepts for themselves; their status is theirs (and
the operators', who pass every check before these functions run)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.model import User

__all__ = ["tdpf_terms_accept", "tdpf_terms_status"]


def tdpf_terms_accept(context, data_dict):
    if User.get(context.get("user") or "") is None:
        return {"success": False, "msg": tk._("Log in to accept the terms.")}
    return {"success": True}


def tdpf_terms_status(context, data_dict):
    user = User.get(context.get("user") or "")
    if user is None or user.id != data_dict.get("id"):
        return {"success": False, "msg": tk._("Only the user and TDPF operators can see "
                                              "which terms the user accepted.")}
    return {"success": True}
