"""tdpf_withdrawal_schedule / tdpf_withdrawal_cancel."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.model import User
from ckan.types import Context, DataDict

from ..gate import reindex_and_commit, show_stored
from .notice import as_dict, cancel, notify, parse_date, schedule

__all__ = ["tdpf_withdrawal_schedule", "tdpf_withdrawal_cancel"]


def _dataset(context: Context, data_dict: DataDict) -> dict:
    return show_stored(context, data_dict.get("id") or "")


def tdpf_withdrawal_schedule(context: Context, data_dict: DataDict) -> dict:
    """Announce the end of a dataset's provision (提供停止の事前告知).
    Editors and admins of its organisation.

    :param id: the dataset's id or name
    :param end_date: last day of provision, ``YYYY-MM-DD``, at least
        ``ckanext.tdpf_trust.withdrawal.min_notice_days`` days ahead
    :param reason: why provision ends (shown to users)
    :returns: ``{"state": "scheduled", "date", "reason", "scheduled", "notified"}``
    """
    pkg = _dataset(context, data_dict)
    tk.check_access("tdpf_withdrawal_schedule", context,
                    {"id": pkg["id"], "owner_org": pkg.get("owner_org")})
    row = schedule(pkg, User.get(context.get("user") or ""),
                   parse_date(data_dict.get("end_date")), str(data_dict.get("reason") or ""))
    reindex_and_commit(context, pkg["id"])
    sent = notify(pkg["id"], row, "scheduled")
    return dict(as_dict(row), notified=sent)


def tdpf_withdrawal_cancel(context: Context, data_dict: DataDict) -> dict:
    """Cancel a scheduled end of provision (before its date). Editors and
    admins of the dataset's organisation.

    :param id: the dataset's id or name
    :returns: ``{"state": "cancelled", "date", "reason", ...}``
    """
    pkg = _dataset(context, data_dict)
    tk.check_access("tdpf_withdrawal_cancel", context,
                    {"id": pkg["id"], "owner_org": pkg.get("owner_org")})
    row = cancel(pkg, User.get(context.get("user") or ""))
    reindex_and_commit(context, pkg["id"])
    notify(pkg["id"], row, "cancelled")
    return as_dict(row)
