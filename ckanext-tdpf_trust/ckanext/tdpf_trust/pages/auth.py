"""Operators (sysadmins, who pass every check before these functions run)
write pages and see drafts; everyone reads the published pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.tdpf.logic.action_input import truth

__all__ = ["tdpf_page_delete", "tdpf_page_list", "tdpf_page_publish", "tdpf_page_show"]


def _operators_only(context, data_dict):
    return {"success": False, "msg": tk._("Only TDPF operators can publish pages.")}


def _asks_for_drafts(data_dict) -> bool:
    value = data_dict.get("draft") or data_dict.get("drafts")
    try:
        return bool(value) and truth(value)
    except tk.Invalid:
        return False  # the action's schema answers the wrong value


@tk.auth_allow_anonymous_access
def _published_for_anyone(context, data_dict):
    if _asks_for_drafts(data_dict or {}):
        return {"success": False, "msg": tk._("Only TDPF operators can see drafts.")}
    return {"success": True}


tdpf_page_publish = tdpf_page_delete = _operators_only
tdpf_page_show = tdpf_page_list = _published_for_anyone
