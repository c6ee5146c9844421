"""Reading the audit log (operators)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tdpf.logic.action_input import validated

from . import schema
from .chain import records

__all__ = ["tdpf_audit_list"]


def filters(data_dict: dict, context: Context | None = None) -> dict:
    """The validated filters and page of an audit query (the keywords of
    ``records``)."""
    audit_list = schema.audit_list()
    data = validated(data_dict, audit_list, context or {})
    return {key: data[key] for key in audit_list}


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
    return [row.as_dict() for row in records(**filters(data_dict, context))]
