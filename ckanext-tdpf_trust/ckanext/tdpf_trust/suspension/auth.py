"""Suspensions are for TDPF operators only (sysadmins pass every check
before these functions run)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["tdpf_suspension_create", "tdpf_suspension_lift", "tdpf_suspension_list"]


def _operators_only(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can suspend accounts.")}


tdpf_suspension_create = tdpf_suspension_lift = tdpf_suspension_list = _operators_only
