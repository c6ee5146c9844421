"""Personal-data scan actions: see results, rescan, resolve a finding as a
false positive, and the operators' queue of open findings."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.tdpf.withholding import ACTIVITY_READS, chained_activity_reads

from ..audit import chain as audit
from . import hold, jobs
from .model import DONE, Scan, ScanFinding, utcnow

__all__ = ["tdpf_scan_finding_resolve", "tdpf_scan_list", "tdpf_scan_run", "tdpf_scan_show"]
# the chained activity reads at the end (a tuple of names: neither tool follows it)
__all__ += ACTIVITY_READS  # pyright: ignore[reportUnsupportedDunderAll]  # noqa: PLE0605

MIN_REASON = 5
MAX_LIMIT = 200


def _resource(resource_id: str | None) -> model.Resource:
    res = model.Resource.get(resource_id or "") if resource_id else None
    if res is None or res.state != "active":
        raise tk.ObjectNotFound(tk._("Resource not found: {}").format(resource_id or ""))
    return res


def _int(data_dict: dict, key: str, default: int, maximum: int | None = None) -> int:
    value = data_dict.get(key, default)
    try:
        number = int(value)
        if number < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise tk.ValidationError({key: [tk._("Must be a whole number of 0 or more.")]}) from None
    return min(number, maximum) if maximum else number


def _scan_dict(scan: Scan | None, resource: model.Resource) -> dict[str, Any]:
    found = jobs.findings([scan.id]) if scan else []
    out = scan.as_dict() if scan else {"status": "not_scanned", "resource_id": resource.id,
                                       "package_id": resource.package_id}
    out.update(resource_name=resource.name or resource.url,
               findings=[f.as_dict() for f in found],
               open_blocking=sum(1 for f in found if f.severity == "blocking" and f.is_open))
    return out


@tk.side_effect_free
def tdpf_scan_show(context, data_dict):
    """The latest personal-data scan of a resource, with its findings
    (masked samples, row numbers, counts; never raw values).

    :param resource_id: the resource's id
    :returns: the scan (``status``: queued, running, done, error, skipped or
        not_scanned), ``findings`` and ``open_blocking``
    """
    res = _resource(data_dict.get("resource_id") or data_dict.get("id"))
    tk.check_access("tdpf_scan_show", context, {"package_id": res.package_id})
    return _scan_dict(jobs.latest(res.id), res)


@tk.side_effect_free
def tdpf_scan_list(context, data_dict):
    """Findings of the latest scans: of one dataset (its editors), or of
    every dataset (the operators' queue).

    :param package_id: a dataset's id or name (optional for operators)
    :param state: ``open`` (default) or ``all``
    :param severity: ``blocking`` (default without package_id), ``info`` or
        ``all`` (default with package_id)
    :param limit: at most 200 (default 50)
    :param offset: default 0
    :returns: ``{"count": n, "results": [finding + resource_name,
        package_name, package_title, package_private]}`` (a public dataset
        with open findings got them after publication: operators act first
        on those)
    """
    package_id = data_dict.get("package_id")
    if package_id:
        pkg = model.Package.get(package_id)
        if pkg is None or pkg.state == "deleted":
            raise tk.ObjectNotFound(tk._("Dataset not found: {}").format(package_id))
        package_id = pkg.id
    tk.check_access("tdpf_scan_list", context, {"package_id": package_id})
    state = data_dict.get("state") or "open"
    severity = data_dict.get("severity") or ("all" if package_id else "blocking")
    errors = {}
    if state not in ("open", "all"):
        errors["state"] = [tk._("Use open or all.")]
    if severity not in ("blocking", "info", "all"):
        errors["severity"] = [tk._("Use blocking, info or all.")]
    if errors:
        raise tk.ValidationError(errors)
    limit = _int(data_dict, "limit", 50, MAX_LIMIT)
    offset = _int(data_dict, "offset", 0)

    newest = sa.select(sa.func.max(Scan.id)).group_by(Scan.resource_id)
    query = (sa.select(ScanFinding, model.Resource, model.Package)
             .join(model.Resource, model.Resource.id == ScanFinding.resource_id)
             .join(model.Package, model.Package.id == ScanFinding.package_id)
             .where(ScanFinding.scan_id.in_(newest), model.Resource.state == "active",
                    model.Package.state != "deleted"))
    if package_id:
        query = query.where(ScanFinding.package_id == package_id)
    if state == "open":
        query = query.where(ScanFinding.resolved_at.is_(None))
    if severity != "all":
        query = query.where(ScanFinding.severity == severity)
    count = model.Session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    rows = model.Session.execute(
        query.order_by(model.Package.private, ScanFinding.id.desc())
        .limit(limit).offset(offset)).all()
    return {"count": count, "results": [
        {**finding.as_dict(), "resource_name": res.name or res.url,
         "package_name": pkg.name, "package_title": pkg.title,
         "package_private": pkg.private}
        for finding, res, pkg in rows]}


def tdpf_scan_run(context, data_dict):
    """Scan a resource again (after the data was fixed, or to retry a
    failed fetch). The scan runs in the background.

    :param resource_id: the resource's id
    :returns: the queued scan
    """
    res = _resource(data_dict.get("resource_id") or data_dict.get("id"))
    tk.check_access("tdpf_scan_run", context, {"package_id": res.package_id})
    resource = {"id": res.id, "package_id": res.package_id, "url": res.url,
                "url_type": res.url_type, "size": res.size,
                "last_modified": res.last_modified and res.last_modified.isoformat()}
    source = jobs.source_of(resource)
    if source is None:
        raise tk.ValidationError({"resource_id": [tk._(
            "This resource has neither an uploaded file nor an http(s) URL to scan.")]})
    user = model.User.get(context.get("user") or "")
    audit.record("scan.run", actor=user.id if user else "", object_type="resource",
                 object_id=res.id, detail={"package_id": res.package_id})
    return jobs.enqueue(resource, source, user.id if user else "").as_dict()


def tdpf_scan_finding_resolve(context, data_dict):
    """Mark an open finding of a resource's latest scan as a false positive.

    :param id: the finding's id
    :param reason: why this is not personal data (required)
    :returns: the resolved finding
    """
    try:
        finding_id = int(data_dict.get("id"))
    except (TypeError, ValueError):
        raise tk.ValidationError({"id": [tk._("Give the id of a finding.")]}) from None
    finding = model.Session.get(ScanFinding, finding_id)
    if finding is None:
        raise tk.ObjectNotFound(tk._("Finding not found: {}").format(finding_id))
    tk.check_access("tdpf_scan_finding_resolve", context, {"package_id": finding.package_id})
    reason = (data_dict.get("reason") or "").strip()
    errors = {}
    if len(reason) < MIN_REASON:
        errors["reason"] = [tk._(
            "Say why this is not personal data (at least {n} characters).").format(n=MIN_REASON)]
    newest = jobs.latest(finding.resource_id)
    if newest is None or newest.id != finding.scan_id or newest.status != DONE:
        errors["id"] = [tk._("This finding belongs to an older scan of the resource: "
                             "look at the latest scan's findings.")]
    elif not finding.is_open:
        errors["id"] = [tk._("This finding is already resolved.")]
    if errors:
        raise tk.ValidationError(errors)
    user = model.User.get(context.get("user") or "")
    finding.resolved_by = user.id if user else ""
    finding.resolved_at = utcnow()
    finding.resolution_reason = reason[:2000]
    audit.record("scan.finding_resolved", actor=finding.resolved_by, object_type="resource",
                 object_id=finding.resource_id,
                 detail={"package_id": finding.package_id, "finding_id": finding.id,
                         "rule": finding.rule, "column": finding.column, "reason": reason})
    if not context.get("defer_commit"):
        model.Session.commit()
        jobs.reindex_public(finding.package_id)  # the resource may no longer be held
    return finding.as_dict()


# -- the activity stream ----------------------------------------------------------
# Its dataset snapshots were saved with every URL: the resources held now
# (scan.hold) are withheld from all but their providers.

def _withhold_snapshots(snapshots: list, context) -> None:
    user = context.get("auth_user_obj")
    hold.withhold_snapshots(snapshots, getattr(user, "name", None) or context.get("user"))


globals().update(chained_activity_reads(
    _withhold_snapshots, "without the URLs of files waiting for their personal-data scan"))
