"""Link check: does each resource's access and download URL answer 2xx?

Runs as a background job (one per dataset) under the bundle's outbound
policy (timeouts, retries, private addresses refused). HEAD first; servers
that refuse or mishandle HEAD get a GET for the first byte only. Results are
stored in ``tdpf_link_check`` and the dataset is reindexed when they change,
so the indexed data rate follows."""
from __future__ import annotations

import datetime
import logging
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

import ckan.plugins.toolkit as tk
from ckan import model

from .. import config as tdpf_config
from .. import outbound, prefetch, queues
from ..clock import now as _now
from .model import LinkCheck
from .score import LinkResult, checked_urls

log = logging.getLogger(__name__)

# A GET fallback reads at most this much: a server that ignores Range still
# proves the link works with its first bytes.
_PROBE_BYTES = 64 * 1024
_ACTIVE_JOB = ("queued", "started", "deferred", "scheduled")


# -- one URL -------------------------------------------------------------------
def check_url(url: str, policy: outbound.Policy | None = None) -> LinkResult:
    policy = policy or outbound.Policy.from_config()
    checked_at = _now().isoformat()
    try:
        return LinkResult(outbound.fetch(url, policy=policy, method="HEAD").status,
                          "", checked_at)
    except outbound.OutboundRefused as e:
        return LinkResult(None, f"refused: {e}"[:500], checked_at)
    except outbound.FetchError:
        pass  # many servers answer HEAD with 403/405/404: ask with GET
    try:
        resp = outbound.fetch(url, policy=policy, headers={"Range": "bytes=0-0"},
                              max_bytes=_PROBE_BYTES)
        return LinkResult(resp.status, "", checked_at)
    except outbound.OutboundRefused as e:
        return LinkResult(None, f"refused: {e}"[:500], checked_at)
    except outbound.FetchError as e:
        if e.status is not None and 200 <= e.status < 300:
            return LinkResult(e.status, "", checked_at)  # answered, only too big
        return LinkResult(e.status, str(e)[:500], checked_at)


# -- stored results ------------------------------------------------------------
def stored(package_id: str) -> dict[str, LinkResult]:
    return stored_many([package_id]).get(package_id, {})


def stored_many(package_ids: list[str]) -> dict[str, dict[str, LinkResult]]:
    """``{package_id: {url: LinkResult}}`` of several datasets, one query
    (when indexing, one for the chunk)."""
    return _stored.get_many(list(package_ids))


def _stored_many(package_ids: list[str]) -> dict[str, dict[str, LinkResult]]:
    if not package_ids:
        return {}
    found: dict[str, dict[str, LinkResult]] = {}
    rows = model.Session.query(LinkCheck).filter(LinkCheck.package_id.in_(package_ids))
    for r in rows:
        found.setdefault(r.package_id, {})[r.url] = LinkResult(
            r.status, r.error or "", r.checked_at.isoformat())
    return found


_stored = prefetch.Lookup(lambda package_id: _stored_many([package_id]).get(package_id, {}),
                          _stored_many, default={})


def _save(package_id: str, results: dict[str, LinkResult]) -> None:
    q = model.Session.query(LinkCheck).filter(LinkCheck.package_id == package_id)
    q.filter(LinkCheck.url.notin_(list(results) or [""])).delete(synchronize_session=False)
    for url, res in results.items():
        row = model.Session.get(LinkCheck, (package_id, url)) or LinkCheck(
            package_id=package_id, url=url)
        row.status, row.error = res.status, res.error
        row.checked_at = datetime.datetime.fromisoformat(res.checked_at)
        model.Session.add(row)
    model.Session.commit()


def _same(a: dict[str, LinkResult], b: dict[str, LinkResult]) -> bool:
    return ({u: (r.status, r.ok) for u, r in a.items()}
            == {u: (r.status, r.ok) for u, r in b.items()})


# -- the job -------------------------------------------------------------------
def check_dataset(package_id: str) -> dict[str, LinkResult]:
    """Job: check every URL of a dataset, store, reindex when it changed."""
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})
    except tk.ObjectNotFound:
        _save(package_id, {})
        return {}
    before = stored(pkg["id"])
    policy = outbound.Policy.from_config()
    results = {url: check_url(url, policy) for url in checked_urls(pkg)}
    _save(pkg["id"], results)
    if not _same(before, results):
        from ckan.lib.search import rebuild
        rebuild(pkg["id"])
        log.info("link check changed the data rate of %s: reindexed", pkg["name"])
    return results


def _job_id(package_id: str) -> str:
    return f"tdpf-linkcheck-{package_id}"


def enqueue_check(package_id: str):
    """Queue a check of one dataset unless one is already waiting; the job."""
    from ckan.lib import jobs
    enqueue_checks([package_id])
    return jobs.get_queue(queues.BULK).fetch_job(_job_id(package_id))


def enqueue_checks(package_ids: list[str]) -> None:
    """Queue a check of each dataset unless one is already waiting: which
    wait is asked in one Redis round trip and the rest are queued in one
    more (a harvest batch: not a few round trips per dataset)."""
    from rq import Queue
    from rq.job import Job

    from ckan.lib import jobs
    ids = list(dict.fromkeys(package_ids))
    if not ids:
        return
    queue = jobs.get_queue(queues.BULK)  # behind the trust jobs (ckanext.tdpf.queues)
    with queue.connection.pipeline() as pipe:
        for package_id in ids:
            pipe.hget(Job.key_for(_job_id(package_id)), "status")
        statuses = pipe.execute()
    timeout = tk.config.get("ckan.jobs.timeout")  # as tk.enqueue_job sets it
    queue.enqueue_many([
        Queue.prepare_data(check_dataset, [package_id], timeout=timeout,
                           job_id=_job_id(package_id),
                           meta={"title": f"tdpf: link check {package_id}"})
        for package_id, status in zip(ids, statuses, strict=True)
        if (status.decode() if isinstance(status, bytes) else status) not in _ACTIVE_JOB])


def _resource_dicts(pkg: model.Package) -> list[dict[str, Any]]:
    return [{**(r.extras or {}), "url": r.url, "url_type": r.url_type, "format": r.format}
            for r in pkg.resources]


def on_dataset_changed(package_id: str) -> None:
    """After a create/update: queue a check when the dataset has a URL that
    was never checked (new resource, changed URL). Never fails the update."""
    if not tdpf_config.datarate_check_on_change():
        return
    try:
        pkg = model.Package.get(package_id)
        if pkg is None:
            return
        urls = set(checked_urls({"resources": _resource_dicts(pkg)}))
        if urls - set(stored(pkg.id)):
            enqueue_check(pkg.id)
    except Exception:  # noqa: BLE001 - Redis down must not stop an edit
        log.exception("could not queue the link check of %s", package_id)


# -- the scheduler -------------------------------------------------------------
def due(limit: int | None = None) -> list[str]:
    """Active datasets with an http(s) resource URL never checked, or whose
    oldest check is older than the configured interval; oldest first."""
    cutoff = _now() - datetime.timedelta(seconds=tdpf_config.datarate_check_interval())
    limit = limit or tdpf_config.datarate_scan_batch()
    sql = sa.text("""
        SELECT p.id, min(c.checked_at) AS oldest,
               bool_or(c.url IS NULL) AS unchecked
        FROM package p
        JOIN resource r ON r.package_id = p.id AND r.state = 'active'
             AND r.url ~ '^https?://' AND coalesce(r.url_type, '') <> 'upload'
        LEFT JOIN tdpf_link_check c ON c.package_id = p.id AND c.url = r.url
        WHERE p.state = 'active' AND p.type = 'dataset'
        GROUP BY p.id
        HAVING bool_or(c.url IS NULL) OR min(c.checked_at) < :cutoff
        ORDER BY bool_or(c.url IS NULL) DESC, min(c.checked_at) NULLS FIRST
        LIMIT :limit""")
    return [row[0] for row in model.Session.execute(sql, {"cutoff": cutoff, "limit": limit})]


def forget_purged() -> int:
    """Drop the results of purged datasets (no foreign key does it)."""
    result = cast("CursorResult", model.Session.execute(sa.text(
        "DELETE FROM tdpf_link_check c WHERE NOT EXISTS "
        "(SELECT 1 FROM package p WHERE p.id = c.package_id)")))
    model.Session.commit()
    return result.rowcount


def enqueue_due() -> list[str]:
    """Scheduler task: queue the due checks, forget purged datasets."""
    forget_purged()
    ids = due()
    for package_id in ids:
        enqueue_check(package_id)
    return ids

