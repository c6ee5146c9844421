"""The pipeline's queue (``queues.FILES``, its own worker in the Procfile):
a job per resource whose file is new or changed, the scheduled re-check of
remote files, and the counts operators see."""
from __future__ import annotations

import datetime
import logging
from typing import Any

import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .. import clock, queues
from .. import config as tdpf_config
from .model import QUEUED, STATES, FileState, FileVersion
from .pipeline import _resource_dict, due_remote, forget_purged, process, source_of, takes

log = logging.getLogger(__name__)

__all__ = ["depth", "enqueue", "enqueue_due", "on_dataset_changed", "resources", "status"]

_ACTIVE_JOB = ("queued", "started", "deferred", "scheduled")


def _job_id(resource_id: str) -> str:
    return f"tdpf-files-{resource_id}"


def _waiting(resource_id: str) -> bool:
    from ckan.lib.jobs import job_from_id
    try:
        status = job_from_id(_job_id(resource_id)).get_status()
    except KeyError:
        return False
    return str(getattr(status, "value", status)) in _ACTIVE_JOB


def enqueue(resource_ids: list[str], commit: bool = True) -> int:
    """Mark each resource queued and queue its job unless one waits already.
    The state is committed first (the worker reads it), unless ``commit``
    is False: from a dataset's hooks it goes with the caller's transaction
    (which may be a deferred one). How many jobs were queued."""
    queued = 0
    for resource_id in dict.fromkeys(resource_ids):
        res = model.Resource.get(resource_id)
        if res is None:
            continue
        row = model.Session.get(FileState, res.id) or FileState(
            resource_id=res.id, package_id=res.package_id, source="", message="", etag="",
            last_modified="", fetches=0)
        row.state, row.queued_at = QUEUED, clock.now()
        model.Session.add(row)
        if commit:
            model.Session.commit()
        if _waiting(res.id):
            continue
        tk.enqueue_job(process, [res.id], title=f"tdpf: file check {res.id}",
                       queue=queues.FILES,
                       rq_kwargs={"job_id": _job_id(res.id),
                                  "timeout": tdpf_config.files_job_timeout()})
        queued += 1
    return queued


def on_dataset_changed(package_id: str) -> None:
    """After a create/update (resources created or changed with it): queue
    each tabular resource whose upload or URL the pipeline has not read.
    Never fails the caller's update."""
    if not tdpf_config.files_enabled():
        return
    try:
        pkg = model.Package.get(package_id)
        if pkg is None:
            return
        states = {row.resource_id: row for row in model.Session.execute(
            sa.select(FileState).where(FileState.package_id == pkg.id)).scalars()}
        new = []
        for res in pkg.resources:
            resource = {**_resource_dict(res), "state": res.state}
            row = states.get(res.id)
            if takes(pkg, resource) and (row is None or row.source != source_of(resource)):
                new.append(res.id)
        if new:
            enqueue(new, commit=False)
    except Exception:  # noqa: BLE001 - Redis down must not stop an edit
        log.exception("could not queue the file check of %s", package_id)


def enqueue_due() -> list[str]:
    """Scheduler task: queue remote files due for a re-check (never checked,
    or longer ago than ``ckanext.tdpf.files.recheck_interval``)."""
    if not tdpf_config.files_enabled():
        return []
    forget_purged()
    limit = tdpf_config.files_batch()
    interval = datetime.timedelta(seconds=tdpf_config.files_recheck_interval())
    due = []
    for resource_id in due_remote(limit, interval):
        res = model.Resource.get(resource_id)
        pkg = res and model.Package.get(res.package_id)
        if res is not None and pkg is not None and takes(pkg, _resource_dict(res)):
            due.append(res.id)
        if len(due) >= limit:
            break
    enqueue(due + lost())
    return due


def lost(older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> list[str]:
    """Resources queued some minutes ago whose job is gone (Redis was down
    or emptied, or the dataset's transaction had not committed when its
    job ran): queued again by the scheduler."""
    cutoff = clock.now() - older_than
    ids = model.Session.execute(sa.select(FileState.resource_id).where(
        FileState.state == QUEUED, FileState.queued_at < cutoff).limit(500)).scalars().all()
    return [resource_id for resource_id in ids if not _waiting(resource_id)]


def status() -> dict[str, Any]:
    """Counts per state, the files waiting longest, the latest problems and
    the analysers' errors: what ``ckan tdpf files status`` and the operator
    page show."""
    counts = dict.fromkeys(STATES, 0)
    for state, n in model.Session.execute(
            sa.select(FileState.state, sa.func.count()).group_by(FileState.state)):
        counts[state] = n
    problems = model.Session.execute(
        sa.select(FileState).where(FileState.state.notin_((QUEUED, "checked")))
        .order_by(FileState.checked_at.desc().nullslast()).limit(20)).scalars().all()
    waiting = model.Session.execute(
        sa.select(FileState).where(FileState.state == QUEUED)
        .order_by(FileState.queued_at.nullsfirst()).limit(20)).scalars().all()
    versions = model.Session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.sum(FileVersion.size), 0),
        sa.func.coalesce(sa.func.sum(FileVersion.seconds), 0.0))).one()
    errored = model.Session.execute(
        sa.select(FileVersion).where(FileVersion.errors != sa.text("'{}'::jsonb"))
        .order_by(FileVersion.id.desc()).limit(20)).scalars().all()
    return {
        "counts": counts, "total": sum(counts.values()),
        "versions": versions[0], "bytes": int(versions[1]), "seconds": float(versions[2]),
        "waiting": [_row(r) for r in waiting], "problems": [_row(r) for r in problems],
        "analyser_errors": [{"resource_id": v.resource_id, "package_id": v.package_id,
                             "errors": v.errors} for v in errored],
    }


def _row(row: FileState) -> dict[str, Any]:
    return {"resource_id": row.resource_id, "package_id": row.package_id,
            "state": row.state, "message": row.message, "source": row.source,
            "queued_at": row.queued_at and row.queued_at.isoformat(),
            "checked_at": row.checked_at and row.checked_at.isoformat()}



def depth() -> int | None:
    """Jobs waiting in the pipeline's queue; None when Redis does not answer."""
    from ckan.lib.jobs import get_queue
    try:
        return len(get_queue(queues.FILES))
    except Exception:  # noqa: BLE001 - the page shows the database's view without it
        log.exception("could not read the length of the %s queue", queues.FILES)
        return None


def resources(state: str | None = None, limit: int = 50, offset: int = 0
              ) -> list[dict[str, Any]]:
    """The state of each resource the pipeline knows, latest first, with
    its dataset's name and title and its current levels."""
    query = (sa.select(FileState, FileVersion.l1, FileVersion.l2, FileVersion.l3,
                       model.Package.name, model.Package.title, model.Resource.name)
             .outerjoin(FileVersion, FileVersion.id == FileState.version_id)
             .outerjoin(model.Package, model.Package.id == FileState.package_id)
             .outerjoin(model.Resource, model.Resource.id == FileState.resource_id))
    if state:
        query = query.where(FileState.state == state)
    query = query.order_by(sa.func.coalesce(FileState.checked_at, FileState.queued_at)
                           .desc().nullslast(), FileState.resource_id).limit(limit).offset(offset)
    return [{**_row(row), "levels": {"L1": l1, "L2": l2, "L3": l3},
             "package_name": pkg_name or "", "package_title": pkg_title or "",
             "resource_name": res_name or ""}
            for row, l1, l2, l3, pkg_name, pkg_title, res_name in model.Session.execute(query)]
