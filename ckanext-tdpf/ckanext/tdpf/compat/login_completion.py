"""Uses what ``ckan.views.user`` does after a good password
(``regenerate_session``, ``rotate_token``, ``next_page_or_default``) to
start a session for the trust plugin's two-step login (IAuthenticator.login
replaces CKAN's login view, so CKAN's own ending of it never runs).

The new session id (against session fixation) and the new CSRF token are
CKAN's; on another CKAN version whose view lacks one of these functions,
:func:`complete` clears the session itself, rotates the token through
Flask-WTF and sends the browser to a local ``next`` or to
``ckan.auth.route_after_login``.
"""
from __future__ import annotations

import datetime
from typing import Any

REPLACES = "the end of ckan.views.user.login"
WRITTEN_FOR = {"ckan": "2.12.0"}
# a login must always start a fresh session: kept on, with a fallback
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = ("Kept on: CKAN's functions are used where they exist, else the "
                    "session is cleared and the CSRF token renewed here.")


def complete(user: Any, remember: str, next_page: str | None) -> Any:
    """Log ``user`` in as CKAN's login view does; the redirect."""
    from flask_login import login_user

    from ckan.views import user as user_views

    regenerate = getattr(user_views, "regenerate_session", None)
    rotate = getattr(user_views, "rotate_token", None)
    next_or_default = getattr(user_views, "next_page_or_default", None)
    if regenerate is not None:
        regenerate()
    else:
        _clear_session()
    if remember.isdigit():
        login_user(user, remember=True, duration=datetime.timedelta(
            milliseconds=int(remember)))
    else:
        login_user(user)
    if rotate is not None:
        rotate()
    else:
        _rotate_csrf()
    if next_or_default is not None:
        return next_or_default(next_page)
    return _next_or_dashboard(next_page)


def _clear_session() -> None:
    from flask import session

    session.clear()


def _rotate_csrf() -> None:
    from flask import session
    from flask_wtf.csrf import generate_csrf

    import ckan.plugins.toolkit as tk

    session.pop(tk.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token", None)
    generate_csrf()


def _next_or_dashboard(next_page: str | None) -> Any:
    import ckan.plugins.toolkit as tk

    if next_page and tk.h.url_is_local(next_page):
        return tk.redirect_to(next_page)
    return tk.redirect_to(tk.config.get("ckan.auth.route_after_login"))
