"""The import stage of ``ckan tdpf harvest run --here``: one process, or
several forked ones for large runs.

The import is CPU-bound (validation, dictizing, indexing), so a large
first harvest uses ``import_workers`` processes, as the queue's fetch
consumers would. They share nothing but the database and the Redis claims
(claims.py): an object claimed by one worker, alone or in its batch, is
skipped by the others. What a dead worker left waiting, claimed or not, is
imported by the parent afterwards (it ends the dead worker's lease, so its
claims are stale at once).
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.process
import resource
import sys
import time
from collections.abc import Callable

from ckan import model

from ckanext.harvest.model import HarvestObject
from ckanext.tdpf.compat import harvest_queue

from . import batch, claims, config

log = logging.getLogger(__name__)
Tick = Callable[[int, int], None]  # (done, total)
LOOKAHEAD = 200  # objects whose state one query asks
RENEW = 75  # a worker's exit code: replace me (memory used), not a failure


def import_all(harvester, ids: list[str], tick: Tick | None = None,
               enough: Callable[[], bool] = lambda: False) -> bool:
    """Fetch and import the waiting objects among ``ids``, in this process;
    False if ``enough`` said so before the end (checked after each import)."""
    asked: set[str] = set()
    waiting: set[str] = set()
    with batch.outside_queue():
        for n, object_id in enumerate(ids, 1):
            if object_id not in asked:
                # most objects were imported by a batch meanwhile: ask which
                # of the next ones still wait, once for all of them
                asked = set(ids[n - 1:n - 1 + LOOKAHEAD])
                waiting = _waiting(list(asked))
            if object_id in waiting:
                obj = HarvestObject.get(object_id)
                imported = (obj is not None and obj.state == "WAITING"
                            and not claims.taken(obj.id))
                if imported:
                    harvest_queue.fetch_and_import(harvester, obj)
                    asked = set()  # its batch took others: ask again
                model.Session.remove()
                if imported and enough():
                    return False
            if tick and (n % 50 == 0 or n == len(ids)):
                tick(n, len(ids))
    return True


def _waiting(ids: list[str]) -> set[str]:
    rows = model.Session.query(HarvestObject.id).filter(HarvestObject.id.in_(ids),
                                                        HarvestObject.state == "WAITING")
    found = {r[0] for r in rows}
    model.Session.remove()
    return found


def import_job(harvester, job_id: str, ids: list[str], tick: Tick | None = None) -> None:
    """All objects of a job, in as many processes as the run is worth."""
    workers = min(config.import_workers(), len(ids) // config.import_batch_size())
    if workers < 2:
        import_all(harvester, ids, tick)
        return
    model.Session.remove()
    if model.meta.engine is not None:  # no connection of ours may be shared with a child
        model.meta.engine.dispose()
    failed = _run_workers(harvester, [ids[k::workers] for k in range(workers)],
                          (lambda: tick(_done(job_id), len(ids))) if tick else None)
    if failed:
        log.warning("harvest job %s: %d import workers stopped (exit %s); importing "
                    "what they left", job_id, len(failed), failed)
    left = [r[0] for r in model.Session.query(HarvestObject.id).filter(
        HarvestObject.harvest_job_id == job_id, HarvestObject.state == "WAITING")]
    model.Session.remove()
    import_all(harvester, left)
    if tick:
        tick(len(ids), len(ids))


def _run_workers(harvester, shares: list[list[str]],
                 tick: Callable[[], None] | None) -> list[int]:
    """One process per share until each is done; the exit codes of those that failed."""
    procs = {k: _start(harvester, share) for k, share in enumerate(shares)}
    failed, polls = [], 0
    while procs:
        time.sleep(1)
        polls += 1
        for k, (proc, worker) in list(procs.items()):
            if proc.is_alive():
                continue
            if proc.exitcode == RENEW:  # it used its memory: a fresh one goes on
                procs[k] = _start(harvester, shares[k])
                continue
            del procs[k]
            if proc.exitcode:
                failed.append(proc.exitcode)
                claims.end_lease(worker)  # its claims: ours to take now, not in 30 s
        if tick and polls % 10 == 0:  # a count over the whole job: not every second
            tick()
    return failed


def _start(harvester, ids: list[str]) -> tuple[multiprocessing.process.BaseProcess, str]:
    """A worker process and the token its claims carry."""
    worker = claims.new_token()
    proc = multiprocessing.get_context("fork").Process(
        target=_child, args=(harvester, ids, worker), daemon=True)
    proc.start()
    return proc, worker


def _child(harvester, ids: list[str], worker: str) -> None:
    """Its share of the objects (those still waiting), until it has used
    ``import_worker_max_rss_mb``: then it exits with RENEW. A process's
    memory grows with what it has imported (caches, the allocator's
    fragmentation); a fresh fork of the parent starts low again."""
    if model.meta.engine is not None:  # the parent's pool is not ours to use
        model.meta.engine.dispose(close=False)
    claims.use_token(worker)
    # the application's objects (inherited, ~300,000) stay out of the garbage
    # collector's full passes, which the imports trigger again and again; and
    # its pages stay shared with the parent instead of being copied
    gc.freeze()
    finished = import_all(harvester, ids, enough=over_memory_limit)
    model.Session.remove()
    if not finished:
        sys.exit(RENEW)


def consume_fetch_queue() -> int:
    """ckanext-harvest's fetch consumer (``ckan harvester fetch-consumer``)
    until this process has used ``import_worker_max_rss_mb``: then, the
    message in hand imported and acknowledged, it returns RENEW and its
    supervisor (supervisord under scripts/serve.sh, or systemd: the
    Procfile's harvest_fetch) starts a fresh one. Leaving before the
    acknowledgement would lose the message: Redis has popped it already."""
    gc.freeze()  # as in _child: the application's objects out of full passes
    if harvest_queue.consume_fetch_queue(enough=over_memory_limit):
        log.info("fetch consumer past %d MB: a fresh one goes on",
                 config.import_worker_max_rss_mb())
        return RENEW
    return 0


def over_memory_limit() -> bool:
    """This process's peak RSS is past ``import_worker_max_rss_mb`` (0: never)."""
    limit = config.import_worker_max_rss_mb() * 1024  # ru_maxrss: KB on Linux
    return 0 < limit < resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _done(job_id: str) -> int:
    count = (model.Session.query(HarvestObject)
             .filter(HarvestObject.harvest_job_id == job_id,
                     HarvestObject.state.in_(("COMPLETE", "ERROR"))).count())
    model.Session.remove()
    return count
