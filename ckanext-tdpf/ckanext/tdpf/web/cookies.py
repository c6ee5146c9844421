"""On a site served over https (``ckan.site_url``), the session cookie
(``SESSION_COOKIE_NAME``, ``ckan`` by default) and flask-login's remember
cookie (``REMEMBER_COOKIE_NAME``, ``remember_token``) are marked Secure:
the browser never sends them over plain http, where anyone on the path
could read them. An http site (a local demo) keeps them as configured."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

SECURE_FLAGS = ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE")


def configure(app: Any) -> None:
    """Flask reads these when it writes each cookie."""
    if str(tk.config.get("ckan.site_url") or "").lower().startswith("https://"):
        for flag in SECURE_FLAGS:
            app.config[flag] = True
