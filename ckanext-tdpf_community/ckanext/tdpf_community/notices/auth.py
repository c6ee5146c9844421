"""Auth of notifications: each signed-in user reads and marks their own
(the actions only ever touch the caller's rows)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import access

__all__ = ["tdpf_notice_list", "tdpf_notice_mark_read", "tdpf_notice_setting_update"]
_ = tk._


def _signed_in(context) -> dict:
    if access.user_of(context) is None:
        return {"success": False, "msg": _("Sign in to see your notifications.")}
    return {"success": True}


def tdpf_notice_list(context, data_dict):
    return _signed_in(context)


def tdpf_notice_mark_read(context, data_dict):
    return _signed_in(context)


def tdpf_notice_setting_update(context, data_dict):
    return _signed_in(context)
