"""Reading the audit log (operators)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.tdpf.params import number, text

from .chain import records

__all__ = ["tdpf_audit_list"]

MAX_LIMIT = 1000


def filters(data_dict: dict) -> dict:
    """The validated filters and page of an audit query."""
    return {"event": text(data_dict, "event") or None,
            "object_type": text(data_dict, "object_type") or None,
            "object_id": text(data_dict, "object_id") or None,
            "limit": number(data_dict, "limit", 100, 1, MAX_LIMIT),
            "offset": number(data_dict, "offset", 0, 0, 10**9)}


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
