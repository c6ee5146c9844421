"""The operators' review queue (admin area)."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tdpf.messages import error_text

bp = Blueprint("tdpf_review", __name__)
blueprints = [bp]


def _context() -> Context:
    return {"user": tk.g.user}


@bp.route("/ckan-admin/trust/reviews")
def queue():
    state = request.args.get("state") or "pending"
    try:
        reviews = tk.get_action("tdpf_organization_review_list")(_context(), {"state": state})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can see the review queue."))
    except tk.ValidationError:
        return tk.abort(400, tk._("Unknown state"))
    return tk.render("tdpf_trust/review/queue.html", {"reviews": reviews, "state": state})


@bp.route("/ckan-admin/trust/reviews/<id>", methods=["POST"])
def decide(id):
    data = {"id": id, "decision": request.form.get("decision"),
            "reason": request.form.get("reason", "")}
    try:
        result = tk.get_action("tdpf_organization_review_decide")(_context(), data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can review organisations."))
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(error_text(error))
    else:
        message = (tk._("Approved: {}") if result["state"] == "approved"
                   else tk._("Rejected: {}"))
        tk.h.flash_success(message.format(result["organization_title"]))
    return tk.redirect_to("tdpf_review.queue")
