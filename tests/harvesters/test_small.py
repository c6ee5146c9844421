"""Smaller defects of issue 18 #7: the CLI counts each error once,
load-sources leaves no organisation behind for a source it could not
create, and a running job says so in Japanese."""
from __future__ import annotations

import yaml

from ckan import model
from ckan.tests import factories

from ckanext.harvest.model import HarvestJob
from ckanext.tdpf_harvesters import operations

from .conftest import harvest


def test_cli_counts_a_gather_error_once(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    for dataset_id in sorted(remote.datasets)[:8]:  # the withdrawal guard refuses
        remote.delete(dataset_id)
    stats = harvest(source)
    assert len(stats["errors"]) == 1 and "nothing withdrawn" in stats["errors"][0]
    line = operations.describe(stats).splitlines()[0]
    assert line.endswith("errors 1"), line


def test_load_sources_leaves_no_organisation_for_a_refused_source(sysadmin, tmp_path):
    preset = {"name": "bad-source", "title": "壊れたソース", "url": "file:///etc/passwd",
              "organization": {"name": "src-bad-source", "title": "壊れた市"},
              "config": {"provider_type": "municipality"}}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [preset]}, allow_unicode=True))
    summary = operations.load_sources(str(path), echo=lambda *_: None)
    assert summary["failed"] == 1
    model.Session.remove()
    assert model.Group.get("src-bad-source") is None
    assert model.Package.get("bad-source") is None


def test_running_job_page_in_japanese(app, remote, make_source, sysadmin):
    source = make_source(remote.url)
    job = HarvestJob(source_id=source["id"], status="Running")
    job.save()
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    page = app.get(f"/harvest/{source['name']}/job/{job.id}", headers=headers).body
    assert "実行中" in page and ">Running<" not in page
