"""The pages as everyone reads them (``/pages``, ``/pages/<name>``,
``/terms``, ``/privacy``) and the operators' page editor in the admin
area. Operators also see drafts (``/pages/<name>?draft=1``, and a page
that is only a draft); for anyone else such a page does not exist."""
from __future__ import annotations

from flask import Blueprint, request

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.tdpf.messages import error_text

from . import defaults
from .helpers import local_input
from .model import EVENT_TYPES, KINDS

bp = Blueprint("tdpf_pages", __name__)
blueprints = [bp]

_FIELDS = ("name", "kind", "title", "body", "event_type", "event_start", "place",
           "registration_url")


def _context() -> Context:
    return {"user": tk.g.user}


def _operator() -> bool:
    try:
        tk.check_access("tdpf_page_publish", _context(), {})
    except tk.NotAuthorized:
        return False
    return True


def _page(name: str, draft: bool) -> dict | None:
    try:
        return tk.get_action("tdpf_page_show")(_context(), {"name": name, "draft": draft})
    except (tk.ObjectNotFound, tk.ValidationError):
        return None


@bp.route("/pages")
def index():
    pages = tk.get_action("tdpf_page_list")(_context(), {})
    return tk.render("tdpf_trust/pages/index.html", {"pages": pages})


@bp.route("/pages/<name>")
def read(name: str):
    operator = _operator()
    page = _page(name, draft=operator and bool(request.args.get("draft")))
    if page is None and operator:
        page = _page(name, draft=True)  # only a draft so far
    if page is None:
        return tk.abort(404, tk._("Page not found"))
    return tk.render("tdpf_trust/pages/read.html", {"page": page})


@bp.route("/terms")
def terms():
    return read(defaults.TERMS)


@bp.route("/privacy")
def privacy():
    return read(defaults.PRIVACY)


@bp.route("/ckan-admin/trust/pages", methods=["GET", "POST"])
def edit():
    """The editor: a form (empty, or the draft or current version of
    ``?name=``) saved as a draft or published, and the pages with their
    versions."""
    if not _operator():
        return tk.abort(403, tk._("Only TDPF operators can publish pages."))
    form = {key: request.form.get(key, "") for key in _FIELDS}
    errors: dict = {}
    if request.method == "POST":
        draft = request.form.get("save") == "draft"
        try:
            page = tk.get_action("tdpf_page_publish")(_context(), dict(form, draft=draft))
        except tk.ValidationError as error:
            errors = error.error_dict
            tk.h.flash_error(error_text(error))
        else:
            message = (tk._("Saved the draft of {title}") if draft else
                       tk._("Published version {version} of {title}"))
            tk.h.flash_success(message.format(version=page["version"], title=page["title"]))
            if draft:  # back to the draft, to go on editing it
                return tk.redirect_to("tdpf_pages.edit", name=page["name"])
            return tk.redirect_to("tdpf_pages.edit")
    elif request.args.get("name"):
        current = _page(request.args["name"], draft=True) or {}
        form = {key: current.get(key) or "" for key in _FIELDS}
        form["event_start"] = local_input(current.get("event_start"))
    pages = tk.get_action("tdpf_page_list")(_context(), {"drafts": True, "limit": 1000})
    return tk.render("tdpf_trust/pages/edit.html", {
        "form": form, "errors": errors, "pages": pages, "kinds": KINDS,
        "event_types": EVENT_TYPES})


@bp.route("/ckan-admin/trust/pages/<name>/delete", methods=["POST"])
def delete(name: str):
    if not _operator():
        return tk.abort(403, tk._("Only TDPF operators can publish pages."))
    try:
        tk.get_action("tdpf_page_delete")(_context(), {"name": name})
    except (tk.ObjectNotFound, tk.ValidationError):
        tk.h.flash_error(tk._("Page not found"))
    else:
        tk.h.flash_success(tk._("The page was taken down."))
    return tk.redirect_to("tdpf_pages.edit")
