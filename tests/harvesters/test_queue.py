"""Through ckanext-harvest's real queues: gather and fetch consumers run as
processes (as `make serve` starts them), jobs are queued by `run` or by the
scheduler's harvest task, and `--wait` follows them to the end."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from ckan import model

from ckanext.harvest.model import HarvestJob
from ckanext.tdpf import scheduler
from ckanext.tdpf_harvesters import operations

from .conftest import harvested


@pytest.fixture
def consumers(request, clean_db):
    from ckanext.harvest.queue import purge_queues

    purge_queues()
    ini = request.config.getoption("ckan_ini")
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    procs = [subprocess.Popen([ckan, "-c", ini, "harvester", kind],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for kind in ("gather-consumer", "fetch-consumer", "fetch-consumer")]
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
    scheduler.run_harvest_jobs()
    model.Session.remove()
    job = model.Session.query(HarvestJob).filter_by(source_id=source["id"]).one()
    stats = operations.wait_for(job.id, 120)
    assert stats["stats"]["added"] == 12, stats
