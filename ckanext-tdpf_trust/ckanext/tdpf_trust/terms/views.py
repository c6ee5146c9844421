"""The page that asks a signed-in user to accept new versions of the terms
(``/user/_terms``), where the guard sends them."""
from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

import ckan.plugins.toolkit as tk

from .guard import pending_header
from .records import pending

bp = Blueprint("tdpf_terms", __name__)
bp.after_app_request(pending_header)
blueprints = [bp]


def _next() -> str:
    """Where to go afterwards: a path on this site only."""
    target = request.values.get("next") or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return tk.url_for("dashboard.datasets")
    return target


@bp.route("/user/_terms", methods=["GET", "POST"])
def accept():
    if not current_user.is_authenticated:
        return tk.redirect_to("user.login")
    errors: dict = {}
    if request.method == "POST":
        try:
            tk.get_action("tdpf_terms_accept")({"user": current_user.name},
                                               dict(request.form))
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("Thank you: your acceptance was recorded."))
            return tk.h.redirect_to(_next())
    pages = pending(current_user.id)
    if not pages and not errors:
        return tk.h.redirect_to(_next())
    return tk.render("tdpf_trust/terms/accept.html", {
        "pages": pages, "errors": errors, "next": request.values.get("next") or ""})
