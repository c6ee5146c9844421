"""After a crash (issue 18 #3): a dead worker's job and claims are recovered
within seconds of its lease, the next run imports what was not imported,
and a job that really runs is a 409 with a clear message, never a 500."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestSource
from ckanext.tdpf.compat import harvest_queue
from ckanext.tdpf_harvesters import claims, operations

from .conftest import harvest, harvested
from .fixture_source import FixtureSource

CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")
LEASE = 2


@pytest.fixture
def big_remote():
    src = FixtureSource(count=150).start()
    yield src
    src.stop()


@pytest.fixture
def short_lease(ckan_config, monkeypatch, request, tmp_path):
    """This process and the commands it starts renew leases of LEASE s and
    import one record per transaction (slow enough to be killed mid-way)."""
    monkeypatch.setitem(ckan_config, "ckanext.tdpf_harvesters.lease_seconds", LEASE)
    ini = tmp_path / "crash.ini"
    base = os.path.abspath(request.config.getoption("ckan_ini"))
    ini.write_text(f"[app:main]\nuse = config:{base}\n"
                   f"ckanext.tdpf_harvesters.lease_seconds = {LEASE}\n"
                   "ckanext.tdpf_harvesters.import_batch_size = 1\n"
                   "ckanext.tdpf_harvesters.import_workers = 1\n"
                   "ckanext.tdpf.outbound.allow_hosts = 127.0.0.1\n")
    return ini


def _api_job_create(app, user, source_id, status):
    token = factories.APIToken(user=user["name"])["token"]
    return app.post("/api/3/action/harvest_job_create", json={"source_id": source_id},
                    headers={"Authorization": token}, status=status).json


def _job(source_id: str) -> HarvestJob:
    model.Session.remove()
    return (model.Session.query(HarvestJob).filter_by(source_id=source_id)
            .order_by(HarvestJob.created.desc()).first())


def _complete(job_id: str) -> int:
    return model.Session.query(HarvestObject).filter_by(
        harvest_job_id=job_id, state="COMPLETE").count()


def test_kill_9_of_run_here_recovered_and_next_run_imports_the_rest(
        app, sysadmin, big_remote, make_source, short_lease):
    source = make_source(big_remote.url)
    proc = subprocess.Popen([CKAN, "-c", str(short_lease), "tdpf", "harvest", "run",
                             source["name"], "--here"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = _job(source["id"])
            if job is not None and _complete(job.id) >= 5:
                break
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
        # while it really runs: a clear 409, not ckanext-harvest's 500
        body = _api_job_create(app, sysadmin, source["id"], 409)
        assert "実行中" in body["error"]["source_id"][0]  # naming the job
        assert job.id in body["error"]["source_id"][0]
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    job = _job(source["id"])
    done_before = _complete(job.id)
    assert job.status == "Running" and done_before < 150
    killed_at = time.monotonic()
    while _job(source["id"]).status == "Running":  # the scheduler's step closes it
        assert time.monotonic() - killed_at < 4 * LEASE + 10, "the dead job stays Running"
        tk.get_action("harvest_jobs_run")({"ignore_auth": True}, {})
        time.sleep(0.5)
    errors = model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job.id).all()
    assert any("stopped" in e.message for e in errors)
    # the kill may land between a dataset's commit and its object's COMPLETE:
    # what the next run must add is what is not in the catalog yet
    present = len(harvested(source))
    assert done_before <= present < 150
    stats = harvest(source)  # the next run imports what was not imported
    assert stats["errors"] == []
    assert stats["stats"]["added"] == 150 - present
    assert len(harvested(source)) == 150


def test_job_create_while_one_is_queued_is_409_with_a_message(app, sysadmin, remote,
                                                               make_source):
    source = make_source(remote.url)
    assert operations.start_job(source["id"])  # queued, no consumer here
    body = _api_job_create(app, sysadmin, source["id"], 409)
    assert "待機中" in body["error"]["source_id"][0]
    assert operations.start_job(source["id"]) is None  # the CLI's answer stays the same


def test_a_copy_delivered_after_its_worker_died_is_imported(remote, make_source,
                                                            short_lease):
    """A claim of a worker killed with kill -9 (its lease gone): the queue's
    next delivery imports the object at once, instead of waiting 30 s and
    reporting "not modified" for a record never imported."""
    source = make_source(remote.url)
    job = HarvestJob(source=HarvestSource.get(source["id"]), status="Running")
    job.save()
    harvester = harvest_queue.harvester_for("tdpf_ckan")
    ids = harvest_queue.gather(harvester, job)
    claims._redis().set(claims._key(ids[0]), "running:dead-host:1:0000", ex=3600)
    started = time.monotonic()
    harvest_queue.fetch_and_import(harvester, HarvestObject.get(ids[0]))
    assert time.monotonic() - started < 10
    model.Session.remove()
    obj = HarvestObject.get(ids[0])
    assert obj.state == "COMPLETE" and obj.report_status == "added"
    assert obj.guid in harvested(source)
