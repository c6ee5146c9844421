"""Pages of the data request board: the list (search and facets), the
form (prefilled from a zero-result search: ``/datarequest/new?title=``),
one request with its votes, comments and the organisation's answer."""
from __future__ import annotations

from typing import Any

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.tdpf.messages import texts

from .. import access, web

requests_bp = Blueprint("tdpf_community_requests", __name__)
blueprints = [requests_bp]
_ = tk._
_FILTERS = ("q", "status", "organization", "theme", "sort")
_PAGE = 20
#: the form's fields as its labels say them (msgids), for the error summary
_LABELS = {"title": "What data do you want?", "purpose": "What would you use it for?",
           "area": "Area", "period": "Period", "theme": "Theme",
           "organization_id": "Organisation asked", "description": "More detail"}


@requests_bp.route("/datarequest")
def index():
    return web.board("tdpf_datarequest_list", _FILTERS, "tdpf_community/requests/index.html", _PAGE)


def _organizations() -> list[dict[str, str]]:
    orgs = tk.get_action("organization_list")(web.context(), {"all_fields": True})
    return [{"value": "", "text": _("Any organisation (not addressed)")}] + [
        {"value": o["name"], "text": o["display_name"]} for o in orgs]


@requests_bp.route("/datarequest/new", methods=["GET", "POST"])
def new():
    refused = web.sign_in_first()
    if refused:
        return refused
    data = web.form() if flask.request.method == "POST" else {
        "title": flask.request.args.get("title", "")[:200],
        "organization_id": flask.request.args.get("organization", "")}

    def page(errors: dict[str, Any]):
        return tk.render("tdpf_community/requests/new.html", {
            "data": data, "errors": errors, "organizations": _organizations(),
            "error_summary": {_(_LABELS.get(k, k)): " ".join(texts(v))
                              for k, v in errors.items()}})

    if flask.request.method == "GET":
        return page({})
    return web.submit("tdpf_datarequest_create", data, lambda row: tk.redirect_to(
        "tdpf_community_requests.read", id=row["id"]), page)


@requests_bp.route("/datarequest/<id>")
def read(id: str):
    try:
        row = tk.get_action("tdpf_datarequest_show")(web.context(), {"id": id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, _("Data request not found"))
    comments = tk.get_action("tdpf_comment_list")(
        web.context(), {"subject_type": "datarequest", "subject_id": row["id"]})
    return tk.render("tdpf_community/requests/read.html", {
        "row": row, "comments": comments,
        "may_answer": access.manages_org(web.context(), row["organization_id"])})


@requests_bp.route("/datarequest/<id>/vote", methods=["POST"])
def vote(id: str):
    refused = web.sign_in_first()
    if refused:
        return refused
    wanted = flask.request.form.get("vote", "true")
    return web.submit("tdpf_datarequest_vote", {"id": id, "vote": wanted},
                      lambda _r: web.back(), lambda e: (web.flash_errors(e), web.back())[1])


@requests_bp.route("/datarequest/<id>/answer", methods=["POST"])
def answer(id: str):
    refused = web.sign_in_first()
    if refused:
        return refused
    data = {**web.form(), "id": id}
    return web.submit("tdpf_datarequest_answer", data,
                      lambda _r: web.back(_("The answer is saved and the requester notified.")),
                      lambda e: (web.flash_errors(e), web.back())[1])
