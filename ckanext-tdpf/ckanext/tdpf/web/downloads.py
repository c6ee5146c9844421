"""Uploaded files, as every download route serves them (CKAN's
``/dataset/<id>/resource/<rid>/download[/<name>]``, the market's
``/market/download/<rid>``, any other ``*.download`` endpoint, and
``/uploads/`` images): a file must never run script in the portal's
origin, whatever its name, declared type or content.

- ``X-Content-Type-Options: nosniff``: the browser keeps the declared type
  (an HTML file declared ``image/png`` is not read as HTML);
- ``Content-Security-Policy: sandbox; default-src 'none'``: a file the
  browser does render is a document of a unique origin, without scripts,
  forms or any subresource;
- ``Content-Disposition: attachment`` for everything but the types a
  browser shows passively (raster images, plain text, CSV, JSON): HTML,
  XHTML, SVG, XML, JavaScript, PDF and unknown types are saved, not shown.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

from flask import Response, request
from werkzeug.http import dump_options_header

import ckan.plugins.toolkit as tk
from ckan import model

from .headers import FIXED

POLICY = "sandbox; default-src 'none'; frame-ancestors 'self'"
SHOWN_INLINE = frozenset({
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
    "text/plain", "text/csv", "application/json",
})


def is_file_download(response: Response) -> bool:
    """A file answered by a download route (not its refusal or redirect)."""
    if not 200 <= response.status_code < 300:
        return False
    return (request.endpoint or "").endswith(".download") or request.path.startswith("/uploads/")


def refuse_unsendable_name() -> None:
    """A file name with a control character in the address cannot name the
    file in a header (CKAN's download view raised ValueError: 500)."""
    name = (request.view_args or {}).get("filename")
    if (request.endpoint or "").endswith(".download") and isinstance(name, str) \
            and not name.isprintable():
        tk.abort(400, tk._("The file name in the address has a control character"))


def apply(response: Response) -> None:
    response.headers.update(FIXED)
    response.headers["Content-Security-Policy"] = POLICY
    response.headers.pop("Content-Security-Policy-Report-Only", None)
    if (response.mimetype or "").lower() not in SHOWN_INLINE:
        response.headers["Content-Disposition"] = _attachment(
            response.headers.get("Content-Disposition", ""))


def _attachment(disposition: str) -> str:
    """The disposition as ``attachment``, named as the file was uploaded
    (the address's file name, else the resource's), else as the route
    named it."""
    name = _file_name()
    if not name:
        _kind, sep, params = disposition.partition(";")
        return "attachment" + (";" + params if sep else "")
    if name.isascii() and name.isprintable():
        return dump_options_header("attachment", {"filename": name})
    fallback = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if c.isascii() and c.isprintable())
    return dump_options_header("attachment", {
        "filename": fallback.strip() or "download", "filename*": "UTF-8''" + quote(name)})


def _file_name() -> str:
    args = request.view_args or {}
    if isinstance(args.get("filename"), str):  # a static file's is a path
        return args["filename"].rsplit("/", 1)[-1]
    if isinstance(args.get("resource_id"), str):
        stored = model.Resource.get(args["resource_id"])
        if stored is not None and stored.url_type == "upload":
            return (stored.url or "").rstrip("/").rsplit("/", 1)[-1]
    return ""
