"""File formats: normalisation and the properties the data rate needs.

``normalise("csv ")``, ``normalise("text/csv")`` and ``normalise(".CSV")``
all give ``"CSV"``; unknown formats are kept, trimmed and upper-cased."""
from __future__ import annotations

import unicodedata
from typing import NamedTuple


class Format(NamedTuple):
    media_type: str
    non_proprietary: bool   # MQA "non-proprietary" vocabulary
    machine_readable: bool  # MQA "machine-readable" vocabulary
    structured: bool        # 5-star level 2 (table or structured data)


FORMATS: dict[str, Format] = {
    "CSV": Format("text/csv", True, True, True),
    "TSV": Format("text/tab-separated-values", True, True, True),
    "JSON": Format("application/json", True, True, True),
    "GEOJSON": Format("application/geo+json", True, True, True),
    "XML": Format("application/xml", True, True, True),
    "RDF": Format("application/rdf+xml", True, True, True),
    "TTL": Format("text/turtle", True, True, True),
    "JSON-LD": Format("application/ld+json", True, True, True),
    "XLSX": Format("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   False, True, True),
    "XLS": Format("application/vnd.ms-excel", False, True, True),
    "ODS": Format("application/vnd.oasis.opendocument.spreadsheet", True, True, True),
    "SHP": Format("application/x-shapefile", False, True, True),
    "KML": Format("application/vnd.google-earth.kml+xml", True, True, True),
    "GML": Format("application/gml+xml", True, True, True),
    "ZIP": Format("application/zip", True, False, False),
    "PDF": Format("application/pdf", True, False, False),
    "DOCX": Format("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   False, False, False),
    "DOC": Format("application/msword", False, False, False),
    "TXT": Format("text/plain", True, False, False),
    "HTML": Format("text/html", True, False, False),
    "JPEG": Format("image/jpeg", True, False, False),
    "PNG": Format("image/png", True, False, False),
    "API": Format("", True, True, True),
}

_ALIASES = {
    "JPG": "JPEG", "EXCEL": "XLSX", "GEO+JSON": "GEOJSON", "JSONLD": "JSON-LD",
    "TURTLE": "TTL", "RDF/XML": "RDF", "SHAPEFILE": "SHP", "TEXT": "TXT",
    "HTM": "HTML", "WEB API": "API", "WEBAPI": "API",
}
_BY_MEDIA_TYPE = {f.media_type: name for name, f in FORMATS.items() if f.media_type}
_BY_MEDIA_TYPE.update({"application/csv": "CSV", "text/comma-separated-values": "CSV",
                       "text/xml": "XML", "application/vnd.geo+json": "GEOJSON"})


def normalise(value: str | None) -> str:
    """Canonical format name, or "" for an empty value."""
    if not value:
        return ""
    v = unicodedata.normalize("NFKC", str(value)).strip()
    low = v.lower().split(";")[0].strip()
    if low in _BY_MEDIA_TYPE:
        return _BY_MEDIA_TYPE[low]
    if "/" in low and low.rsplit("/", 1)[-1].upper() in FORMATS:
        return low.rsplit("/", 1)[-1].upper()  # ".../CSV" style URIs
    up = v.upper().lstrip(".")
    return _ALIASES.get(up, up)


def info(fmt: str | None) -> Format | None:
    return FORMATS.get(normalise(fmt))


def media_type(fmt: str | None) -> str:
    f = info(fmt)
    return f.media_type if f else ""
