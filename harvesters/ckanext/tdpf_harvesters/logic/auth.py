"""Auth of the harvesters' own actions. The operator overlay: whoever may
update the dataset (sysadmins, editors and admins of its organisation);
anonymous visitors, plain members and other organisations' users are refused."""
from __future__ import annotations

from ckan import authz
from ckan.types import AuthResult, Context, DataDict

__all__ = ["tdpf_harvest_overlay_show", "tdpf_harvest_overlay_update",
           "tdpf_harvest_overlay_delete", "tdpf_harvest_source_probe"]


def _may_update_dataset(context: Context, data_dict: DataDict) -> AuthResult:
    ref = data_dict.get("id")
    if not isinstance(ref, str) or not ref.strip():
        return {"success": False, "msg": "Give the dataset's id"}
    return authz.is_authorized("package_update", context, {"id": ref.strip()})


def tdpf_harvest_overlay_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_overlay_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_overlay_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return _may_update_dataset(context, data_dict)


def tdpf_harvest_source_probe(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may create harvest sources (ckanext-harvest's auth)."""
    return authz.is_authorized("harvest_source_create", context, data_dict)
