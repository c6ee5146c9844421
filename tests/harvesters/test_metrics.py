"""Harvest progress and errors per source in /metrics: read from the
harvest tables at scrape time (the latest job of each active source)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from tests.tdpf.ops.scrape import scrape, value


def test_the_latest_jobs_progress_and_errors_per_source(app, make_source, sysadmin):
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestObjectError

    source = make_source("http://127.0.0.1:9/", name="metrics-source")
    job = tk.get_action("harvest_job_create")({"user": sysadmin["name"]},
                                              {"source_id": source["id"]})
    objects = [HarvestObject(guid=f"g{n}", job=HarvestJob.get(job["id"]), state=state,
                             harvest_source_id=source["id"])
               for n, state in enumerate(("COMPLETE", "COMPLETE", "WAITING", "ERROR"))]
    model.Session.add_all(objects)
    model.Session.flush()
    model.Session.add(HarvestObjectError(harvest_object_id=objects[3].id, message="bad",
                                         stage="Import"))
    model.Session.commit()

    samples = scrape(app)
    assert value(samples, "tdpf_scrape_errors", part="harvest") == 0
    progress = {state: value(samples, "tdpf_harvest_job_objects", source="metrics-source",
                             state=state) for state in ("COMPLETE", "WAITING", "ERROR")}
    assert progress == {"COMPLETE": 2, "WAITING": 1, "ERROR": 1}
    assert value(samples, "tdpf_harvest_job_errors", source="metrics-source",
                 stage="object") == 1
    assert value(samples, "tdpf_harvest_job_errors", source="metrics-source",
                 stage="gather") == 0
    assert value(samples, "tdpf_harvest_job_running", source="metrics-source") == 1
