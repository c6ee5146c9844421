"""The request side of the search log: one RPUSH per logged search or
click, nothing else (no database, no lookup) on the search path.

Logged: the first page of a search on the dataset search page
(``dataset.search``) or through ``package_search`` in the API, once per
request (the page's own helper searches are not the visitor's), not from
bots (``usage.bots``; the API keeps scripts, which are real users of it).
A click: the dataset page opened from a search page of this site, read
from the Referer the site's ``Referrer-Policy: strict-origin-when-cross-origin``
sends on same-origin navigation."""
from __future__ import annotations

import json
import logging
import re
import time
import urllib.parse

import flask

import ckan.plugins.toolkit as tk

from .. import config as tdpf_config
from ..facets import current_lang
from ..usage import bots
from .model import API, WEB

log = logging.getLogger(__name__)

MAX_QUERY = 200
MAX_FILTERS = 500
# what package_search adds to fq itself: not the visitor's filters
INTERNAL_FQ = re.compile(r'\+?(?:capacity|state|dataset_type|site_id|permission_labels)'
                         r':(?:\([^)]*\)|"[^"]*"|\S+)')
NOT_FILTERS = {"q", "page", "sort"}
SEARCH_PATHS = re.compile(r"^(?:/[a-z]{2}(?:_[A-Za-z]{2})?)?/dataset/?$")
_FLAG = "_tdpf_searchlog_done"


def queue_key() -> str:
    return f"ckan:{tk.config.get('ckan.site_id')}:tdpf:searchlog:queue"


def _redis():
    from ckan.lib.redis import connect_to_redis
    return connect_to_redis()


def clean_query(text: object) -> str:
    return " ".join(str(text or "").split())[:MAX_QUERY]


def web_filters(args) -> str:
    """The search page's filters (facet values) as ``key:"value"`` sorted,
    the same for a search and for the click that follows it."""
    pairs = sorted((k, v) for k in args for v in args.getlist(k)
                   if k not in NOT_FILTERS and not k.startswith("_") and v)
    return " ".join(f'{k}:"{v}"' for k, v in pairs)[:MAX_FILTERS]


def api_filters(params: dict) -> str:
    parts = [INTERNAL_FQ.sub("", str(params.get("fq") or ""))]
    fq_list = params.get("fq_list")
    if isinstance(fq_list, list):
        parts += [str(f) for f in fq_list]
    return " ".join(" ".join(parts).split())[:MAX_FILTERS]


def _push(event: dict) -> None:
    try:
        _redis().rpush(queue_key(), json.dumps(event, ensure_ascii=False))
    except Exception:  # noqa: BLE001 - the log never breaks a search
        log.exception("search log: could not queue an event")


def _source() -> str | None:
    request = flask.request
    if request.endpoint == "dataset.search":
        return WEB
    if request.endpoint == "api.action" and \
            (request.view_args or {}).get("logic_function") == "package_search":
        return API
    return None


def on_search(search_results: dict, search_params: dict) -> None:
    """IPackageController.after_dataset_search (via the core plugin)."""
    if not flask.has_request_context() or not tdpf_config.searchlog_enabled():
        return
    source = _source()
    if source is None or flask.g.get(_FLAG):
        return
    flask.g.setdefault(_FLAG, True)
    request = flask.request
    if bots.is_bot(request.headers.get("User-Agent"), "view" if source == WEB else "download",
                   request.method if source == WEB else "GET"):
        return
    if int(search_params.get("start") or 0) > 0:
        return  # a further page of a search already logged
    if source == WEB:
        query, filters = request.args.get("q", ""), web_filters(request.args)
    else:
        sent = request.get_json(silent=True) if request.method == "POST" else None
        params = sent if isinstance(sent, dict) else request.args.to_dict()
        query, filters = params.get("q", ""), api_filters(params)
    _push({"k": "s", "t": time.time(), "q": clean_query(query), "f": filters,
           "n": int(search_results.get("count") or 0), "l": current_lang(), "s": source})


def on_response(response: flask.Response) -> flask.Response:
    """after_app_request: a dataset page opened from a search page."""
    request = flask.request
    if request.endpoint != "dataset.read" or response.status_code != 200 \
            or not tdpf_config.searchlog_enabled():
        return response
    referrer = urllib.parse.urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not SEARCH_PATHS.match(referrer.path):
        return response
    if bots.is_bot(request.headers.get("User-Agent"), "view", request.method):
        return response
    from werkzeug.datastructures import MultiDict
    args = MultiDict(urllib.parse.parse_qsl(referrer.query))
    query, filters = clean_query(args.get("q", "")), web_filters(args)
    if query or filters:
        _push({"k": "c", "t": time.time(), "q": query, "f": filters,
               "d": str((request.view_args or {}).get("id") or "")})
    return response
