"""The data rate (データレート): MQA score, rating and 5-star level of a
dataset (``score``), the link check behind its reachability indicators
(``linkcheck``), per-organisation reports (``report``).

Public facade for the rest of the bundle::

    from ckanext.tdpf import datarate
    datarate.for_package(pkg_dict)      # breakdown with stored link checks
    datarate.index_fields(index_doc)    # data_rate_* fields of the index
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from .score import MAX_SCORE, RATINGS, breakdown, indicators, rating, stars

__all__ = ["MAX_SCORE", "RATINGS", "for_package", "index_fields"]



def _links(pkg: Mapping[str, Any]) -> dict:
    from . import linkcheck
    return linkcheck.stored(pkg["id"]) if pkg.get("id") else {}


def for_package(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """Breakdown of a ``package_show`` dict, with its link-check results."""
    return breakdown(pkg, _links(pkg))


def index_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``data_rate_score``, ``data_rate_rating``, ``data_rate_stars`` for a
    search document, computed from its validated package dict."""
    raw = doc.get("validated_data_dict")
    try:
        pkg = json.loads(raw) if isinstance(raw, str) else dict(doc)
    except ValueError:
        pkg = dict(doc)
    total = sum(i.earned for i in indicators(pkg, _links(pkg)))  # no breakdown dicts: faster
    return {"data_rate_score": total, "data_rate_rating": rating(total),
            "data_rate_stars": stars(pkg)}
