"""`ckan tdpf harvest load-sources | run`: presets and runs from the command line."""
from __future__ import annotations

import json

import yaml

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.cli.cli import ckan as ckan_cli

from ckanext.harvest.model import HarvestSource
from ckanext.tdpf_harvesters import operations

from .conftest import harvested


def test_presets_are_valid_and_keep_the_site_list_urls(sysadmin):
    presets = operations.read_presets()
    by_name = {p["name"]: p for p in presets}
    assert len(presets) == len(by_name) >= 43
    tokyo = by_name["tokyo-opendata"]
    assert tokyo["url"] == "https://catalog.data.metro.tokyo.lg.jp/api/3/action/"
    assert tokyo["config"]["provider_type"] == "tokyo"
    assert tokyo["config"]["municipality_codes"] == ["130001"]
    assert by_name["minato"]["config"]["municipality_codes"] == ["131032"]
    assert by_name["data-go-jp"]["config"]["provider_type"] == "national"
    # DCAT presets (issue 18): the national catalog and a municipal one
    dcat = {n: p for n, p in by_name.items() if p.get("type") == "tdpf_dcat"}
    assert {p["config"]["provider_type"] for p in dcat.values()} >= {"national", "municipality"}
    assert by_name["machida-dcat"]["config"]["municipality_codes"] == ["132098"]
    assert all(p["url"].endswith("/catalog.ttl") for p in dcat.values())


def test_load_sources_creates_then_updates(sysadmin, tmp_path):
    summary = operations.load_sources(None, echo=lambda *_: None)
    assert summary["failed"] == 0 and summary["created"] >= 36
    assert summary["skipped"] == 9  # "enable": false in the site list, 2 DCAT presets
    source = HarvestSource.get(model.Package.get("tokyo-opendata").id)
    assert source.type == "tdpf_ckan" and source.frequency == "DAILY"
    assert json.loads(source.config)["dataset_url"] == "https://catalog.data.metro.tokyo.lg.jp/dataset/"
    org = tk.get_action("organization_show")({}, {"id": "src-tokyo-opendata"})
    assert org["provider_type"] == "tokyo" and org["title"] == "東京都"
    again = operations.load_sources(None, echo=lambda *_: None)
    assert again["created"] == 0 and again["updated"] == 0
    assert again["unchanged"] == summary["created"]
    presets = operations.read_presets()
    presets[0]["config"]["rate_limit"] = 0.5
    presets.append({"name": "bad", "title": "bad", "url": "file:///etc/passwd",
                    "organization": {"name": "src-bad"}})
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": presets}, allow_unicode=True))
    lines = []
    third = operations.load_sources(str(path), echo=lines.append)
    assert third["updated"] == 1 and third["failed"] == 1
    assert any("bad" in line and "only http:// and https://" in line for line in lines)


def test_cli_run_here_with_progress(cli, remote, make_source):
    source = make_source(remote.url, name="cli-src")
    result = cli.invoke(ckan_cli, ["tdpf", "harvest", "run", "cli-src", "--here"])
    assert result.exit_code == 0, result.output
    assert "12/12 objects" in result.output
    assert "Finished: added 12, updated 0, restored 0, deleted 0" in result.output
    assert len(harvested(source)) == 12
    result = cli.invoke(ckan_cli, ["tdpf", "harvest", "run", "no-such-source"])
    assert result.exit_code != 0 and "No harvest source named 'no-such-source'" in result.output


def test_a_dcat_preset_loads_by_name_and_harvests(sysadmin, remote, tmp_path, ckan_config,
                                                  monkeypatch):
    """An inactive DCAT preset is loaded when named (--only) and its
    settings harvest a real Turtle catalog (the fixture's, in its place)."""
    from .conftest import FAST, harvest

    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.allow_hosts", ["127.0.0.1"])
    preset = next(p for p in operations.read_presets() if p["name"] == "machida-dcat")
    assert preset["active"] is False
    summary = operations.load_sources(None, echo=lambda *_: None)
    assert model.Package.get("machida-dcat") is None  # off unless named
    preset = {**preset, "url": remote.url + "/dcat/catalog.ttl",
              "config": {**preset["config"], **FAST}}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [preset]}, allow_unicode=True))
    summary = operations.load_sources(str(path), only={"machida-dcat"}, echo=lambda *_: None)
    assert summary["created"] == 1
    source = tk.get_action("harvest_source_show")({"ignore_auth": True}, {"id": "machida-dcat"})
    assert source["source_type"] == "tdpf_dcat"
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    got = harvested(source)
    # each record's own publisher (enrich/publisher.py: the fixture's are Tokyo
    # wards and cities) or else the preset's 町田市
    codes = {p["municipality_codes"][0] for p in got.values()}
    assert codes and all(len(c) == 6 and c.startswith("13") for c in codes)
    assert all(p["source_page_url"] for p in got.values())
