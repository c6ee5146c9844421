"""``/health/live``, ``/health/ready`` and ``/metrics``, and the timing of
every request (from Flask's ``request_started``, so requests that an
earlier hook answers, a 400 at the edge or a 429, are timed too).

None of them is an action (not in the OpenAPI description), none needs a
login; the page headers (``web/headers.py``) apply to them as to every
response."""
from __future__ import annotations

import ipaddress
import json
import time

from flask import Blueprint, Response, g, request, request_started

from .. import config as tdpf_config
from . import health, metrics

tdpf_ops = Blueprint("tdpf_ops", __name__)


def _started(_sender, **_extra) -> None:
    g._tdpf_started = time.perf_counter()


def networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The configured addresses; a malformed one raises ValueError."""
    return [ipaddress.ip_network(text, strict=False)
            for text in tdpf_config.metrics_allow_addresses()]


@tdpf_ops.record_once
def _configure(state) -> None:
    networks()  # a malformed allowed address stops the start-up
    request_started.connect(_started, state.app)


@tdpf_ops.after_app_request
def _timed(response: Response) -> Response:
    started = g.get("_tdpf_started")
    if started is not None:
        metrics.observe_request(request.endpoint, request.path, response.status_code,
                                time.perf_counter() - started)
    return response


def _uncached(response: Response) -> Response:
    request.environ["__no_cache__"] = True  # CKAN's cache headers: private, not public
    response.cache_control.no_store = True
    return response


def _json(body: dict, status: int) -> Response:
    return _uncached(Response(json.dumps(body, ensure_ascii=False), status=status,
                              content_type="application/json;charset=utf-8"))


@tdpf_ops.route("/health/live")
def live() -> Response:
    return _json({"status": "live"}, 200)


@tdpf_ops.route("/health/ready")
def ready() -> Response:
    ok, body = health.ready()
    return _json(body, 200 if ok else 503)


def allowed(remote_addr: str | None, forwarded: bool) -> bool:
    """Whether this client may read /metrics: its address is configured and
    no proxy forwarded the request (a proxy on the same host would make
    every visitor look like 127.0.0.1)."""
    if forwarded or not remote_addr:
        return False
    try:
        address = ipaddress.ip_address(remote_addr.split("%")[0])  # no IPv6 zone
    except ValueError:
        return False
    return any(address in net for net in networks())


@tdpf_ops.route("/metrics")
def scrape() -> Response:
    forwarded = bool(request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"))
    if not allowed(request.remote_addr, forwarded):
        return Response("Not found\n", status=404, content_type="text/plain; charset=utf-8")
    from prometheus_client import CONTENT_TYPE_LATEST

    return _uncached(Response(metrics.exposition(), content_type=CONTENT_TYPE_LATEST))
