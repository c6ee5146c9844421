"""The operators' suspension page (admin area): current suspensions, a
form to suspend, a button to lift."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tdpf.messages import error_text

bp = Blueprint("tdpf_suspension", __name__)
blueprints = [bp]


def _context() -> Context:
    return {"user": tk.g.user}


@bp.route("/ckan-admin/trust/suspensions")
def index():
    try:
        rows = tk.get_action("tdpf_suspension_list")(_context(), {"active_only": False,
                                                               "limit": 200})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can suspend accounts."))
    return tk.render("tdpf_trust/suspension/index.html", {"suspensions": rows})


@bp.route("/ckan-admin/trust/suspensions/<verb>", methods=["POST"])
def change(verb):
    if verb not in ("create", "lift"):
        return tk.abort(404)
    data = {key: request.form.get(key, "") for key in ("object_type", "object_id", "reason")}
    try:
        tk.get_action(f"tdpf_suspension_{verb}")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can suspend accounts."))
    except tk.ObjectNotFound as error:
        tk.h.flash_error(str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(error_text(error))
    else:
        tk.h.flash_success(tk._("Suspended: {}").format(data["object_id"]) if verb == "create"
                           else tk._("Suspension lifted: {}").format(data["object_id"]))
    return tk.redirect_to("tdpf_suspension.index")
