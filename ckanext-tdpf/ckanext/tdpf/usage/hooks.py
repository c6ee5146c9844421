"""What the web edge counts, after the response is decided: a dataset's
page (200), a resource's page (200), a download of open data (200 for an
upload, or CKAN's redirect to a resource hosted at the source). The
resource links of our templates point at CKAN's download route for every
URL (``h.tdpf_usage_resource_href``), so off-site resources are counted on
their way out. Gated resources are left to the market: its guard answers
their download route first (refusal, or a redirect to its own logged
route) and its usage panel shows them."""
from __future__ import annotations

import logging

import flask

from ckan import model

from .. import conditions
from .. import config as tdpf_config
from . import bots, counter
from .model import DOWNLOAD, VIEW

log = logging.getLogger(__name__)

DATASET_PAGES = ("dataset.read",)
RESOURCE_PAGES = ("resource.read", "dataset_resource.read")
DOWNLOADS = ("resource.download", "dataset_resource.download")
REDIRECTS = (301, 302, 303, 307, 308)


def _target(endpoint: str, status: int) -> tuple[str, str] | None:
    if endpoint in DATASET_PAGES and status == 200:
        return VIEW, ""
    if endpoint in RESOURCE_PAGES and status == 200:
        return VIEW, "resource"
    if endpoint in DOWNLOADS and (status == 200 or status in REDIRECTS):
        return DOWNLOAD, "resource"
    return None


def _open_download(resource_id: str, location: str) -> str | None:
    """The dataset id of an open resource's download, None for a gated one
    (or one whose redirect leads back to the market's route)."""
    resource = model.Resource.get(resource_id)
    if resource is None or conditions.is_gated_stored(resource.package, resource):
        return None
    if location and location != (resource.url or ""):
        return None  # not CKAN's redirect to the stored URL
    return resource.package_id


def count_response(response: flask.Response) -> flask.Response:
    """after_app_request: count the view or download of this response."""
    request = flask.request
    target = _target(request.endpoint or "", response.status_code)
    if target is None or not tdpf_config.usage_enabled():
        return response
    kind, level = target
    headers = request.headers
    if bots.is_bot(headers.get("User-Agent"), kind, request.method,
                   headers.get("Sec-Purpose") or headers.get("Purpose") or ""):
        return response
    args = request.view_args or {}
    dataset = str(args.get("id") or "")
    resource = str(args.get("resource_id") or "") if level else ""
    try:
        if kind == DOWNLOAD:
            location = response.headers.get("Location", "") if response.status_code != 200 else ""
            found = _open_download(resource, location)
            if found is None:
                return response
            dataset = found
        counter.count(kind, dataset, resource, request.remote_addr or "",
                      headers.get("User-Agent", ""))
    except Exception:  # noqa: BLE001 - a count never breaks the page
        log.exception("usage: could not count %s of %s", kind, dataset)
    return response
