"""Only a signed-in user leaves, and only for themselves (the action reads
no user id: it deletes the caller's own account)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.model import User

__all__ = ["tdpf_user_leave"]


def tdpf_user_leave(context, data_dict):
    user = User.get(context.get("user") or "")
    if user is None or user.state != "active":
        return {"success": False, "msg": tk._("Log in to leave the platform.")}
    if data_dict.get("id") not in (None, "", user.id, user.name):
        return {"success": False, "msg": tk._("You can only delete your own account; "
                                              "operators use user_delete.")}
    return {"success": True}
