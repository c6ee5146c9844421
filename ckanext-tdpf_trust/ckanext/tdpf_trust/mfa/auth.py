"""MFA status: the user themself or operators; reset: operators only."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ..suspension.checks import refusal

__all__ = ["tdpf_mfa_status_show", "tdpf_mfa_reset"]


def tdpf_mfa_status_show(context, data_dict):
    user = model.User.get(context.get("user") or "")
    if user is None:
        return {"success": False, "msg": tk._("Log in to see your MFA status.")}
    refused = refusal(user)
    if refused:
        return refused
    target = model.User.get((data_dict or {}).get("id") or user.id)
    if target is not None and target.id == user.id:
        return {"success": True}
    return {"success": False, "msg": tk._("You can only see your own MFA status.")}


def tdpf_mfa_reset(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can reset MFA.")}
