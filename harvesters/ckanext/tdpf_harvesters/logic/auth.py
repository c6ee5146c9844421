"""Auth of the harvesters' own actions. The operator overlay: whoever may
update the dataset (sysadmins, editors and admins of its organisation);
anonymous visitors, plain members and other organisations' users are refused.
Confirming a machine-assigned classification: the same people."""
from __future__ import annotations

from ckan import authz
from ckan.types import AuthResult, Context, DataDict

__all__ = ["tdpf_harvest_classification_confirm", "tdpf_harvest_overlay_show",
           "tdpf_harvest_overlay_update",
           "tdpf_harvest_overlay_delete", "tdpf_harvest_source_probe"]


def _may_update_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    ref = data_dict.get("id")
    if not isinstance(ref, str) or not ref.strip():
        return {"success": False, "msg": "Give the dataset's id"}
    return authz.is_authorized("package_update", context, {"id": ref.strip()})


def tdpf_harvest_classification_confirm(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_overlay_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_overlay_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_overlay_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_source_probe(context: Context, data_dict: DataDict) -> AuthResult:
    """Those who may add a harvest source: sysadmins and the editors and
    admins of an organisation (the probe fetches the URL it is given)."""
    user = context.get("user") or ""
    if user and authz.has_user_permission_for_some_org(user, "create_dataset"):
        return {"success": True}
    return {"success": False, "msg": "Only operators and organisation editors may test "
                                     "a catalog"}
