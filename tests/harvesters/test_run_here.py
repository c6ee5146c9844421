"""`run --here` waits for its own job and touches no other (issue 18 #4):
it ended with harvest_jobs_run, which re-sends the waiting objects of
*any* job to the queues, and it returned while objects of its job were
still being imported elsewhere."""
from __future__ import annotations

import json
import threading
import time

from ckan import model

from ckanext.harvest.model import HarvestJob, HarvestSource
from ckanext.harvest.queue import get_fetch_routing_key, purge_queues
from ckanext.tdpf.compat import harvest_queue
from ckanext.tdpf_harvesters import claims, workers

from .conftest import harvest, harvested


def test_run_here_sends_no_other_jobs_objects_to_the_queue(remote, remote2, make_source):
    other = make_source(remote.url, name="other")
    job = HarvestJob(source=HarvestSource.get(other["id"]), status="Running")
    job.save()
    waiting = harvest_queue.gather(harvest_queue.harvester_for("tdpf_ckan"), job)
    assert len(waiting) == 12  # gathered, not imported: another job's business
    purge_queues()
    remote2.add(1)
    source = make_source(remote2.url, name="mine")
    stats = harvest(source)
    assert stats["status"] == "Finished" and stats["stats"]["added"] == 1
    queued = [json.loads(m)["harvest_object_id"]
              for m in claims._redis().lrange(get_fetch_routing_key(), 0, -1)]
    assert not set(queued) & set(waiting)


def test_run_here_waits_for_an_object_another_worker_imports(remote, make_source,
                                                             monkeypatch, ckan_config):
    """One object of the run is held by another live worker (a queue consumer
    given a re-sent copy), which dies 3 s later: the run ends only when that
    object is imported too, and its counts include it."""
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.lease_seconds", 3)
    import_job = workers.import_job
    other = "elsewhere:1:0000"
    redis = claims._redis()

    def held_elsewhere(harvester, job_id, ids, tick=None):
        redis.set(claims.lease_key(other), "alive", ex=60)
        redis.set(claims._key(ids[-1]), f"running:{other}", ex=60)
        threading.Timer(3, redis.delete, args=(claims.lease_key(other),)).start()
        import_job(harvester, job_id, ids, tick)

    monkeypatch.setattr(workers, "import_job", held_elsewhere)
    source = make_source(remote.url)
    started = time.monotonic()
    stats = harvest(source)
    assert time.monotonic() - started >= 3
    assert stats["status"] == "Finished", stats
    assert stats["stats"]["added"] == 12 and stats["errors"] == []
    assert len(harvested(source)) == 12
    model.Session.remove()
