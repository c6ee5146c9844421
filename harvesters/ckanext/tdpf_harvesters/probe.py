"""接続テスト: what a catalog URL answers before it is saved as a source —
a CKAN Action API (``package_search``) or a DCAT document (ckanext-dcat's
parser, Hydra pages) — with its dataset count and some titles. One
attempt under the bundle's outbound policy (no loopback or private
address unless allow-listed), a short timeout; every failure is a
sentence the operator can act on."""
from __future__ import annotations

import dataclasses
import json
import urllib.parse

import requests
from rdflib import Literal
from rdflib.namespace import Namespace

import ckan.plugins.toolkit as tk

from ckanext.dcat.processors import RDFParser, RDFParserException
from ckanext.tdpf import outbound

from . import config
from .harvesters.ckan import action_base
from .harvesters.dcat import ACCEPT, DEFAULT_PROFILES, rdf_format

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SAMPLES = 5
_DCAT_PAGES = 10  # pages read to count a catalog without hydra:totalItems
_ = tk._


class ProbeError(Exception):
    """The catalog cannot be harvested as given: the message says why."""


def _policy() -> outbound.Policy:
    return dataclasses.replace(outbound.Policy.from_config(), retries=0,
                               timeout=float(config.probe_timeout()))


def _timed_out(e: BaseException) -> bool:
    while e is not None:
        if isinstance(e, requests.Timeout):
            return True
        e = e.__cause__  # type: ignore[assignment]
    return False


def _fetch(url: str, accept: str) -> outbound.Response:
    try:
        return outbound.fetch(url, policy=_policy(), headers={"Accept": accept})
    except outbound.OutboundRefused as e:
        raise ProbeError(_("This address may not be fetched: {reason}").format(reason=e)) from e
    except outbound.FetchError as e:
        if _timed_out(e):
            raise ProbeError(_("The catalog did not answer within {n} seconds.").format(
                n=config.probe_timeout())) from e
        if e.status:
            raise ProbeError(_("The catalog answered with HTTP status {status}: check the "
                               "URL.").format(status=e.status)) from e
        host = urllib.parse.urlsplit(url).netloc
        raise ProbeError(_("Cannot reach {host}: check the URL and that the site is "
                           "up.").format(host=host)) from e


def _html(resp: outbound.Response) -> bool:
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    head = resp.text.lstrip("\ufeff \r\n\t")[:200].lower()
    return ctype in ("text/html", "application/xhtml+xml") or head.startswith(
        ("<!doctype html", "<html"))


def ckan(url: str) -> dict:
    """Count and sample titles of a CKAN catalog (any URL of the site or its API)."""
    base = action_base(url)
    resp = _fetch(f"{base}/package_search?{urllib.parse.urlencode({'rows': SAMPLES})}",
                  "application/json")
    if _html(resp):
        raise ProbeError(_("The address answered with a web page (HTML), not the CKAN API: "
                           "give the catalog's address (e.g. https://example.jp/ or "
                           "…/api/3/action/)."))
    try:
        body = json.loads(resp.text.lstrip("\ufeff \r\n\t"))
    except ValueError as e:
        raise ProbeError(_("The answer is not JSON: this is not a CKAN catalog (for a DCAT "
                           "catalog choose DCAT).")) from e
    result = body.get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("count"), int):
        raise ProbeError(_("The answer is not a CKAN API answer: this is not a CKAN "
                           "catalog (for a DCAT catalog choose DCAT)."))
    titles = [str(r.get("title") or r.get("name") or "") for r in result.get("results") or []
              if isinstance(r, dict)]
    return {"kind": "ckan", "url": base + "/", "count": result["count"], "more": False,
            "titles": [t for t in titles if t][:SAMPLES]}


def dcat(url: str) -> dict:
    """Count (hydra:totalItems, else the datasets of the first pages) and
    sample titles of a DCAT catalog."""
    count, titles, page, pages = 0, [], url, 0
    total = None
    while page and pages < _DCAT_PAGES:
        resp = _fetch(page, ACCEPT)
        if _html(resp):
            raise ProbeError(_("The address answered with a web page (HTML), not a DCAT "
                               "document (Turtle, RDF/XML or JSON-LD)."))
        parser = RDFParser(profiles=DEFAULT_PROFILES)
        try:
            parser.parse(resp.text, _format=rdf_format(
                page, resp.headers.get("Content-Type", ""), ""))
        except RDFParserException as e:
            raise ProbeError(_("The answer is not a readable DCAT document (Turtle, RDF/XML "
                               "or JSON-LD).")) from e
        found = list(parser.datasets())
        if not found and not pages:
            raise ProbeError(_("The document holds no dcat:Dataset: this is not a DCAT "
                               "catalog (for a CKAN catalog choose CKAN)."))
        count += len(found)
        titles += [d.get("title") or d.get("name") or "" for d in found]
        if total is None:
            total = next((int(o) for o in parser.g.objects(None, HYDRA.totalItems)
                          if isinstance(o, Literal) and str(o).isdigit()), None)
        nxt = parser.next_page()
        page = urllib.parse.urljoin(page, nxt) if nxt else None
        pages += 1
        if total is not None:
            break
    return {"kind": "dcat", "url": url, "count": total if total is not None else count,
            "more": total is None and page is not None,
            "titles": [t for t in titles if t][:SAMPLES]}


def probe(url: str, source_type: str) -> dict:
    """What ``url`` answers as a source of ``source_type`` (tdpf_ckan or
    tdpf_dcat): ``{"kind", "url", "count", "more", "titles"}``; ProbeError."""
    try:
        outbound.check_url(url)
    except outbound.OutboundRefused as e:
        raise ProbeError(_("This address may not be fetched: {reason}").format(reason=e)) from e
    return dcat(url) if source_type == "tdpf_dcat" else ckan(url)
