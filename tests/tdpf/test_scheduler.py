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
    queued = {j.func_name: j for j in jobs.get_queue().jobs}
    assert "ckanext.tdpf.scheduler.index_missing_datasets" in queued

    queued["ckanext.tdpf.scheduler.index_missing_datasets"].perform()  # as the worker does
    assert [r["name"] for r in call_action("package_search", q="公園")["results"]] == ["lost"]


def test_plugins_add_their_periodic_tasks():
    """Trust and market tasks (IScheduledTasks) run beside the core's."""
    names = {t.name for t in scheduler.all_tasks()}
    assert {"search-index-check", "link-check", "harvest-jobs-run"} <= names
    assert len(names) > 3, names  # the trust and market plugins' own tasks
    assert all(t.every_seconds > 0 for t in scheduler.all_tasks())
