"""A request that changes something and was authenticated by the session
cookie must carry the CSRF token of the page it came from (the
``_csrf_token`` form field, or the ``X-CSRFToken`` header CKAN's
JavaScript client sends); a request with an API token needs none (see
``compat.csrf_exemption``). Without it: 403, with what to do, as JSON
under ``/api/`` and as the error page elsewhere."""
from __future__ import annotations

from flask import request
from flask_wtf.csrf import CSRFError

import ckan.plugins.toolkit as tk

from ..edge import _api_error


def refused(error: CSRFError):
    message = tk._(
        "This request was refused: it does not carry the security token of a page "
        "of this site ({reason}). Reload the page and send it again; programs use "
        "an API token in the Authorization header, or send the page's token in the "
        "X-CSRFToken header.").format(reason=error.description)
    if request.path.startswith("/api/"):
        return _api_error(403, {"__type": "Authorization Error", "message": message})
    return tk.render("error_document_template.html", {
        "code": 403, "name": tk._("Forbidden"), "content": message}), 403
