"""Who may see and decide organisation reviews (sysadmins pass every
check before these functions run)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz

from ..suspension.checks import refusal

__all__ = ["tdpf_organization_review_list", "tdpf_organization_review_decide",
           "tdpf_organization_review_show"]


def tdpf_organization_review_list(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can see the review queue.")}


def tdpf_organization_review_decide(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can review organisations.")}


@tk.auth_allow_anonymous_access
def tdpf_organization_review_show(context, data_dict):
    user = context.get("user")
    if not user:
        return {"success": False, "msg": tk._("Log in to see the review of an organisation.")}
    refused = refusal(user)
    if refused:
        return refused
    org = (data_dict or {}).get("id")
    if org and authz.has_user_permission_for_group_or_org(org, user, "read"):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only members of the organisation can see its review.")}
