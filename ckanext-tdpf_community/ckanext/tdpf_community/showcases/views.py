"""Pages of the showcases (活用事例): the public list (theme facet), the
form (new and edit, with an image upload), one showcase with its datasets,
and the operators' approve / reject buttons on it."""
from __future__ import annotations

from typing import Any

import flask
from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.tdpf.messages import texts

from .. import access, web

showcases_bp = Blueprint("tdpf_community_showcases", __name__)
blueprints = [showcases_bp]
_ = tk._
_FILTERS = ("q", "theme", "state", "mine")
_PAGE = 20
#: the form's fields as its labels say them (msgids), for the error summary
_LABELS = {"title": "Title", "description": "Description", "author": "Made by",
           "datasets": "Datasets used (names or ids, comma separated)", "url": "Link",
           "image_url": "Image address", "image_upload": "Image file", "theme": "Theme"}


@showcases_bp.route("/showcase")
def index():
    return web.board("tdpf_showcase_list", _FILTERS, "tdpf_community/showcases/index.html", _PAGE)


def _form_data() -> dict[str, Any]:
    data = web.form()
    upload = flask.request.files.get("image_upload")
    if upload is not None and upload.filename:
        data["image_upload"] = upload
    return data


def _form(action: str, data: dict[str, Any], done, row: dict | None = None):
    def page(errors: dict[str, Any]):
        shown = {k: v for k, v in data.items() if k != "image_upload"}
        return tk.render("tdpf_community/showcases/new.html", {
            "data": shown, "errors": errors, "row": row,
            "error_summary": {_(_LABELS.get(k, k)): " ".join(texts(v))
                              for k, v in errors.items()}})

    if flask.request.method == "GET":
        return page({})
    return web.submit(action, data, done, page)


@showcases_bp.route("/showcase/new", methods=["GET", "POST"])
def new():
    refused = web.sign_in_first()
    if refused:
        return refused
    data = _form_data() if flask.request.method == "POST" else {
        "datasets": flask.request.args.get("dataset", "")}
    return _form("tdpf_showcase_create", data, lambda row: web.redirect_with(
        _("Thank you. The showcase is public once an operator approves it.")
        if row["state"] == "pending" else None,
        "tdpf_community_showcases.read", id=row["id"]))


def _shown(id: str) -> dict:
    try:
        return tk.get_action("tdpf_showcase_show")(web.context(), {"id": id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, _("Showcase not found"))


@showcases_bp.route("/showcase/<id>/edit", methods=["GET", "POST"])
def edit(id: str):
    refused = web.sign_in_first()
    if refused:
        return refused
    row = _shown(id)
    if not (row["mine"] or access.is_operator(web.context())):
        return tk.abort(403, _("Only its submitter or an operator may change this showcase."))
    data = {**_form_data(), "id": id} if flask.request.method == "POST" else {
        **row, "datasets": ", ".join(d["name"] for d in row["datasets"])}
    return _form("tdpf_showcase_update", data, lambda r: web.redirect_with(
        _("The showcase is saved."), "tdpf_community_showcases.read", id=r["id"]), row)


@showcases_bp.route("/showcase/<id>")
def read(id: str):
    return tk.render("tdpf_community/showcases/read.html", {"row": _shown(id)})


def _decision(action: str, id: str, message: str):
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit(action, {**web.form(), "id": id}, lambda _r: web.back(message),
                      web.back_with_errors)


@showcases_bp.route("/showcase/<id>/approve", methods=["POST"])
def approve(id: str):
    return _decision("tdpf_showcase_approve", id, _("The showcase is approved and public."))


@showcases_bp.route("/showcase/<id>/reject", methods=["POST"])
def reject(id: str):
    return _decision("tdpf_showcase_reject", id, _("The showcase is sent back to its submitter."))


@showcases_bp.route("/showcase/<id>/delete", methods=["POST"])
def delete(id: str):
    refused = web.sign_in_first()
    if refused:
        return refused
    return web.submit("tdpf_showcase_delete", {"id": id}, lambda _r: web.redirect_with(
        _("The showcase is deleted."), "tdpf_community_showcases.index"),
        web.back_with_errors)
