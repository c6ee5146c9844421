"""The leaving page of the user's account (``/user/_leave``): what is kept
and deleted, then the password to confirm."""
from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user, logout_user

import ckan.plugins.toolkit as tk
from ckan.model import User

from . import account

bp = Blueprint("tdpf_leave", __name__)
blueprints = [bp]


@bp.route("/user/_leave", methods=["GET", "POST"])
def leave():
    if not current_user.is_authenticated:
        return tk.redirect_to("user.login")
    user = User.get(current_user.id)
    if user is None:
        return tk.abort(404)
    errors: dict = {}
    if request.method == "POST":
        try:
            tk.get_action("tdpf_user_leave")({"user": user.name},
                                             {"password": request.form.get("password", "")})
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            logout_user()
            tk.h.flash_success(tk._("Your account was deleted. Thank you for using the platform."))
            return tk.redirect_to("home.index")
    return tk.render("tdpf_trust/leave/index.html", {
        "user_dict": {"name": user.name}, "summary": account.summary(user), "errors": errors})
