"""``tdpf_dcat``: DCAT catalogs (Turtle, RDF/XML, JSON-LD) with Hydra paging,
parsed by ckanext-dcat's RDF harvester machinery and profiles.

Unlike the stock ``dcat_rdf`` harvester, every page is fetched through the
outbound policy (http(s) only, never a local file, private addresses
refused, size limit), and a page URL or content seen before ends the run
with an error instead of looping.
"""
from __future__ import annotations

import hashlib
import urllib.parse

from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.dcat.processors import RDFParser, RDFParserException
from ckanext.tdpf import outbound

from .. import mapping
from .base import RemoteError, TdpfHarvesterBase

ACCEPT = ("text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, "
          "application/n-triples;q=0.5, */*;q=0.1")
_FORMATS = {"text/turtle": "turtle", "application/x-turtle": "turtle",
            "application/rdf+xml": "xml", "application/xml": "xml", "text/xml": "xml",
            "application/ld+json": "json-ld", "application/json": "json-ld",
            "application/n-triples": "nt", "text/n3": "n3"}
_SUFFIXES = {".ttl": "turtle", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld",
             ".json": "json-ld", ".nt": "nt", ".n3": "n3"}
DEFAULT_PROFILES = ["euro_dcat_ap_2"]


def rdf_format(url: str, content_type: str, configured: str) -> str | None:
    if configured:
        return configured
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in _FORMATS:
        return _FORMATS[ctype]
    path = urllib.parse.urlsplit(url).path.lower()
    return next((f for s, f in _SUFFIXES.items() if path.endswith(s)), None)


def _extra(dataset: dict, key: str) -> str:
    return next((e.get("value") or "" for e in dataset.get("extras", [])
                 if e.get("key") == key), "")


class DcatHarvester(TdpfHarvesterBase, DCATRDFHarvester):
    def info(self):
        return {"name": "tdpf_dcat", "title": "DCAT RDF (TDPF)",
                "description": "DCAT catalogs in Turtle, RDF/XML or JSON-LD with Hydra "
                               "paging, mapped to the TDPF schema; http(s) only"}

    def gather(self, harvest_job):
        cfg = self.source_config(harvest_job)
        policy = cfg.policy()
        profiles = cfg.extra.get("profiles") or DEFAULT_PROFILES
        base = cfg.extra.get("dataset_url") or harvest_job.source.url
        url, seen_urls, seen_bodies = harvest_job.source.url, set(), set()
        ids: list[str] = []
        listed: set[str] = set()
        try:
            while url:
                if url in seen_urls:
                    raise RemoteError(f"{url}: the catalog pages loop back to this page; "
                                      "stopped")
                seen_urls.add(url)
                resp = outbound.fetch(url, policy=policy, headers={"Accept": ACCEPT})
                digest = hashlib.sha256(resp.content).hexdigest()
                if digest in seen_bodies:
                    raise RemoteError(f"{url}: same content as an earlier page; stopped "
                                      "instead of looping")
                seen_bodies.add(digest)
                parser = RDFParser(profiles=profiles)
                fmt = rdf_format(url, resp.headers.get("Content-Type", ""), cfg.rdf_format)
                try:
                    parser.parse(resp.text, _format=fmt)
                except RDFParserException as e:
                    shown = fmt or "format unknown"
                    raise RemoteError(f"{url}: not a readable RDF document ({shown}): "
                                      f"{str(e)[:300]}") from e
                items = [self._item(d, base) for d in parser.datasets()]
                items = [i for i in items if i]
                listed.update(i["guid"] for i in items)
                ids += self.objects_for_page(harvest_job, items)
                nxt = parser.next_page()
                url = urllib.parse.urljoin(url, str(nxt)) if nxt else None
            ids += self.withdrawals(harvest_job, cfg, listed)
        except (RemoteError, outbound.FetchError, outbound.OutboundRefused) as e:
            self.gather_error(harvest_job, f"{e} ({len(ids)} records gathered before)")
        return ids

    def _item(self, dataset: dict, base: str) -> dict | None:
        guid = _extra(dataset, "identifier") or _extra(dataset, "uri") or dataset.get("name")
        if not guid:
            return None
        uri = _extra(dataset, "uri")
        key = guid.rstrip("/").rsplit("/", 1)[-1]
        page = dataset.get("url") or (uri if uri.startswith(("http://", "https://")) else "")
        return {"guid": guid, "remote": {**dataset, "id": guid}, "key": key,
                "page_url": page, "global_id": mapping.global_id(base, key),
                "publisher": mapping.publisher(dataset)}
