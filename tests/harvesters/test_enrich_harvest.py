"""Enrichment through a real harvest of the fixture CKAN: each record's own
publisher and an auto theme, marked 「自動分類」 on its page until an editor
confirms it; re-harvests keep both."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from .conftest import harvest, harvested


def _shinjuku(remote) -> dict:
    return next(d for d in remote.datasets.values()
                if d["organization"]["title"] == "新宿区" and "避難所" not in d["title"])


def test_harvested_record_gets_its_publisher_and_auto_theme(remote, make_source):
    source = make_source(remote.url + "/api/3/action/")  # 千代田区's catalog: 131016
    harvest(source)
    got = harvested(source)
    shinjuku = _shinjuku(remote)
    pkg = got[shinjuku["id"]]
    assert pkg["provider_type"] == "municipality"
    assert pkg["municipality_codes"] == ["131041"]  # 新宿区, not the source's 131016
    chiyoda = next(p for p in got.values() if p["title"].startswith("避難所一覧（千代田区）"))
    assert chiyoda["municipality_codes"] == ["131016"]
    assert chiyoda["theme"] == ["justice_environment"]
    assert chiyoda["focus_area"] == ["disaster"] and chiyoda["standard_dataset"] == "shelter"
    assert "theme" in chiyoda["auto_classified"]
    # searchable and facetable like a hand-set value
    res = tk.get_action("package_search")({}, {
        "fq": "focus_area:disaster", "facet.field": '["theme", "municipality_codes"]',
        "rows": 100})
    assert chiyoda["id"] in {r["id"] for r in res["results"]}
    assert res["search_facets"]["theme"]["items"]
    res = tk.get_action("package_search")({}, {"fq": "municipality_codes:131041", "rows": 100})
    assert pkg["id"] in {r["id"] for r in res["results"]}

    # the record changes at the source: the re-harvest derives the same again
    remote.touch(shinjuku["id"], title=shinjuku["title"] + "（更新）")
    stats = harvest(source)
    assert stats["stats"]["updated"] == 1
    again = harvested(source)[shinjuku["id"]]
    assert again["title"].endswith("（更新）")
    assert again["municipality_codes"] == ["131041"] and again["theme"] == pkg["theme"]
    assert again["auto_classified"] == pkg["auto_classified"]


@pytest.fixture
def one_harvested(remote, make_source):
    source = make_source(remote.url + "/api/3/action/")
    harvest(source)
    return source, harvested(source)[_shinjuku(remote)["id"]]


def _editor_of(pkg: dict) -> dict:
    user = factories.User()
    tk.get_action("member_create")({"ignore_auth": True}, {
        "id": pkg["owner_org"], "object": user["id"], "object_type": "user",
        "capacity": "editor"})
    return user


def test_confirm_by_an_editor_survives_reharvest(app, remote, one_harvested):
    source, pkg = one_harvested
    editor = _editor_of(pkg)
    headers = {"Authorization": factories.APIToken(user=editor["name"])["token"]}
    page = app.get(f"/dataset/{pkg['name']}", headers=headers)
    assert "自動分類" in page.body and "分類を確認済みにする" in page.body
    assert 'class="badge tdpf-auto-badge"' in page.body.split("tdpf-field-theme", 1)[1][:1500]
    resp = app.post("/api/3/action/tdpf_harvest_classification_confirm",
                    json={"id": pkg["name"]}, headers=headers)
    assert resp.json["result"]["auto_classified"] == []
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg["id"]})
    assert shown["theme"] == pkg["theme"] and not shown.get("auto_classified")
    assert "自動分類" not in app.get(f"/dataset/{pkg['name']}").body

    remote.touch(_shinjuku(remote)["id"], title=pkg["title"] + "（改）")
    harvest(source)
    after = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg["id"]})
    assert after["title"].endswith("（改）")
    assert not after.get("auto_classified")  # confirmed: not marked again
    assert after["theme"] == pkg["theme"] and after["municipality_codes"] == ["131041"]


def test_confirm_refused_to_others(app, one_harvested):
    _, pkg = one_harvested
    stranger = factories.User()
    headers = {"Authorization": factories.APIToken(user=stranger["name"])["token"]}
    app.post("/api/3/action/tdpf_harvest_classification_confirm", json={"id": pkg["id"]},
             headers=headers, status=403)
    app.post("/api/3/action/tdpf_harvest_classification_confirm", json={"id": pkg["id"]},
             status=403)  # anonymous
    page = app.get(f"/dataset/{pkg['name']}", headers=headers)
    assert "自動分類" in page.body and "分類を確認済みにする" not in page.body
    app.post(f"/dataset/{pkg['name']}/classification/confirm", headers=headers, status=403)
    still = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg["id"]})
    assert still["auto_classified"] == pkg["auto_classified"]


def test_confirm_bad_input(app, one_harvested, sysadmin):
    _, pkg = one_harvested
    headers = {"Authorization": factories.APIToken(user=sysadmin["name"])["token"]}
    resp = app.post("/api/3/action/tdpf_harvest_classification_confirm",
                    json={"id": pkg["id"], "fields": ["title"]}, headers=headers, status=409)
    assert "title" in resp.json["error"]["fields"][0]
    app.post("/api/3/action/tdpf_harvest_classification_confirm", json={"id": "no-such"},
             headers=headers, status=404)
    app.post("/api/3/action/tdpf_harvest_classification_confirm", json={},
             headers=headers, status=409)
    # one field confirmed, the others still marked
    resp = app.post("/api/3/action/tdpf_harvest_classification_confirm",
                    json={"id": pkg["id"], "fields": ["theme"]}, headers=headers)
    assert resp.json["result"]["auto_confirmed"] == ["theme"]
    assert "focus_area" in resp.json["result"]["auto_classified"]
