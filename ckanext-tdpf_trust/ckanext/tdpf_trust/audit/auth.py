"""The audit log is for TDPF operators only (sysadmins pass every check
before this function runs)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["tdpf_audit_list"]


def tdpf_audit_list(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can read the audit log.")}
