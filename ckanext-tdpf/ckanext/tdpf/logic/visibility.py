"""Two CKAN actions answer with dataset and resource dicts without going
through ``package_show``/``package_search`` as the caller:
``resource_search`` (straight from the resource table) and
``current_package_list_with_resources`` (calls the search function, not the
action). Whatever other plugins hide from a caller in those two actions'
results (URLs of conditional data, withdrawn datasets...) would show there.
These chained versions answer with what ``package_show`` shows the caller."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ..params import number

__all__ = ["resource_search", "current_package_list_with_resources"]


def _shown_packages(context: Context) -> Callable[[str], dict | None]:
    """package_show as the caller, once per dataset; None when refused."""
    seen: dict[str, dict | None] = {}
    base = {k: context[k] for k in ("user", "auth_user_obj", "ignore_auth")
            if k in context}

    def show(package_id: str) -> dict | None:
        if package_id not in seen:
            try:
                seen[package_id] = tk.get_action("package_show")(
                    dict(base), {"id": package_id})
            except (tk.ObjectNotFound, tk.NotAuthorized):
                seen[package_id] = None
        return seen[package_id]
    return show


def _matches(resource: dict[str, Any], conditions: dict[str, str]) -> bool:
    """resource_search's own test (case-insensitive substring; prefix for
    ``hash``), applied again to what the caller sees: a URL replaced by a
    plugin must not still be found by its real text."""
    for field, term in conditions.items():
        value, term = str(resource.get(field) or "").lower(), term.lower()
        if not (value.startswith(term) if field == "hash" else term in value):
            return False
    return True


@tk.chained_action
@tk.side_effect_free
def resource_search(up: Action, context: Context, data_dict: DataDict):
    if context.get("search_query"):  # CKAN-internal use: model objects
        return up(context, data_dict)
    offset = number(data_dict, "offset", 0, high=None)
    limit = number(data_dict, "limit", None, high=None)
    found = up(context, {**data_dict, "offset": None, "limit": None})
    query = data_dict.get("query")
    pairs = [query] if isinstance(query, str) else list(query or [])
    conditions = dict(pair.split(":", 1) for pair in pairs)  # validated by up
    show = _shown_packages(context)
    visible = []
    for resource in found["results"]:
        pkg = show(resource["package_id"])
        shown = next((r for r in (pkg or {}).get("resources") or []
                      if r.get("id") == resource["id"]), None)
        if shown is not None and _matches(shown, conditions):
            visible.append(shown)
    end = offset + limit if limit is not None else None
    return {"count": len(visible), "results": visible[offset:end]}


@tk.chained_action
@tk.side_effect_free
def current_package_list_with_resources(up: Action, context: Context,
                                        data_dict: DataDict):
    show = _shown_packages(context)
    return [pkg for pkg in (show(found["id"]) for found in up(context, data_dict))
            if pkg is not None]
