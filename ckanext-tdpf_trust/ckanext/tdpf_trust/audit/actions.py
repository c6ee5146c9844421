"""Reading the audit log (operators)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import records

__all__ = ["tdpf_audit_list"]

MAX_LIMIT = 1000


def filters(data_dict: dict) -> dict:
    """The validated filters and page of an audit query."""
    try:
        limit = int(data_dict.get("limit") or 100)
        offset = int(data_dict.get("offset") or 0)
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("Must be a whole number")]})
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        raise tk.ValidationError({"limit": [tk._("limit must be 1 to {}, offset 0 or more")
                                            .format(MAX_LIMIT)]})
    return {"event": (data_dict.get("event") or "").strip() or None,
            "object_type": (data_dict.get("object_type") or "").strip() or None,
            "object_id": (data_dict.get("object_id") or "").strip() or None,
            "limit": limit, "offset": offset}


@tk.side_effect_free
def tdpf_audit_list(context, data_dict):
    """Audit records, newest first (sysadmins).

    :param event: event name or prefix (``review``, ``suspension.create``)
    :param object_type: ``package``, ``organization``, ``user``, ...
    :param object_id: id of the object
    :param limit: at most this many (default 100, at most 1000)
    :param offset: skip this many
    """
    tk.check_access("tdpf_audit_list", context, data_dict)
    return [row.as_dict() for row in records(**filters(data_dict))]
