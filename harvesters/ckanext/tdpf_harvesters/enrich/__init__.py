"""Enrichment of harvested records: each record's own publisher
(publisher.py) and its theme, focus area and standard-dataset type
(classify.py), marked as machine-assigned until an operator confirms them.

``auto_classified`` lists the fields a machine set; ``auto_confirmed`` the
ones an operator confirmed (tdpf_harvest_classification_confirm). A
re-harvest keeps a confirmed field's value and marks it auto no more.
"""
from __future__ import annotations

import json

from ..sources import SourceConfig
from . import classify, publisher

AUTO = "auto_classified"
CONFIRMED = "auto_confirmed"
FIELDS = ("provider_type", "municipality_codes", "theme", "focus_area", "standard_dataset")
_LISTS = {"municipality_codes", "theme", "focus_area"}


def _stored(existing, key: str):
    """A field of the dataset as stored (list fields are JSON text)."""
    value = (getattr(existing, "extras", None) or {}).get(key)
    if key in _LISTS | {AUTO, CONFIRMED} and isinstance(value, str) and value.startswith("["):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _derived(pkg: dict, remote: dict, cfg: SourceConfig) -> dict:
    """What the enrichment would set: the publisher when the record says
    who it is, and each classification field the record lacks."""
    derived: dict = {}
    found = publisher.derive(remote, cfg.provider_type, tuple(cfg.municipality_codes))
    if found.reason != "source":
        if found.provider_type:
            derived["provider_type"] = found.provider_type
        derived["municipality_codes"] = list(found.codes)
    c = classify.classify(pkg, remote)
    candidates = {"theme": list(c.theme), "focus_area": list(c.focus_area),
                  "standard_dataset": c.standard_dataset}
    derived.update({k: v for k, v in candidates.items() if v and not pkg.get(k)})
    return derived


def apply(pkg: dict, remote: dict, cfg: SourceConfig, existing=None) -> dict:
    """Fill ``pkg`` (the TDPF dict of one harvested record) in place and return it.

    :param existing: the dataset as stored (model.Package) or None
    """
    confirmed = [f for f in _stored(existing, CONFIRMED) or [] if f in FIELDS] \
        if existing is not None else []
    auto = []
    for key, value in _derived(pkg, remote, cfg).items():
        kept = _stored(existing, key) if key in confirmed else None
        if key in confirmed:
            if kept not in (None, "", []):
                pkg[key] = kept
            continue
        pkg[key] = value
        auto.append(key)
    if auto:
        pkg[AUTO] = sorted(auto)
    if confirmed:
        pkg[CONFIRMED] = sorted(confirmed)
    return pkg
