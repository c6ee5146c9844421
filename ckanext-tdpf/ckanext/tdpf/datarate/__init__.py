"""The data rate (データレート): MQA score, rating and 5-star level of a
dataset (``score``), the file dimension from the file pipeline (``files``),
the link check behind its reachability indicators
(``linkcheck``), per-organisation reports (``report``).

Public facade for the rest of the bundle::

    from ckanext.tdpf import datarate
    datarate.for_package(pkg_dict)      # breakdown with stored link checks
    datarate.index_fields(index_doc)    # data_rate_* and file_* fields of the index
    datarate.rates(pkg_dicts)           # (score, rating, stars) of a page of results
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .score import MAX_SCORE, RATINGS, breakdown, checked_urls, indicators, rating, stars

__all__ = ["MAX_SCORE", "RATINGS", "for_package", "index_fields", "rates"]


def _links(pkgs: Sequence[Mapping[str, Any]]) -> dict[str, dict]:
    """Stored link checks of the datasets, in one query; a dataset without a
    URL to check needs none (the score looks no link up for it)."""
    from . import linkcheck
    return linkcheck.stored_many([p["id"] for p in pkgs if p.get("id") and checked_urls(p)])


def for_package(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """Breakdown of a ``package_show`` dict, with its link-check results."""
    return breakdown(pkg, _links([pkg]).get(pkg.get("id") or "", {}))


def rates(pkgs: Sequence[Mapping[str, Any]]) -> list[tuple[int, str, int]]:
    """(score, rating, stars) of each dataset dict, in order, from one query
    of the link checks (a search page; no breakdown dicts: faster)."""
    links = _links(pkgs)
    result = []
    for pkg in pkgs:
        total = sum(i.earned for i in indicators(pkg, links.get(pkg.get("id") or "", {})))
        result.append((total, rating(total), stars(pkg)))
    return result


def index_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``data_rate_score``, ``data_rate_rating``, ``data_rate_stars`` for a
    search document, computed from its validated package dict."""
    raw = doc.get("validated_data_dict")
    try:
        pkg = json.loads(raw) if isinstance(raw, str) else dict(doc)
    except ValueError:
        pkg = dict(doc)
    [(score, rate, star)] = rates([pkg])
    from . import files
    return {"data_rate_score": score, "data_rate_rating": rate, "data_rate_stars": star,
            **files.index_fields(pkg)}
