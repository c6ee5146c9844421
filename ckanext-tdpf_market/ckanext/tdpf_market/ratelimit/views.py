"""The rate-limit hook on every request, and the user's limits page
(``/user/<id>/api-limits``, linked from the API tokens page)."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk

from .limits import add_headers, check, scope_of

bp = Blueprint("tdpf_market_ratelimit", __name__)


@bp.before_app_request
def _limit():
    scope = scope_of(request)
    return check(request, scope) if scope else None


bp.after_app_request(add_headers)


@bp.route("/user/<id>/api-limits")
def limits(id: str):
    from ckanext.tdpf.compat import user_page_variables

    try:
        data = tk.get_action("tdpf_ratelimit_show")({}, {"id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("User not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only this user and operators can see the API limits"))
    extra = user_page_variables.for_user(id)
    return tk.render("tdpf_market/ratelimit/limits.html", {"limits": data, **extra})


blueprints = [bp]
