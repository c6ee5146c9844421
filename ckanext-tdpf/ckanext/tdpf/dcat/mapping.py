"""Stored TDPF values <-> the URIs DCAT-AP 3 expects, both ways.

Every ``*_uri`` returns None for a value with no URI (the caller then
leaves the triple out rather than emit a literal the shapes reject); every
reverse function returns None for a URI it does not know."""
from __future__ import annotations

from collections.abc import Collection

from rdflib import URIRef

from ..vocab import choices, formats, licences
from . import namespaces as ns

# EU file-type table names of our canonical formats: the format's own name
# but for these three (API has no file type).
_FILE_TYPE_NAMES = {"RDF": "RDF_XML", "TTL": "RDF_TURTLE", "JSON-LD": "JSON_LD"}
FILE_TYPES: dict[str, str] = {
    fmt: _FILE_TYPE_NAMES.get(fmt, fmt) for fmt in formats.FORMATS if fmt != "API"}

# e-Gov's 17 categories -> the closest EU data-theme (none for "other").
EU_THEMES: dict[str, str] = {
    "land_weather": "ENVI", "population": "SOCI", "labour": "ECON",
    "agriculture": "AGRI", "mining_industry": "ECON", "commerce": "ECON",
    "economy": "ECON", "housing": "REGI", "energy": "ENER",
    "transport_tourism": "TRAN", "ict_science": "TECH",
    "education_culture": "EDUC", "government": "GOVE",
    "justice_environment": "JUST", "social_security": "HEAL",
    "international": "INTR",
}

# Foreign records with EU themes only: the one category each reads back as
# (the inverse of EU_THEMES; where several categories share a theme, this one).
EU_THEME_KEYS: dict[str, str] = {
    **{code: key for key, code in EU_THEMES.items()},
    "ECON": "economy", "ENVI": "justice_environment",
}

PUBLISHER_TYPES: dict[str, str] = {
    "tokyo": "RegionalAuthority", "municipality": "LocalAuthority",
    "national": "NationalAuthority", "public_body": "NationalAuthority",
    "company": "Company", "academic": "Academia-ScientificOrganisation",
    "npo": "NonProfitOrganisation", "individual": "PrivateIndividual(s)",
}

def _keys(name: str) -> set[str]:
    return {v for v, _ja, _en in choices.LISTS[name]}


def _under(namespace: str, uri: object, allowed: Collection[str]) -> str | None:
    text = str(uri or "")
    if text.startswith(namespace) and text[len(namespace):] in allowed:
        return text[len(namespace):]
    return None


class _Coded:
    """The stored values of one TDPF vocabulary <-> URIs under one namespace."""

    def __init__(self, namespace, vocabulary: str):
        self.namespace, self.vocabulary = namespace, vocabulary

    def uri(self, value: str | None) -> URIRef | None:
        return self.namespace[value] if value in _keys(self.vocabulary) else None

    def value(self, uri: object) -> str | None:
        return _under(str(self.namespace), uri, _keys(self.vocabulary))


_FREQUENCY = _Coded(ns.EU_FREQUENCY, "frequency")
_LANGUAGE = _Coded(ns.EU_LANGUAGE, "language")
_ACCESS_RIGHTS = _Coded(ns.EU_ACCESS_RIGHT, "access_rights")
_THEME = _Coded(ns.THEME, "theme")
_FOCUS_AREA = _Coded(ns.FOCUS_AREA, "focus_area")
_STANDARD = _Coded(ns.STANDARD, "standard_dataset")

frequency_uri, frequency_code = _FREQUENCY.uri, _FREQUENCY.value
language_uri, language_code = _LANGUAGE.uri, _LANGUAGE.value
access_rights_uri, access_rights_code = _ACCESS_RIGHTS.uri, _ACCESS_RIGHTS.value
theme_uri, theme_key = _THEME.uri, _THEME.value
focus_area_uri, focus_area_key = _FOCUS_AREA.uri, _FOCUS_AREA.value
standard_uri, standard_key = _STANDARD.uri, _STANDARD.value


def eu_theme_uri(key: str | None) -> URIRef | None:
    code = EU_THEMES.get(key or "")
    return ns.EU_DATA_THEME[code] if code else None


def theme_key_from_eu(uri: object) -> str | None:
    return EU_THEME_KEYS.get(_under(str(ns.EU_DATA_THEME), uri, set(EU_THEME_KEYS)) or "")


def municipality_uri(code: str) -> URIRef:
    return ns.MUNICIPALITY[code]


def municipality_code(uri: object) -> str | None:
    code = str(uri or "")[len(str(ns.MUNICIPALITY)):]
    if str(uri or "").startswith(str(ns.MUNICIPALITY)) and len(code) == 6 and code.isdigit():
        return code
    return None


def file_type_uri(fmt: str | None) -> URIRef | None:
    name = FILE_TYPES.get(formats.normalise(fmt))
    return ns.EU_FILE_TYPE[name] if name else None


def format_from_uri(uri: object) -> str | None:
    name = _under(str(ns.EU_FILE_TYPE), uri, set(FILE_TYPES.values()))
    return next((f for f, n in FILE_TYPES.items() if n == name), None)


def media_type_uri(media_type: str | None) -> URIRef | None:
    mt = (media_type or "").split(";")[0].strip().lower()
    if mt.count("/") != 1 or " " in mt:
        return None
    return URIRef(ns.IANA_MEDIA_TYPE + mt)


def media_type(uri: object) -> str | None:
    text = str(uri or "")
    for prefix in (ns.IANA_MEDIA_TYPE, ns.IANA_MEDIA_TYPE.replace("https:", "http:")):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text if text.count("/") == 1 and ":" not in text else None


def publisher_type_uri(provider_type: str | None) -> URIRef | None:
    name = PUBLISHER_TYPES.get(provider_type or "")
    return ns.ADMS_PUBLISHER_TYPE[name] if name else None


def licence_uri(license_id: str | None) -> URIRef | None:
    """The licence document: its official URL, or ours for "conditional"."""
    lic = licences.licences().get(license_id or "")
    if not license_id or not lic:
        return None
    return URIRef(lic["url"]) if lic.get("url") else ns.LICENCE[license_id]


def licence_type_uri(license_id: str | None) -> URIRef | None:
    name = licences.licence_type(license_id)
    return ns.ADMS_LICENCE_TYPE[name] if name else None


def licence_id(uri: object) -> str | None:
    return (_under(str(ns.LICENCE), uri, licences.licences().keys())
            or licences.normalise(str(uri or "")))
