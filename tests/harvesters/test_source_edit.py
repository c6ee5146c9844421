"""Editing a harvest source changes all of it or nothing (issue 18 #5), with
the shipped ``ckan.harvest.log_scope = 0``: ckanext-harvest's database log
handler committed in the middle of the update (500 ResourceClosedError; the
dataset row changed, ``harvest_source`` did not, so the harvester kept the
old settings while the page showed the new ones)."""
from __future__ import annotations

import json
import logging

import pytest
import yaml

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from ckanext.harvest.model import HarvestSource
from ckanext.tdpf_harvesters import operations

from .conftest import harvest


@pytest.fixture(autouse=True)
def harvest_logs_on(monkeypatch):
    """ckanext-harvest's loggers as a site runs them: the test run's logging
    setup disables loggers made before it, so its DB log handler never ran."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("ckanext.harvest") and isinstance(logger, logging.Logger):
            monkeypatch.setattr(logger, "disabled", False)


def _fields(source: dict, **changes) -> dict:
    return {"id": source["id"], "name": source["name"], "title": source["title"],
            "url": source["url"], "source_type": source["source_type"],
            "frequency": source["frequency"], "owner_org": source["owner_org"],
            "config": source["config"], **changes}


def test_source_edit_through_the_api_changes_what_the_harvester_uses(
        app, ckan_config, remote, make_source, sysadmin):
    assert tk.asint(ckan_config.get("ckan.harvest.log_scope")) == 0  # as shipped
    source = make_source(remote.url)
    cfg = {**json.loads(source["config"]), "page_size": 7}
    token = factories.APIToken(user=sysadmin["name"])["token"]
    app.post("/api/3/action/harvest_source_update",
             json=_fields(source, title="千代田区カタログ（改）", config=json.dumps(cfg)),
             headers={"Authorization": token}, status=200)
    model.Session.remove()
    stored = HarvestSource.get(source["id"])
    assert json.loads(stored.config)["page_size"] == 7
    assert stored.title == "千代田区カタログ（改）"
    shown = tk.get_action("harvest_source_show")({"user": sysadmin["name"]},
                                                 {"id": source["id"]})
    assert json.loads(shown["config"])["page_size"] == 7
    harvest(shown)
    assert any("rows=7" in r for r in remote.faults.requests)


def test_load_sources_with_a_changed_preset_updates_the_source(sysadmin, tmp_path, remote):
    org = {"name": "src-edit", "title": "千代田区", "provider_type": "municipality",
           "municipality_code": "131016"}
    preset = {"name": "edit-me", "title": "千代田区カタログ", "url": remote.url,
              "organization": org, "frequency": "MANUAL",
              "config": {"provider_type": "municipality", "municipality_codes": ["131016"],
                         "page_size": 100}}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [preset]}, allow_unicode=True))
    assert operations.load_sources(str(path), echo=lambda *_: None)["created"] == 1
    preset["config"]["page_size"] = 9
    preset["frequency"] = "WEEKLY"
    path.write_text(yaml.safe_dump({"sources": [preset]}, allow_unicode=True))
    summary = operations.load_sources(str(path), echo=lambda *_: None)
    assert summary["updated"] == 1 and summary["failed"] == 0
    model.Session.remove()
    source = HarvestSource.get(model.Package.get("edit-me").id)
    assert json.loads(source.config)["page_size"] == 9
    assert source.frequency == "WEEKLY"
    assert operations.load_sources(str(path), echo=lambda *_: None)["unchanged"] == 1


def test_a_refused_edit_changes_nothing(app, remote, make_source, sysadmin):
    source = make_source(remote.url)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    app.post("/api/3/action/harvest_source_update",
             json=_fields(source, title="変えたタイトル", config="{not json"),
             headers={"Authorization": token}, status=409)
    model.Session.remove()
    assert model.Package.get(source["id"]).title == source["title"]
    assert HarvestSource.get(source["id"]).config == source["config"]
