"""Data rate per organisation and per provider type.

Built on ``package_search`` facets (rows=0) with the caller's context, so
the permission labels of the search index decide what is counted: a
private dataset is counted only for someone who may see it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ..vocab import choices
from .present import rating_label
from .score import RATINGS

RATING_KEYS = [key for key, _low, _ja, _en in RATINGS]
_FACET_LIMIT = 1000  # more than the 406 possible scores


def _search(context: Context, fq: str, facets: list[str]) -> dict[str, Any]:
    return tk.get_action("package_search")(context.copy(), {
        "q": "*:*", "fq": fq, "rows": 0, "include_private": True,
        "facet.field": facets, "facet.limit": _FACET_LIMIT, "facet.mincount": 1})


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scope_fq(organizations: Iterable[str] | None) -> str:
    """Filter restricting a report to some organisations (names)."""
    if not organizations:
        return ""
    return "organization:(" + " OR ".join(_quote(n) for n in organizations) + ")"


def _group_row(context: Context, fq: str, key: str, label: str) -> dict[str, Any]:
    res = _search(context, fq, ["data_rate_rating", "data_rate_score"])
    ratings = res["facets"].get("data_rate_rating", {})
    scores = res["facets"].get("data_rate_score", {})
    scored = sum(scores.values())
    total = sum(int(v) * n for v, n in scores.items())
    return {"key": key, "label": label, "count": res["count"],
            "ratings": {k: int(ratings.get(k, 0)) for k in RATING_KEYS},
            "mean_score": round(total / scored, 1) if scored else None}


def _and(*parts: str) -> str:
    return " AND ".join(f"({p})" for p in parts if p)


def summary(context: Context, organizations: Iterable[str] | None = None,
            lang: str = "ja") -> dict[str, Any]:
    """Counts per rating and mean score: overall, per organisation and per
    provider type, over the datasets the caller may see (and, when
    ``organizations`` is given, only those organisations)."""
    if organizations is not None:
        organizations = list(organizations)
    empty = {"key": "", "label": tk._("All datasets"), "count": 0,
             "ratings": dict.fromkeys(RATING_KEYS, 0), "mean_score": None}
    ratings = [{"key": k, "label": rating_label(k, lang)} for k in RATING_KEYS]
    if organizations == []:  # a user of no organisation sees nothing
        return {"total": empty, "organizations": [], "provider_types": [],
                "ratings": ratings}
    scope = scope_fq(organizations)
    top = _search(context, scope, ["organization", "provider_type"])
    org_titles = {i["name"]: i["display_name"]
                  for i in top["search_facets"].get("organization", {}).get("items", [])}
    orgs = sorted(org_titles, key=lambda n: (org_titles[n], n))
    providers = [v for v, _ja, _en in choices.PROVIDER_TYPES
                 if v in top["facets"].get("provider_type", {})]
    return {
        "total": _group_row(context, scope, "", tk._("All datasets")),
        "organizations": [_group_row(context, _and(scope, f"organization:{_quote(n)}"),
                                     n, org_titles[n]) for n in orgs],
        "provider_types": [_group_row(context, _and(scope, f"provider_type:{_quote(p)}"),
                                      p, choices.label("provider_type", p, lang))
                           for p in providers],
        "ratings": ratings,
    }


def csv_table(report: dict[str, Any]) -> tuple[list, list[list]]:
    """The report as the header and rows of its CSV download."""
    header = [tk._("Grouped by"), tk._("Key"), tk._("Item"), tk._("Number of datasets"),
              *[r["label"] for r in report["ratings"]], tk._("Mean score")]
    groups = [(tk._("Total"), [report["total"]]),
              (tk._("Organization"), report["organizations"]),
              (tk._("Provider type"), report["provider_types"])]
    rows = [[group, row["key"], row["label"], row["count"],
             *[row["ratings"][k] for k in RATING_KEYS],
             "" if row["mean_score"] is None else round(row["mean_score"], 1)]
            for group, members in groups for row in members]
    return header, rows
