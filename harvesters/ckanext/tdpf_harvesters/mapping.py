"""Remote dataset dicts (CKAN 2.2-2.12 API, or ckanext-dcat's parsed DCAT)
to TDPF dataset dicts. Resources keep pointing at the source: we store
metadata, not data."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import urllib.parse
import uuid

from ckanext.tdpf.vocab import formats, licences

from .sources import SourceConfig

# Stable dataset ids: the same remote record from the same source always
# becomes the same CKAN id, so a re-run (or a run after a crash) updates
# instead of duplicating.
ID_NAMESPACE = uuid.UUID("9b0c5a52-7d34-4c1b-9f3e-6a0e7f1f2d11")
_TAG_BAD = re.compile(r"[^\w\-_. ]", re.UNICODE)
_NAME_BAD = re.compile(r"[^a-z0-9_-]+")


def package_id(source_id: str, guid: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{source_id}:{guid}"))


def content_hash(remote: dict) -> str:
    """Hash of a remote record, ignoring volatile keys, to skip unchanged ones."""
    stable = {k: v for k, v in remote.items()
              if k not in ("revision_id", "tracking_summary", "num_followers")}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def global_id(dataset_url_base: str, remote_key: str) -> str:
    """search.ckan.jp's record name: host+path of the dataset URL prefix with
    "/" as "__", a colon, and the key that ends the remote dataset URL."""
    parts = urllib.parse.urlsplit(dataset_url_base)
    prefix = (parts.netloc + parts.path).rstrip("/").replace("/", "__")
    return f"{prefix}:{remote_key}"


def dataset_name(source_name: str, remote_name: str, pkg_id: str) -> str:
    """URL name for a new dataset: source and remote name, ASCII, unique by
    construction (the id's first 8 hex digits make a clash practically impossible)."""
    base = _NAME_BAD.sub("-", unicodedata.normalize("NFKC", remote_name or "").lower()).strip("-")
    src = _NAME_BAD.sub("-", source_name.lower()).strip("-")[:30]
    stem = f"{src}-{base}"[:90].strip("-") if base else src
    return f"{stem}-{pkg_id[:8]}"


def clean_tags(raw) -> list[dict]:
    out: dict[str, None] = {}
    for tag in raw or []:
        name = tag.get("name") or tag.get("display_name") if isinstance(tag, dict) else tag
        if not isinstance(name, str):
            continue
        name = _TAG_BAD.sub(" ", unicodedata.normalize("NFKC", name)).strip()
        name = re.sub(r"\s+", " ", name)[:100].strip()
        if len(name) >= 2 or (name and not name.isascii()):
            out.setdefault(name)
    return [{"name": n} for n in out]


def _http(url) -> str:
    url = (url or "").strip() if isinstance(url, str) else ""
    return url if urllib.parse.urlsplit(url).scheme.lower() in ("http", "https") else ""


def _extras(remote: dict) -> dict:
    extras = remote.get("extras") or []
    if isinstance(extras, dict):  # CKAN 1.x/2.0 API shape
        return {k: v for k, v in extras.items() if isinstance(v, str)}
    return {e.get("key"): e.get("value") for e in extras if isinstance(e, dict)}


def _size(value) -> int | None:
    try:
        size = int(float(value))
    except (TypeError, ValueError):
        return None
    return size if size >= 0 else None


def resources(remote_resources) -> list[dict]:
    out = []
    for r in remote_resources or []:
        url = _http(r.get("url") or r.get("access_url") or r.get("download_url"))
        if not url:
            continue  # file://, javascript:, empty: nothing to point at
        res = {"url": url, "name": (r.get("name") or "")[:500],
               "description": r.get("description") or "",
               "format": formats.normalise(r.get("format") or r.get("mimetype"))}
        optional = (("mimetype", r.get("mimetype")),
                    ("size", _size(r.get("size"))),
                    ("issued", (r.get("created") or r.get("issued") or "")[:10]),
                    ("modified", (r.get("last_modified") or r.get("modified") or "")[:10]))
        res.update({key: value for key, value in optional if value})
        out.append(res)
    return out


def licence_id(remote: dict, cfg: SourceConfig) -> str:
    per_resource = [r.get("license") for r in remote.get("resources") or []
                    if isinstance(r, dict)]
    for candidate in (remote.get("license_id"), remote.get("license_title"),
                      remote.get("license_url"), remote.get("license"), *per_resource):
        if isinstance(candidate, str):
            lid = candidate if candidate in licences.licences() else licences.normalise(candidate)
            if lid:
                return lid
    return cfg.default_license or "conditional"


def publisher(remote: dict) -> str:
    org = remote.get("organization")
    if isinstance(org, dict):
        return org.get("title") or org.get("name") or ""
    ex = _extras(remote)
    return ex.get("publisher_name") or remote.get("author") or remote.get("maintainer") or ""


def to_tdpf(remote: dict, *, cfg: SourceConfig, source, page_url: str, gid: str,
            pkg_id: str, name: str) -> dict:
    """The TDPF dataset dict for one remote record.

    :param source: the source (importer.SourceInfo: title, url, owner_org)
    :param page_url: the original page of the dataset at the source
    :param gid: search.ckan.jp-style global id
    """
    pkg = {
        "id": pkg_id, "name": name, "type": "dataset",
        "title": (remote.get("title") or remote.get("name") or gid)[:500],
        "notes": remote.get("notes") or remote.get("description") or "",
        "tags": clean_tags(remote.get("tags") or remote.get("keywords")),
        "license_id": licence_id(remote, cfg),
        "url": _http(remote.get("url")) or page_url,
        "version": (remote.get("version") or "")[:100],
        "maintainer": remote.get("maintainer") or remote.get("contact_name") or "",
        "maintainer_email": _email(remote.get("maintainer_email") or remote.get("contact_email")),
        "provider_type": cfg.provider_type,
        "municipality_codes": list(cfg.municipality_codes),
        "source_catalog_name": source.title or source.url,
        "source_catalog_url": source.url,
        "source_page_url": page_url,
        "source_original_id": str(remote.get("id") or remote.get("identifier") or ""),
        "global_id": gid,
        "owner_org": source.owner_org,
        "resources": resources(remote.get("resources")),
        "private": False,
    }
    return {k: v for k, v in pkg.items() if v not in (None, "")}


def _email(value) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    return value if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) else ""


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in t if ch.isalnum())


# a republisher's label before the title: 「【内閣府】…」, 「[東京都] …」
_TITLE_LABEL = re.compile(r"^\s*(?:[【［\[][^】］\]]{1,40}[】］\]]\s*)+")


def _title_key(title: str) -> str:
    return _norm(_TITLE_LABEL.sub("", unicodedata.normalize("NFKC", title or "")) or title)


def match_keys(pkg: dict, publisher_name: str) -> set[str]:
    """Keys that identify the same dataset across sources: normalised title
    with publisher, and each resource URL (scheme and trailing slash
    dropped) with the normalised title. A shared URL alone is not identity:
    real catalogs give one file to several datasets (data.go.jp's 「…第５回会合」
    and 「…設置要領」 share a document)."""
    keys = set()
    title = _title_key(pkg.get("title", ""))
    if title and _norm(publisher_name):
        keys.add(f"t:{title}|{_norm(publisher_name)}")
    if not title:
        return keys
    for res in pkg.get("resources", []):
        parts = urllib.parse.urlsplit(res["url"])
        keys.add(f"u:{parts.netloc.lower()}{parts.path.rstrip('/')}"
                 + (f"?{parts.query}" if parts.query else "") + f"|{title}")
    return keys
