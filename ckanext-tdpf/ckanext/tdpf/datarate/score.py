"""The data rate (データレート) of one dataset: the EU data portal's
Metadata Quality Assessment (MQA, 405 points) plus the 5-star open data
level, computed from a ``package_show`` dict and the link-check results.

Pure: no database, no config, no translation. Labels and "how to fix" texts
are English msgids, translated where they are shown (see ``present.py``).

Rules where the MQA leaves a choice (documented in the README of this
package):
* distribution-level indicators of Interoperability and Contextuality count
  the best distribution; reachability (Accessibility) needs every
  distribution's URL to answer 2xx — one broken link is what a user meets;
* a URL not checked yet is *unknown*: no points, shown as 「未確認」, never
  counted as failed.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..vocab import choices, formats, licences
from ..vocab.lists import as_list

MAX_SCORE = 405

# (key, lower bound, ja, en), best first.
RATINGS: list[tuple[str, int, str, str]] = [
    ("excellent", 351, "優", "Excellent"),
    ("good", 221, "良", "Good"),
    ("sufficient", 121, "可", "Sufficient"),
    ("bad", 0, "不可", "Bad"),
]

MET, MISSING, FAILED, UNKNOWN = "met", "missing", "failed", "unknown"

# Formats that denote things with URIs (5-star level 4).
LINKED_DATA_FORMATS = {"RDF", "TTL", "JSON-LD"}
# Formats whose URL is a page or service, not a file to download.
_NOT_FILES = {"HTML", "API"}


@dataclasses.dataclass(frozen=True)
class LinkResult:
    """What the link checker saw at a URL (``status`` None: no answer)."""
    status: int | None
    error: str = ""
    checked_at: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclasses.dataclass
class Indicator:
    key: str
    dimension: str
    label: str       # msgid
    points: int
    state: str = MISSING
    fix: str = ""    # msgid: how to earn the points
    detail: str = ""  # e.g. the URL that failed and its status

    @property
    def earned(self) -> int:
        return self.points if self.state == MET else 0


DIMENSIONS: list[tuple[str, str]] = [
    ("findability", "Findability"),
    ("accessibility", "Accessibility"),
    ("interoperability", "Interoperability"),
    ("reusability", "Reusability"),
    ("contextuality", "Contextuality"),
]


def rating(score: int) -> str:
    for key, low, _ja, _en in RATINGS:
        if score >= low:
            return key
    return "bad"


# -- distributions -------------------------------------------------------------
def access_url(res: Mapping[str, Any]) -> str:
    return (res.get("access_url") or res.get("url") or "").strip()


def download_url(res: Mapping[str, Any]) -> str:
    """The URL of the file itself: ``download_url``, else ``url`` when it is
    an upload or points at a data file (a known format, not a page or API)."""
    explicit = (res.get("download_url") or "").strip()
    if explicit:
        return explicit
    url = (res.get("url") or "").strip()
    if not url:
        return ""
    if res.get("url_type") == "upload":
        return url
    # the same rule as the DCAT export (dcat/export.py): a known file format
    fmt = formats.normalise(res.get("format"))
    return url if fmt in formats.FORMATS and fmt not in _NOT_FILES else ""


def checked_urls(pkg: Mapping[str, Any]) -> list[str]:
    """Every URL the link checker should look at, once each (uploads are
    served by this portal and not fetched)."""
    urls: list[str] = []
    for res in pkg.get("resources") or []:
        if res.get("url_type") == "upload":
            continue
        for url in (access_url(res), download_url(res)):
            if url.startswith(("http://", "https://")) and url not in urls:
                urls.append(url)
    return urls


def _url_state(res: Mapping[str, Any], url: str,
               links: Mapping[str, LinkResult]) -> tuple[str, str]:
    if res.get("url_type") == "upload":
        return MET, ""
    found = links.get(url)
    if found is None:
        return UNKNOWN, url
    if found.ok:
        return MET, ""
    why = str(found.status) if found.status is not None else (found.error or "error")
    return FAILED, f"{url} ({why})"


def _all_reachable(pairs: list[tuple[Mapping[str, Any], str]],
                   links: Mapping[str, LinkResult]) -> tuple[str, str]:
    """MET when every URL answered 2xx; FAILED if any did not; UNKNOWN when
    some are unchecked and none failed; MISSING without URLs."""
    if not pairs:
        return MISSING, ""
    states = [_url_state(res, url, links) for res, url in pairs]
    for wanted in (FAILED, UNKNOWN):
        hits = [d for s, d in states if s == wanted]
        if hits:
            return wanted, ", ".join(hits)
    return MET, ""


def _format_flags(res: Mapping[str, Any]) -> dict[str, bool]:
    fmt = formats.normalise(res.get("format"))
    info = formats.FORMATS.get(fmt)
    mime = (res.get("mimetype") or "").strip()
    mime_known = "/" in mime and formats.normalise(mime) in formats.FORMATS
    return {
        "format": bool(fmt),
        "media_type": bool(mime),
        "format_vocabulary": bool(info) and mime_known,
        "non_proprietary": bool(info and info.non_proprietary),
        "machine_readable": bool(info and info.machine_readable),
    }


_INTEROP_POINTS = {"format": 20, "media_type": 10, "format_vocabulary": 10,
                   "non_proprietary": 20, "machine_readable": 20}


def _best_format_flags(resources: list[Mapping[str, Any]]) -> dict[str, bool]:
    flags = [_format_flags(r) for r in resources]
    if not flags:
        return dict.fromkeys(_INTEROP_POINTS, False)
    return max(flags, key=lambda f: sum(_INTEROP_POINTS[k] for k, v in f.items() if v))


# -- dataset fields ------------------------------------------------------------
def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip()) and value.strip() not in ("[]", "{}")
    return bool(value)


def _tags(pkg: Mapping[str, Any]) -> bool:
    return _present(pkg.get("tags")) or _present(pkg.get("tag_string"))


def _in_vocabulary(name: str, value: Any) -> bool:
    return any(v == value for v, _ja, _en in choices.LISTS[name])


def dcat_ap_compliant(pkg: Mapping[str, Any]) -> bool:
    """DCAT-AP's mandatory properties: dataset title and description, a
    publisher (mandatory for TDPF's catalog), and an access URL on every
    distribution."""
    resources = pkg.get("resources") or []
    return (_present(pkg.get("title")) and _present(pkg.get("notes"))
            and _present(pkg.get("owner_org") or pkg.get("organization"))
            and all(access_url(r) for r in resources))


# -- indicators ----------------------------------------------------------------
def _ind(key: str, dim: str, label: str, points: int, ok: bool | str, fix: str,
         detail: str = "") -> Indicator:
    state = ok if isinstance(ok, str) else (MET if ok else MISSING)
    return Indicator(key, dim, label, points, state, fix, detail)


_FILE_URL_FIX = "Give each resource the direct URL of its file (or upload the file)."


def _findability(pkg: Mapping[str, Any], resources: list[Mapping[str, Any]],
                 links: Mapping[str, LinkResult]) -> list[Indicator]:
    d = "findability"  # 100
    return [
        _ind("keyword", d, "Keywords", 30, _tags(pkg),
             "Add tags (keywords) that describe the data."),
        _ind("theme", d, "Theme", 30,
             any(_in_vocabulary("theme", t) for t in as_list(pkg.get("theme"))),
             "Choose at least one theme from the 17 categories."),
        _ind("spatial", d, "Spatial coverage", 20,
             _present(pkg.get("spatial")) or _present(pkg.get("municipality_codes")),
             "Enter the municipalities covered (local government codes) or a GeoJSON area."),
        _ind("temporal", d, "Temporal coverage", 20,
             _present(pkg.get("temporal_start")) or _present(pkg.get("temporal_end")),
             "Enter the start and end dates of the period the data covers."),
    ]


def _accessibility(pkg: Mapping[str, Any], resources: list[Mapping[str, Any]],
                   links: Mapping[str, LinkResult]) -> list[Indicator]:
    d = "accessibility"  # 100
    access, access_detail = _all_reachable(
        [(r, access_url(r)) for r in resources if access_url(r)], links)
    with_download = [(r, download_url(r)) for r in resources if download_url(r)]
    download, download_detail = _all_reachable(with_download, links)
    return [
        _ind("access_url_status", d, "Access URL answers", 50, access,
             _reach_fix(access, "Add a resource with a URL."), access_detail),
        _ind("download_url", d, "Download URL", 20, bool(with_download), _FILE_URL_FIX),
        _ind("download_url_status", d, "Download URL answers", 30, download,
             _reach_fix(download, _FILE_URL_FIX), download_detail),
    ]


def _interoperability(pkg: Mapping[str, Any], resources: list[Mapping[str, Any]],
                      links: Mapping[str, LinkResult]) -> list[Indicator]:
    d = "interoperability"  # 110, the best distribution counts
    best = _best_format_flags(resources)
    return [
        _ind("format", d, "Format", 20, best["format"],
             "Set the format of each resource (e.g. CSV)."),
        _ind("media_type", d, "Media type", 10, best["media_type"],
             "Set the media type of each resource (e.g. text/csv)."),
        _ind("format_vocabulary", d, "Format and media type from a vocabulary", 10,
             best["format_vocabulary"],
             "Use a known format and its registered media type (e.g. CSV and text/csv)."),
        _ind("non_proprietary", d, "Non-proprietary format", 20, best["non_proprietary"],
             "Also publish the data in an open format such as CSV instead of Excel only."),
        _ind("machine_readable", d, "Machine-readable format", 20, best["machine_readable"],
             "Publish the data in a machine-readable format (CSV, JSON, XML) rather than PDF."),
        _ind("dcat_ap", d, "DCAT-AP compliant", 30, dcat_ap_compliant(pkg),
             "Fill the title, the description and the organisation, and give every "
             "resource a URL."),
    ]


def _reusability(pkg: Mapping[str, Any], resources: list[Mapping[str, Any]],
                 links: Mapping[str, LinkResult]) -> list[Indicator]:
    d = "reusability"  # 75
    lic = pkg.get("license_id") or ""
    rights = pkg.get("access_rights")
    return [
        _ind("licence", d, "Licence", 20, _present(lic) and lic != "notspecified",
             "Choose a licence (PDL1.0 is recommended)."),
        _ind("licence_vocabulary", d, "Licence from the TDPF list", 10,
             lic in licences.licences(), "Choose a licence from the TDPF licence list."),
        _ind("access_rights", d, "Access rights", 10, _present(rights),
             "Set the access rights (Public, Restricted or Non-public)."),
        _ind("access_rights_vocabulary", d, "Access rights from the vocabulary", 5,
             _in_vocabulary("access_rights", rights),
             "Use one of the access rights values Public, Restricted or Non-public."),
        _ind("contact_point", d, "Contact point", 20,
             _present(pkg.get("maintainer_email")) or _present(pkg.get("maintainer")),
             "Enter a contact name and email address."),
        _ind("publisher", d, "Publisher", 10,
             _present(pkg.get("owner_org") or pkg.get("organization")),
             "Publish the dataset under an organisation."),
    ]


def _contextuality(pkg: Mapping[str, Any], resources: list[Mapping[str, Any]],
                   links: Mapping[str, LinkResult]) -> list[Indicator]:
    d = "contextuality"  # 20

    def any_resource(field: str) -> bool:
        return any(_present(r.get(field)) for r in resources)

    return [
        _ind("rights", d, "Rights statement", 5,
             _present(pkg.get("terms_of_use_notices")) or _present(pkg.get("haspolicy_url")),
             "State the terms of use or link a usage policy."),
        _ind("byte_size", d, "File size", 5, any_resource("size"),
             "Enter the size of the file in bytes."),
        _ind("issued", d, "Issue date", 5, any_resource("issued"),
             "Enter the date each resource was first published."),
        _ind("modified", d, "Modification date", 5, any_resource("modified"),
             "Enter the date each resource was last modified."),
    ]


def indicators(pkg: Mapping[str, Any],
               links: Mapping[str, LinkResult] | None = None) -> list[Indicator]:
    """Every indicator of the 405 points, in the MQA's order."""
    resources = list(pkg.get("resources") or [])
    return [ind for dimension in (_findability, _accessibility, _interoperability,
                                  _reusability, _contextuality)
            for ind in dimension(pkg, resources, links or {})]


def _reach_fix(state: str, missing_fix: str) -> str:
    if state == FAILED:
        return "Fix or replace the link that does not answer; it is checked again automatically."
    if state == UNKNOWN:
        return "Not checked yet: the link check runs in the background."
    return missing_fix


# -- 5 stars -------------------------------------------------------------------
def stars(pkg: Mapping[str, Any]) -> int:
    """Tim Berners-Lee's 5-star level: 1 open licence on the web,
    2 structured, 3 non-proprietary, 4 URIs (an RDF format), 5 linked (an RDF
    distribution that declares the standard it follows)."""
    resources = [r for r in pkg.get("resources") or [] if access_url(r)]
    if not (licences.is_open(pkg.get("license_id")) and resources):
        return 0
    infos = [(r, formats.normalise(r.get("format"))) for r in resources]
    structured = [(r, f) for r, f in infos if formats.FORMATS.get(f, None)
                  and formats.FORMATS[f].structured]
    if not structured:
        return 1
    open_structured = [(r, f) for r, f in structured if formats.FORMATS[f].non_proprietary]
    if not open_structured:
        return 2
    linked = [r for r, f in open_structured if f in LINKED_DATA_FORMATS]
    if not linked:
        return 3
    return 5 if any(_present(r.get("conforms_to")) for r in linked) else 4


# -- the breakdown -------------------------------------------------------------
def breakdown(pkg: Mapping[str, Any],
              links: Mapping[str, LinkResult] | None = None) -> dict[str, Any]:
    """Everything the API, the index and the pages show, with msgids."""
    inds = indicators(pkg, links)
    dims = []
    for key, label in DIMENSIONS:
        mine = [i for i in inds if i.dimension == key]
        dims.append({"key": key, "label": label,
                     "earned": sum(i.earned for i in mine),
                     "possible": sum(i.points for i in mine),
                     "indicators": [_indicator_dict(i) for i in mine]})
    total = sum(i.earned for i in inds)
    return {"score": total, "max_score": MAX_SCORE, "rating": rating(total),
            "stars": stars(pkg), "dimensions": dims,
            "missing": [_indicator_dict(i) for i in inds if i.state != MET]}


def _indicator_dict(i: Indicator) -> dict[str, Any]:
    return {"key": i.key, "label": i.label, "points": i.points, "earned": i.earned,
            "state": i.state, "fix": i.fix if i.state != MET else "", "detail": i.detail}

