"""Who sees usage figures: a dataset's figures only to those who may edit
its organisation's datasets (editors, admins) and operators, who pass
every auth function before it runs. Nobody else learns them, public
dataset or not: the home page's most viewed list names public datasets
only, without their counts."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["tdpf_open_usage_show", "tdpf_open_usage_totals"]


def providing_orgs(user: str | None) -> list[dict]:
    """The organisations whose datasets ``user`` may create and edit."""
    if not user:
        return []
    return tk.get_action("organization_list_for_user")(
        {"user": user, "ignore_auth": True}, {"permission": "create_dataset"})


def tdpf_open_usage_show(context: Context, data_dict: DataDict) -> AuthResult:
    """The provider dashboard; ``organization`` (id or name) when given
    must be one of the caller's."""
    orgs = providing_orgs(context.get("user"))
    wanted = data_dict.get("organization")
    if orgs and (not wanted or any(wanted in (o["id"], o["name"]) for o in orgs)):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only editors and admins of the organization and operators can see its usage")}


def tdpf_open_usage_totals(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only operators can see the usage totals")}
