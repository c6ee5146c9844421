"""Through ckanext-harvest's real queues: gather and fetch consumers run as
processes (as `make serve` starts them), jobs are queued by `run` or by the
scheduler's harvest task, and `--wait` follows them to the end."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.common import config

from ckanext.harvest.model import HarvestJob
from ckanext.tdpf_harvesters import operations, schedule

from .conftest import harvested

GATHER = ("harvester", "gather-consumer")
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")


def _consumer(ini, *command: str) -> subprocess.Popen:
    """As `make serve` runs them (ours and ckanext-harvest's fetch consumer
    are interchangeable), with its long Redis read timeout: idle consumers
    stay."""
    redis_url = config.get("ckan.redis.url")
    env = dict(os.environ, CKAN_REDIS_URL=redis_url + ("&" if "?" in redis_url else "?")
               + "socket_timeout=3600")
    return subprocess.Popen([CKAN, "-c", str(ini), *command], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def consumers(request, clean_db):
    from ckanext.harvest.queue import purge_queues

    purge_queues()
    ini = request.config.getoption("ckan_ini")
    procs = [_consumer(ini, *kind) for kind in (
        GATHER, ("tdpf", "harvest", "fetch-consumer"), ("harvester", "fetch-consumer"))]
    yield procs
    for proc in procs:
        proc.kill()
        proc.wait()


def test_run_and_wait_through_the_queues(consumers, remote, make_source):
    source = make_source(remote.url)
    job_id = operations.start_job(source["id"])
    assert operations.start_job(source["id"]) is None  # one job per source at a time
    seen = []
    stats = operations.wait_for(job_id, 120, progress=lambda *a: seen.append(a))
    assert stats["status"] == "Finished" and stats["stats"]["added"] == 12
    assert seen[-1][1:] == (12, 12)
    assert len(harvested(source)) == 12


def test_scheduler_task_starts_due_sources(consumers, remote, make_source):
    source = make_source(remote.url)
    model.Session.execute(sa.text(  # due now, as a day later
        "UPDATE harvest_source SET frequency = 'DAILY', next_run = now() - interval '1 minute'"))
    model.Session.commit()
    schedule.run_harvest_jobs()
    model.Session.remove()
    job = model.Session.query(HarvestJob).filter_by(source_id=source["id"]).one()
    stats = operations.wait_for(job.id, 120)
    assert stats["stats"]["added"] == 12, stats


def test_fetch_consumers_past_their_memory_limit_leave_after_their_message(
        request, clean_db, remote, make_source, tmp_path):
    """With a 1 MB limit every fetch consumer leaves (exit 75) after each
    message; supervised as scripts/serve.sh does, fresh ones finish the job
    and no message is lost."""
    from ckanext.harvest.queue import purge_queues

    purge_queues()
    ini = tmp_path / "small.ini"
    base = os.path.abspath(request.config.getoption("ckan_ini"))
    ini.write_text(f"[app:main]\nuse = config:{base}\n"
                   "ckanext.tdpf_harvesters.import_worker_max_rss_mb = 1\n")
    exits: list[int] = []
    running: dict[int, subprocess.Popen] = {}
    stop = threading.Event()

    def supervise(n: int) -> None:
        while not stop.is_set():
            proc = running[n] = _consumer(ini, "tdpf", "harvest", "fetch-consumer")
            if stop.is_set():  # stopped meanwhile: the kills below may have missed it
                proc.kill()
            code = proc.wait()
            if not stop.is_set():
                exits.append(code)

    gather = _consumer(request.config.getoption("ckan_ini"), *GATHER)
    supervisors = [threading.Thread(target=supervise, args=(n,)) for n in range(2)]
    for thread in supervisors:
        thread.start()
    try:
        source = make_source(remote.url)
        stats = operations.wait_for(operations.start_job(source["id"]), 240)
    finally:
        stop.set()
        for proc in [gather, *running.values()]:
            proc.kill()
        for thread in supervisors:
            thread.join()
        gather.wait()
    assert stats["status"] == "Finished" and stats["stats"]["added"] == 12, stats
    assert stats["stats"].get("errored", 0) == 0
    assert len(harvested(source)) == 12
    assert exits and set(exits) == {75}
