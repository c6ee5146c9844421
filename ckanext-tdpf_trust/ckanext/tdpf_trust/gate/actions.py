"""The gate's chained core actions (see the package docstring)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.model import Session, User
from ckan.types import Action, Context, DataDict, ErrorDict

from ..scan import jobs as scan_jobs
from ..warranty import rules as warranty
from . import is_public, problems, reindex_and_commit
from . import show_stored as _show

__all__ = ["package_create", "package_update", "bulk_update_public",
           "resource_create", "resource_update"]

FORM_PREFIX = "tdpf_attest_"  # flat form fields of the resource form
SHOW_ONLY_KEYS = ("tdpf_warranty", "tdpf_withdrawal", "tdpf_hidden")
RESOURCE_SHOW_ONLY_KEYS = ("tdpf_scan_hold",)  # scan.hold: said on show, never stored


def _drop_resource_show_keys(data_dict: DataDict) -> None:
    resources = data_dict.get("resources")
    for res in ([data_dict] + (resources if isinstance(resources, list) else [])):
        if isinstance(res, dict):
            for key in RESOURCE_SHOW_ONLY_KEYS:
                res.pop(key, None)


def _take_attestation(context: Context, data_dict: DataDict) -> dict | None:
    """The warranty given with this call (API key or resource-form fields),
    removed from the data; show-only keys are dropped too (package_patch
    sends package_show's output back)."""
    for key in SHOW_ONLY_KEYS:
        data_dict.pop(key, None)
    _drop_resource_show_keys(data_dict)
    given = data_dict.pop(warranty.ATTESTATION_KEY, None) \
        or context.pop(warranty.ATTESTATION_KEY, None)  # type: ignore[misc]
    if isinstance(given, str):
        try:
            given = json.loads(given)
        except ValueError:
            raise tk.ValidationError({warranty.ATTESTATION_KEY: [tk._(
                "Must be a JSON object of attestations.")]}) from None
    if given is not None and not isinstance(given, dict):
        raise tk.ValidationError({warranty.ATTESTATION_KEY: [tk._(
            "Must be an object of attestations.")]})
    return given


def _warrant(context: Context, pkg: dict, given: dict) -> None:
    attestations = warranty.check_attestations(given)
    previous = warranty.latest(pkg["id"])  # its statement, when the form has none
    kind = warranty.personal_data_of(pkg, given.get("personal_data_kind")
                                     or (previous.personal_data if previous else None))
    warranty.create(pkg, User.get(context.get("user") or ""), attestations, kind)


def _refuse(found: list[str]):
    raise tk.ValidationError({"private": found})


def _gated_write(up: Action, context: Context, data_dict: DataDict,
                 before: dict | None, given: dict | None) -> Any:
    """Run ``up`` without its commit, warrant if asked, check the result,
    then index and commit (or roll back and refuse).

    ``defer_commit`` together with ``return_id_only``: CKAN 2.12's
    package_update rolls its savepoint back under ``defer_commit`` alone,
    but returns the id before that when both are set."""
    saved = {k: context.get(k) for k in ("defer_commit", "return_id_only")}
    context["defer_commit"] = context["return_id_only"] = True
    try:
        package_id, after = _write_checked(up, context, data_dict, before, given)
    except Exception:
        if not saved["defer_commit"]:
            Session.rollback()
        raise
    finally:
        for key, value in saved.items():
            if value is None:
                context.pop(key, None)  # type: ignore[misc]
            else:
                context[key] = value  # type: ignore[literal-required]
    try:
        reindex_and_commit(context, package_id)
    except Exception:
        if not saved["defer_commit"]:
            Session.rollback()  # nothing half-written: no dataset without its index row
        raise
    if not saved["defer_commit"] and _changed(before, after):
        # what package_update reports after its own commit (the activity
        # plugin records a "changed package" from it); it returned early here
        context.setdefault("changed_entities", {}).setdefault(  # type: ignore[misc]
            "packages", set()).add(package_id)
    if saved["return_id_only"]:
        return package_id
    return tk.get_action("package_show")(  # the caller's user as given, None included
        cast("Context", {"user": context.get("user"), "ignore_auth": True, "use_cache": False}),
        {"id": package_id})


def _write_checked(up: Action, context: Context, data_dict: DataDict, before: dict | None,
                   given: dict | None) -> tuple[str, dict]:
    """``up`` run, the warranty given with it recorded and the result
    checked (refused when a feature objects); returns its id and dict."""
    package_id = up(context, data_dict)
    after = _show(context, package_id)
    if given is not None:
        _warrant(context, after, given)
    if _needs_check(before, after):
        found = problems(after, already_public=before is not None and is_public(before))
        if found:
            _refuse(found)
    if is_public(after):
        # the new files' scans, committed with the change: withheld at once
        scan_jobs.mark_queued(context, package_id)
    return package_id, after


def _changed(before: dict | None, after: dict) -> bool:
    volatile = ("metadata_modified",)
    return before is None or ({k: v for k, v in before.items() if k not in volatile}
                              != {k: v for k, v in after.items() if k not in volatile})


def _needs_check(before: dict | None, after: dict) -> bool:
    if not is_public(after) or warranty.is_harvested(after):
        return False
    if before is None or not is_public(before):
        return True  # becomes public
    if before.get("owner_org") != after.get("owner_org"):
        return True  # public under another organisation: its promise, its review
    return bool(warranty.resource_keys(after) - warranty.resource_keys(before))


def _check_warrant_access(context: Context, owner_org: str | None) -> None:
    tk.check_access("tdpf_warranty_create", context, {"owner_org": owner_org})


def _exempt_type(data: dict) -> bool:
    return (data.get("type") or "dataset") == "harvest"


@tk.chained_action
def package_create(up: Action, context: Context, data_dict: DataDict):
    given = _take_attestation(context, data_dict)
    if _exempt_type(data_dict) or (given is None and not is_public(data_dict)):
        return up(context, data_dict)
    if given is not None:
        _check_warrant_access(context, data_dict.get("owner_org"))
    return _gated_write(up, context, data_dict, None, given)


@tk.chained_action
def package_update(up: Action, context: Context, data_dict: DataDict):
    given = _take_attestation(context, data_dict)
    try:
        before = _show(context, data_dict.get("id") or data_dict.get("name") or "")
    except (tk.ObjectNotFound, tk.ValidationError):
        return up(context, data_dict)  # the core action reports it
    if _exempt_type(before) or warranty.is_harvested(before):
        return up(context, data_dict)
    will_be_public = is_public({"private": data_dict.get("private", before.get("private")),
                                "state": data_dict.get("state", before.get("state"))})
    if given is None and not will_be_public:
        return up(context, data_dict)
    if given is not None:
        _check_warrant_access(context, before.get("owner_org"))
    return _gated_write(up, context, data_dict, before, given)


@tk.chained_action
def bulk_update_public(up: Action, context: Context, data_dict: DataDict):
    tk.check_access("bulk_update_public", context, data_dict)
    refused: ErrorDict = {}
    for package_id in data_dict.get("datasets") or []:
        try:
            pkg = _show(context, package_id)
        except tk.ObjectNotFound:
            continue
        if is_public(pkg) or warranty.is_harvested(pkg) or _exempt_type(pkg):
            continue
        found = problems(dict(pkg, private=False))
        if found:
            refused[pkg["name"]] = found
    if refused:
        raise tk.ValidationError(refused)
    return up(context, data_dict)


def _resource_attestation(context: Context, data_dict: DataDict) -> None:
    """Hand a warranty given with a resource (API key or the resource
    form's ``tdpf_attest_*`` fields) to the package_update the core action
    makes."""
    given = data_dict.pop(warranty.ATTESTATION_KEY, None)
    form = {k[len(FORM_PREFIX):]: data_dict.pop(k) for k in list(data_dict)
            if k.startswith(FORM_PREFIX)}
    if any(warranty.is_true(v) for v in form.values()):
        given = {**form, **(given or {})}
    if given is not None:
        context[warranty.ATTESTATION_KEY] = given  # type: ignore[literal-required]


def _with_resource_attestation(up: Callable, context: Context, data_dict: DataDict):
    _drop_resource_show_keys(data_dict)
    _resource_attestation(context, data_dict)
    try:
        return up(context, data_dict)
    finally:
        context.pop(warranty.ATTESTATION_KEY, None)  # type: ignore[misc]


@tk.chained_action
def resource_create(up: Action, context: Context, data_dict: DataDict):
    return _with_resource_attestation(up, context, data_dict)


@tk.chained_action
def resource_update(up: Action, context: Context, data_dict: DataDict):
    return _with_resource_attestation(up, context, data_dict)
