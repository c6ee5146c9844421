"""Resource URLs of gated (conditional/paid) data are shown only to the
dataset's provider and operators. Everyone else gets, in place of each URL,
the authorised download route (with a valid grant) or the request-access
page (without). Applied to package_show/resource_show (``after_dataset_show``)
and, in ``actions``, to the core actions that return stored or separately
dictized datasets: package_search (including the index's stored dicts asked
for with ``fl``), the activity stream, dataset lists and resource_search.
The index document itself keeps gated URLs out of its searchable fields
(:func:`strip_index_urls`)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from .. import conditions as cond
from ..grants import policy

# Context flag of internal package_show calls that need the real URLs
# (the download route); API callers cannot set context keys.
UNMASKED = "tdpf_market_unmasked"

# Resource keys that may carry the location of the data (ckanext-dcat's
# access_url/download_url extras of harvested records too).
URL_KEYS = ("url", "download_url", "access_url")


def site_url() -> str:
    return tk.config.get("ckan.site_url", "").rstrip("/")


def request_url(pkg: dict[str, Any]) -> str:
    return f"{site_url()}/dataset/{pkg.get('name') or pkg['id']}/request-access"


def download_url(resource_id: str) -> str:
    return f"{site_url()}/market/download/{resource_id}"


def user_of(context: dict | None) -> model.User | None:
    """The user an action runs for (None: anonymous or no user at all)."""
    context = context or {}
    user = context.get("auth_user_obj")
    if isinstance(user, model.User):
        return user
    name = context.get("user")
    return model.User.get(name) if name else None


class Viewer:
    """What one user may see; organisations and grants looked up once."""

    def __init__(self, user: model.User | None):
        self.user = user
        self._orgs: set[str] | None = None
        self._grants: dict[str, list] = {}

    def manages(self, owner_org: str | None, dataset_id: str | None = None) -> bool:
        if self.user is None:
            return False
        if self.user.sysadmin:
            return True
        if self._orgs is None:
            self._orgs = policy.managed_org_ids(self.user)
        if owner_org and owner_org in self._orgs:
            return True
        return bool(dataset_id) and dataset_id in policy.collaborating(self.user, [dataset_id])

    def load_grants(self, dataset_ids: Iterable[str]) -> None:
        missing = [i for i in dataset_ids if i not in self._grants]
        if self.user is not None and missing:
            found = policy.valid_grants(self.user.id, missing)
            for dataset_id in missing:
                self._grants[dataset_id] = found.get(dataset_id, [])

    def grant(self, dataset_id: str, resource_id: str | None):
        self.load_grants([dataset_id])
        return policy.grant_for(self._grants.get(dataset_id, []), resource_id)


def has_gated(pkg: dict[str, Any]) -> bool:
    return any(cond.is_gated(pkg, res) for res in pkg.get("resources") or [])


def mask(pkg: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    """Replace the URLs of the gated resources ``viewer`` may not see, in place."""
    if not isinstance(pkg, dict) or not has_gated(pkg) or viewer.manages(
            pkg.get("owner_org"), pkg.get("id")):
        return pkg
    for res in pkg.get("resources") or []:
        if not cond.is_gated(pkg, res):
            continue
        granted = viewer.grant(pkg["id"], res.get("id"))
        target = download_url(res["id"]) if granted else request_url(pkg)
        for key in URL_KEYS:
            if res.get(key):
                res[key] = target
        res["tdpf_access"] = "granted" if granted else "request"
    return pkg


def mask_search_results(results: list, viewer: Viewer) -> None:
    """Full dicts, or the stored dicts (JSON text) of ``fl`` searches."""
    if viewer.user is not None:  # one grants query for the page, not one per dataset
        viewer.load_grants([r["id"] for r in results if isinstance(r, dict) and r.get("id")
                            and isinstance(r.get("resources"), list) and has_gated(r)
                            and not viewer.manages(r.get("owner_org"), r["id"])])
    for row in results:
        if not isinstance(row, dict):
            continue
        if isinstance(row.get("resources"), list):
            mask(row, viewer)
        for key in ("data_dict", "validated_data_dict"):
            if isinstance(row.get(key), str):
                try:
                    stored = json.loads(row[key])
                except ValueError:
                    continue
                row[key] = json.dumps(mask(stored, viewer))


def strip_index_urls(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Keep gated URLs out of the searchable fields of the index document
    (``res_url`` is copied to the default text field): no query can test
    for them and no ``fl`` can return them."""
    if cond.is_gated(pkg_dict):
        for key in list(pkg_dict):
            if key in ("res_url", "urls") or (key.startswith("res_extras_") and "url" in key):
                pkg_dict.pop(key)
        return pkg_dict
    # CKAN has moved the resources into res_* lists by now; a resource's own
    # level is in the stored dict
    text = pkg_dict.get("validated_data_dict") or ""
    if not any(f'"access_level": "{level}"' in text for level in cond.GATED):
        return pkg_dict  # no gated resource: skip parsing the whole dict
    try:
        stored = json.loads(text)
    except ValueError:
        return pkg_dict
    gated = {res.get(key) for res in stored.get("resources") or []
             if cond.is_gated(stored, res) for key in URL_KEYS if res.get(key)}
    if gated:
        for key in list(pkg_dict):
            if key in ("res_url", "urls") or (key.startswith("res_extras_") and "url" in key):
                values = pkg_dict[key] if isinstance(pkg_dict[key], list) else [pkg_dict[key]]
                pkg_dict[key] = [v for v in values if v not in gated]
    return pkg_dict
