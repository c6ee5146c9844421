"""Who may see and act on scan results: editors and admins of the dataset
(``package_update``), and operators (sysadmins pass every check before
these functions run). Never anonymous: findings reveal data. Actions
resolve the resource or finding first and pass its ``package_id``."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

__all__ = [
    "tdpf_scan_finding_resolve",
    "tdpf_scan_list",
    "tdpf_scan_run",
    "tdpf_scan_show",
]


def _suspended(context) -> dict | None:
    from ..suspension import checks as suspension

    refusal = getattr(suspension, "refusal", None)
    return refusal(context.get("user")) if refusal else None


def _dataset_editor(context: Context, data_dict: DataDict | None) -> dict:
    refused = _suspended(context)
    if refused:
        return refused
    package_id = (data_dict or {}).get("package_id")
    if package_id:
        try:
            tk.check_access("package_update", context.copy(), {"id": package_id})
            return {"success": True}
        except (tk.NotAuthorized, tk.ObjectNotFound):
            pass
    return {"success": False, "msg": tk._(
        "Only editors and admins of the dataset's organisation can see and act on "
        "its personal-data scan.")}


def tdpf_scan_show(context, data_dict):
    return _dataset_editor(context, data_dict)


def tdpf_scan_list(context, data_dict):
    if not (data_dict or {}).get("package_id"):
        return {"success": False,
                "msg": tk._("Only TDPF operators can see the personal-data scan queue.")}
    return _dataset_editor(context, data_dict)


def tdpf_scan_run(context, data_dict):
    return _dataset_editor(context, data_dict)


def tdpf_scan_finding_resolve(context, data_dict):
    return _dataset_editor(context, data_dict)
