"""The search log is for operators only (sysadmins pass every auth
function): queries are what visitors typed, whatever they concern."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["tdpf_search_log_report"]


def tdpf_search_log_report(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only operators can see the search log")}
