"""The authorised download route, and the refusal of CKAN's own download
route for gated resources (uploads would otherwise be served as is)."""
from __future__ import annotations

import os

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user
from ckan.lib import uploader

from .. import conditions as cond
from . import gate, signing
from .hiding import request_url

market_access = Blueprint("tdpf_market_access", __name__)

CORE_DOWNLOADS = ("resource.download", "dataset_resource.download")


def _wants_json() -> bool:
    accept = flask.request.accept_mimetypes
    return (flask.request.args.get("token") is not None
            or accept.best_match(["application/json", "text/html"]) == "application/json")


def refuse(decision: gate.Decision):
    link = request_url(decision.pkg) if decision.pkg else None
    if _wants_json():
        body = {"success": False, "error": {"__type": "Authorization Error"
                if decision.status == 403 else "Not Found Error",
                "message": decision.message, "request_access_url": link}}
        return flask.make_response(flask.jsonify(body), decision.status)
    html = tk.render("tdpf_market/access_denied.html",
                     {"message": decision.message, "request_access_url": link,
                      "pkg": decision.pkg, "status": decision.status})
    return flask.make_response(html, decision.status)


def _rate_limited():
    """M2's rate limiter, when present (a response means: refused)."""
    try:
        from ..ratelimit import limits as ratelimit
    except ImportError:
        return None
    check = getattr(ratelimit, "check", None)
    return check(flask.request) if check else None


def _user_from_request(resource_id: str):
    token = flask.request.args.get("token")
    if token is not None:
        claims = signing.verify(token, resource_id)
        return (model.User.get(claims["u"]) if claims else None), "signed", bool(claims)
    user = model.User.get(current_user.name) if current_user.is_authenticated else None
    return user, "web", True


@market_access.route("/market/download/<resource_id>")
def download(resource_id: str):
    """Check the grant, log the access, then stream the upload or redirect
    to the remote URL. ``?token=`` is a signed URL from tdpf_resource_access."""
    limited = _rate_limited()
    if limited is not None:
        return limited
    user, via, token_ok = _user_from_request(resource_id)
    if not token_ok:
        decision = gate.Decision(False, 403, tk._("This download link has expired or is "
                                                  "not valid. Ask for a new one."))
        res = model.Resource.get(resource_id)
        decision.pkg = {"id": res.package_id, "name": res.package.name} if res else None
        return refuse(decision)
    decision = gate.decide(user, resource_id)
    res = decision.resource
    if not decision.allowed or res is None:  # allowed: with its resource
        return refuse(decision)
    if res.get("url_type") == "upload":
        path = uploader.get_resource_uploader(res).get_path(res["id"])
        if not os.path.exists(path):
            return refuse(gate.Decision(False, 404, tk._("No download is available")))
        gate.record(decision, os.path.getsize(path), via)
        name = os.path.basename(res.get("url") or "") or res["id"]
        return flask.send_file(path, mimetype=res.get("mimetype") or None,
                               as_attachment=True, download_name=name)
    gate.record(decision, 0, via)
    return flask.redirect(res["url"])


@market_access.before_app_request
def _guard_core_download():
    """CKAN's /dataset/<id>/resource/<rid>/download serves uploads as they
    are: for gated resources, only to providers; grant holders are sent to
    the authorised route (which logs), everyone else is refused."""
    if flask.request.endpoint not in CORE_DOWNLOADS:
        return None
    resource_id = (flask.request.view_args or {}).get("resource_id", "")
    stored = model.Resource.get(resource_id)
    if stored is None or not cond.is_gated_stored(stored.package, stored):
        return None  # open data: CKAN's own checks (and the trust plugin's tombstone)
    user = model.User.get(current_user.name) if current_user.is_authenticated else None
    decision = gate.decide(user, resource_id)
    if decision.status == 404:
        return None  # CKAN answers that itself
    if not decision.allowed:
        return refuse(decision)
    if decision.grant is not None:
        return flask.redirect(tk.url_for("tdpf_market_access.download",
                                         resource_id=resource_id))
    return None


blueprints = [market_access]
