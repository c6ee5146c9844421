"""Harvest fixtures: remote catalogs on 127.0.0.1 and sources pointing at them."""
from __future__ import annotations

import json

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from .fixture_source import FixtureSource

# sources in tests must not wait 1 s between requests, nor long for retries
FAST = {"rate_limit": 0, "timeout": 2}


@pytest.fixture
def remote():
    src = FixtureSource().start()
    yield src
    src.stop()


@pytest.fixture
def remote2():
    src = FixtureSource(count=0).start()
    yield src
    src.stop()


@pytest.fixture
def sysadmin(clean_db):
    return factories.Sysadmin()


@pytest.fixture
def make_source(sysadmin, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.backoff", "0.05")
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.outbound.allow_hosts", ["127.0.0.1"])

    def make(url: str, name: str = "chiyoda-catalog", type_: str = "tdpf_ckan",
             title: str = "千代田区オープンデータカタログ", org: dict | None = None, **config):
        org = org or {"name": f"org-{name}", "title": title}
        organization = factories.Organization(**org)
        cfg = {"provider_type": "municipality", "municipality_codes": ["131016"],
               "default_license": "cc-by-4.0", **FAST, **config}
        return tk.get_action("harvest_source_create")(
            {"user": sysadmin["name"]},
            {"name": name, "title": title, "url": url, "source_type": type_,
             "owner_org": organization["id"], "frequency": "MANUAL",
             "config": json.dumps(cfg)})
    return make


def harvest(source: dict) -> dict:
    from ckanext.tdpf_harvesters import operations

    return operations.run_here(source["id"])


def harvested(source: dict, state: str = "active") -> dict[str, dict]:
    """Our datasets of a source by original id (package_show dicts)."""
    from ckan import model

    from ckanext.tdpf_harvesters.model import HarvestRecord

    out = {}
    for rec in model.Session.query(HarvestRecord).filter_by(source_id=source["id"]):
        pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": rec.package_id})
        if pkg["state"] == state:
            out[pkg["source_original_id"].lower()] = pkg
    return out
