"""Who may read a resource's table (DataStore) and preview.

CKAN's own DataStore auth already asks ``resource_show`` (so private
datasets' tables are their members' only). On top of it, the chained auth
functions below refuse every DataStore read of a gated resource
(``datastore_search``, ``datastore_search_sql``, ``datastore_info``; the
datatables view's ajax endpoint and ``/datastore/dump/<id>`` go through
``datastore_search``) to users without a grant, as
:class:`ckanext.tdpf.interfaces.IGatedContent` (the market) decides; without
an answer, only those who may edit the dataset read it."""
from __future__ import annotations

from typing import Any, cast

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from .. import conditions
from ..interfaces import IGatedContent

__all__ = ["chained_auth_functions", "may_read"]


def may_read(user_name: str | None, resource_id: str) -> bool:
    """False when the resource is gated and the user holds no grant for it
    (nor provides it); True for open resources (CKAN's checks still apply)."""
    res = model.Resource.get(resource_id)
    if res is None or res.package is None:
        return True  # nothing to protect: CKAN answers "not found"
    if not conditions.is_gated_stored(res.package, res):
        return True
    if user_name and authz.is_sysadmin(user_name):
        return True
    for plugin in p.PluginImplementations(IGatedContent):
        answer = plugin.gated_content_allowed(user_name, resource_id)
        if answer is not None:
            return bool(answer)
    context = cast("Context", {"user": user_name or ""})
    return authz.is_authorized_boolean("package_update", context, {"id": res.package_id})


def _refused() -> AuthResult:
    return {"success": False, "msg": tk._("This data requires an approved access request.")}


def _resource_ids(data_dict: DataDict | None) -> list[str]:
    given = (data_dict or {}).get("resource_id") or (data_dict or {}).get("id")
    return [given] if isinstance(given, str) else []


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search(next_auth: AuthFunction, context: Context,
                     data_dict: DataDict | None) -> AuthResult:
    result = next_auth(context, data_dict or {})
    if result.get("success") and not all(
            may_read(context.get("user"), r) for r in _resource_ids(data_dict)):
        return _refused()
    return result


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_info(next_auth: AuthFunction, context: Context,
                   data_dict: DataDict | None) -> AuthResult:
    return datastore_search(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(next_auth: AuthFunction, context: Context,
                         data_dict: DataDict | None) -> AuthResult:
    """CKAN's check names the tables the query reads (``table_names``, set
    by the action before it asks); each must be readable."""
    result = next_auth(context, data_dict or {})
    tables = context.get("table_names") or []  # pyright: ignore[reportTypedDictNotRequiredAccess]
    if result.get("success") and not all(may_read(context.get("user"), t) for t in tables):
        return _refused()
    return result


def chained_auth_functions() -> dict[str, Any]:
    """Registered by the core plugin when the DataStore plugin is loaded
    (a chained auth function needs the one it wraps)."""
    if not p.plugin_loaded("datastore"):
        return {}
    return {"datastore_search": datastore_search, "datastore_info": datastore_info,
            "datastore_search_sql": datastore_search_sql}
