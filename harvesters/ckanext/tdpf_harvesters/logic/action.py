"""Harvest sources are refused when their URL breaks the outbound policy
(file://, loopback, private...), with the reason on the URL field."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.tdpf import outbound
from ckanext.tdpf.params import text

# harvest_source_create/update call package_create/update with type "harvest"
__all__ = ["package_create", "package_update"]


def _check_source_url(data_dict: DataDict) -> None:
    if data_dict.get("type") != "harvest" and not data_dict.get("source_type"):
        return
    url = text(data_dict, "url")
    if not url:
        return  # ckanext-harvest reports the missing URL (the core's gate a non-text one)
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused as e:
        raise tk.ValidationError({"url": [str(e)]})


@tk.chained_action
def package_create(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(data_dict)
    return up(context, data_dict)


@tk.chained_action
def package_update(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(data_dict)
    return up(context, data_dict)

