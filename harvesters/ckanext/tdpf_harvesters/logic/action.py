"""Harvest sources are refused when their URL breaks the outbound policy
(file://, loopback, private...), with the reason on the URL field; a
harvest batch's deferred creates are indexed at once (INDEX_NOW)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import logic
from ckan.types import Action, Context, DataDict

from ckanext.tdpf import outbound

# harvest_source_create/update call package_create/update with type "harvest"
__all__ = ["package_create", "package_update"]
# Context key of batch.py's creates (defer_commit + return_id_only): index
# the dataset before the action returns, in the batch's transaction, so the
# activity recorded right after reads that row, as after a plain create.
INDEX_NOW = "tdpf_harvest_index_now"


def _check_source_url(data_dict: DataDict) -> None:
    if data_dict.get("type") != "harvest" and not data_dict.get("source_type"):
        return
    url = (data_dict.get("url") or "").strip()
    if not url:
        return  # ckanext-harvest reports the missing URL itself
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused as e:
        raise tk.ValidationError({"url": [str(e)]})


@tk.chained_action
def package_create(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(data_dict)
    result = up(context, data_dict)
    if context.get(INDEX_NOW):
        package_id = result if isinstance(result, str) else result["id"]
        logic.index_update_package({"ignore_auth": True}, package_id, defer_commit=True)
    return result


@tk.chained_action
def package_update(up: Action, context: Context, data_dict: DataDict):
    _check_source_url(data_dict)
    return up(context, data_dict)

