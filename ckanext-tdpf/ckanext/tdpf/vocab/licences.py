"""The TDPF licence list and the mapping of licence ids seen in the wild.

CKAN reads the list through ``licenses_group_url`` (set by the plugin to
licenses.json beside this module unless configured); harvesters normalise
remote ids and Japanese titles with ``normalise``."""
from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

FILE = Path(__file__).with_name("licenses.json")


@functools.lru_cache(maxsize=1)
def licences() -> dict[str, dict]:
    return {lic["id"]: lic for lic in json.loads(FILE.read_text(encoding="utf-8"))}


def is_open(licence_id: str | None) -> bool:
    lic = licences().get(licence_id or "")
    return bool(lic and lic.get("od_conformance") == "approved")


def licence_type(licence_id: str | None) -> str | None:
    """ADMS licence type ("Attribution", "ShareAlike", "PublicDomain", ...)."""
    lic = licences().get(licence_id or "")
    return lic.get("licence_type") if lic else None


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in t if ch.isalnum())


@functools.lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for lid, lic in licences().items():
        for name in [lid, lic["title"], lic.get("url", ""), *lic.get("aliases", [])]:
            if name:
                table[_key(name)] = lid
    return table


def normalise(value: str | None) -> str | None:
    """TDPF licence id for a remote id, title or URL; None when unknown."""
    if not value:
        return None
    return _lookup().get(_key(value))
