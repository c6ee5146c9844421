"""Queueing and running scans of resources, and reading their results.

A scan is queued when a resource's *source* changes (a new upload, a new
URL): :func:`on_resource_changed`. The background job :func:`run_scan`
reads the file (CKAN storage for uploads; remote URLs through
``ckanext.tdpf.outbound``, the bundle's fetch policy), stores the findings
and appends ``scan.result`` to the audit log."""
from __future__ import annotations

import datetime
import hashlib
import logging
import os
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.tdpf import outbound, queues

from ..audit import chain as audit
from . import config, scanner
from .analyser import PipelineFailed, from_pipeline
from .model import DONE, ERROR, QUEUED, RUNNING, SKIPPED, Scan, ScanFinding, utcnow

log = logging.getLogger(__name__)
PENDING = (QUEUED, RUNNING)
QUEUE = queues.PRIORITY  # never behind link checks: a new upload waits for its scan
FORMAT_NOT_SCANNED = "format not scanned"


def source_of(resource: dict[str, Any]) -> str | None:
    """What a scan of this resource reads; None when nothing is scannable.
    A new upload changes ``last_modified`` (and usually ``size``)."""
    if resource.get("url_type") == "upload":
        return f"upload:{resource.get('size')}:{resource.get('last_modified')}"
    url = (resource.get("url") or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return f"url:{url}"
    return None


def latest(resource_id: str) -> Scan | None:
    return model.Session.execute(
        sa.select(Scan).where(Scan.resource_id == resource_id)
        .order_by(Scan.id.desc()).limit(1)).scalars().first()


def latest_scans(resource_ids: list[str]) -> dict[str, Scan]:
    """The latest scan of each resource that has one."""
    if not resource_ids:
        return {}
    newest = (sa.select(sa.func.max(Scan.id)).where(Scan.resource_id.in_(resource_ids))
              .group_by(Scan.resource_id))
    rows = model.Session.execute(sa.select(Scan).where(Scan.id.in_(newest))).scalars()
    return {scan.resource_id: scan for scan in rows}


def findings(scan_ids: list[int], open_only: bool = False,
             severity: str | None = None) -> list[ScanFinding]:
    if not scan_ids:
        return []
    query = sa.select(ScanFinding).where(ScanFinding.scan_id.in_(scan_ids))
    if open_only:
        query = query.where(ScanFinding.resolved_at.is_(None))
    if severity:
        query = query.where(ScanFinding.severity == severity)
    return list(model.Session.execute(
        query.order_by(ScanFinding.scan_id, ScanFinding.id)).scalars())


def _queued(resource: dict[str, Any], source: str, requested_by: str = "") -> Scan:
    scan = Scan(resource_id=resource["id"], package_id=resource["package_id"],
                source=source, status=QUEUED, requested_by=requested_by or "",
                created=utcnow())
    model.Session.add(scan)
    return scan


def _job_id(scan: Scan) -> str:
    return f"tdpf-scan-{scan.id}"


def _queue_job(scan: Scan) -> None:
    tk.enqueue_job(run_scan, [scan.id], title=f"tdpf: personal-data scan {scan.resource_id}",
                   queue=QUEUE, rq_kwargs={"job_id": _job_id(scan)})


def _has_job(scan: Scan) -> bool:
    """A job of this scan waits or runs (a finished one may linger in Redis)."""
    from rq.exceptions import InvalidJobOperation

    from ckan.lib.jobs import job_from_id

    try:
        status = job_from_id(_job_id(scan)).get_status()
    except (KeyError, InvalidJobOperation):  # gone, or expiring between fetch and status
        return False
    return str(getattr(status, "value", status)) in ("queued", "started", "deferred",
                                                      "scheduled")


def enqueue(resource: dict[str, Any], source: str, requested_by: str = "") -> Scan:
    """Record a queued scan and queue its job (committed: the worker reads it)."""
    scan = _queued(resource, source, requested_by)
    model.Session.commit()
    _queue_job(scan)
    return scan


def _user_id(context: Context) -> str:
    user = model.User.get(context.get("user") or "") if context.get("user") else None
    return user.id if user else ""


def _will_scan(pkg: model.Package, source: str) -> bool:
    """Uploads are always scanned; remote URLs of public datasets only (not
    harvested records); a private dataset's are scanned when it is made public."""
    return source.startswith("upload:") or not (pkg.private or _harvested(pkg))


def _harvested(pkg: model.Package) -> bool:
    """Harvested records' files stay at their source catalog, which is
    responsible for them (the publication gate exempts them too)."""
    from ..warranty.rules import is_harvested

    return is_harvested(
        {"id": pkg.id, "source_catalog_url": (pkg.extras or {}).get("source_catalog_url")})


def on_resource_changed(context: Context, resource: dict[str, Any]) -> Scan | None:
    """Queue a scan when the resource's file or URL is new. Remote URLs are
    scanned for public datasets only (not harvested records); a private
    dataset's are scanned when it is made public (its update comes through
    here again). Never fails the caller's update."""
    if not config.enabled() or resource.get("state", "active") != "active":
        return None
    source = source_of(resource)
    if source is None:
        return None
    try:
        return _queue_if_new(context, resource, source)
    except Exception:
        log.exception("could not queue the personal-data scan of %s", resource.get("id"))
        model.Session.rollback()
        return None


def _queue_if_new(context: Context, resource: dict[str, Any], source: str) -> Scan | None:
    pkg = model.Package.get(resource.get("package_id") or "")
    if pkg is None or not _will_scan(pkg, source):
        return None
    previous = latest(resource["id"])
    if previous is not None and previous.source == source:
        if previous.status == QUEUED and not _has_job(previous):
            _queue_job(previous)  # recorded with the change (mark_queued)
            return previous
        return None
    return enqueue({**resource, "package_id": pkg.id}, source, _user_id(context))


def resource_dict(res: model.Resource) -> dict[str, Any]:
    """What the scan needs of a stored resource."""
    return {**(res.extras or {}), "id": res.id, "url": res.url, "url_type": res.url_type,
            "size": res.size, "format": res.format, "state": res.state,
            "last_modified": res.last_modified and res.last_modified.isoformat(),
            "package_id": res.package_id}


def on_dataset_changed(context: Context, package_id: str) -> None:
    """After a dataset create/update: its resources (created with it, or a
    private dataset made public) go through :func:`on_resource_changed`."""
    pkg = model.Package.get(package_id)
    if pkg is None:
        return
    for res in pkg.resources:
        on_resource_changed(context, resource_dict(res))


def mark_queued(context: Context, package_id: str) -> list[Scan]:
    """Record, in the caller's transaction, a queued scan of each resource of
    a public dataset whose file or URL the scan has not seen: the change and
    its withholding (``scan.hold``) are committed together, so there is no
    moment when a new file is public unscanned. The jobs are queued once the
    change is committed (:func:`on_resource_changed` finds these rows)."""
    if not config.enabled():
        return []
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.private or pkg.state != "active":
        return []
    resources = [res for res in pkg.resources if res.state == "active"]
    scans = latest_scans([res.id for res in resources])
    marked = []
    for res in resources:
        source = source_of(resource_dict(res))
        previous = scans.get(res.id)
        if source is None or (previous is not None and previous.source == source) \
                or not _will_scan(pkg, source):
            continue
        marked.append(_queued({"id": res.id, "package_id": pkg.id}, source, _user_id(context)))
    if marked:
        model.Session.flush()
    return marked


# -- the job ------------------------------------------------------------------------

UNCHANGED = object()  # the bytes are those of the previous scan


def _too_large(size: int) -> scanner.Report:
    report = scanner.Report(format="")
    report.findings.append(scanner.Finding(rule="too_large", severity=scanner.BLOCKING,
                                           reason="file_size", column="", count=size))
    return report


def _file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _scan_upload(resource: dict[str, Any], unchanged: Callable[[str], bool]) -> tuple:
    from ckan.lib.uploader import get_resource_uploader

    path = get_resource_uploader(resource).get_path(resource["id"])
    if not os.path.exists(path):
        raise FileNotFoundError("the uploaded file is missing from storage")
    size = os.path.getsize(path)
    if size > config.max_bytes():
        return _too_large(size), ""
    digest = _file_digest(path)
    if unchanged(digest):
        return UNCHANGED, digest
    return scanner.scan_path(path, resource.get("format"), name=resource.get("url") or "",
                             json_max_bytes=config.json_max_bytes()), digest


def _scan_url(resource: dict[str, Any], unchanged: Callable[[str], bool]) -> tuple:
    policy = outbound.Policy.from_config()
    url = resource["url"]
    if scanner.detect_format(resource.get("format"), url) is None:
        return None, ""  # not worth a download (PDF, HTML page, ZIP...)
    try:
        response = outbound.fetch(url, policy=policy)
    except outbound.FetchError as e:
        if "exceeds the limit" in str(e):
            return _too_large(policy.max_bytes), ""
        raise
    digest = hashlib.sha256(response.content).hexdigest()
    if unchanged(digest):
        return UNCHANGED, digest
    return scanner.scan_bytes(response.content, resource.get("format"), name=url,
                              json_max_bytes=config.json_max_bytes()), digest


def _read(resource: dict[str, Any], unchanged: Callable[[str], bool]) -> tuple:
    """(report, digest): tabular files from the core's file pipeline, which
    fetches each version once for every analysis; other files (JSON, a
    "CSV" that is no table) read here."""
    piped = from_pipeline(resource["id"])
    if piped is not None:
        report, digest = piped
        if isinstance(report, dict):
            return _too_large(report["too_large"]), ""
        if report is not None and unchanged(digest):
            return UNCHANGED, digest
        return report, digest
    reader = _scan_upload if resource["url_type"] == "upload" else _scan_url
    return reader(resource, unchanged)


def _store(scan: Scan, report: scanner.Report) -> None:
    scan.format, scan.encoding, scan.rows = report.format, report.encoding, report.rows
    scan.message = "; ".join(report.notes)[:2000]
    for f in report.findings:
        model.Session.add(ScanFinding(
            scan_id=scan.id, resource_id=scan.resource_id, package_id=scan.package_id,
            rule=f.rule, severity=f.severity, reason=f.reason, sheet=f.sheet,
            column=f.column[:500], count=f.count, rows=f.rows, samples=f.samples))


def _copy(previous: Scan, scan: Scan) -> None:
    """Same bytes as ``previous``: its result, findings and resolutions."""
    scan.format, scan.encoding, scan.rows = previous.format, previous.encoding, previous.rows
    scan.message = f"unchanged since scan {previous.id}: findings and resolutions kept"
    for f in findings([previous.id]):
        model.Session.add(ScanFinding(
            scan_id=scan.id, resource_id=scan.resource_id, package_id=scan.package_id,
            rule=f.rule, severity=f.severity, reason=f.reason, sheet=f.sheet,
            column=f.column, count=f.count, rows=f.rows, samples=f.samples,
            resolved_by=f.resolved_by, resolved_at=f.resolved_at,
            resolution_reason=f.resolution_reason))


def _previous_done(scan: Scan) -> Scan | None:
    return model.Session.execute(
        sa.select(Scan).where(Scan.resource_id == scan.resource_id, Scan.id < scan.id,
                              Scan.status == DONE, Scan.digest != "")
        .order_by(Scan.id.desc()).limit(1)).scalars().first()


def run_scan(scan_id: int) -> dict[str, Any] | None:
    """The background job: scan one queued scan's resource and store the
    result. A scan superseded by a newer one for the same resource is
    skipped; the same bytes as the previous scan keep its findings."""
    scan = model.Session.get(Scan, scan_id)
    if scan is None or scan.status != QUEUED:
        return None
    newest = latest(scan.resource_id)
    res_obj = model.Resource.get(scan.resource_id)
    if newest is not None and newest.id != scan.id:
        scan.status, scan.message = SKIPPED, "superseded by a newer scan"
    elif res_obj is None or res_obj.state != "active":
        scan.status, scan.message = SKIPPED, "the resource was deleted"
    if scan.status == SKIPPED or res_obj is None:  # no resource: skipped above
        scan.finished = utcnow()
        model.Session.commit()
        return scan.as_dict()
    scan.status = RUNNING
    model.Session.commit()

    resource = {**(res_obj.extras or {}), "id": res_obj.id, "url": res_obj.url,
                "url_type": res_obj.url_type, "format": res_obj.format,
                "package_id": res_obj.package_id}
    previous = _previous_done(scan)
    try:
        report, scan.digest = _read(
            resource, lambda digest: previous is not None and previous.digest == digest)
        if report is None:
            scan.status, scan.message = SKIPPED, FORMAT_NOT_SCANNED
        else:
            if report is UNCHANGED:
                _copy(previous, scan)
            else:
                _store(scan, report)
            scan.status = DONE
    except (outbound.OutboundRefused, outbound.FetchError, OSError, PipelineFailed) as e:
        scan.status, scan.message = ERROR, str(e)[:2000]
    except Exception as e:
        log.exception("personal-data scan %s failed", scan.id)
        model.Session.rollback()
        scan = model.Session.get(Scan, scan_id)
        if scan is None:  # deleted meanwhile (its resource purged): nothing to record
            return None
        scan.status, scan.message = ERROR, f"scan failed: {type(e).__name__}: {e}"[:2000]
    scan.finished = utcnow()
    model.Session.flush()
    blocking = findings([scan.id], open_only=True, severity=scanner.BLOCKING)
    audit.record("scan.result", actor=scan.requested_by, object_type="resource",
                 object_id=scan.resource_id,
                 detail={"package_id": scan.package_id, "scan_id": scan.id,
                         "public": not getattr(model.Package.get(scan.package_id),
                                               "private", True),
                         "status": scan.status, "blocking": len(blocking),
                         "rules": sorted({f.rule for f in blocking}),
                         "message": scan.message[:200]})
    model.Session.commit()
    reindex_public(scan.package_id)
    return scan.as_dict()


def reindex_public(package_id: str) -> None:
    """A public dataset's index row after its hold changed (scan.hold keeps
    held URLs out of the searchable fields). Never fails the caller."""
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.private or pkg.state != "active":
        return
    from ckan.lib.search import rebuild
    try:
        rebuild(pkg.id)
    except Exception:
        log.exception("could not reindex %s after its personal-data scan", pkg.id)


def run_queued() -> list[dict[str, Any]]:
    """Run every queued scan here and now, oldest first (what the workers
    do; for tests and commands)."""
    ids = model.Session.execute(
        sa.select(Scan.id).where(Scan.status == QUEUED).order_by(Scan.id)).scalars().all()
    return [done for done in map(run_scan, ids) if done is not None]


# -- periodic rescan of remote files ---------------------------------------------------

def requeue_lost(older_than_minutes: int = 10) -> int:
    """Queue again the jobs of scans still queued after some minutes whose
    job is gone (Redis was down when the change was saved, or was emptied):
    such a resource would otherwise stay withheld. Returns how many."""
    cutoff = utcnow() - datetime.timedelta(minutes=older_than_minutes)
    lost = [scan for scan in model.Session.execute(
        sa.select(Scan).where(Scan.status == QUEUED, Scan.created < cutoff)
        .order_by(Scan.id)).scalars() if not _has_job(scan)]
    for scan in lost:
        _queue_job(scan)
    return len(lost)


def rescan_stale(limit: int = 200) -> int:
    """Job: queue a new scan of remote files of public datasets whose latest
    scan is older than ``ckanext.tdpf_trust.scan.rescan_days`` (a file at
    the same URL may have changed), and the lost jobs of queued scans
    (:func:`requeue_lost`). Returns how many were queued."""
    requeue_lost()
    days = config.rescan_days()
    if days <= 0:
        return 0
    cutoff = utcnow() - datetime.timedelta(days=days)
    newest = sa.select(sa.func.max(Scan.id)).group_by(Scan.resource_id)
    rows = model.Session.execute(
        sa.select(Scan, model.Resource)
        .join(model.Resource, model.Resource.id == Scan.resource_id)
        .join(model.Package, model.Package.id == Scan.package_id)
        .where(Scan.id.in_(newest), Scan.source.startswith("url:"), Scan.created < cutoff,
               Scan.status.notin_(PENDING), model.Resource.state == "active",
               model.Package.state == "active", model.Package.private.is_(False))
        .order_by(Scan.created).limit(limit)).all()
    queued = 0
    for scan, res in rows:
        if f"url:{res.url}" == scan.source:
            enqueue({"id": res.id, "package_id": scan.package_id}, scan.source)
            queued += 1
    return queued


def _enqueue_rescan() -> None:
    tk.enqueue_job(rescan_stale, title="tdpf_trust: rescan remote files", queue=QUEUE)
