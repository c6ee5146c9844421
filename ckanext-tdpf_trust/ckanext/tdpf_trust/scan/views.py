"""The dataset's personal-data scan page (its editors: findings, resolve,
scan again) and the operators' queue of open findings (admin area)."""
from __future__ import annotations

import flask
from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tdpf.messages import error_text

bp = Blueprint("tdpf_scan", __name__)
blueprints = [bp]


def _refused():
    return tk.abort(403, tk._("Only editors and admins of the dataset's organisation can "
                              "see its personal-data scan."))


def _context() -> Context:
    return {"user": tk.g.user}


@bp.route("/ckan-admin/trust/scan")
def queue():
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    try:
        found = tk.get_action("tdpf_scan_list")(
            _context(), {"state": "open", "severity": "blocking", "limit": 50,
                         "offset": (page - 1) * 50})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can see the personal-data scan queue."))
    return tk.render("tdpf_trust/scan/queue.html", {"found": found, "page": page})


@bp.route("/dataset/<id>/scan")
def dataset(id):
    context = _context()
    try:
        pkg = tk.get_action("package_show")(context, {"id": id})
        scans = [tk.get_action("tdpf_scan_show")(context, {"resource_id": res["id"]})
                 for res in pkg.get("resources", [])]
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:
        return _refused()
    return tk.render("tdpf_trust/scan/dataset.html",
                     {"pkg": pkg, "pkg_dict": pkg, "scans": scans})


def _post(id: str, action: str, data: dict, done: str):
    """Run a scan action for the form; back to the dataset's scan page with
    the outcome as a flash message (403/404 pages when refused or gone)."""
    try:
        tk.get_action(action)(_context(), data)
    except tk.NotAuthorized:
        return _refused()
    except tk.ObjectNotFound as error:
        return tk.abort(404, str(error))
    except tk.ValidationError as error:
        tk.h.flash_error(error_text(error))
    else:
        tk.h.flash_success(done)
    return tk.redirect_to("tdpf_scan.dataset", id=id)


@bp.route("/dataset/<id>/scan/finding/<int:finding_id>", methods=["POST"])
def resolve(id, finding_id):
    return _post(id, "tdpf_scan_finding_resolve",
                 {"id": finding_id, "reason": request.form.get("reason", "")},
                 tk._("The finding is marked as a false positive."))


@bp.route("/dataset/<id>/scan/run/<resource_id>", methods=["POST"])
def run(id, resource_id):
    return _post(id, "tdpf_scan_run", {"resource_id": resource_id},
                 tk._("The resource will be scanned again in a moment."))


@bp.before_app_request
def refuse_held_downloads():
    """Download routes (CKAN's, and any other ``*.download`` route of a
    resource) refuse a held resource (``hold``) to all but its providers:
    409, the file may be served once its scan has passed."""
    endpoint = request.endpoint or ""
    resource_id = (request.view_args or {}).get("resource_id")
    if not endpoint.endswith(".download") or not isinstance(resource_id, str):
        return None
    from . import hold

    held, pkg = hold.held_resource(resource_id)
    user = tk.current_user.name if tk.current_user.is_authenticated else None
    if held is None or pkg is None or hold.provides(user, pkg.id) or _tombstoned(pkg):
        return None
    message = hold.public_message()
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) \
            == "application/json":
        return flask.make_response(flask.jsonify({"success": False, "error": {
            "__type": "Conflict", "message": message, "hold": hold.PENDING}}), 409)
    return tk.abort(409, message)


def _tombstoned(pkg) -> bool:
    """A withdrawn or suspended dataset: the tombstone's 410 says more."""
    from ..tombstone import hiding as tombstone

    return bool(tombstone.hidden_reason({"id": pkg.id, "owner_org": pkg.owner_org,
                                         "creator_user_id": pkg.creator_user_id}))
