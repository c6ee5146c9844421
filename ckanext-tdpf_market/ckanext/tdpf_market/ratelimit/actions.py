"""tdpf_ratelimit_show."""
from __future__ import annotations

from flask import has_request_context, request

import ckan.plugins.toolkit as tk
from ckan import model

from .limits import status

__all__ = ["tdpf_ratelimit_show"]


@tk.side_effect_free
def tdpf_ratelimit_show(context, data_dict):
    """A user's API and download rate limits and what is left now.

    :param id: the user's id or name (default: the calling user)
    :returns: ``{"tier": "anonymous"|"free"|"paid"|"operator", "enabled":
        bool, "scopes": {"api": {...}, "download": {...}}}``, each scope
        ``{"unlimited": true}`` or ``{"unlimited": false, "limit": int,
        "period_seconds": float, "remaining": int}``
    """
    user_id = data_dict.get("id") or context.get("user")
    user = model.User.get(user_id) if user_id else None
    if user_id and user is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    tk.check_access("tdpf_ratelimit_show", context, {"id": user.id if user else None})
    addr = request.remote_addr if has_request_context() else None
    return status(user, addr)
