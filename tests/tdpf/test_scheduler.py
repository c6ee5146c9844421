"""The periodic scheduler enqueues the index check; the job indexes what is
missing. Real Redis queue and real database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.lib.jobs as jobs
from ckan import model
from ckan.tests import factories

from tests import factories as tdpf_factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import scheduler


@pytest.mark.usefixtures("clean_db", "clean_queues")
def test_scheduler_enqueues_and_job_indexes_missing_datasets():
    org = factories.Organization()
    ds = tdpf_factories.Dataset(owner_org=org["id"], name="lost", title="索引から消えた公園")
    model.Session.execute(sa.text("DELETE FROM tdpf_search_index WHERE id = :id"), {"id": ds["id"]})
    model.Session.commit()
    assert call_action("package_search", q="公園")["count"] == 0

    scheduler.run_forever(once=True)
    queued = jobs.get_queue().jobs
    assert [j.func_name for j in queued] == ["ckanext.tdpf.scheduler.index_missing_datasets"]

    queued[0].perform()  # what the worker does with it
    assert [r["name"] for r in call_action("package_search", q="公園")["results"]] == ["lost"]
