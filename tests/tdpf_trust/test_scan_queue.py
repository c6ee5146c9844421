"""Trust jobs never wait behind bulk work: with thousands of link checks
queued before it, a personal-data scan is the first job the worker started
as make serve starts it (scripts/serve.sh) takes."""
from __future__ import annotations

import datetime
import re
import time
import uuid
from pathlib import Path

from ckan import model
from ckan.lib import jobs

from ckanext.tdpf import queues
from ckanext.tdpf.datarate import linkcheck
from ckanext.tdpf_trust.scan.model import Scan

from tests.tdpf_trust.test_scan_hold import (
    CLEAN_CSV,
    _add_file,
    public_site,  # noqa: F401 - the fixture
    run_worker,
)

PROCFILE = Path(__file__).resolve().parents[2] / "Procfile"


def serve_workers() -> list[list[str]]:
    """The queues of each ``ckan jobs worker`` that make serve starts, in order."""
    lines = re.findall(r"^\w+: .* jobs worker (.*)$", PROCFILE.read_text(), re.MULTILINE)
    return [[word for word in line.split() if not word.startswith("-")] for line in lines]


def test_make_serve_listens_to_every_queue_trust_jobs_first():
    workers = serve_workers()
    assert workers[0] == list(queues.WORKER_ORDER)
    assert all(w[0] == queues.PRIORITY for w in workers)  # a second worker for trust jobs only


def test_a_scan_queued_behind_many_link_checks_runs_first(request, create_with_upload):
    site = request.getfixturevalue("public_site")
    bulk = jobs.get_queue(queues.BULK)
    since = datetime.datetime.now(datetime.UTC)  # finished jobs of earlier runs linger
    linkcheck.enqueue_checks([str(uuid.uuid4()) for _ in range(2000)])
    assert len(bulk) == 2000
    res = _add_file(create_with_upload, site, CLEAN_CSV, "visitors.csv", "来館者数")
    scan = model.Session.query(Scan).filter_by(resource_id=res["id"]).one()
    worker = run_worker(request.config.getoption("ckan_ini"), *serve_workers()[0], burst=False)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            model.Session.expire_all()
            if model.Session.get(Scan, scan.id).status == "done":
                break
            time.sleep(0.2)
        waiting = len(bulk)
    finally:
        worker.terminate()
        worker.wait(30)
    assert model.Session.get(Scan, scan.id).status == "done"
    # nothing of the bulk queue ran before it (a few may have started since)
    scan_job = jobs.job_from_id(f"tdpf-scan-{scan.id}")
    started = [job.started_at for job in (bulk.fetch_job(i) for i in
               bulk.finished_job_registry.get_job_ids())
               if job is not None and job.enqueued_at >= since]
    assert waiting >= 1900 and all(when > scan_job.started_at for when in started)
    bulk.empty()
