"""Resource downloads of tombstoned datasets answer 410 (Gone) with the
reason, for everyone but sysadmins."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan import authz

from .hiding import hidden_reason

tombstone = Blueprint("tdpf_tombstone", __name__)


@tombstone.before_app_request
def refuse_hidden_downloads():
    endpoint = request.endpoint or ""
    if not endpoint.endswith("resource.download"):
        return None
    package_id = (request.view_args or {}).get("id")
    if not package_id or authz.is_sysadmin(tk.current_user.name
                                           if tk.current_user.is_authenticated else None):
        return None
    from ckan.model import Package
    pkg = Package.get(package_id)
    if pkg is None:
        return None
    found = hidden_reason({"id": pkg.id, "owner_org": pkg.owner_org,
                           "creator_user_id": pkg.creator_user_id})
    if not found:
        return None
    if found["kind"] == "withdrawn":
        message = tk._("Provision of this dataset ended on {date}: its data can no "
                       "longer be downloaded.").format(date=found["since"])
    else:
        message = tk._("Provision of this dataset is stopped by TDPF operators.")
    return tk.abort(410, message)


blueprints = [tombstone]
