"""The GeoJSON of a map preview, from the site itself (the page policy's
connect-src is the site's own; a remote file is fetched through the
outbound policy). Refused as its dataset and its download are."""
from __future__ import annotations

import os
from typing import cast

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import outbound
from .access import may_read

blueprint = Blueprint("tdpf_preview", __name__)

MAX_BYTES = 20 * 2**20  # a map preview, not a download


def _error(status: int, message: str) -> Response:
    return Response(message, status=status, mimetype="text/plain")


@blueprint.route("/tdpf/preview/<resource_id>/geojson")
def geojson(resource_id: str) -> Response:
    context = cast("Context", {"user": tk.current_user.name if tk.current_user else ""})
    try:
        resource = tk.get_action("resource_show")(context, {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return _error(404, tk._("Resource not found"))
    if not may_read(context.get("user") or None, resource_id):
        return _error(403, tk._("This data requires an approved access request."))
    if resource.get("url_type") == "upload":
        from ckan.lib.uploader import get_resource_uploader
        path = get_resource_uploader(resource).get_path(resource_id)
        if not os.path.exists(path) or os.path.getsize(path) > MAX_BYTES:
            return _error(404, tk._("Resource not found"))
        with open(path, "rb") as stream:
            body = stream.read()
    else:
        try:
            body = outbound.fetch(resource.get("url") or "", max_bytes=MAX_BYTES).content
        except (outbound.FetchError, outbound.OutboundRefused) as e:
            return _error(502, str(e))
    response = Response(body, mimetype="application/geo+json")
    response.headers["Cache-Control"] = "private, no-store"
    return response
