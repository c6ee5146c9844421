"""New or changed files of public datasets are withheld until scanned.

A resource of a public dataset (not a harvested record) is *held* when the
scan reads what it now points at and has not passed it:

- ``pending``: no finished scan of its current file or URL yet (queued,
  running, or about to be queued after the change);
- ``blocked``: the finished scan left open blocking findings (until the data
  is fixed or each finding is resolved as a false positive);
- ``error``: an uploaded file could not be scanned (the provider scans it
  again). A remote URL that could not be fetched is not held: its file
  stays at its source, and the periodic rescan fetches it again.

Not held: resources never scanned (created before scanning existed, or while
it was off), remote URLs in formats the scanner does not read (PDF, HTML...),
and anything of private or harvested datasets.

Anyone but the dataset's providers (editors and admins of its organisation
or collaborators, sysadmins) gets a held resource without its URLs and with
``tdpf_scan_hold`` saying why: package_show, resource_show, search (the
index keeps held URLs out of its searchable fields; the job reindexes when
the hold ends), the DCAT output, the activity stream. Its download routes
answer 409 with the message (``views``). Providers see the URL and the state.
Calls made by code (``ignore_auth``), edits (``for_update``) and the search
index (``validate`` false) get the stored URLs: their output is not shown
as it is.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf import prefetch, withholding

from . import config, jobs, scanner
from .model import DONE, ERROR, QUEUED, SKIPPED, Scan

KEY = "tdpf_scan_hold"  # on each held resource of a shown dataset
PENDING, BLOCKED, UNREADABLE = "pending", "blocked", "error"
URL_KEYS = ("url", "download_url", "access_url")


def public_message() -> str:
    return tk._("Being checked for personal data: this file cannot be downloaded yet.")


def _is_public(pkg: dict[str, Any]) -> bool:
    return (not tk.asbool(pkg.get("private") or False)
            and (pkg.get("state") or "active") == "active")


def _scanned_source(res: dict[str, Any]) -> str | None:
    """What the scan reads of this resource, when it reads anything."""
    if not isinstance(res, dict) or not res.get("id") \
            or (res.get("state") or "active") != "active":
        return None
    source = jobs.source_of(res)
    if source is not None and source.startswith("url:") and scanner.detect_format(
            res.get("format"), res.get("url") or "") is None:
        return None  # never downloaded by the scan (the job skips it)
    return source


def _finished(scan: Scan) -> bool:
    return scan.status in (DONE, ERROR) or (
        scan.status == SKIPPED and scan.message == jobs.FORMAT_NOT_SCANNED)


def _scans_many(package_ids: list[str]) -> dict[str, list[Scan]]:
    """Every scan of these datasets' resources, newest first."""
    found: dict[str, list[Scan]] = {}
    for scan in model.Session.execute(
            sa.select(Scan).where(Scan.package_id.in_(package_ids))
            .order_by(Scan.id.desc())).scalars():
        found.setdefault(scan.package_id, []).append(scan)
    return found


# once per chunk when indexing in bulk (ckanext.tdpf.prefetch)
_scans = prefetch.Lookup(lambda package_id: _scans_many([package_id]).get(package_id, []),
                         _scans_many, default=[])


def _state(source: str, scans: list[Scan]) -> tuple[str | None, Scan | None]:
    """(hold state or None, the scan it rests on); ``scans`` newest first."""
    if not scans:
        return None, None  # never scanned: older than scanning, not withheld
    done = next((s for s in scans if s.source == source and _finished(s)), None)
    if done is None:  # its scan (None: changed, about to be queued)
        return PENDING, next((s for s in scans if s.source == source), None)
    if done.status == ERROR and source.startswith("upload:"):
        return UNREADABLE, done
    return None, done  # open blocking findings: see holds_of


def _harvested(pkg: dict[str, Any]) -> bool:
    """Harvested records are never scanned: their source catalog answers for them."""
    from ..warranty import rules as warranty

    return warranty.is_harvested(pkg)


def holds_of(packages: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{resource_id: hold}`` of the held resources of these dataset dicts
    (two queries for all of them; none when nothing could be held)."""
    if not config.enabled():
        return {}
    candidates = [(pkg, res, source) for pkg in packages
                  if isinstance(pkg, dict) and pkg.get("id") and _is_public(pkg)
                  for res in pkg.get("resources") or [] if (source := _scanned_source(res))]
    if not candidates:
        return {}
    scans = _scans.get_many(sorted({pkg["id"] for pkg, _res, _source in candidates}))
    holds: dict[str, dict[str, Any]] = {}
    done: dict[int, str] = {}
    package_of: dict[str, dict] = {}
    for pkg, res, source in candidates:
        mine = [s for s in scans.get(pkg["id"], []) if s.resource_id == res["id"]]
        state, scan = _state(source, mine)
        package_of[res["id"]] = pkg
        if state:
            holds[res["id"]] = {"state": state,
                                "scan_status": scan.status if scan is not None else QUEUED}
        elif scan is not None and scan.status == DONE:
            done[scan.id] = res["id"]
    for finding in jobs.findings(list(done), open_only=True, severity=scanner.BLOCKING):
        hold = holds.setdefault(done[finding.scan_id],
                                {"state": BLOCKED, "scan_status": DONE, "findings": 0})
        hold["findings"] += 1
    # last: only datasets with a scan get here (a harvested record has none
    # unless it was made by hand before)
    harvested = {pkg["id"] for pkg in {package_of[rid]["id"]: package_of[rid]
                                       for rid in holds}.values() if _harvested(pkg)}
    return {rid: hold for rid, hold in holds.items()
            if package_of[rid]["id"] not in harvested}


def stored_dict(pkg: model.Package, resources: list | None = None) -> dict[str, Any]:
    """What :func:`holds_of` reads, of a stored dataset (the download
    route, activity snapshots)."""
    return {"id": pkg.id, "private": pkg.private, "state": pkg.state,
            "owner_org": pkg.owner_org,
            "source_catalog_url": (pkg.extras or {}).get("source_catalog_url"),
            "resources": [jobs.resource_dict(r) for r in
                          (pkg.resources if resources is None else resources)]}


def held_resource(resource_id: str) -> tuple[dict | None, model.Package | None]:
    """The hold of one stored resource, and its dataset."""
    res = model.Resource.get(resource_id or "")
    if res is None or res.state != "active" or res.package is None:
        return None, None
    return holds_of([stored_dict(res.package, [res])]).get(res.id), res.package


# -- who sees what ---------------------------------------------------------------

def provides(user_name: str | None, package_id: str) -> bool:
    """Sysadmins, editors and admins of the dataset's organisation, editor
    collaborators: who may update it (CKAN's package_update rule, asked of
    authz directly: its refusal message needs a request to be translated)."""
    from ckan import authz

    user = model.User.get(user_name) if user_name else None
    if user is None or user.state != "active":
        return False
    if user.sysadmin:
        return True
    pkg = model.Package.get(package_id)
    if pkg is None:
        return False
    return bool(pkg.owner_org and authz.has_user_permission_for_group_or_org(
        pkg.owner_org, user.name, "update_dataset")) or bool(
        authz.check_config_permission("allow_dataset_collaborators")
        and authz.user_is_collaborator_on_dataset(user.id, pkg.id, ["admin", "editor"]))


def _withhold(res: dict[str, Any], hold: dict[str, Any], provider: bool) -> None:
    if provider:
        res[KEY] = dict(hold)
        return
    for key in URL_KEYS:
        if res.get(key):
            res[key] = ""
    res[KEY] = {"state": PENDING, "message": public_message()}  # no more to the public


def apply(packages: list[dict[str, Any]], user_name: str | None,
          holds: dict[str, dict] | None = None) -> None:
    """Withhold, in place, the held resources of these dataset dicts from
    ``user_name`` (None: anonymous) unless they provide the dataset."""
    holds = holds_of(packages) if holds is None else holds
    if not holds:
        return
    for pkg in packages:
        mine = [res for res in pkg.get("resources") or []
                if isinstance(res, dict) and res.get("id") in holds]
        if mine:
            provider = provides(user_name, pkg["id"])
            for res in mine:
                _withhold(res, holds[res["id"]], provider)


def _request_user() -> str | None | Literal[False]:
    """The requesting user's name, None for anonymous; False outside a request."""
    from flask import has_request_context

    if not has_request_context():
        return False
    user = tk.current_user
    return user.name if user and user.is_authenticated else None


# -- hooks (ckanext.tdpf.features, through the package) ------------------------------

def after_dataset_show(context: dict, pkg_dict: dict) -> None:
    if (context.get("for_update") or context.get("validate") is False
            or context.get("ignore_auth")):
        return
    apply([pkg_dict], context.get("user") or None)


def after_dataset_search(search_results: dict) -> dict:
    """Search answers from the index's stored dicts, without
    after_dataset_show: withhold from the requesting user (the stored dicts
    of ``fl`` results too). Outside a request (jobs, commands) there is no
    one to withhold from."""
    user = _request_user()
    if user is False:
        return search_results
    rows = [r for r in search_results.get("results") or [] if isinstance(r, dict)]
    apply([r for r in rows if isinstance(r.get("resources"), list)], user)
    for row in rows:
        withholding.rewrite_stored_dicts(row, lambda stored: apply([stored], user))
    return search_results


def before_dataset_index(pkg_dict: dict) -> dict:
    """Held URLs stay out of the searchable fields (``q``, ``fl``); the
    stored dicts keep them (providers are served from them)."""
    try:
        stored = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        return pkg_dict
    holds = holds_of([stored])
    return withholding.drop_index_urls(pkg_dict, {
        res.get(key) for res in stored.get("resources") or []
        if res.get("id") in holds for key in URL_KEYS if res.get(key)})


def withhold_snapshots(packages: list[dict[str, Any]], user_name: str | None) -> None:
    """Dataset snapshots of the activity stream: the resources held *now*
    lose their URLs (an older URL of the same resource too)."""
    ids = {p["id"] for p in packages if isinstance(p, dict) and isinstance(p.get("id"), str)}
    current = [stored_dict(pkg) for pkg in model.Session.execute(
        sa.select(model.Package).where(model.Package.id.in_(ids))).scalars()] if ids else []
    holds = holds_of(current)
    if not holds:
        return
    for pkg in current:
        snapshots = [s for s in packages if isinstance(s, dict) and s.get("id") == pkg["id"]]
        if any(r["id"] in holds for r in pkg["resources"]) and not provides(
                user_name, pkg["id"]):
            for snapshot in snapshots:
                for res in snapshot.get("resources") or []:
                    if isinstance(res, dict) and res.get("id") in holds:
                        _withhold(res, holds[res["id"]], False)
