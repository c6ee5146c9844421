"""Auth functions of the tdpf plugin (registered by ``tk.blanket.auth_functions``)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.types import AuthResult, Context, DataDict

from ..prepare.actions import tdpf_prepare_apply_auth as tdpf_prepare_apply
from ..prepare.actions import tdpf_prepare_propose_auth as tdpf_prepare_propose
from ..prepare.publish import tdpf_prepare_publish_auth as tdpf_prepare_publish
from ..searchlog.auth import tdpf_search_log_report
from ..usage.auth import tdpf_open_usage_show, tdpf_open_usage_totals

__all__ = ["tdpf_data_rate_show", "tdpf_data_rate_summary", "tdpf_data_rate_report",
           "tdpf_data_rate_check",
           # usage of open data and the search log (usage/, searchlog/)
           "tdpf_open_usage_show", "tdpf_open_usage_totals", "tdpf_search_log_report",
           # the file pipeline's progress (files/views.py)
           "tdpf_files_status",
           # data preparation of a resource's file (prepare/actions.py)
           "tdpf_prepare_propose", "tdpf_prepare_apply", "tdpf_prepare_publish"]


@tk.auth_allow_anonymous_access
def tdpf_data_rate_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset may see its data rate."""
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False,
                "msg": tk._("Not authorized to see this dataset")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tdpf_data_rate_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """Open: the counts only cover datasets the caller may see (search
    permission labels), so nobody learns about others' private data."""
    return {"success": True}


def tdpf_data_rate_report(context: Context, data_dict: DataDict) -> AuthResult:
    """The report page: operators (sysadmins) and members of an organisation."""
    user = context.get("user")
    if authz.is_sysadmin(user):
        return {"success": True}
    if user and tk.get_action("organization_list_for_user")(
            {"user": user}, {"permission": "read"}):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Only operators and members of an organization can see "
                        "the data rate report")}


def tdpf_data_rate_check(context: Context, data_dict: DataDict) -> AuthResult:
    """Asking for a link check now: whoever may edit the dataset."""
    try:
        tk.check_access("package_update", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False,
                "msg": tk._("Not authorized to edit this dataset")}
    return {"success": True}


def tdpf_files_status(context: Context, data_dict: DataDict) -> AuthResult:
    """The file pipeline's page is for operators only (sysadmins pass every
    auth function): its messages name the hosts and paths of every provider."""
    return {"success": False, "msg": tk._("Only operators can see the file pipeline")}
