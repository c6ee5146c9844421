"""The login form with a second step (IAuthenticator.login); what a session
may do before its second step is ``guard.py``.

A valid password of a suspended user is refused with a message; while the
account or the address is locked after wrong passwords (``password.py``)
every password is refused. For an enrolled user the session does not start
yet: the pending login waits in the session (5 minutes) for a code at
``/user/login/verify``."""
from __future__ import annotations

import time

from flask import request, session
from flask_login import current_user

import ckan.plugins.toolkit as tk
from ckan.lib import authenticator
from ckan.model import User

from ..suspension import checks as suspension
from . import password
from .totp import is_enrolled

PENDING = "tdpf_mfa_pending"
VERIFIED = "tdpf_mfa_verified"   # user id whose second step passed in this session
PENDING_SECONDS = 300


def password_step():
    """Handle the login form's POST; None lets CKAN render the form."""
    if request.method != "POST" or current_user.is_authenticated:
        return None
    # CKAN's chain (other plugins' authenticate, then the password check)
    user = authenticator.ckan_authenticator({"login": request.form.get("login") or "",
                                             "password": request.form.get("password") or ""})
    if not isinstance(user, User):
        locked = password.locked_message()
        tk.h.flash_error(locked or tk._("Login failed. Bad username or password."))
        return tk.render("user/login.html", {}), 429 if locked else 200
    password.succeeded(user)
    if suspension.is_suspended(user):
        tk.h.flash_error(suspension.suspended_message())
        return tk.render("user/login.html", {})
    pending = {"user": user.id, "remember": request.form.get("remember") or "",
               "next": request.args.get("next", request.args.get("came_from")) or "",
               "at": time.time()}
    if is_enrolled(user.id):
        session[PENDING] = pending
        return tk.redirect_to("tdpf_mfa.verify")
    return complete_login(user, pending, verified=False)


def pending_user() -> tuple[User | None, dict]:
    pending = session.get(PENDING) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, {}
    user = User.get(pending["user"])
    if user is None or not user.is_active or suspension.is_suspended(user):
        return None, {}
    return user, pending


def complete_login(user: User, pending: dict, verified: bool):
    """Start the session as CKAN's login view does after a good password."""
    from ckanext.tdpf.compat import login_completion

    session.pop(PENDING, None)
    redirect = login_completion.complete(user, pending.get("remember") or "",
                                         pending.get("next") or None)
    if verified:
        session[VERIFIED] = user.id
    return redirect
