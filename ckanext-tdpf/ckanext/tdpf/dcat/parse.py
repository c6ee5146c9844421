"""DCAT -> TDPF fields: the parse side of the ``tdpf`` profile.

Runs after ckanext-dcat's DCAT-AP 3 parsing and turns its generic result
(URIs, ``extras``) into the TDPF schema's fields, so a harvested record
validates and keeps what our export wrote."""
from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT
from rdflib.namespace import DCTERMS as DCT

from ..keys import CADDE_KEYS, PROVENANCE_KEYS
from ..vocab import formats
from . import mapping, odrl
from .export import CNT_ENCODING, provenance_property
from .namespaces import CADDE, GSP, LOCN, TDPF

# Keys ckanext-dcat leaves that have no TDPF field (kept out of package_create).
_RESOURCE_DROP = ("access_url", "download_url", "license", "rights", "status",
                  "distribution_ref", "hash", "hash_algorithm", "documentation")


def detach_geometries(g: Graph, ref) -> str:
    """Take DCAT-AP 3 geometry nodes out of the graph and return the
    dataset's GeoJSON. ckanext-dcat's parser reads only literal geometries
    and fails on a node, so it must not see them."""
    geojson = ""
    for location in list(g.objects(ref, DCT.spatial)):
        for node in list(g.objects(location, LOCN.geometry)):
            if isinstance(node, Literal):
                continue
            geojson = geojson or _value(g, node, GSP.asGeoJSON)
            g.remove((location, LOCN.geometry, node))
    return geojson


def _values(g: Graph, ref, pred) -> list:
    return sorted(g.objects(ref, pred), key=str)


def _value(g: Graph, ref, pred) -> str:
    v = g.value(ref, pred)
    return str(v) if v is not None else ""


def _date(value: Any) -> str:
    return str(value or "")[:10]


def _extras(d: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in d.get("extras", [])}


def dataset_fields(g: Graph, ref, d: dict[str, Any], geojson: str = "") -> dict[str, Any]:
    """Rewrite ckanext-dcat's dict ``d`` in place into TDPF fields
    (``geojson``: what ``detach_geometries`` took out first)."""
    extras = _extras(d)
    d["maintainer"] = d.get("maintainer") or extras.get("contact_name", "")
    d["maintainer_email"] = d.get("maintainer_email") or extras.get("contact_email", "")
    d["uri"] = extras.get("uri") or (str(ref) if isinstance(ref, URIRef) else "")
    d["frequency"] = mapping.frequency_code(g.value(ref, DCT.accrualPeriodicity)) or ""
    d["access_rights"] = mapping.access_rights_code(g.value(ref, DCT.accessRights)) or ""
    d["language"] = [c for c in map(mapping.language_code, _values(g, ref, DCT.language)) if c]
    d.update(_themes(g, ref))
    d["focus_area"] = [k for k in map(mapping.focus_area_key, _values(g, ref, TDPF.focusArea)) if k]
    std = [k for k in map(mapping.standard_key, _values(g, ref, DCT.conformsTo)) if k]
    d["standard_dataset"] = std[0] if std else ""
    d["municipality_codes"] = [
        c for c in map(mapping.municipality_code, _values(g, ref, DCT.spatial)) if c]
    d["spatial"] = geojson or _geojson(d.get("spatial") or extras.get("spatial"))
    d["temporal_start"] = _date(d.get("temporal_start") or extras.get("temporal_start"))
    d["temporal_end"] = _date(d.get("temporal_end") or extras.get("temporal_end"))
    d["provider_type"] = _value(g, ref, TDPF.providerType)
    for key in PROVENANCE_KEYS:
        d[key] = _value(g, ref, provenance_property(key))
    _cadde(g, ref, d)
    if d.get("fee") == "有償":
        d["fee_amount"], d["fee_unit"] = odrl.price(g, ref)
    licence = _licence(g, ref)
    if licence:
        d["license_id"] = licence
    d["extras"] = []  # every field we know is at the top now
    for key in [k for k, v in d.items()
                if v in ("", [], None) and k not in ("extras", "resources", "tags")]:
        del d[key]
    return d


def _themes(g: Graph, ref) -> dict[str, list[str]]:
    uris = _values(g, ref, DCAT.theme)
    ours = [k for k in map(mapping.theme_key, uris) if k]
    if not ours:  # a foreign record with EU themes only
        ours = list(dict.fromkeys(k for k in map(mapping.theme_key_from_eu, uris) if k))
    return {"theme": ours}


def _geojson(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value)
    text = str(value or "").strip()
    return text if text.startswith("{") else ""


def _cadde(g: Graph, ref, d: dict[str, Any]) -> None:
    for key in CADDE_KEYS:
        values = [str(v) for v in _values(g, ref, CADDE[key])]
        if key == "trading_policy_use_application":
            d[key] = values
        else:
            d[key] = values[0] if values else ""


def _licence(g: Graph, ref) -> str | None:
    ids = (mapping.licence_id(g.value(dist, DCT.license))
           for dist in g.objects(ref, DCAT.distribution))
    return next((i for i in ids if i), None)


def resource_fields(g: Graph, dist, r: dict[str, Any]) -> dict[str, Any]:
    """Rewrite one resource dict of ckanext-dcat in place."""
    fmt = (mapping.format_from_uri(g.value(dist, DCT["format"]))
           or _value(g, dist, TDPF["format"]) or formats.normalise(r.get("format")))
    r["format"] = fmt
    media = g.value(dist, DCAT.mediaType)
    r["mimetype"] = mapping.media_type(media) or "" if media is not None else ""
    r["url"] = (_value(g, dist, DCAT.downloadURL) or _value(g, dist, DCAT.accessURL)
                or r.get("url", ""))
    r["language"] = [c for c in map(mapping.language_code, _values(g, dist, DCT.language)) if c]
    std = [k for k in map(mapping.standard_key, _values(g, dist, DCT.conformsTo)) if k]
    r["conforms_to"] = std[0] if std else ""
    r["character_encoding"] = _value(g, dist, CNT_ENCODING)
    size = g.value(dist, DCAT.byteSize)
    r["size"] = int(size) if isinstance(size, Literal) and str(size).isdigit() else None
    for key in ("issued", "modified"):
        r[key] = _date(r.get(key))
    for key in _RESOURCE_DROP:
        r.pop(key, None)
    for key in [k for k, v in r.items() if v in ("", [], None)]:
        del r[key]
    return r
