"""title > tags > description > resources, ties by metadata_modified desc."""
from __future__ import annotations

import numpy as np
import pytest

from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.search import ranking

from tests import factories as tdpf_factories

from .conftest import search_names


@pytest.mark.usefixtures("clean_db")
def test_title_above_tags_above_notes_above_resources():
    org = factories.Organization()

    def make(name, **kw):
        return tdpf_factories.Dataset(owner_org=org["id"], name=name, **kw)

    # created in reverse so that recency alone would give the opposite order
    make("in-resource", title="資料A", notes="説明",
         resources=[{"url": "https://x.jp/a.csv", "name": "洪水浸水想定区域"}])
    # description mentions it three times: still below a single tag
    make("in-notes", title="資料B", notes="洪水浸水想定区域。洪水浸水想定区域の図。洪水浸水想定区域")
    make("in-tags", title="資料C", notes="説明", tags=[{"name": "洪水浸水想定区域"}])
    make("in-title", title="洪水浸水想定区域図", notes="説明")
    make("unrelated", title="公園一覧", notes="説明")

    assert search_names(q="洪水浸水想定区域") == [
        "in-title", "in-tags", "in-notes", "in-resource"]


@pytest.mark.usefixtures("clean_db")
def test_ties_broken_by_most_recently_modified():
    org = factories.Organization()
    for name in ("first", "second", "third"):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, title="公園一覧")
    assert search_names(q="公園") == ["third", "second", "first"]


@pytest.mark.usefixtures("clean_db")
def test_a_phrase_mixing_scripts_ranks_title_above_description():
    """Positional phrases (Japanese and Latin words) rank by tier too."""
    org = factories.Organization()
    # created in this order, so recency alone would put in-notes first
    for name, kw in (("in-title", {"title": "公衆無線LAN 設置場所", "notes": "説明"}),
                     ("apart", {"title": "公衆トイレと無線LAN", "notes": "説明"}),
                     ("in-notes", {"title": "資料D", "notes": "区内の公衆無線LANの一覧"})):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, **kw)
    assert search_names(q='"公衆無線LAN"') == ["in-title", "in-notes"]


# -- ranking in the process (search/ranking.py) --------------------------------

def ranked_names(**params) -> list[str]:
    """Names as ranked in the process (a faceted search: the facet cache,
    which that ranking reads, is then loaded)."""
    return search_names(**{"facet.field": ["tags"], **params})


def _as_admin():
    return {"user": factories.Sysadmin()["name"]}


@pytest.mark.usefixtures("clean_db")
def test_cached_tier_sets_follow_later_writes():
    """The second search answers from cached tier sets; datasets changed or
    created after it must still rank by their current text."""
    org = factories.Organization()
    a = tdpf_factories.Dataset(owner_org=org["id"], name="ds-a", title="公園一覧", notes="説明")
    tdpf_factories.Dataset(owner_org=org["id"], name="ds-b", title="資料", notes="公園の説明")
    assert ranked_names(q="公園") == ["ds-a", "ds-b"]  # tier sets now cached

    ctx = _as_admin()
    call_action("package_patch", context=dict(ctx), id=a["id"], title="資料", notes="公園の説明")
    tdpf_factories.Dataset(owner_org=org["id"], name="ds-c", title="公園トイレ", notes="説明")
    # a lost its title match (now ties with b, and is newer); c is new
    assert ranked_names(q="公園") == ["ds-c", "ds-a", "ds-b"]


@pytest.mark.usefixtures("clean_db")
def test_scores_are_the_same_when_the_cache_must_recompute(monkeypatch):
    """Paths of ranking.TierCache: entries patched revision by revision,
    computed again when too much is unseen, and evicted."""
    org = factories.Organization()
    for n in range(4):
        tdpf_factories.Dataset(owner_org=org["id"], name=f"old{n}",
                               title="避難所" if n % 2 else "資料", notes="避難所の一覧")
    first = ranked_names(q="避難所")
    monkeypatch.setattr(ranking, "LOOKUP_AT", 0)  # unseen revisions: recompute
    tdpf_factories.Dataset(owner_org=org["id"], name="fresh", title="避難所マップ",
                           notes="避難所の一覧")
    assert ranked_names(q="避難所") == ["fresh"] + first
    monkeypatch.setattr(ranking.CACHE, "max_bytes", 1)  # keeps one entry only
    assert ranked_names(q="避難所") == ["fresh"] + first
    assert ranked_names(q="避難所", rows=2, start=1) == first[:2]


@pytest.mark.usefixtures("clean_db")
def test_process_ranking_matches_the_sql_ranking(monkeypatch):
    """The same searches ranked in SQL (statement._run_sql, used for other
    orders) and in the process give the same pages and counts."""
    org = factories.Organization()
    words = ["避難所", "公園", "トイレ", "子育て"]
    for n in range(24):
        tdpf_factories.Dataset(
            owner_org=org["id"], name=f"d{n:02d}",
            title=f"{words[n % 4]}一覧" if n % 3 else "資料",
            notes=f"{words[(n + 1) % 4]}と{words[(n + 2) % 4]}",
            tags=[{"name": words[n % 4]}] if n % 5 == 0 else [])
    queries = [dict(q="避難所"), dict(q="公園 OR トイレ"), dict(q="*:*", sort="metadata_modified asc"),
               dict(q="子育て", sort="metadata_modified desc, score desc"),
               dict(q="公園", rows=5, start=3), dict(q="トイレ", sort="score asc, metadata_modified desc")]
    ranked = [call_action("package_search", **{"facet.field": ["tags"], **q}) for q in queries]
    monkeypatch.setattr(ranking, "ORDERS", set())  # every order through SQL
    for q, fast in zip(queries, ranked, strict=True):
        slow = call_action("package_search", **{"facet.field": ["tags"], **q})
        assert [d["name"] for d in fast["results"]] == [d["name"] for d in slow["results"]], q
        assert fast["count"] == slow["count"] and fast["search_facets"] == slow["search_facets"]


def test_page_order_is_a_full_sort_of_the_keys():
    """ranking.page_order (a partition on packed keys) against a plain sort,
    with ties, missing times and both directions (no database)."""
    rng = np.random.default_rng(7)
    n = 500
    score = rng.integers(0, 5, n).astype(float)
    modified = rng.integers(0, 20, n).astype(float) * 1e15 / 20
    modified[rng.random(n) < 0.1] = np.nan
    ids = np.array([f"{x:04d}".encode() for x in rng.permutation(n)])
    for keys in ([("score", "DESC"), ("metadata_modified", "DESC")],
                 [("metadata_modified", "ASC"), ("score", "DESC")],
                 [("score", "ASC")], []):
        def reference(k, keys=keys):
            out = []
            for name, direction in keys:
                value = score[k] if name == "score" else modified[k]
                missing = name != "score" and np.isnan(value)
                out += [missing, 0 if missing else (-value if direction == "DESC" else value)]
            return (*out, ids[k])
        expected = sorted(range(n), key=reference)
        for start, rows in ((0, 20), (37, 10), (490, 20), (0, n)):
            got = ranking.page_order(keys, score, modified, ids, start, rows).tolist()
            assert got == expected[start:start + rows], (keys, start)


@pytest.mark.usefixtures("clean_db")
def test_a_process_that_never_facets_does_not_load_every_row():
    """Harvest imports search by id (CKAN's activity) thousands of times;
    they must not hold a copy of the whole index for that."""
    from ckanext.tdpf.search import facetcache
    org = factories.Organization()
    for name in ("first", "second"):
        tdpf_factories.Dataset(owner_org=org["id"], name=name, title="公園一覧")
    facetcache.CACHE._reset(None)
    assert search_names(q="公園") == ["second", "first"]
    assert not facetcache.CACHE.loaded
