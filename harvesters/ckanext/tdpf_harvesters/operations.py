"""What the ``ckan tdpf harvest`` commands (and the scheduler) do."""
from __future__ import annotations

import json
import pathlib
import time
from collections.abc import Callable, Collection
from typing import cast

import yaml

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource
from ckanext.tdpf import clock

from . import claims, config, jobs, workers
from .importer import site_context
from .logic.action import RESOLVE_LATER

TYPES = ("tdpf_ckan", "tdpf_dcat")
REPO_PRESETS = pathlib.Path(__file__).resolve().parents[3] / "config" / "harvest" / "sources.yaml"
Progress = Callable[[str, int, int], None]


def read_presets(path: str | None = None) -> list[dict]:
    file = pathlib.Path(path or config.presets_file() or REPO_PRESETS)
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        # ValueError like a YAML error: the command shows its message
        raise ValueError(f"{file}: expected a mapping with a 'sources' list")  # noqa: TRY004
    return sources


def _ensure_org(org: dict) -> tuple[str, bool]:
    """The organisation's id, and whether it was created now."""
    existing = model.Group.get(org["name"])
    if existing:
        return existing.id, False
    data = {"name": org["name"], "title": org.get("title") or org["name"]}
    for key in ("provider_type", "municipality_code"):
        if org.get(key):
            data[key] = org[key]
    return tk.get_action("organization_create")(site_context(), data)["id"], True


def load_sources(path: str | None, only: Collection[str] = frozenset(),
                 echo: Callable[[str], None] = print) -> dict[str, int]:
    """Create missing sources and update changed ones (by name)."""
    summary = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}
    for preset in read_presets(path):
        if only and preset["name"] not in only:
            continue
        if not preset.get("active", True) and preset["name"] not in only:
            # disabled in the site list (named with --only: loaded all the same)
            summary["skipped"] += 1
            continue
        data = {"name": preset["name"], "title": preset["title"], "url": preset["url"],
                "source_type": preset.get("type", "tdpf_ckan"),
                "frequency": preset.get("frequency", "DAILY"),
                "config": json.dumps(preset.get("config") or {}, ensure_ascii=False,
                                     sort_keys=True),
                "notes": preset.get("notes", "")}
        # presets may be loaded before the machine has DNS (fetches check again)
        # our own context key, which ckan.types.Context does not list
        context = cast(Context, {**site_context(), RESOLVE_LATER: True})
        created_org = None
        try:
            data["owner_org"], created = _ensure_org(preset["organization"])
            created_org = data["owner_org"] if created else None
            existing = model.Package.get(preset["name"])
            if existing is None:
                tk.get_action("harvest_source_create")(context, data)
                summary["created"] += 1
                echo(f"created  {preset['name']}")
                continue
            source = HarvestSource.get(existing.id)
            if source is None:
                raise tk.ObjectNotFound(f"{preset['name']} is a dataset, not a harvest source")
            if (source.url, source.config, source.frequency, source.title) == (
                    data["url"], data["config"], data["frequency"], data["title"]):
                summary["unchanged"] += 1
                continue
            tk.get_action("harvest_source_update")(context, {**data, "id": existing.id})
            summary["updated"] += 1
            echo(f"updated  {preset['name']}")
        except (tk.ValidationError, tk.ObjectNotFound) as e:
            model.Session.rollback()
            if created_org:  # made for this source only: not left behind
                tk.get_action("organization_purge")(site_context(), {"id": created_org})
            summary["failed"] += 1
            detail = getattr(e, "error_summary", None) or str(e)
            echo(f"FAILED   {preset['name']}: {detail}")
    return summary


def source_ids(source: str | None) -> list[str]:
    if source:
        pkg = model.Package.get(source)
        if pkg is None or pkg.type != "harvest":
            raise LookupError(f"No harvest source named {source!r}")
        return [pkg.id]
    rows = (model.Session.query(HarvestSource.id)
            .filter(HarvestSource.active.is_(True), HarvestSource.type.in_(TYPES))
            .order_by(HarvestSource.title))
    return [r[0] for r in rows]


def start_job(source_id: str) -> str | None:
    """Queue a job for the gather consumer; None if one is already pending."""
    from ckanext.harvest.logic import HarvestJobExists  # (jobs.JobRunning too)

    try:
        return tk.get_action("harvest_job_create")(
            site_context(), {"source_id": source_id, "run": True})["id"]
    except HarvestJobExists:
        return None


def run_here(source_id: str, progress: Progress | None = None) -> dict:
    """One complete run in this process (and its import workers): gather,
    fetch+import, finish."""
    from ckanext.tdpf.compat import harvest_queue

    source = HarvestSource.get(source_id)
    if source is None:
        raise LookupError(f"No harvest source {source_id!r}")
    jobs.refuse_if_running(source_id)
    title = source.title  # the session is reset after each object
    job = HarvestJob(source=source, status="Running")
    job.save()
    job_id = job.id
    harvester = harvest_queue.harvester_for(source.type)
    with claims.running_job(job_id, whole_run=True):
        ids = harvest_queue.gather(harvester, job)
        workers.import_job(harvester, job_id, ids,
                           tick=(lambda done, total: progress(title, done, total)) if progress
                           else None)
        _wait_for_own(harvester, job_id)
        jobs.finish(job_id)
    return job_stats(job_id)


def _wait_for_own(harvester, job_id: str) -> None:
    """Until every object of the job is done: a queue consumer may import
    a copy the scheduler's harvest_jobs_run re-sent (the claim makes ours
    skip it: wait for it); what a dead worker left is imported here. Gives
    up when no other live worker holds what is left for two leases (then
    jobs.finish marks it not imported, for the next run)."""
    deadline = time.monotonic() + config.claim_seconds()
    idle_since = time.monotonic()
    while time.monotonic() < deadline:
        model.Session.remove()
        pending = model.Session.query(HarvestObject.id, HarvestObject.state).filter(
            HarvestObject.harvest_job_id == job_id, HarvestObject.state.notin_(jobs.DONE)).all()
        if not pending:
            return
        workers.import_all(harvester, [obj_id for obj_id, state in pending if state == "WAITING"])
        if any(claims.held_by_other(obj_id) for obj_id, _ in pending):
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > 2 * config.lease_seconds():
            return
        time.sleep(1)


def wait_for(job_id: str, timeout: float, progress: Progress | None = None) -> dict:
    """Poll until the job is finished (finishing it through harvest_jobs_run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model.Session.remove()
        job = HarvestJob.get(job_id)
        if job is None:
            raise LookupError(f"No harvest job {job_id!r}")
        total = model.Session.query(HarvestObject).filter_by(harvest_job_id=job_id).count()
        done = (model.Session.query(HarvestObject)
                .filter(HarvestObject.harvest_job_id == job_id,
                        HarvestObject.state.in_(("COMPLETE", "ERROR"))).count())
        if progress:
            progress(job.source.title, done, total)
        if job.status == "Finished":
            return job_stats(job_id)
        if job.gather_finished and done == total:  # only then: it also re-sends waiting objects
            tk.get_action("harvest_jobs_run")(site_context(), {"source_id": job.source_id})
        time.sleep(2)
    stats = job_stats(job_id)
    stats["errors"].append(f"still running after {timeout:.0f} s (workers running?)")
    return stats


def job_stats(job_id: str) -> dict:
    model.Session.remove()
    job = tk.get_action("harvest_job_show")(site_context(), {"id": job_id})
    report = tk.get_action("harvest_job_report")(site_context(), {"id": job_id})
    errors = [e["message"] for e in report.get("gather_errors", [])]
    errors += [f"{o.get('guid')}: {m['message']}" for o in report.get("object_errors", {}).values()
               for m in o.get("errors", [])]
    return {"source": job.get("source_id"), "status": job.get("status"),
            "stats": job.get("stats") or {}, "errors": errors,
            "finished": job.get("finished") or clock.db_now().isoformat()}


def describe(stats: dict) -> str:
    s = stats["stats"]
    line = (f"{stats['status']}: added {s.get('added', 0)}, updated {s.get('updated', 0)}, "
            f"restored {s.get('restored', 0)}, "
            f"deleted {s.get('deleted', 0)}, not modified {s.get('not modified', 0)}, "
            f"errors {s.get('errored', 0)}")  # (ckanext-harvest counts gather errors in it)
    return "\n".join([line, *[f"  error: {e}" for e in stats["errors"][:50]]])
