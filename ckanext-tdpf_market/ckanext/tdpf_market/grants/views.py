"""Pages: request access to a dataset, the member's own requests, the
provider's requests (decide, revoke)."""
from __future__ import annotations

from typing import Any

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan.common import current_user
from ckan.types import Context, ErrorDict

from ckanext.tdpf.messages import error_text, texts
from ckanext.tdpf.vocab import choices

from . import notify
from .helpers import tdpf_market_access_state

market_grants = Blueprint("tdpf_market_grants", __name__)
_ = tk._


def _context() -> Context:
    return {"user": current_user.name, "auth_user_obj": current_user}


def _login_required():
    if not current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=flask.request.full_path)
    return None


def _purposes() -> list[dict[str, str]]:
    return [{"value": "", "text": _("Choose...")}] + [
        {"value": v, "text": v} for v, _ja, _en in choices.CADDE["trading_policy_use_application"]
        if v != "制限なし"]


@market_grants.route("/dataset/<id>/request-access", methods=["GET", "POST"])
def request_access(id: str):
    """The conditions, and the request form for members."""
    try:
        pkg = tk.get_action("package_show")(_context(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, _("Dataset not found"))
    data: dict[str, Any] = {}
    errors: ErrorDict = {}
    if flask.request.method == "POST":
        refused = _login_required()
        if refused:
            return refused
        data = dict(flask.request.form)
        try:
            tk.get_action("tdpf_access_request_create")(_context(), {
                "dataset_id": pkg["id"], "purpose": data.get("purpose", ""),
                "message": data.get("message", ""),
                "accepted_conditions": data.get("accepted_conditions", "")})
        except tk.ValidationError as error:
            errors = error.error_dict
        except tk.NotAuthorized as error:
            return tk.abort(403, str(error))
        else:
            tk.h.flash_success(_("Your request was sent."))
            return tk.redirect_to("tdpf_market_grants.my_requests")
    return tk.render("tdpf_market/request_access.html", {
        "pkg": pkg, "state": tdpf_market_access_state(pkg), "purposes": _purposes(),
        "data": data, "errors": errors,
        "error_summary": {k: " ".join(texts(v)) for k, v in errors.items()}})


def _requests_page(title: str, data_dict: dict, decide: bool):
    refused = _login_required()
    if refused:
        return refused
    requests = tk.get_action("tdpf_access_request_list")(_context(), data_dict)
    if decide:
        requests = [r for r in requests if r["user_id"] != current_user.id]
    return tk.render("tdpf_market/requests.html", {
        "title": title, "requests": requests, "decide": decide,
        "notifications": notify.recent(current_user.id, 10)})


@market_grants.route("/market/requests")
def my_requests():
    """The member's own requests, grants and notifications."""
    return _requests_page(_("My requests"), {"mine": True}, decide=False)


@market_grants.route("/market/provider")
def provider():
    """Requests for the datasets the user provides, pending first."""
    state = flask.request.args.get("state") or None
    return _requests_page(_("Requests for my datasets"), {"state": state}, decide=True)


def _post_action(action: str, data_dict: dict, done: str):
    try:
        tk.get_action(action)(_context(), data_dict)
    except tk.ValidationError as error:
        tk.h.flash_error(error_text(error))
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    else:
        tk.h.flash_success(done)
    return tk.redirect_to("tdpf_market_grants.provider")


@market_grants.route("/market/requests/<id>/decide", methods=["POST"])
def decide(id: str):
    form = flask.request.form
    return _post_action("tdpf_access_request_decide",
                        {"id": id, "decision": form.get("decision"), "reason": form.get("reason")},
                        _("The member was told of your decision."))


@market_grants.route("/market/grants/<id>/revoke", methods=["POST"])
def revoke(id: str):
    return _post_action("tdpf_grant_revoke", {"id": id, "reason": flask.request.form.get("reason")},
                        _("The grant was revoked."))


blueprints = [market_grants]
