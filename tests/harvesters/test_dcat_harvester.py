"""tdpf_dcat against a paged Turtle catalog (Hydra) on 127.0.0.1."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk

from .conftest import harvest


def _by_title(source_id: str) -> dict[str, dict]:
    res = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100,
                                               "fq": f"harvest_source_id:{source_id}"})
    return {p["title"]: p for p in res["results"]}


@pytest.fixture
def dcat_source(remote, make_source):
    return make_source(remote.url + "/dcat/catalog.ttl", name="dcat-src", type_="tdpf_dcat",
                       title="DCATカタログ", default_license="pdl-1.0",
                       provider_type="tokyo", municipality_codes=["130001"])


def test_paged_turtle_catalog_mapped(remote, dcat_source):
    stats = harvest(dcat_source)
    assert stats["errors"] == [] and stats["stats"]["added"] == 12
    got = _by_title(dcat_source["id"])
    d = next(x for x in remote.datasets.values() if x["name"] == "t130000000000")
    pkg = tk.get_action("package_show")({}, {"id": got[d["title"]]["id"]})
    assert pkg["license_id"] == "cc-by-4.0"  # from the distribution's dct:license
    # its dct:publisher 千代田区, not the source's default 東京都 (harvest enrichment)
    assert pkg["provider_type"] == "municipality" and pkg["municipality_codes"] == ["131016"]
    assert pkg["source_catalog_name"] == "DCATカタログ"
    assert pkg["source_original_id"] == "t130000000000"
    assert pkg["source_page_url"] == d["url"]  # dcat:landingPage
    assert pkg["global_id"].endswith("__dcat__catalog.ttl:t130000000000")
    assert [r["url"] for r in pkg["resources"]] == [d["resources"][0]["url"]]
    assert pkg["resources"][0]["format"] == "CSV"


def test_rerun_same_datasets_and_deletions(remote, dcat_source):
    harvest(dcat_source)
    ids = {t: p["id"] for t, p in _by_title(dcat_source["id"]).items()}
    stats = harvest(dcat_source)
    assert stats["stats"].get("added", 0) == 0 and stats["stats"].get("updated", 0) == 0
    gone = sorted(remote.datasets)[3]
    remote.datasets[gone]["state"] = "deleted"
    stats = harvest(dcat_source)
    assert stats["stats"]["deleted"] == 1
    after = {t: p["id"] for t, p in _by_title(dcat_source["id"]).items()}
    assert len(after) == 11 and all(ids[t] == i for t, i in after.items())


def test_page_loop_detected(remote, dcat_source):
    remote.faults.dcat_loop = True
    stats = harvest(dcat_source)
    # ".../catalog.ttl" and "...?page=1" are the same page under two URLs;
    # its next page was read already: stop there
    assert any("loop back" in e for e in stats["errors"])
    assert len(_by_title(dcat_source["id"])) == 12
    assert len([r for r in remote.faults.requests if "/dcat/" in r]) == 4


def test_next_page_to_local_file_refused(remote, dcat_source):
    remote.faults.dcat_file_next = True
    stats = harvest(dcat_source)
    assert any("Refused 'file:///etc/passwd'" in e for e in stats["errors"])
    assert len(_by_title(dcat_source["id"])) == 12


def test_local_file_source_refused(make_source):
    with pytest.raises(tk.ValidationError) as e:
        make_source("/etc/passwd", name="local", type_="tdpf_dcat")
    assert "only http:// and https://" in str(e.value.error_dict["url"])
