"""Signed download URLs, and URL hiding in the core actions that return
stored dataset dicts: package_search (the index's copies) and the activity
stream (snapshots taken when the dataset changed)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .. import conditions as cond
from . import gate, signing
from .hiding import Viewer, download_url, mask, mask_search_results, user_of

__all__ = ["tdpf_resource_access", "package_search", "current_package_list_with_resources",
           "dataset_followee_list", "followee_list", "resource_search",
           "activity_show", "activity_data_show", "activity_diff",
           "package_activity_list", "user_activity_list", "group_activity_list",
           "organization_activity_list", "recently_changed_packages_activity_list",
           "dashboard_activity_list"]


def tdpf_resource_access(context, data_dict):
    """A short-lived signed download URL for a resource the caller may
    download (a valid grant, or the provider); every use is checked and logged.

    :param id: the resource id
    :returns: ``{"url", "expires_in", "grant_id"}``
    """
    tk.check_access("tdpf_resource_access", context, data_dict)
    user = user_of(context)
    if user is None:  # an internal call (ignore_auth) for no one
        raise tk.NotAuthorized(tk._("Log in to use the distribution platform."))
    resource_id = data_dict.get("id")
    if not isinstance(resource_id, str) or not resource_id:
        raise tk.ValidationError({"id": [tk._("Give the id of one resource.")]})
    decision = gate.decide(user, resource_id)
    if decision.status == 404:
        raise tk.ObjectNotFound(decision.message)
    if not decision.allowed or decision.resource is None:  # allowed: with its resource
        raise tk.NotAuthorized(decision.message)
    token = signing.sign(user.id, decision.resource["id"])
    return {"url": f"{download_url(decision.resource['id'])}?token={token}",
            "expires_in": signing.ttl(),
            "grant_id": decision.grant.id if decision.grant else None}


@tk.chained_action
@tk.side_effect_free
def package_search(up_func, context, data_dict):
    result = up_func(context, data_dict)
    mask_search_results(result.get("results") or [], Viewer(user_of(context)))
    return result


def _chained_list(name: str, hide, why: str = ""):
    """A chained read action returning a list, passed through ``hide(list,
    context)`` before anyone sees it."""
    @tk.chained_action
    @tk.side_effect_free
    def chained(up_func, context, data_dict):
        items = up_func(context, data_dict)
        hide(items, context)
        return items
    chained.__name__ = name
    chained.__doc__ = f"{name}, with gated resource URLs hidden (market){why}."
    return chained


def _mask_packages(packages: list, context) -> None:
    mask_search_results(packages, Viewer(user_of(context)))


def _mask_followees(items: list, context) -> None:
    _mask_packages([item["dict"] for item in items if isinstance(item, dict)
                    and item.get("type") == "dataset" and isinstance(item.get("dict"), dict)],
                   context)


current_package_list_with_resources = _chained_list(
    "current_package_list_with_resources", _mask_packages,
    ": core calls package_search as a function there, not through get_action")
dataset_followee_list = _chained_list("dataset_followee_list", _mask_packages,
                                      ": it dictizes the datasets itself")
followee_list = _chained_list("followee_list", _mask_followees,
                              ": the datasets among what a user follows, dictized by core")


@tk.chained_action
@tk.side_effect_free
def resource_search(up_func, context, data_dict):
    """Gated resources the caller may not see leave the results (their URL
    could otherwise be searched for: ``query=url:...``); the count follows."""
    result = up_func(context, data_dict)
    viewer = Viewer(user_of(context))
    ids = {r.get("package_id") for r in result.get("results") or []}
    packages = {pkg.id: pkg for pkg in model.Session.execute(
        sa.select(model.Package).where(model.Package.id.in_(ids))).scalars()} if ids else {}
    kept = []
    for res in result.get("results") or []:
        pkg = packages.get(res.get("package_id"))
        level = {"access_level": pkg.extras.get("access_level"),
                 "fee": pkg.extras.get("fee")} if pkg else {}
        if pkg is None or not cond.is_gated(level, res) or viewer.manages(pkg.owner_org, pkg.id):
            kept.append(res)
    dropped = len(result.get("results") or []) - len(kept)
    result["count"] = max(result.get("count", 0) - dropped, 0)
    result["results"] = kept
    return result


# -- activity stream ----------------------------------------------------

def _gated_now(ids: set[str]) -> tuple[set[str], set[str]]:
    """Datasets and resources gated today: an old snapshot may predate the
    conditions of either (a resource gated later keeps no URL in its history)."""
    datasets: set[str] = set()
    resources: set[str] = set()
    if not ids:
        return datasets, resources
    for pkg in model.Session.execute(
            sa.select(model.Package).where(model.Package.id.in_(ids))).scalars():
        if cond.is_gated_stored(pkg):
            datasets.add(pkg.id)
        resources.update(res.id for res in pkg.resources if cond.is_gated_stored(pkg, res))
    return datasets, resources


def _mask_snapshot(pkg: Any, viewer: Viewer, gated_now: tuple[set[str], set[str]]) -> None:
    if not isinstance(pkg, dict) or not pkg.get("id"):
        return
    datasets, resources = gated_now
    snapshot_resources = [r for r in pkg.get("resources") or [] if isinstance(r, dict)]
    if pkg["id"] in datasets and not any(cond.is_gated(pkg, r) for r in snapshot_resources):
        pkg["access_level"] = "conditional"  # hide URLs the dataset has since gated
    for res in snapshot_resources:
        if res.get("id") in resources and not cond.is_gated(pkg, res):
            res["access_level"] = "conditional"  # and those of resources gated since
    mask(pkg, viewer)


def _mask_activities(activities: list[dict], context) -> None:
    viewer = Viewer(user_of(context))
    packages = [a.get("data", {}).get("package") for a in activities
                if isinstance(a.get("data"), dict)]
    gated_now = _gated_now({p["id"] for p in packages if isinstance(p, dict) and p.get("id")})
    for pkg in packages:
        _mask_snapshot(pkg, viewer, gated_now)


package_activity_list = _chained_list("package_activity_list", _mask_activities)
user_activity_list = _chained_list("user_activity_list", _mask_activities)
group_activity_list = _chained_list("group_activity_list", _mask_activities)
organization_activity_list = _chained_list("organization_activity_list", _mask_activities)
recently_changed_packages_activity_list = _chained_list(
    "recently_changed_packages_activity_list", _mask_activities)
dashboard_activity_list = _chained_list("dashboard_activity_list", _mask_activities)


@tk.chained_action
@tk.side_effect_free
def activity_show(up_func, context, data_dict):
    activity = up_func(context, data_dict)
    _mask_activities([activity], context)
    return activity


@tk.chained_action
@tk.side_effect_free
def activity_data_show(up_func, context, data_dict):
    data = up_func(context, data_dict)
    wrapped = data if "package" in data else {"package": data}
    _mask_activities([{"data": wrapped}], context)
    return data


@tk.chained_action
@tk.side_effect_free
def activity_diff(up_func, context, data_dict):
    """The diff is computed from the stored snapshots: hide their URLs first
    (in memory only: ckanext.tdpf.compat.activity_snapshots)."""
    from ckanext.tdpf.compat import activity_snapshots

    activity = activity_snapshots.stored(data_dict.get("id") or "")
    if activity is None:
        return up_func(context, data_dict)
    tk.check_access("activity_diff", context, data_dict)
    with activity_snapshots.masked(activity, lambda rows: _mask_activities(rows, context)):
        return up_func(context, data_dict)
