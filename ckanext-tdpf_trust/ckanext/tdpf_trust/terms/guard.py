"""A signed-in session whose user has not accepted the current 利用規約 or
プライバシーポリシー reaches only the acceptance page, the pages themselves,
the MFA pages, assets and logging out (IAuthenticator.identify, after the
MFA guard). The Action API with the session cookie answers 403 in its
error shape.

The check runs on every request of a session, so a version published while
a user is signed in is asked for on their next page. Requests with an API
token (``g.login_via_auth_header``) are not limited, so scripts keep
working: their answers carry ``X-TDPF-Terms-Pending`` with the names of the
pages still to accept (``tdpf_terms_status`` tells more, and
``tdpf_terms_accept`` accepts), and the owner is asked at their next login
on the web site."""
from __future__ import annotations

from flask import Response, g, jsonify, request
from flask_login import current_user

import ckan.plugins.toolkit as tk

from .records import pending

HEADER = "X-TDPF-Terms-Pending"
_PENDING = "tdpf_terms_pending"  # flask.g: the pending page names, for the header
_OPEN = {"static", "webassets.index", "api.i18n_js_translations", "user.logout",
         "user.logged_out_page", "tdpf_terms.accept", "tdpf_pages.read", "tdpf_pages.terms",
         "tdpf_pages.privacy", "tdpf_pages.index"}


def _message() -> str:
    return tk._("The terms of use or the privacy policy changed: accept the new version "
                "on the web site (/user/_terms) before this login can use the site or the API.")


def _is_api() -> bool:
    return (request.endpoint or "").startswith("api.") or request.path.startswith("/api/")


def request_guard():
    if not current_user.is_authenticated:
        return None
    endpoint = request.endpoint or ""
    if tk.g.get("login_via_auth_header"):
        if _is_api():
            g.setdefault(_PENDING, [page["name"] for page in pending(current_user.id)])
        return None
    if endpoint in _OPEN or endpoint.startswith("tdpf_mfa."):
        return None
    if not pending(current_user.id):
        return None
    if _is_api():
        response = jsonify({"success": False, "error": {
            "__type": "Authorization Error", "message": _message()}})
        response.status_code = 403
        return response
    target = request.full_path.rstrip("?") if request.method == "GET" else ""
    return tk.redirect_to("tdpf_terms.accept", next=target or None)


def pending_header(response: Response) -> Response:
    """(after every request) Tell a token's script that its owner has terms
    to accept."""
    names = g.get(_PENDING)
    if names:
        response.headers[HEADER] = ",".join(names)
    return response
