"""Who may see a user's rate limits: the user and operators."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

__all__ = ["tdpf_ratelimit_show"]


@tk.auth_allow_anonymous_access
def tdpf_ratelimit_show(context, data_dict):
    """Sysadmins pass before this is called; anyone may ask about themself
    (an anonymous caller about their own IP address's limits)."""
    me = model.User.get(context.get("user")) if context.get("user") else None
    target = data_dict.get("id")
    if target is None or (me is not None and me.id == target):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only this user and operators can see the API limits")}
