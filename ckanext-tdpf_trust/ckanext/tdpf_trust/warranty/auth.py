"""Who may warrant, see and list warranties."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthResult, Context, DataDict

__all__ = ["tdpf_warranty_create", "tdpf_warranty_show", "tdpf_warranty_list"]

PROVIDER_ROLES = ("editor", "admin")


def suspended_refusal(context: Context) -> dict | None:
    """T3's suspension check when that feature is present."""
    from ..registry import FEATURES
    refusal = getattr(FEATURES.module("suspension"), "refusal", None)
    return refusal(context.get("user")) if refusal else None


def provider_refusal(context: Context, owner_org: str | None) -> dict | None:
    """None when the user is an editor or admin of ``owner_org`` and not
    suspended; else an auth result saying why not."""
    user = context.get("user")
    if not user:
        return {"success": False, "msg": tk._("Log in as an editor or admin of "
                                              "the dataset's organisation.")}
    refused = suspended_refusal(context)
    if refused:
        return refused
    if not owner_org or authz.users_role_for_group_or_org(owner_org, user) \
            not in PROVIDER_ROLES:
        return {"success": False, "msg": tk._(
            "Only editors and admins of the dataset's organisation can do this.")}
    return None


def tdpf_warranty_create(context: Context, data_dict: DataDict) -> dict:
    return provider_refusal(context, data_dict.get("owner_org")) or {"success": True}


@tk.auth_allow_anonymous_access
def tdpf_warranty_show(context: Context, data_dict: DataDict) -> AuthResult:
    return authz.is_authorized("package_show", context, data_dict)


def tdpf_warranty_list(context: Context, data_dict: DataDict) -> dict:
    user, org = context.get("user"), data_dict.get("owner_org")
    if user and org and authz.users_role_for_group_or_org(org, user):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only members of the dataset's organisation can see its warranty history.")}
