"""Data rate per organisation and per provider type.

Built on ``package_search`` facets (rows=0) with the caller's context, so
the permission labels of the search index decide what is counted: a
private dataset is counted only for someone who may see it."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ..vocab import choices
from .present import file_level_label, rating_label
from .score import RATINGS

RATING_KEYS = [key for key, _low, _ja, _en in RATINGS]
# file levels (files.py) and datasets none of whose files is checked yet
FILE_LEVEL_KEYS = ["3", "2", "1", "0", "none"]
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
    res = _search(context, fq, ["data_rate_rating", "data_rate_score", "file_level",
                                "file_score"])
    ratings = res["facets"].get("data_rate_rating", {})
    levels = {str(k): int(n) for k, n in res["facets"].get("file_level", {}).items()}
    levels["none"] = res["count"] - sum(levels.values())
    return {"key": key, "label": label, "count": res["count"],
            "ratings": {k: int(ratings.get(k, 0)) for k in RATING_KEYS},
            "mean_score": _mean(res["facets"].get("data_rate_score", {})),
            "file_levels": {k: levels.get(k, 0) for k in FILE_LEVEL_KEYS},
            "mean_file_score": _mean(res["facets"].get("file_score", {}))}


def _mean(facet: dict) -> float | None:
    """The mean of an int field from its facet counts."""
    counted = sum(facet.values())
    total = sum(int(v) * n for v, n in facet.items())
    return round(total / counted, 1) if counted else None


def _file_levels(lang: str) -> list[dict[str, str]]:
    return [{"key": k, "label": tk._("No file checked") if k == "none"
             else file_level_label(k, lang)} for k in FILE_LEVEL_KEYS]


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
             "ratings": dict.fromkeys(RATING_KEYS, 0), "mean_score": None,
             "file_levels": dict.fromkeys(FILE_LEVEL_KEYS, 0), "mean_file_score": None}
    ratings = [{"key": k, "label": rating_label(k, lang)} for k in RATING_KEYS]
    if organizations == []:  # a user of no organisation sees nothing
        return {"total": empty, "organizations": [], "provider_types": [],
                "ratings": ratings, "file_levels": _file_levels(lang), "failed_rules": []}
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
        "file_levels": _file_levels(lang),
        "failed_rules": failed_rules(context, orgs, lang),
    }


def failed_rules(context: Context, organizations: list[str], lang: str = "ja",
                 limit: int = 20) -> list[dict[str, Any]]:
    """The rules the current files of these organisations' datasets fail
    most often: ``key`` (rule id), ``label`` (its title), ``count`` (files).
    Only datasets the caller may see: the organisations come from the
    caller's own search, and a private dataset counts only for a member of
    its organisation (or an operator)."""
    from ckan import authz, model

    from ..readability.rules import RULES
    if not organizations:
        return []
    user = context.get("user") or ""
    orgs = {g.id: g.name for g in model.Session.query(model.Group)
            .filter(model.Group.name.in_(organizations), model.Group.is_organization)}
    private_ok = set(orgs) if authz.is_sysadmin(user) else {
        g["id"] for g in tk.get_action("organization_list_for_user")(
            {"user": user}, {"permission": "read"})} if user else set()
    sql = sa.text("""
        SELECT rule, count(*) FROM (
          SELECT DISTINCT s.resource_id, rule FROM tdpf_file_state s
          JOIN tdpf_file_version v ON v.id = s.version_id
          JOIN package p ON p.id = s.package_id AND p.state = 'active'
          JOIN resource r ON r.id = s.resource_id AND r.state = 'active'
          CROSS JOIN LATERAL (
            SELECT jsonb_array_elements_text(coalesce(v.results->'readability'->'failed',
                                                      '[]'::jsonb)) AS rule
            UNION SELECT f->>'rule_id' FROM jsonb_array_elements(
              coalesce(v.results->'standards'->'findings', '[]'::jsonb)) f) rules
          WHERE p.owner_org = ANY(:orgs) AND (NOT p.private OR p.owner_org = ANY(:private_ok))
        ) failed GROUP BY rule ORDER BY count(*) DESC, rule LIMIT :limit""")
    rows = model.Session.execute(sql, {"orgs": list(orgs), "private_ok": list(private_ok),
                                       "limit": limit})
    found = []
    for rule_id, count in rows:
        rule = RULES.get(rule_id)
        title = (rule.title_en if lang == "en" else rule.title_ja) if rule else rule_id
        found.append({"key": rule_id, "label": title, "count": int(count)})
    return found


def csv_table(report: dict[str, Any]) -> tuple[list, list[list]]:
    """The report as the header and rows of its CSV download."""
    header = [tk._("Grouped by"), tk._("Key"), tk._("Item"), tk._("Number of datasets"),
              *[r["label"] for r in report["ratings"]], tk._("Mean score"),
              *[r["label"] for r in report["file_levels"]], tk._("Mean file score")]
    groups = [(tk._("Total"), [report["total"]]),
              (tk._("Organization"), report["organizations"]),
              (tk._("Provider type"), report["provider_types"])]
    rows = [[group, row["key"], row["label"], row["count"],
             *[row["ratings"][k] for k in RATING_KEYS],
             "" if row["mean_score"] is None else round(row["mean_score"], 1),
             *[row["file_levels"][k] for k in FILE_LEVEL_KEYS],
             "" if row["mean_file_score"] is None else round(row["mean_file_score"], 1)]
            for group, members in groups for row in members]
    return header, rows
