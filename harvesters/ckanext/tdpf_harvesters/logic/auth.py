"""Auth of the harvesters' own actions."""
from __future__ import annotations

from ckan import authz

__all__ = ["tdpf_harvest_classification_confirm"]


def tdpf_harvest_classification_confirm(context, data_dict):
    """Who may edit the dataset (operators, its organisation's editors)."""
    return {"success": authz.is_authorized_boolean("package_update", context,
                                                   {"id": data_dict.get("id")})}
