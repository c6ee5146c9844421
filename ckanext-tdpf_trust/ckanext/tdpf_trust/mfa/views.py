"""MFA pages: the login's second step and the user's own enrolment page."""
from __future__ import annotations

from typing import cast

from flask import Blueprint, request, session
from flask_login import current_user

import ckan.plugins.toolkit as tk
from ckan.model import User
from ckan.types import Context

from ..mfa import totp as mfa
from . import login

bp = Blueprint("tdpf_mfa", __name__)
blueprints = [bp]


@bp.route("/user/login/verify", methods=["GET", "POST"])
def verify():
    user, pending = login.pending_user()
    if user is None:
        tk.h.flash_error(tk._("Your login has expired. Please log in again."))
        return tk.redirect_to("user.login")
    status = 200
    if request.method == "POST":
        result = mfa.verify(user, request.form.get("code") or "", request.remote_addr or "")
        if result["ok"]:
            if result["recovery"]:
                tk.h.flash_notice(tk._("You used a recovery code: it cannot be used again. "
                                       "{} recovery codes are left.").format(
                                           mfa.remaining_recovery_codes(user.id)))
            return login.complete_login(user, pending, verified=True)
        if result["locked"]:
            tk.h.flash_error(tk._("Too many wrong codes: the second step is locked for a "
                                  "while. Try again later or contact the operators."))
            status = 429
        else:
            tk.h.flash_error(tk._("The code is wrong or has expired. Enter the 6-digit "
                                  "code your authenticator app shows now."))
            status = 400
    return tk.render("tdpf_trust/mfa/verify.html", {"login_user": user}), status


@bp.route("/user/_mfa", methods=["GET", "POST"])
def settings():
    if not current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=request.path)
    user = cast("User", current_user)  # authenticated: a User
    extra = {"status": mfa.status(user), "recovery_codes": None}
    if extra["status"]["enrolled"]:
        if request.method == "POST" and not extra["status"]["required"]:
            return _disable(user)
        return tk.render("tdpf_trust/mfa/settings.html", extra)
    row = mfa.enrolment(user.id)
    status = 200
    if request.method == "POST" and row is not None:
        codes = mfa.confirm(user, request.form.get("code") or "")
        if codes:
            session[login.VERIFIED] = user.id
            extra.update(status=mfa.status(user), recovery_codes=codes)
            return tk.render("tdpf_trust/mfa/settings.html", extra)
        tk.h.flash_error(tk._("The code is wrong or has expired. Enter the 6-digit "
                              "code your authenticator app shows now."))
        status = 400
    if row is None:
        row = mfa.begin(user)
    uri = mfa.provisioning_uri(user, row)
    extra.update(secret=row.secret, qr_svg=mfa.qr_svg(uri), uri=uri)
    return tk.render("tdpf_trust/mfa/settings.html", extra), status


def _disable(user):
    """A user who may go without MFA turns it off with a current code."""
    result = mfa.verify(user, request.form.get("code") or "", request.remote_addr or "")
    if result["ok"]:
        mfa.reset(user, user.id, event="mfa.disable")
        session.pop(login.VERIFIED, None)
        tk.h.flash_success(tk._("Multi-factor authentication is off."))
    else:
        tk.h.flash_error(tk._("The code is wrong or has expired. Enter the 6-digit "
                              "code your authenticator app shows now."))
    return tk.redirect_to("tdpf_mfa.settings")


@bp.route("/ckan-admin/trust/mfa", methods=["GET", "POST"])
def reset():
    """Operators reset a user's MFA (lost phone)."""
    context: Context = {"user": tk.g.user}
    try:
        tk.check_access("tdpf_mfa_reset", context, {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only TDPF operators can reset MFA."))
    if request.method == "POST":
        data = {"id": request.form.get("id", ""), "reason": request.form.get("reason", "")}
        try:
            result = tk.get_action("tdpf_mfa_reset")(context, data)
        except tk.ObjectNotFound as error:
            tk.h.flash_error(str(error))
        else:
            tk.h.flash_success(tk._("Multi-factor authentication of {} was reset: they "
                                    "set it up again at their next login.").format(result["user"])
                               if result["reset"] else
                               tk._("{} had no multi-factor authentication.")
                               .format(result["user"]))
        return tk.redirect_to("tdpf_mfa.reset")
    return tk.render("tdpf_trust/mfa/reset.html", {})
