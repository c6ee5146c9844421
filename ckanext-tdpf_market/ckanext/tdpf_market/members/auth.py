"""Who may read and change member profiles."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz

__all__ = ["tdpf_member_show", "tdpf_member_list", "tdpf_member_update"]


def _user_id(context) -> str | None:
    user = context.get("auth_user_obj")
    return getattr(user, "id", None)


@tk.auth_allow_anonymous_access
def tdpf_member_show(context, data_dict):
    """A user sees their own profile; operators see everyone's."""
    own = data_dict.get("id") in (None, _user_id(context), context.get("user"))
    if _user_id(context) and own:
        return {"success": True}
    return {"success": authz.is_sysadmin(context.get("user")),
            "msg": tk._("You can only see your own member profile.")}


def tdpf_member_update(context, data_dict):
    """Operators (sysadmins) only; sysadmins pass before this runs."""
    return {"success": False, "msg": tk._("Only operators can change member profiles.")}


def tdpf_member_list(context, data_dict):
    """Operators (sysadmins) only."""
    return {"success": False, "msg": tk._("Only operators can list the members.")}
