"""Usage reports: a dataset's to its organisation's editors and admins, a
history to its member, the totals to operators (sysadmins pass all)."""
from __future__ import annotations

from .who import dataset_org, is_provider, is_user, refuse

__all__ = ["tdpf_usage_show", "tdpf_usage_history", "tdpf_usage_totals"]


def tdpf_usage_show(context, data_dict):
    """``id`` of the dataset (``owner_org`` too, when the caller has it)."""
    org = data_dict.get("owner_org") or dataset_org(data_dict.get("id") or "")
    if is_provider(context, org):
        return {"success": True}
    return refuse("Only the dataset's organization editors and operators can see its usage")


def tdpf_usage_history(context, data_dict):
    if is_user(context, data_dict.get("user_id")):
        return {"success": True}
    return refuse("Only the member and operators can see a transaction history")


def tdpf_usage_totals(context, data_dict):
    return refuse("Only operators can see the platform totals")
