"""The file pipeline as operators and providers meet it: a tabular
resource is queued when it is created, fetched once from a real HTTP server
under the outbound policy, analysed on that one copy, and not fetched again
while unchanged (ETag), nor analysed again when the same bytes come back;
too large, unreachable and not-a-table files get their own state."""
from __future__ import annotations

import pytest

from ckan.lib import jobs
from ckan.tests import factories

from ckanext.tdpf import files, queues
from ckanext.tdpf.files import pipeline
from ckanext.tdpf.files import queue as file_queue

from tests import factories as tdpf_factories

CSV = "名称,住所\r\n市民会館,三重県鈴鹿市神戸1-18-18\r\n".encode()
NO_RATE = pytest.mark.ckan_config("ckanext.tdpf.outbound.rate_limit", "0")
pytestmark = [pytest.mark.usefixtures("clean_db", "clean_queues"), NO_RATE]


def _dataset(url: str, fmt: str = "CSV", **fields) -> dict:
    org = factories.Organization()
    return tdpf_factories.Dataset(owner_org=org["id"], resources=[
        {"url": url, "format": fmt, "name": "table"}], **fields)


def _run_file_jobs() -> list:
    """What the pipeline's worker does: perform each queued job."""
    done = []
    for job in jobs.get_queue(queues.FILES).jobs:
        done.append(job.perform())
        job.delete()
    return done


def test_a_new_remote_csv_is_queued_fetched_once_and_not_refetched_unchanged(
        file_server, recorded):
    url = file_server.serve("/facilities.csv", CSV)
    ds = _dataset(url)
    rid = ds["resources"][0]["id"]
    assert files.current([rid])[rid]["state"] == "queued"
    [outcome] = _run_file_jobs()
    assert outcome["state"] == "checked" and outcome["fetched"] and outcome["analysed"]
    assert [r["format"] for r in recorded] == ["csv"]
    state = files.current([rid])[rid]
    assert state["results"]["recorder"] == {"first_line": "名称,住所\r"}
    assert state["size"] == len(CSV)

    # the re-check asks with the ETag: 304, nothing downloaded or analysed
    again = pipeline.process(rid)
    assert again and again["state"] == "checked" and not again["analysed"]
    gets = file_server.gets("/facilities.csv")
    assert len(gets) == 2 and gets[1][2] != ""  # second request conditional
    assert len(recorded) == 1

    # the file changes at the same URL: fetched and analysed again
    file_server.serve("/facilities.csv", CSV + "図書館,鈴鹿市\r\n".encode())
    changed = pipeline.process(rid)
    assert changed and changed["analysed"] and len(recorded) == 2


def test_same_bytes_without_validators_are_not_analysed_twice(file_server, recorded):
    url = file_server.serve("/plain.csv", CSV, validators=False)
    rid = _dataset(url)["resources"][0]["id"]
    _run_file_jobs()
    again = pipeline.process(rid)
    assert again and again["fetched"] and not again["analysed"]
    assert len(recorded) == 1


def test_a_dataset_update_that_changes_nothing_queues_nothing(file_server, recorded):
    url = file_server.serve("/facilities.csv", CSV)
    ds = _dataset(url)
    _run_file_jobs()
    file_queue.on_dataset_changed(ds["id"])
    assert jobs.get_queue(queues.FILES).jobs == []


@pytest.mark.ckan_config("ckanext.tdpf.files.max_bytes", "100")
def test_a_file_over_the_limit_is_too_large_and_not_analysed(file_server, recorded):
    url = file_server.serve("/big.csv", CSV * 10)
    rid = _dataset(url)["resources"][0]["id"]
    _run_file_jobs()
    state = files.current([rid])[rid]
    assert state["state"] == "too_large" and "exceeds the limit" in state["message"]
    assert recorded == []


def test_unreachable_and_not_tabular_files(file_server, recorded):
    gone = _dataset(file_server.url + "/gone.csv")["resources"][0]["id"]
    html = file_server.serve("/page.csv", b"<!DOCTYPE html><html>error</html>", "text/html")
    page = _dataset(html)["resources"][0]["id"]
    _run_file_jobs()
    found = files.current([gone, page])
    assert found[gone]["state"] == "unreachable" and "404" in found[gone]["message"]
    assert found[page]["state"] == "not_tabular"
    assert recorded == []


def test_resources_the_pipeline_does_not_take(file_server, recorded):
    pdf = _dataset(file_server.serve("/doc.pdf", b"%PDF-1.4"), fmt="PDF")
    private = _dataset(file_server.serve("/p.csv", CSV), private=True)
    assert not files.takes(pdf["resources"][0]) and not files.takes(private["resources"][0])
    assert jobs.get_queue(queues.FILES).jobs == []
    assert file_server.gets("/p.csv") == []


def test_a_gated_file_is_analysed_and_flagged_gated(file_server, recorded):
    url = file_server.serve("/paid.csv", CSV)
    _dataset(url, access_level="conditional")
    _run_file_jobs()
    assert [r["gated"] for r in recorded] == [True]


def test_status_counts_states_for_operators(file_server, recorded, cli):
    from ckanext.tdpf.cli import tdpf
    _dataset(file_server.serve("/a.csv", CSV))
    _dataset(file_server.url + "/gone.csv")
    assert file_queue.status()["counts"]["queued"] == 2
    _run_file_jobs()
    counts = file_queue.status()["counts"]
    assert counts["checked"] == 1 and counts["unreachable"] == 1
    result = cli.invoke(tdpf, ["files", "status"])
    assert result.exit_code == 0, result.output
    assert "checked      1" in result.output and "unreachable  1" in result.output
