"""Every fault of a remote catalog: the run finishes, the right datasets
are there, the error record says what happened, other sources go on."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

import ckan.plugins.toolkit as tk
from ckan import model

from .conftest import harvest, harvested


@pytest.fixture
def two_sources(remote, remote2, make_source):
    """A faulty source and a healthy one (remote2 gets 3 datasets)."""
    for i in range(100, 103):
        remote2.add(i)
    bad = make_source(remote.url, name="faulty", timeout=1, page_size=5)
    good = make_source(remote2.url, name="healthy", title="新宿区カタログ")
    return bad, good


def _run_all(bad, good):
    first = harvest(bad)
    second = harvest(good)
    assert second["errors"] == [] and len(harvested(good)) == 3, "other source affected"
    return first


def test_timeouts_recorded_and_other_source_unaffected(remote, two_sources):
    bad, good = two_sources
    remote.faults.slow_seconds = 1.5
    stats = _run_all(bad, good)
    assert stats["status"] == "Finished"  # never left "Running"
    assert any("no answer within 1 s" in e and "4 attempts" in e for e in stats["errors"])
    assert harvested(bad) == {}


def test_500s_and_429_are_retried(remote, two_sources):
    bad, good = two_sources
    remote.faults.error500 = 2
    remote.faults.rate429 = 1
    started = time.monotonic()
    stats = _run_all(bad, good)
    assert stats["errors"] == [] and len(harvested(bad)) == 12
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 honoured


def test_truncated_json_read_again_then_reported(remote, two_sources):
    bad, good = two_sources
    remote.faults.truncated = 1  # a one-off: read again, nothing lost
    assert _run_all(bad, good)["errors"] == []
    assert len(harvested(bad)) == 12
    remote.faults.truncated = 100
    remote.touch(sorted(remote.datasets)[0], title="変更")
    stats = harvest(bad)
    assert any("not valid JSON" in e for e in stats["errors"])
    assert len(harvested(bad)) == 12, "an unreadable listing withdraws nothing"


def test_html_error_page_with_status_200(remote, two_sources):
    bad, good = two_sources
    harvest(bad)
    remote.faults.html200 = True
    stats = _run_all(bad, good)
    assert any("expected JSON but got an HTML page" in e for e in stats["errors"])
    assert len(harvested(bad)) == 12


def test_page_repeated_forever_stops(remote, two_sources):
    bad, good = two_sources
    remote.faults.repeat_page = True
    stats = _run_all(bad, good)
    assert any("same page again" in e for e in stats["errors"])
    assert len(harvested(bad)) == 5  # the first page, once
    # the first page, the id range it ignored, the offset it ignored too
    assert len([r for r in remote.faults.requests if "package_search" in r]) == 3


def test_huge_response_refused(remote, two_sources):
    bad, good = two_sources
    remote.faults.huge = True
    stats = _run_all(bad, good)
    assert any("exceeds the limit" in e for e in stats["errors"])
    assert harvested(bad) == {}


@pytest.mark.parametrize(("target", "words"), [
    ("http://127.0.0.2:9/api/3/action/package_search", "127.0.0.2"),
    ("file:///etc/passwd", "only http:// and https://"),
])
def test_redirect_to_private_address_or_file_refused(remote, two_sources, target, words):
    bad, good = two_sources
    remote.faults.redirect_to = target
    stats = _run_all(bad, good)
    assert any("Refused" in e and words in e for e in stats["errors"])
    assert harvested(bad) == {}


def test_withdrawing_most_of_a_source_needs_confirmation(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    for d in list(remote.datasets.values())[:10]:
        d["state"] = "deleted"
    stats = harvest(source)
    assert any("would be withdrawn" in e for e in stats["errors"])
    assert len(harvested(source)) == 12


def test_an_object_is_never_imported_twice(remote, make_source):
    from ckanext.harvest.model import HarvestObject
    from ckanext.tdpf_harvesters import importer

    source = make_source(remote.url)
    harvest(source)
    remote.touch(sorted(remote.datasets)[0], title="二重処理の確認")
    # gather only; then the queue delivers the same object twice
    from ckanext.harvest.model import HarvestJob, HarvestSource
    from ckanext.harvest.queue import gather_stage, get_harvester
    src = HarvestSource.get(source["id"])
    job = HarvestJob(source=src, status="Running")
    job.save()
    [object_id] = gather_stage(get_harvester("tdpf_ckan"), job)
    obj = HarvestObject.get(object_id)
    assert importer.import_object(obj) is True
    [pkg] = tk.get_action("package_search")({}, {"q": "二重処理の確認"})["results"]
    # the copy reports what the first delivery did, and writes nothing
    assert importer.import_object(HarvestObject.get(object_id)) is True
    [again] = tk.get_action("package_search")({}, {"q": "二重処理の確認"})["results"]
    assert again["metadata_modified"] == pkg["metadata_modified"]


def test_source_url_refused_when_created(make_source):
    for url, words in [("file:///etc/passwd", "only http:// and https://"),
                       ("http://169.254.169.254/latest/", "link-local"),
                       ("http://10.0.0.1/api/3/action/", "private")]:
        with pytest.raises(tk.ValidationError) as e:
            make_source(url, name=f"bad-{abs(hash(url))}")
        assert words in str(e.value.error_dict["url"])


def test_kill_9_mid_import_leaves_no_half_dataset(remote, make_source, request):
    for i in range(12, 60):
        remote.add(i)
    source = make_source(remote.url, name="crashy")
    ini = request.config.getoption("ckan_ini")
    proc = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini,
         "tdpf", "harvest", "run", "crashy", "--here"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    count = sa.text("SELECT count(*) FROM tdpf_harvest_record")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        model.Session.remove()
        if model.Session.execute(count).scalar() >= 10:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    model.Session.remove()
    records = model.Session.execute(count).scalar()
    assert 10 <= records < 60, "killed mid-import"
    datasets = model.Session.execute(sa.text(
        "SELECT count(*) FROM package WHERE type = 'dataset'")).scalar()
    indexed = model.Session.execute(sa.text(
        "SELECT count(*) FROM tdpf_search_index WHERE id IN (SELECT package_id "
        "FROM tdpf_harvest_record)")).scalar()
    assert datasets == records == indexed  # dataset, record and index row together
    # the job it left behind is closed by the timeout; the next run completes
    model.Session.execute(sa.text(
        "UPDATE harvest_job SET status = 'Finished' WHERE status = 'Running'"))
    model.Session.commit()
    stats = harvest(source)
    assert stats["errors"] == []
    assert len(harvested(source)) == 60
    assert tk.get_action("package_search")({}, {"q": "*:*", "rows": 0})["count"] == 60

