"""The response side of the web edge (requests are checked in ``edge.py``):
security headers and a script-tight Content-Security-Policy on every
response (``headers``), uploads served so that no file can run script in
the portal's origin (``downloads``), session cookies marked Secure on an
https site (``cookies``) and CSRF refusals answered in the API's shape
(``csrf``). One blueprint with app-wide hooks, listed in ``views``."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_wtf.csrf import CSRFError

from . import cookies, csrf, downloads, headers

tdpf_web = Blueprint("tdpf_web", __name__)


@tdpf_web.record_once
def _configure(state) -> None:
    cookies.configure(state.app)
    headers.check_config()  # a malformed extra source stops the start-up


tdpf_web.app_errorhandler(CSRFError)(csrf.refused)


tdpf_web.before_app_request(downloads.refuse_unsendable_name)


@tdpf_web.after_app_request
def secure_response(response: Response) -> Response:
    if downloads.is_file_download(response):
        downloads.apply(response)
    else:
        headers.apply(response)
    return response
