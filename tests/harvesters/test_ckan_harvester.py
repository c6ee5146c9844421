"""tdpf_ckan against a fixture CKAN on 127.0.0.1: mapping, re-runs,
deletions, incremental runs."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from ckanext.tdpf_harvesters import operations

from .conftest import harvest, harvested


def test_first_harvest_maps_tdpf_fields(remote, make_source):
    source = make_source(remote.url + "/api/3/action/")
    stats = harvest(source)
    assert stats["status"] == "Finished" and stats["errors"] == []
    assert stats["stats"]["added"] == 12
    got = harvested(source)
    assert len(got) == 12
    remote_d = next(d for d in remote.datasets.values() if d["name"] == "t130000000000")
    pkg = got[remote_d["id"]]
    assert pkg["title"] == remote_d["title"]
    assert pkg["provider_type"] == "municipality"
    assert pkg["municipality_codes"] == ["131016"]
    assert pkg["license_id"] == "cc-by-4.0"  # from 「クリエイティブ・コモンズ 表示 4.0 国際」
    assert pkg["source_catalog_name"] == "千代田区オープンデータカタログ"
    assert pkg["source_catalog_url"] == remote.url + "/api/3/action/"
    assert pkg["source_page_url"] == f"{remote.url}/dataset/{remote_d['name']}"
    assert pkg["source_original_id"] == remote_d["id"]
    assert pkg["global_id"] == f"127.0.0.1:{remote.url.rsplit(':', 1)[1]}__dataset:{remote_d['name']}"
    assert {t["name"] for t in pkg["tags"]} == {"避難所", "オープンデータ"}
    # only the http(s) resource is kept, and it points at the source
    assert [r["url"] for r in pkg["resources"]] == [remote_d["resources"][0]["url"]]
    assert pkg["resources"][0]["format"] == "CSV"
    assert pkg["resources"][0]["size"] == 19000
    assert pkg["organization"]["name"] == "org-chiyoda-catalog"


def test_licences_formats_normalised(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    got = harvested(source)
    by_index = {int(p["title"].rsplit("第", 1)[1].rstrip("版")): p for p in got.values()}
    assert by_index[1]["license_id"] == "gsl-2.0"  # 政府標準利用規約（第2.0版）
    assert by_index[3]["license_id"] == "odc-odbl"
    assert by_index[1]["resources"][0]["format"] == "XLSX"
    assert by_index[2]["resources"][0]["format"] == "CSV"  # text/csv
    assert by_index[5]["resources"][0]["format"] == "JSON"  # .json


def test_second_run_changes_nothing_and_names_are_stable(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    first = {k: (v["id"], v["name"]) for k, v in harvested(source).items()}
    stats = harvest(source)
    assert stats["stats"].get("added", 0) == 0 and stats["stats"].get("updated", 0) == 0
    assert {k: (v["id"], v["name"]) for k, v in harvested(source).items()} == first
    count = tk.get_action("package_search")({}, {"q": "*:*", "rows": 0})["count"]
    assert count == 12


def test_deleted_renamed_moved_and_restored(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    ids = sorted(remote.datasets)
    gone, renamed, moved = ids[0], ids[1], ids[2]
    before = harvested(source)
    remote.datasets[gone]["state"] = "deleted"
    remote.touch(renamed, name="renamed-at-source", title="避難所一覧（改名）")
    remote.touch(moved, organization={"id": "x", "name": "koto", "title": "江東区"})
    stats = harvest(source)
    assert stats["stats"]["deleted"] == 1 and stats["stats"]["updated"] == 2
    after = harvested(source)
    assert gone not in after and len(after) == 11
    assert harvested(source, "deleted")[gone]["id"] == before[gone]["id"]
    # our URL name is stable; the page link follows the source
    assert after[renamed]["name"] == before[renamed]["name"]
    assert after[renamed]["title"] == "避難所一覧（改名）"
    assert after[renamed]["source_page_url"].endswith("/dataset/renamed-at-source")
    assert tk.get_action("package_search")({}, {"q": "改名"})["count"] == 1
    # back at the source: the same dataset comes back
    remote.datasets[gone]["state"] = "active"
    stats = harvest(source)
    assert harvested(source)[gone]["id"] == before[gone]["id"]
    assert len(harvested(source)) == 12
    # said so (issue 18 #7: it was reported "updated")
    assert stats["stats"].get("restored") == 1 and stats["stats"]["updated"] == 0
    assert "restored 1" in operations.describe(stats)


def test_incremental_run_asks_only_for_modified(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    remote.faults.requests.clear()
    some = sorted(remote.datasets)[5]
    remote.touch(some, title="AED設置箇所（更新）")
    stats = harvest(source)
    searches = [r for r in remote.faults.requests if "package_search" in r and "fl=" not in r]
    assert searches and all("metadata_modified" in r for r in searches)
    assert stats["stats"]["updated"] == 1
    assert harvested(source)[some]["title"] == "AED設置箇所（更新）"


@pytest.mark.parametrize("fault", ["upper_ids", "ckan22", "shift_jis"])
def test_response_variants_give_the_same_datasets(remote, make_source, fault):
    source = make_source(remote.url)
    harvest(source)
    first = {k: v["id"] for k, v in harvested(source).items()}
    setattr(remote.faults, fault, True)
    stats = harvest(source)
    assert stats["errors"] == [] and stats["stats"].get("added", 0) == 0
    assert {k: v["id"] for k, v in harvested(source).items()} == first


def test_found_by_japanese_search_with_source_facet(remote, make_source):
    source = make_source(remote.url)
    harvest(source)
    res = tk.get_action("package_search")({}, {
        "q": "避難所", "facet.field": '["source_catalog_name", "provider_type"]'})
    assert res["count"] == 2
    assert res["facets"]["source_catalog_name"] == {"千代田区オープンデータカタログ": 2}
    res = tk.get_action("package_search")({}, {"fq": "provider_type:municipality"})
    assert res["count"] == 12
