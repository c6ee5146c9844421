"""Shared pieces for plugins that withhold resource URLs from some users
(the market's gated data, the trust plugin's files waiting for their
personal-data scan): keeping URLs out of a dataset's search document, and
ckanext-activity's reads, whose dataset snapshots were saved with every URL.

A plugin gives a ``withhold(snapshots, context)`` that changes the snapshot
dicts in place; :func:`chained_activity_reads` makes the chained actions.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

Withhold = Callable[[list[dict[str, Any]], Any], None]

ACTIVITY_LISTS = ("package_activity_list", "user_activity_list", "group_activity_list",
                  "organization_activity_list", "recently_changed_packages_activity_list",
                  "dashboard_activity_list")
ACTIVITY_READS = (*ACTIVITY_LISTS, "activity_show", "activity_data_show", "activity_diff")


def drop_index_urls(pkg_dict: dict[str, Any], urls: set[str]) -> dict[str, Any]:
    """Remove ``urls`` from the URL fields of a search document (``res_url``
    is copied to the default text field: no query can test for them, no
    ``fl`` can return them)."""
    if not urls:
        return pkg_dict
    for key in list(pkg_dict):
        if key in ("res_url", "urls") or (key.startswith("res_extras_") and "url" in key):
            values = pkg_dict[key] if isinstance(pkg_dict[key], list) else [pkg_dict[key]]
            pkg_dict[key] = [v for v in values if v not in urls]
    return pkg_dict


def rewrite_stored_dicts(row: dict[str, Any], change: Callable[[dict], None]) -> None:
    """The dataset dicts an ``fl`` search result holds as JSON text
    (``data_dict``, ``validated_data_dict``), passed through ``change``."""
    for key in ("data_dict", "validated_data_dict"):
        if isinstance(row.get(key), str):
            try:
                stored = json.loads(row[key])
            except ValueError:
                continue
            change(stored)
            row[key] = json.dumps(stored)


def snapshots_of(activities: list) -> list[dict[str, Any]]:
    """The dataset snapshots of activity dicts."""
    return [a["data"]["package"] for a in activities
            if isinstance(a, dict) and isinstance(a.get("data"), dict)
            and isinstance(a["data"].get("package"), dict)]


def chained_activity_reads(withhold: Withhold, why: str) -> dict[str, Callable]:  # noqa: C901 - counts its chained actions' bodies
    """``{action name: chained action}`` for :data:`ACTIVITY_READS`, each
    passing the dataset snapshots it returns through ``withhold``."""
    def apply(activities: list, context) -> None:
        found = snapshots_of(activities)
        if found:
            withhold(found, context)

    def listing(name: str):
        @tk.chained_action
        @tk.side_effect_free
        def chained(up_func, context, data_dict):
            activities = up_func(context, data_dict)
            apply(activities, context)
            return activities
        chained.__name__ = name
        chained.__doc__ = f"{name}, {why}."
        return chained

    @tk.chained_action
    @tk.side_effect_free
    def activity_show(up_func, context, data_dict):
        activity = up_func(context, data_dict)
        apply([activity], context)
        return activity

    @tk.chained_action
    @tk.side_effect_free
    def activity_data_show(up_func, context, data_dict):
        data = up_func(context, data_dict)
        apply([{"data": data if "package" in data else {"package": data}}], context)
        return data

    @tk.chained_action
    @tk.side_effect_free
    def activity_diff(up_func, context, data_dict):
        """The diff is made from the stored snapshots: withheld in memory
        first (ckanext.tdpf.compat.activity_snapshots; nothing is written)."""
        from .compat import activity_snapshots

        activity = activity_snapshots.stored(data_dict.get("id") or "") \
            if isinstance(data_dict.get("id"), str) else None
        if activity is None:
            return up_func(context, data_dict)
        with activity_snapshots.masked(activity, lambda rows: apply(rows, context)):
            return up_func(context, data_dict)

    reads = {name: listing(name) for name in ACTIVITY_LISTS}
    for func in (activity_show, activity_data_show, activity_diff):
        func.__doc__ = f"{func.__name__}, {why}."
        reads[func.__name__] = func
    return reads
