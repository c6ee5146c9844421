"""Link check against a real HTTP server on 127.0.0.1: unchecked links are
unknown, checked ones earn or fail; the job reindexes the dataset; the
scheduler and dataset edits queue checks (real Redis queue)."""
from __future__ import annotations

import pytest

import ckan.lib.jobs as jobs
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf import queues, scheduler
from ckanext.tdpf.datarate import linkcheck

from tests import factories as tdpf_factories
from tests.factories import warranted


def _dataset(base: str, org: dict, **extra) -> dict:
    second = extra.pop("second", "page.html")
    return tdpf_factories.Dataset(
        owner_org=org["id"], name=extra.pop("name", "shelters"), title="避難所一覧",
        notes="区内の避難所", tags=[{"name": "防災"}], license_id="cc-by-4.0",
        resources=[{"url": f"{base}/ok.csv", "format": "CSV", "mimetype": "text/csv"},
                   {"url": f"{base}/{second}",
                    "format": "CSV" if second.endswith(".csv") else "HTML"}],
        **extra)


def _states(result: dict) -> dict[str, str]:
    return {i["key"]: i["state"] for d in result["dimensions"] for i in d["indicators"]}


def test_check_url_head_then_ranged_get(link_server):
    base, seen = link_server
    assert linkcheck.check_url(f"{base}/ok.csv").status == 200
    assert seen == [("HEAD", "/ok.csv", "")]
    seen.clear()
    result = linkcheck.check_url(f"{base}/nohead.csv")
    assert result.ok and result.status == 206
    assert seen == [("HEAD", "/nohead.csv", ""), ("GET", "/nohead.csv", "bytes=0-0")]
    missing = linkcheck.check_url(f"{base}/missing.csv")
    assert missing.status == 404 and not missing.ok and "404" in missing.error


def test_refused_address_is_a_failure_with_the_reason():
    result = linkcheck.check_url("http://169.254.169.254/latest/meta-data")
    assert result.status is None and result.error.startswith("refused")


@pytest.mark.usefixtures("clean_db", "clean_queues")
def test_unchecked_then_checked_links_change_score_and_index(link_server):
    base, _seen = link_server
    org = factories.Organization()
    ds = _dataset(base, org)
    before = call_action("tdpf_data_rate_show", id=ds["id"])
    assert _states(before)["access_url_status"] == "unknown"
    indexed = call_action("package_search", fq="name:shelters",
                          fl="data_rate_score")["results"][0]
    assert indexed["data_rate_score"] == before["score"]

    results = linkcheck.check_dataset(ds["id"])
    assert {u: r.status for u, r in results.items()} == {
        f"{base}/ok.csv": 200, f"{base}/page.html": 200}
    after = call_action("tdpf_data_rate_show", id=ds["id"])
    # access URLs answer (50) and the CSV download answers (30)
    assert after["score"] == before["score"] + 50 + 30
    assert _states(after)["access_url_status"] == "met"
    # the job reindexed: search sees the new score
    indexed = call_action("package_search", fq="name:shelters",
                          fl="data_rate_score")["results"][0]
    assert indexed["data_rate_score"] == after["score"]


@pytest.mark.usefixtures("clean_db", "clean_queues")
def test_broken_link_fails_the_indicator(link_server):
    base, _seen = link_server
    ds = _dataset(base, factories.Organization(), second="missing.csv")
    linkcheck.check_dataset(ds["id"])
    result = call_action("tdpf_data_rate_show", id=ds["id"])
    states = _states(result)
    assert states["access_url_status"] == "failed"
    assert states["download_url_status"] == "failed"
    failed = next(i for i in result["missing"] if i["key"] == "access_url_status")
    assert f"{base}/missing.csv (404)" in failed["detail"]


@pytest.mark.usefixtures("clean_db", "clean_queues", "clean_redis")  # no run recorded
def test_new_url_queues_a_check_and_scheduler_finds_due(link_server):
    base, _seen = link_server
    admin = factories.Sysadmin()
    org = factories.Organization()
    ds = _dataset(base, org)
    queued = [j.args for j in jobs.get_queue(queues.BULK).jobs]
    assert [ds["id"]] in queued  # created with never-checked URLs

    queued_job = jobs.get_queue(queues.BULK).fetch_job(f"tdpf-linkcheck-{ds['id']}")
    queued_job.perform()  # what the worker does
    assert linkcheck.due() == []

    # a changed URL is due again and queued on update
    jobs.get_queue(queues.BULK).empty()
    res = ds["resources"][1]
    call_action("resource_patch", {"user": admin["name"]},
                **warranted(id=res["id"], url=f"{base}/nohead.csv"))
    assert [ds["id"]] in [j.args for j in jobs.get_queue(queues.BULK).jobs]
    assert linkcheck.due() == [ds["id"]]

    jobs.get_queue(queues.BULK).empty()
    scheduler.run_forever(once=True)
    names = [j.func_name for j in jobs.get_queue(queues.BULK).jobs]
    assert "ckanext.tdpf.datarate.linkcheck.check_dataset" in names


@pytest.mark.usefixtures("clean_db", "clean_queues")
@pytest.mark.ckan_config("ckanext.tdpf.datarate.check_interval", 0)
def test_old_checks_are_due_again(link_server):
    base, _seen = link_server
    ds = _dataset(base, factories.Organization())
    linkcheck.check_dataset(ds["id"])
    assert linkcheck.due() == [ds["id"]]  # interval 0: everything is old
    call_action("dataset_purge", id=ds["id"])
    assert linkcheck.stored(ds["id"])  # kept until the scheduler's round
    assert linkcheck.enqueue_due() == []
    assert linkcheck.stored(ds["id"]) == {}


@pytest.mark.usefixtures("clean_db", "clean_queues")
def test_checks_of_many_datasets_are_queued_once_each(link_server):
    """A harvest batch queues its checks together: one job per dataset, none
    for a dataset whose check already waits; the job runs like any other."""
    base, _seen = link_server
    org = factories.Organization()
    first = _dataset(base, org, name="first")
    second = _dataset(base, org, name="second")
    queue = jobs.get_queue(queues.BULK)
    queue.empty()
    linkcheck.enqueue_check(first["id"])  # already waiting
    linkcheck.enqueue_checks([first["id"], second["id"], second["id"]])
    waiting = sorted(j.args[0] for j in queue.jobs)
    assert waiting == sorted([first["id"], second["id"]])
    job = queue.fetch_job(f"tdpf-linkcheck-{second['id']}")
    assert job.meta["title"] == f"tdpf: link check {second['id']}"
    job.perform()
    assert set(linkcheck.stored(second["id"])) == {f"{base}/ok.csv", f"{base}/page.html"}
    linkcheck.enqueue_checks([])  # nothing to queue
    assert len(queue.jobs) == 2
