"""The same dataset from a municipal catalog and a national portal: one
search result, and "他のカタログにも掲載" on its page."""
from __future__ import annotations

import copy
import uuid

import pytest

import ckan.plugins.toolkit as tk

from .conftest import harvest, harvested


@pytest.fixture
def municipal_and_national(remote, remote2, make_source):
    """remote2 (a national portal) republishes datasets 0 and 1 of remote
    (0 with the same title and publisher, 1 with the same title and file
    URL under the portal's own publisher name)."""
    originals = sorted(remote.datasets.values(), key=lambda d: d["name"])[:2]
    for n, d in enumerate(originals):
        copy_ = copy.deepcopy(d)
        copy_["id"], copy_["name"] = str(uuid.uuid4()), f"national-copy-{n}"
        if n == 1:
            copy_["organization"] = {"name": "cao", "title": "内閣府"}
        remote2.datasets[copy_["id"]] = copy_
    municipal = make_source(remote.url, name="chiyoda")
    national = make_source(remote2.url, name="data-go-jp", title="DATA GO JP",
                           provider_type="national", municipality_codes=[])
    return municipal, national, originals


def _ids(res):
    return {p["source_original_id"] for p in res["results"]}


@pytest.mark.parametrize("order", ["municipal first", "national first"])
def test_one_search_result_canonical_is_municipal(municipal_and_national, order):
    municipal, national, originals = municipal_and_national
    for source in ([municipal, national] if order == "municipal first" else [national, municipal]):
        harvest(source)
    res = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100})
    assert res["count"] == 12  # 12 + 2 copies, shown once
    assert {d["id"] for d in originals} <= _ids(res)
    copies = harvested(national)
    assert all(p["id"] not in {r["id"] for r in res["results"]} for p in copies.values())
    both = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100,
                                                "include_duplicates": True})
    assert both["count"] == 14


def test_also_in_lists_the_other_catalog(municipal_and_national):
    from ckanext.tdpf_harvesters.helpers import tdpf_harvest_also_in

    municipal, national, originals = municipal_and_national
    harvest(municipal)
    harvest(national)
    ours = harvested(municipal)[originals[0]["id"]]
    also = tdpf_harvest_also_in(ours["id"])
    assert [(a["catalog"], a["canonical"]) for a in also] == [("DATA GO JP", False)]
    assert also[0]["page_url"].endswith("/dataset/national-copy-0")
    copy_pkg = next(p for p in harvested(national).values()
                    if p["source_page_url"].endswith("national-copy-0"))
    back = tdpf_harvest_also_in(copy_pkg["id"])
    assert [(a["catalog"], a["canonical"]) for a in back] == [("千代田区オープンデータカタログ", True)]


def test_copy_withdrawn_original_shown_alone_again(remote2, municipal_and_national):
    from ckanext.tdpf_harvesters.helpers import tdpf_harvest_also_in

    municipal, national, originals = municipal_and_national
    harvest(municipal)
    harvest(national)
    copy0 = next(d for d in remote2.datasets.values() if d["name"] == "national-copy-0")
    copy0["state"] = "deleted"
    stats = harvest(national)
    assert stats["stats"]["deleted"] == 1
    ours = harvested(municipal)[originals[0]["id"]]
    assert tdpf_harvest_also_in(ours["id"]) == []


def test_original_withdrawn_copy_takes_over(remote, municipal_and_national):
    municipal, national, originals = municipal_and_national
    harvest(municipal)
    harvest(national)
    remote.datasets[originals[0]["id"]]["state"] = "deleted"
    harvest(municipal)
    res = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100})
    assert res["count"] == 12  # 11 municipal + the copy, now canonical
    assert any(p["source_page_url"].endswith("national-copy-0") for p in res["results"])


def test_snippet_renders_in_japanese(app, municipal_and_national):
    municipal, national, originals = municipal_and_national
    harvest(municipal)
    harvest(national)
    ours = harvested(municipal)[originals[0]["id"]]
    with app.flask_app.test_request_context("/dataset/x", headers={"Accept-Language": "ja"}):
        app.flask_app.preprocess_request()
        html = tk.render_snippet("tdpf_harvesters/snippets/also_in.html", {"pkg": ours})
    assert "他のカタログにも掲載" in html and "DATA GO JP" in html
    assert "/dataset/national-copy-0" in html


def test_dataset_page_shows_the_block_the_harvesters_fill(app, municipal_and_national):
    """The core's dataset page keeps a block (tdpf_also_listed) that the
    harvesters' template fills: the other catalogs, above the notes."""
    municipal, national, originals = municipal_and_national
    harvest(municipal)
    harvest(national)
    ours = harvested(municipal)[originals[0]["id"]]
    page = app.get(f"/dataset/{ours['name']}", headers={"Accept-Language": "ja"}).body
    assert page.count("tdpf-also-in") == 1 and "他のカタログにも掲載" in page
    assert "/dataset/national-copy-0" in page
    assert page.index("tdpf-also-in") < page.index("tdpf-data-rate-block")
    alone = harvested(municipal)[sorted(harvested(municipal))[-1]]
    assert "tdpf-also-in" not in app.get(f"/dataset/{alone['name']}").body


def test_batch_links_duplicates_as_one_by_one(municipal_and_national, monkeypatch):
    """relink_many over a batch of the national portal gives the links and
    index rows that relinking its datasets one after the other gives."""
    from ckanext.tdpf_harvesters import batch

    from .test_batch import _bookkeeping, _forget, _index_rows

    municipal, national, _ = municipal_and_national

    def run() -> tuple:
        for source in (municipal, national):
            assert harvest(source)["errors"] == []
        found = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100})["results"]
        return _bookkeeping(), _index_rows(), sorted(p["name"] for p in found)

    with monkeypatch.context() as m:
        m.setattr(batch, "eligible", lambda obj: False)
        one_by_one = run()
    _forget(municipal)
    batched = run()
    assert sum(1 for r in batched[0].values() if r[4]) == 2  # two copies linked
    assert batched == one_by_one


def test_a_shared_file_url_alone_is_not_the_same_dataset(remote, remote2, make_source):
    """As data.go.jp's 「…第５回会合」 and 「…設置要領」, which share a document:
    another dataset linking the same file stays a search result of its own."""
    original = sorted(remote.datasets.values(), key=lambda d: d["name"])[0]
    other = copy.deepcopy(original)
    other["id"], other["name"] = str(uuid.uuid4()), "other-meeting"
    other["title"] = "子育て支援会議_第５回会合"
    remote2.datasets[other["id"]] = other
    municipal = make_source(remote.url, name="chiyoda")
    national = make_source(remote2.url, name="data-go-jp", title="DATA GO JP",
                           provider_type="national", municipality_codes=[])
    harvest(municipal)
    harvest(national)
    res = tk.get_action("package_search")({}, {"q": "*:*", "rows": 100})
    assert res["count"] == 13
    assert "子育て支援会議_第５回会合" in {p["title"] for p in res["results"]}


def test_canonical_of_equal_rank_and_global_id_is_stable(remote, make_source):
    """Two sources of one kind with one dataset URL prefix (equal global
    ids): the same canonical record whichever source ran last."""
    from ckan import model

    from ckanext.tdpf_harvesters.model import HarvestRecord

    prefix = {"dataset_url": "https://catalog.example.lg.jp/dataset/"}
    first = make_source(remote.url, name="mirror-a", **prefix)
    second = make_source(remote.url, name="mirror-b", title="ミラー", page_size=999, **prefix)
    seen = set()
    harvest(first)
    for source in (second, first, second, first):
        remote.touch(sorted(remote.datasets)[0])  # a change to import each time
        harvest(source)
        model.Session.remove()
        seen.add(frozenset((r.package_id, r.duplicate_of) for r in
                           model.Session.query(HarvestRecord).filter(
                               HarvestRecord.duplicate_of.isnot(None))))
    assert len(seen) == 1 and len(next(iter(seen))) == 12


def test_also_in_lists_only_other_catalogs_with_titles(remote, remote2, app, make_source):
    """A national copy whose group holds another record of its own portal:
    the page lists the municipal catalog (its title and link), not its own."""
    original = sorted(remote.datasets.values(), key=lambda d: d["name"])[0]
    for n in range(2):  # the portal lists the dataset twice (re-registered)
        copy_ = copy.deepcopy(original)
        copy_["id"], copy_["name"] = str(uuid.uuid4()), f"national-copy-{n}"
        remote2.datasets[copy_["id"]] = copy_
    municipal = make_source(remote.url, name="chiyoda")
    national = make_source(remote2.url, name="data-go-jp", title="DATA GO JP",
                           provider_type="national", municipality_codes=[])
    harvest(municipal)
    harvest(national)
    copy_pkg = next(iter(harvested(national).values()))
    page = app.get(f"/dataset/{copy_pkg['name']}", headers={"Accept-Language": "ja"}).body
    block = page[page.index("tdpf-also-in"):page.index("</section>", page.index("tdpf-also-in"))]
    assert "DATA GO JP" not in block
    assert "千代田区オープンデータカタログ" in block and original["title"] in block
