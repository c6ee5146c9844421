"""Two CKAN actions answer with dataset and resource dicts without going
through ``package_show``/``package_search`` as the caller:
``resource_search`` (straight from the resource table) and
``current_package_list_with_resources`` (calls the search function, not the
action). Whatever other plugins hide from a caller in those two actions'
results (URLs of conditional data, withdrawn datasets...) would show there.
These chained versions answer with what the ``package_search`` action shows
the caller, at a cost that follows the page asked for, not the size of the
catalogue."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.types import Action, Context, DataDict

from .. import config
from . import schema
from .action_input import validated

__all__ = ["resource_search", "current_package_list_with_resources"]

# Core matches read per round at most: a round is one SQL query, and a
# package_search per _IDS_PER_SEARCH new datasets in it.
_MAX_CHUNK = 500
# dataset ids one package_search looks up: its fq stays well under the
# search backend's limit on the length of a query (4,000 characters)
_IDS_PER_SEARCH = 80


def _caller(context: Context) -> Context:
    return cast(Context, {k: v for k, v in context.items()
                          if k in ("user", "auth_user_obj", "ignore_auth")})


def _shown_packages(context: Context) -> Callable[[list[str]], dict[str, dict | None]]:
    """The datasets of ids as the package_search action shows them to the
    caller (None: not found there), each looked up once, many per search: a
    package_show per dataset cost about 40 times as much."""
    seen: dict[str, dict | None] = {}

    def show(ids: list[str]) -> dict[str, dict | None]:
        missing = [i for i in dict.fromkeys(ids) if i not in seen]
        for n in range(0, len(missing), _IDS_PER_SEARCH):
            chunk = missing[n:n + _IDS_PER_SEARCH]
            found = tk.get_action("package_search")(_caller(context), {
                "fq": "id:(" + " OR ".join(f'"{i}"' for i in chunk) + ")",
                "rows": len(chunk)})
            seen.update(dict.fromkeys(chunk))
            seen.update((pkg["id"], pkg) for pkg in found["results"] if pkg.get("id") in seen)
        return seen
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


def _order_column(data_dict: DataDict) -> str:
    """The resource column the rounds are ordered by: ``order_by`` when it
    is one (core ignores other names), else ``id``, so that the rounds of
    one call, and calls with different pages, see the matches in one order."""
    requested = data_dict.get("order_by")
    return requested if isinstance(requested, str) and requested in model.resource_table.c else "id"


def _in_sql_order(results: list[dict], column: str) -> list[dict]:
    """A round as its query ordered it: CKAN's resource_list_dictize sorts
    the round by ``position``. The database sorts again (its collation, ties
    by id), so rounds of different sizes line up whatever the locale."""
    ids = [r["id"] for r in results]
    if len(ids) < 2:
        return results
    ordered = model.Session.execute(
        sa.select(model.Resource.id).where(model.Resource.id.in_(ids))
        .order_by(model.resource_table.c[column], model.Resource.id)).scalars()
    rank = {id_: n for n, id_ in enumerate(ordered)}
    return sorted(results, key=lambda r: rank.get(r["id"], len(rank)))


def _page_limit(page: dict[str, int]) -> int:
    """``limit``, by default ``ckanext.tdpf.resource_search.default_limit``,
    at most ``ckan.search.rows_max`` (as package_search caps ``rows``)."""
    limit = page.get("limit", config.resource_search_default_limit())
    return min(limit, int(tk.config.get("ckan.search.rows_max")))


@tk.chained_action
@tk.side_effect_free
def resource_search(up: Action, context: Context, data_dict: DataDict):
    """CKAN's resource_search, answering with the resources as the
    package_search action shows them to the caller (left out when their
    dataset is not found there, when hidden, or when what the caller sees
    no longer matches).

    The core matches are read in rounds of at most 500, in a stable order
    (``order_by`` when it names a resource column, else ``id``), until the
    page and one more visible result are found or the matches run out: a
    page costs what its ``offset + limit`` costs, whatever the catalogue.

    ``count`` is exact when the matches ran out; otherwise it is ``offset +
    limit + 1``: there is at least one more page (counting every visible
    match would mean reading every matching dataset of the catalogue, and
    the core's count would reveal hidden ones).
    """
    if context.get("search_query"):  # CKAN-internal use: model objects
        return up(context, data_dict)
    page = validated(data_dict, schema.resource_search_page(), context)
    offset, limit = page["offset"], _page_limit(page)
    query = data_dict.get("query")
    pairs = [query] if isinstance(query, str) else list(query or [])  # the gate checked them
    conditions = dict(pair.split(":", 1) for pair in pairs)
    wanted = offset + limit + 1
    column = _order_column(data_dict)
    show = _shown_packages(context)
    visible: list[dict] = []
    taken: set[str] = set()  # rounds may overlap where order_by has ties
    start, size, exhausted = 0, min(wanted, _MAX_CHUNK), False
    while len(visible) < wanted and not exhausted:
        found = up(context, {**data_dict, "order_by": column, "offset": start, "limit": size})
        # Plugins below may drop hidden resources from a round and lower the
        # count by as many: start + len(results) still reaches the count
        # exactly when the core's matches are all read.
        exhausted = start + len(found["results"]) >= found["count"]
        packages = show([r["package_id"] for r in found["results"]])
        for resource in _in_sql_order(found["results"], column):
            pkg = packages.get(resource["package_id"])
            shown = next((r for r in (pkg or {}).get("resources") or []
                          if r.get("id") == resource["id"]), None)
            if shown is not None and shown["id"] not in taken and _matches(shown, conditions):
                taken.add(shown["id"])
                visible.append(shown)
        start += size
        size = min(max(wanted - len(visible), 2 * size), _MAX_CHUNK)
    count = len(visible) if exhausted else wanted
    return {"count": count, "results": visible[offset:offset + limit]}


@tk.chained_action
@tk.side_effect_free
def current_package_list_with_resources(up: Action, context: Context,
                                        data_dict: DataDict):
    """The page of datasets from the ``package_search`` action as the
    caller (rows=limit), which applies every plugin's hiding on the way;
    core calls the search function itself, so this does not go up.

    :param limit: datasets per page (package_search's ``rows``: 10 by
        default, at most ``ckan.search.rows_max``)
    :param offset: where the page starts (default 0)
    :param page: deprecated by CKAN: page number when ``offset`` is absent
    """
    tk.check_access("current_package_list_with_resources", context, data_dict)
    data = validated(data_dict, schema.package_list_page(), context)
    limit, offset = data.get("limit"), data["offset"]
    if "offset" not in data_dict and "page" in data_dict:
        offset = (data["page"] - 1) * limit if limit else 0
    search: dict[str, Any] = {"q": "", "start": offset,
                              "include_private": authz.is_sysadmin(context.get("user"))}
    if limit is not None:
        search["rows"] = limit
    return tk.get_action("package_search")(_caller(context), search)["results"]
