"""TDPF dataset -> DCAT-AP 3: the graph side of the ``tdpf`` profile.

``to_dcat_dict`` rewrites a copy of a ``package_show`` dict so that
ckanext-dcat's DCAT-AP 3 mapping finds URIs where DCAT-AP wants them (EU
frequency, language, access-right and file-type tables, IANA media types,
concept URIs of ours); ``add_tdpf_triples`` then adds what that mapping has no
place for (municipalities, concept labels, publisher type, CADDE keys,
harvest provenance, the ODRL offer on every distribution)."""
from __future__ import annotations

import copy
import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SKOS
from rdflib.namespace import DCTERMS as DCT

import ckan.plugins.toolkit as tk

from ckanext.dcat.utils import publisher_uri_organization_fallback, resource_uri

from ..keys import CADDE_KEYS, PROVENANCE_KEYS
from ..vocab import choices, formats, licences, municipality
from ..vocab.lists import as_list
from . import mapping, odrl
from .namespaces import CADDE, EU_DATASET_TYPE, GSP, LOCN, PROV, TDPF

VCARD_KIND = URIRef("http://www.w3.org/2006/vcard/ns#Kind")
CNT_ENCODING = URIRef("http://www.w3.org/2011/content#characterEncoding")
ADMS_IDENTIFIER = URIRef("http://www.w3.org/ns/adms#Identifier")
ADMS_IDENTIFIER_P = URIRef("http://www.w3.org/ns/adms#identifier")


def _uris(values: list[str], fn) -> list[str]:
    return [str(u) for u in (fn(v) for v in values) if u is not None]


def organisation(pkg: dict[str, Any], cache: dict[str, dict]) -> dict[str, Any]:
    org = pkg.get("organization") or {}
    if not org.get("id"):
        return {}
    if org["id"] not in cache:
        try:
            cache[org["id"]] = tk.get_action("organization_show")(
                {"ignore_auth": True}, {"id": org["id"], "include_datasets": False,
                                        "include_users": False})
        except tk.ObjectNotFound:
            cache[org["id"]] = dict(org)
    return cache[org["id"]]


def publisher_type(pkg: dict[str, Any], org: dict[str, Any]) -> str:
    """The publisher is the organisation: its type first, the dataset's as fallback."""
    return org.get("provider_type") or pkg.get("provider_type") or ""


def to_dcat_dict(pkg: dict[str, Any], org: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``pkg`` whose values are what ckanext-dcat should emit."""
    d = copy.deepcopy(pkg)
    d["frequency"] = str(mapping.frequency_uri(pkg.get("frequency")) or "")
    d["language"] = _uris(as_list(pkg.get("language")), mapping.language_uri)
    themes = as_list(pkg.get("theme"))
    d["theme"] = list(dict.fromkeys(_uris(themes, mapping.theme_uri)
                                    + _uris(themes, mapping.eu_theme_uri)))
    d["access_rights"] = str(mapping.access_rights_uri(pkg.get("access_rights") or "PUBLIC"))
    d["conforms_to"] = _uris([pkg.get("standard_dataset") or ""], mapping.standard_uri)
    d["spatial_text"] = ""  # municipality locations carry the names
    for key in ("spatial_uri", "source", "contact_uri"):
        d.pop(key, None)
    if org:
        d["publisher_uri"] = publisher_uri_organization_fallback(pkg)
        d["publisher_name"] = org.get("title") or org.get("name")
        d["publisher_email"] = org.get("contact_email") or ""
        d["publisher_type"] = str(mapping.publisher_type_uri(publisher_type(pkg, org)) or "")
    licence = str(mapping.licence_uri(pkg.get("license_id")) or "")
    notices = pkg.get("terms_of_use_notices") or ""
    d["resources"] = [_resource(r, licence, notices) for r in pkg.get("resources", [])]
    if (pkg.get("privacy_policy_contains_personal_data") or "").startswith("個人情報"):
        d["dcat_type"] = str(EU_DATASET_TYPE.PERSONAL_DATA)
    return d


def _resource(res: dict[str, Any], licence: str, notices: str) -> dict[str, Any]:
    r = copy.deepcopy(res)
    fmt = formats.normalise(res.get("format"))
    r["format"] = str(mapping.file_type_uri(fmt) or "")
    mime = res.get("mimetype") or formats.media_type(fmt)
    r["mimetype"] = str(mapping.media_type_uri(mime) or "")
    r["language"] = _uris(as_list(res.get("language")), mapping.language_uri)
    r["conforms_to"] = _uris([res.get("conforms_to") or ""], mapping.standard_uri)
    r["license"] = licence
    r["rights"] = notices  # CADDE 利用規約に関する注意事項: the distribution's dct:rights
    url = res.get("url") or ""
    # DCAT-AP requires an access URL: without a URL the resource page is it.
    r["access_url"] = url or resource_uri(res)
    # A file (an upload, or a known file format) is downloaded at its URL;
    # pages and APIs are only accessed there.
    is_file = res.get("url_type") == "upload" or (
        formats.info(fmt) is not None and fmt not in ("HTML", "API"))
    if url and is_file:
        r["download_url"] = url
    return r


def _label(g: Graph, uri: URIRef, name: str, key: str, pred=SKOS.prefLabel) -> None:
    g.add((uri, pred, Literal(choices.label(name, key, "ja"), lang="ja")))
    g.add((uri, pred, Literal(choices.label(name, key, "en"), lang="en")))


def _concepts(g: Graph, ref: URIRef, pkg: dict[str, Any]) -> None:
    """Labels and schemes of our own concepts, so the output stands alone."""
    for key in as_list(pkg.get("theme")):
        uri = mapping.theme_uri(key)
        if uri is not None:
            g.add((uri, RDF.type, SKOS.Concept))
            g.add((uri, SKOS.inScheme, URIRef(str(uri).rsplit("/", 1)[0])))
            g.add((uri, SKOS.notation, Literal(key)))
            _label(g, uri, "theme", key)
    for key in as_list(pkg.get("focus_area")):
        uri = mapping.focus_area_uri(key)
        if uri is not None:
            g.add((ref, TDPF.focusArea, uri))
            g.add((uri, RDF.type, SKOS.Concept))
            g.add((uri, SKOS.notation, Literal(key)))
            _label(g, uri, "focus_area", key)
    std = mapping.standard_uri(pkg.get("standard_dataset"))
    for uri in [std] + [mapping.standard_uri(r.get("conforms_to"))
                        for r in pkg.get("resources", [])]:
        if uri is not None:
            _label(g, uri, "standard_dataset", str(uri).rsplit("/", 1)[1], DCT.title)


def _geometry(g: Graph, ref: URIRef, pkg: dict[str, Any]) -> None:
    """DCAT-AP 3.0.1 wants locn:geometry to be a locn:Geometry node, not the
    literal ckanext-dcat writes: keep its WKT there and add the GeoJSON."""
    for location in g.objects(ref, DCT.spatial):
        for literal in list(g.objects(location, LOCN.geometry)):
            if not isinstance(literal, Literal):
                continue
            g.remove((location, LOCN.geometry, literal))
            node = BNode()
            g.add((location, LOCN.geometry, node))
            g.add((node, RDF.type, LOCN.Geometry))
            g.add((node, GSP.asWKT, Literal(str(literal), datatype=GSP.wktLiteral)))
            if pkg.get("spatial"):
                g.add((node, GSP.asGeoJSON, Literal(pkg["spatial"], datatype=GSP.geoJSONLiteral)))


def _municipalities(g: Graph, ref: URIRef, pkg: dict[str, Any]) -> None:
    for code in as_list(pkg.get("municipality_codes")):
        uri = mapping.municipality_uri(code)
        g.add((ref, DCT.spatial, uri))
        g.add((uri, RDF.type, DCT.Location))
        g.add((uri, DCT.identifier, Literal(code)))
        g.add((uri, SKOS.prefLabel, Literal(municipality.label(code), lang="ja")))


def _provenance(g: Graph, ref: URIRef, pkg: dict[str, Any]) -> None:
    if pkg.get("source_page_url"):
        g.add((ref, PROV.wasDerivedFrom, URIRef(pkg["source_page_url"])))
    if pkg.get("global_id"):
        ident = BNode()
        g.add((ref, ADMS_IDENTIFIER_P, ident))
        g.add((ident, RDF.type, ADMS_IDENTIFIER))
        g.add((ident, SKOS.notation, Literal(pkg["global_id"])))
    for key in PROVENANCE_KEYS:
        if pkg.get(key):
            g.add((ref, provenance_property(key), Literal(pkg[key])))


def provenance_property(key: str) -> URIRef:
    """tdpf:sourceCatalogName for source_catalog_name, and so on."""
    head, *rest = key.split("_")
    return TDPF[head + "".join(w.capitalize() for w in rest)]


def _cadde(g: Graph, ref: URIRef, pkg: dict[str, Any]) -> None:
    for key in CADDE_KEYS:
        value = pkg.get(key)
        if value in (None, "", [], {}):
            continue
        if key == "usage_license_period":
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            g.add((ref, CADDE[key], Literal(text, datatype=RDF.JSON)))
        elif key == "trading_policy_use_application":
            for v in as_list(value):
                g.add((ref, CADDE[key], Literal(v)))
        else:
            g.add((ref, CADDE[key], Literal(value)))


def _licences(g: Graph, pkg: dict[str, Any]) -> None:
    """ckanext-dcat marks every licence UnknownIPR; ours know their type."""
    uri = mapping.licence_uri(pkg.get("license_id"))
    if uri is None:
        return
    g.remove((uri, DCT.type, None))
    g.add((uri, RDF.type, DCT.LicenseDocument))
    licence_type = mapping.licence_type_uri(pkg.get("license_id"))
    if licence_type is not None:
        g.add((uri, DCT.type, licence_type))
    lic = licences.licences()[pkg["license_id"]]
    g.add((uri, DCT.title, Literal(lic["title"], lang="ja")))
    g.add((uri, DCT.title, Literal(lic.get("title_en") or lic["title"], lang="en")))


def _distributions(g: Graph, ref: URIRef, pkg: dict[str, Any], publisher) -> None:
    policy = odrl.add_offer(g, pkg, odrl.policy_uri(pkg), ref, publisher)
    by_id = {res.get("id"): res for res in pkg.get("resources", [])}
    for res in pkg.get("resources", []):
        dist = URIRef(resource_uri(res))
        original = by_id.get(res.get("tdpf_derived_from"))  # a prepared file: its original
        if original is not None:
            g.add((dist, PROV.wasDerivedFrom, URIRef(resource_uri(original))))
        g.add((dist, URIRef(str(odrl.ODRL) + "hasPolicy"), policy))
        fmt = formats.normalise(res.get("format"))
        if fmt and mapping.file_type_uri(fmt) is None:
            g.add((dist, TDPF["format"], Literal(fmt)))  # no EU file type (e.g. API)
        if res.get("character_encoding"):
            g.add((dist, CNT_ENCODING, Literal(res["character_encoding"])))


def add_tdpf_triples(g: Graph, ref: URIRef, pkg: dict[str, Any], org: dict) -> None:
    publisher = next(g.objects(ref, DCT.publisher), None)
    if pkg.get("provider_type"):  # the dataset's own; the publisher carries the org's
        g.add((ref, TDPF.providerType, Literal(pkg["provider_type"])))
    for contact in g.objects(ref, DCAT.contactPoint):
        g.add((contact, RDF.type, VCARD_KIND))  # no subclass inference in checks
    _concepts(g, ref, pkg)
    _geometry(g, ref, pkg)
    _municipalities(g, ref, pkg)
    _provenance(g, ref, pkg)
    _cadde(g, ref, pkg)
    _licences(g, pkg)
    _distributions(g, ref, pkg, publisher)
