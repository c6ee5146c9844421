"""Replaces the CSRF exemption that CKAN's ``ckan_before_request``
(``ckan/config/middleware/flask_app.py``) grants a request authenticated by
an API token, or carrying no session user (``g.login_via_auth_header``).

CKAN calls ``csrf.exempt(view)``, which adds the view to Flask-WTF's
process-wide set of exempt views: after one such request every later
request to that view skips the CSRF check for the life of the worker, a
cookie-authenticated form POST sent from another site too (one GET of
``/user/<id>/api-tokens`` with a token, then token creation by a forged
form; the first anonymous call of the Action API exempted the whole API).

Here the decision belongs to the request: ``csrf.protect`` (which
Flask-WTF's before_request calls for every request, after CKAN's) skips
the check when this request is token-authenticated or anonymous, and an
exemption asked for while a request is served is not recorded. Exemptions
declared outside a request (``@csrf.exempt`` on a view at import) keep
working."""
from __future__ import annotations

from typing import Any

REPLACES = "CKAN's CSRF exemption of token requests"
WRITTEN_FOR = {"ckan": "2.12.0"}
# Flask-WTF's own entry points are wrapped, whatever CKAN calls them for:
# nothing here depends on CKAN's internals, and the protection matters
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = ("Kept on (it wraps Flask-WTF's csrf.exempt/protect, not CKAN code): "
                    "check that CKAN still exempts token requests through csrf.exempt.")


def install(on: bool) -> None:
    if not on:
        return
    from flask import g, has_request_context

    from ckan.config.middleware import flask_app

    csrf = flask_app.csrf
    if getattr(csrf, "tdpf_per_request", False):  # update_config runs more than once
        return
    exempt, protect = csrf.exempt, csrf.protect

    def exempt_outside_requests(view: Any) -> Any:
        return view if has_request_context() else exempt(view)

    def protect_unless_token(apply_exemptions: bool = False) -> None:
        if apply_exemptions and g.get("login_via_auth_header"):
            return None
        return protect(apply_exemptions=apply_exemptions)

    csrf.exempt = exempt_outside_requests
    csrf.protect = protect_unless_token
    setattr(csrf, "tdpf_per_request", True)  # noqa: B010 - an attribute of our own
