"""tdpf_usage_show (a dataset, for its provider), tdpf_usage_history (a
member's own transactions), tdpf_usage_totals (operators)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from .reports import MAX_DAYS, dataset_report, history, totals, user_id_of

__all__ = ["tdpf_usage_show", "tdpf_usage_history", "tdpf_usage_totals"]


def _days(data_dict: dict[str, Any]) -> int:
    try:
        days = int(data_dict.get("days") or 30)
        if not 1 <= days <= MAX_DAYS:
            raise ValueError
    except (TypeError, ValueError):
        raise tk.ValidationError({"days": [tk._("Give a number of days from 1 to {n}")
                                           .format(n=MAX_DAYS)]}) from None
    return days


@tk.side_effect_free
def tdpf_usage_show(context, data_dict):
    """A dataset's usage: requests by state, active grants, downloads per
    day, by member type and by purpose, fees. For the editors and admins of
    the dataset's organisation and operators.

    :param id: the dataset's id or name
    :param days: how many days of downloads per day (default 30, at most 366)
    :returns: ``{"requests_by_state", "grants_by_state": [{"key", "label",
        "count"}], "active_grants": int, "downloads_per_day": [{"key":
        "YYYY-MM-DD", "label", "count", "bytes"}], "downloads_by_member_type",
        "downloads_by_purpose": [...], "downloads_total", "bytes_total",
        "fees_total_yen"}``
    """
    # a withdrawn (deleted) dataset's usage stays readable by its provider
    pkg = model.Package.get(data_dict.get("id") or "")
    if pkg is None:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    tk.check_access("tdpf_usage_show", context, {"id": pkg.id, "owner_org": pkg.owner_org})
    return dataset_report(pkg.id, _days(data_dict))


@tk.side_effect_free
def tdpf_usage_history(context, data_dict):
    """A member's transaction history: access requests, grants, downloads
    and fee entries, newest first. For the member themself and operators.

    :param user_id: the user's id or name (default: the caller)
    :returns: ``{"requests", "grants", "downloads", "fees": [...],
        "fees_total_yen": int}``; each row has ``dataset`` (name, title)
    """
    ref = data_dict.get("user_id") or context.get("user")
    user_id = user_id_of(ref) if ref else None
    if user_id is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    tk.check_access("tdpf_usage_history", context, {"user_id": user_id})
    return history(user_id)


@tk.side_effect_free
def tdpf_usage_totals(context, data_dict):
    """Platform totals for operators: members by type and tier, requests by
    state, active grants, downloads per day and by member type, the most
    downloaded datasets, fees per month.

    :param days: how many days of downloads per day (default 30)
    """
    tk.check_access("tdpf_usage_totals", context, data_dict)
    return totals(_days(data_dict))
