"""What a session may do before its MFA is complete (IAuthenticator.identify,
on every request: web pages and the API alike).

A request authenticated by the session cookie, whatever its path, is
limited to the MFA pages, their assets and logging out while:

- the user is enrolled but this session has not passed the second step
  (it began before the user enrolled elsewhere, or was restored from a
  "remember me" cookie): a page turns the session back into a pending
  login and asks for a code;
- the user must use MFA, has not enrolled, and ``enforce_enrolment`` is on:
  a page sends them to the enrolment page. With it off they are sent there
  once per session (a reminder).

The API answers 403 in the Action API's error shape. A request with an API
token (``g.login_via_auth_header``) is not limited: a token of a user who
must use MFA can only be made after passing it (``actions.api_token_create``)."""
from __future__ import annotations

import time
from typing import cast

from flask import jsonify, request, session
from flask_login import current_user, logout_user

import ckan.plugins.toolkit as tk
from ckan.model import User

from . import config
from .login import PENDING, VERIFIED
from .totp import is_enrolled, required

VERIFY, ENROL = "verify", "enrol"
REMINDED = "tdpf_mfa_reminded"
# assets: files of the public directories, webassets bundles, the JS
# translations the pages' scripts load from /api/i18n
_ASSETS = {"static", "webassets.index", "api.i18n_js_translations"}
_LOGOUT = {"user.logout", "user.logged_out_page"}
_OPEN = {VERIFY: _ASSETS | _LOGOUT,
         ENROL: _ASSETS | _LOGOUT | {"tdpf_mfa.settings", "tdpf_mfa.verify"}}


def state(user: User) -> str | None:
    """``VERIFY`` or ``ENROL`` while this session's MFA is incomplete, else
    None."""
    if is_enrolled(user.id):
        return None if session.get(VERIFIED) == user.id else VERIFY
    if config.enforce_enrolment() and required(user):
        return ENROL
    return None


def _is_api() -> bool:
    return (request.endpoint or "").startswith("api.") or request.path.startswith("/api/")


def _api_refusal(current: str):
    response = jsonify({"success": False, "error": {
        "__type": "Authorization Error", "message": _api_messages()[current]}})
    response.status_code = 403
    return response


def _api_messages() -> dict[str, str]:
    return {
        VERIFY: tk._("Multi-factor authentication is not complete: log in again and enter "
                     "the code of your authenticator app before this login can use the "
                     "site or the API."),
        ENROL: tk._("Multi-factor authentication is not complete: your account must set "
                    "it up (at /user/_mfa) before this login can use the site or the API."),
    }


def _to_second_step():
    """The session becomes a pending login, as after a good password."""
    user = current_user
    session[PENDING] = {"user": user.id, "remember": "", "at": time.time(),
                        "next": request.full_path.rstrip("?") if request.method == "GET" else ""}
    logout_user()
    tk.h.flash_notice(tk._("Enter the code of your authenticator app to continue."))
    return tk.redirect_to("tdpf_mfa.verify")


def _to_enrolment():
    tk.h.flash_notice(tk._("Your account must use multi-factor authentication: "
                           "set it up now with an authenticator app."))
    return tk.redirect_to("tdpf_mfa.settings")


def _remind_once():
    """``enforce_enrolment`` off: a required user without MFA is shown the
    enrolment page once per session, on the first page after login."""
    endpoint = request.endpoint or ""
    if (_is_api() or endpoint.startswith("tdpf_mfa.") or endpoint in _LOGOUT | {"user.login"}
            or session.get(REMINDED) == current_user.id):
        return None
    session[REMINDED] = current_user.id
    if is_enrolled(current_user.id) or not required(cast("User", current_user)):
        return None
    return _to_enrolment()


def request_guard():
    if not current_user.is_authenticated or tk.g.get("login_via_auth_header"):
        return None
    endpoint = request.endpoint or ""
    if endpoint in _ASSETS:
        return None
    current = state(cast("User", current_user))  # authenticated: a User
    if current is None:
        return _remind_once()
    if endpoint in _OPEN[current]:
        return None
    if _is_api():
        return _api_refusal(current)
    return _to_second_step() if current == VERIFY else _to_enrolment()
