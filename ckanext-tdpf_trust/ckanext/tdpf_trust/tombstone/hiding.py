"""What hides a dataset and how: the reason, the index field and search filter,
resource URLs stripped."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from ckan import authz

SHOW_KEY = "tdpf_hidden"
INDEX_FIELD = "tdpf_hidden"
KINDS = ("withdrawn", "suspended")
# Exact values: a hashed facet term per row (cheap); an "exists" test
# (field:[* TO *]) reads every row's whole term document instead.
HIDDEN_FILTER = " ".join(f"-{INDEX_FIELD}:{kind}" for kind in KINDS)


def hidden_reason(pkg_dict: dict) -> dict | None:
    """``{"kind": "withdrawn"|"suspended", "reason", "since"}`` or None."""
    from ..registry import FEATURES

    for feature in ("withdrawal", "suspension"):
        func = getattr(FEATURES.module(feature), "hidden_reason", None)
        found = func(pkg_dict) if func else None
        if found:
            return found
    return None


def publication_problems(pkg_dict: dict) -> list[str]:
    """Called by the publication gate (suspension reports its own)."""
    found = hidden_reason(pkg_dict)
    if found and found["kind"] == "withdrawn":
        return [tk._("Provision of this dataset ended on {date}: it cannot be "
                     "published or given new data.").format(date=found["since"])]
    return []


def _strip_urls(resource: dict) -> None:
    for key in list(resource):
        if key == "url" or key.endswith("_url"):
            resource[key] = ""


# hooks (ckanext.tdpf.features)

def _hidden_after_show(pkg_dict: dict) -> dict | None:
    """hidden_reason, reusing the withdrawal state the withdrawal feature
    has just put on this dict (its after_dataset_show runs before ours)."""
    from ..suspension import checks as suspension
    from ..withdrawal import notice as withdrawal
    shown = pkg_dict.get(withdrawal.SHOW_KEY)
    if shown and shown.get("state") == withdrawal.WITHDRAWN:
        return {"kind": "withdrawn", "reason": shown["reason"], "since": shown["date"]}
    return suspension.hidden_reason(pkg_dict)


def after_dataset_show(context: dict, pkg_dict: dict) -> None:
    found = _hidden_after_show(pkg_dict) if pkg_dict.get("id") else None
    pkg_dict[SHOW_KEY] = found
    # kept for edits (for_update), for the index (validate=False: package_show
    # serves its copy and strips at show time) and for sysadmins
    if (not found or context.get("for_update") or context.get("validate") is False
            or authz.is_sysadmin(context.get("user"))):
        return
    for resource in pkg_dict.get("resources") or []:
        _strip_urls(resource)


def _asks_for_hidden(search_params: dict) -> bool:
    """The caller's own fq names the field (ours is always there)."""
    fq = search_params.get("fq") or ""
    fq = " ".join(fq) if isinstance(fq, (list, tuple)) else str(fq)  # a list by now
    return INDEX_FIELD in fq.replace(HIDDEN_FILTER, "")


def after_dataset_search(search_results: dict, search_params: dict) -> dict:
    # hidden datasets are only found when the query asks for them by name
    if _asks_for_hidden(search_params):
        for result in search_results.get("results") or []:
            if result.get("id") and hidden_reason(result):
                for resource in result.get("resources") or []:
                    _strip_urls(resource)
    return search_results


def before_dataset_index(pkg_dict: dict) -> dict:
    pkg_dict.pop(SHOW_KEY, None)
    shown = pkg_dict.get("validated_data_dict")
    shown = json.loads(shown) if isinstance(shown, str) else {}
    # after_dataset_show's answer for this very dict, when it ran (CKAN's indexing path)
    found = shown[SHOW_KEY] if SHOW_KEY in shown else hidden_reason(pkg_dict)
    if found:
        pkg_dict[INDEX_FIELD] = found["kind"]
    return pkg_dict


def before_dataset_search(search_params: dict) -> dict:
    fq = search_params.get("fq") or ""
    if INDEX_FIELD not in fq:
        search_params["fq"] = f"{fq} {HIDDEN_FILTER}".strip()
    return search_params
