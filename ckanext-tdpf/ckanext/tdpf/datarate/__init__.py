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
import logging
from typing import Any, Mapping

from .score import MAX_SCORE, RATINGS, breakdown

__all__ = ["MAX_SCORE", "RATINGS", "for_package", "index_fields"]

log = logging.getLogger(__name__)


def for_package(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """Breakdown of a ``package_show`` dict, with its link-check results."""
    from . import linkcheck
    links = linkcheck.stored(pkg["id"]) if pkg.get("id") else {}
    return breakdown(pkg, links)


def index_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``data_rate_score``, ``data_rate_rating``, ``data_rate_stars`` for a
    search document, computed from its validated package dict."""
    raw = doc.get("validated_data_dict")
    try:
        pkg = json.loads(raw) if isinstance(raw, str) else dict(doc)
    except ValueError:
        pkg = dict(doc)
    result = for_package(pkg)
    return {"data_rate_score": result["score"], "data_rate_rating": result["rating"],
            "data_rate_stars": result["stars"]}
