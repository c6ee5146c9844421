"""Facet counts stay exact while datasets change under a process that has
cached the index rows' facet terms (search/facetcache.py)."""
from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.tdpf.search import facetcache

from tests import factories as tdpf_factories


def _tags(**params) -> dict[str, int]:
    result = call_action("package_search", **{"facet.field": ["tags"], **params})
    return {i["name"]: i["count"] for i in result["search_facets"]["tags"]["items"]}


@pytest.fixture
def org(clean_db):
    return factories.Organization(name="cache-org")


def test_counts_follow_updates_and_deletions(org):
    a = tdpf_factories.Dataset(owner_org=org["id"], name="ds-a", tags=[{"name": "防災"}])
    tdpf_factories.Dataset(owner_org=org["id"], name="ds-b", tags=[{"name": "防災"}])
    assert _tags() == {"防災": 2}  # now cached

    as_admin = {"user": factories.Sysadmin()["name"]}
    call_action("package_patch", context=dict(as_admin), id=a["id"], tags=[{"name": "交通"}])
    assert _tags() == {"防災": 1, "交通": 1}

    call_action("package_delete", context=dict(as_admin), id=a["id"])
    assert _tags() == {"防災": 1}


def test_counts_over_most_of_the_cached_rows_leave_out_the_others(org):
    """A search matching most cached rows counts them as all the rows'
    totals less the rest (facetcache._count): the rest must come off."""
    made = [tdpf_factories.Dataset(owner_org=org["id"], name=f"m{n}",
                                   tags=[{"name": "防災"}, {"name": f"only{n}"}])
            for n in range(5)]
    assert _tags()["防災"] == 5  # now cached
    call_action("package_delete", context={"user": factories.Sysadmin()["name"]},
                id=made[2]["id"])
    assert _tags() == {"防災": 4, "only0": 1, "only1": 1, "only3": 1, "only4": 1}
    assert _tags(fq="-tags:only0") == {"防災": 3, "only1": 1, "only3": 1, "only4": 1}


def test_a_rolled_back_write_is_never_counted(org):
    a = tdpf_factories.Dataset(owner_org=org["id"], name="ds-a", tags=[{"name": "防災"}])
    assert _tags() == {"防災": 1}
    # The row changes inside a transaction: the search sees (and caches) it ...
    model.Session.execute(sa.text(
        "UPDATE tdpf_search_index SET facet_terms = '{}' WHERE id = :id"), {"id": a["id"]})
    assert _tags() == {}
    model.Session.rollback()
    # ... and after the rollback the committed version counts again.
    assert _tags() == {"防災": 1}


def test_counts_are_exact_after_the_cache_is_reloaded(org, monkeypatch):
    for n in range(5):
        tdpf_factories.Dataset(owner_org=org["id"], name=f"d{n}",
                               tags=[{"name": "防災"}, {"name": f"t{n % 2}"}])
    # Any write set larger than this reloads everything instead of adding rows.
    monkeypatch.setattr(facetcache, "RELOAD_AT", 2)
    facetcache.CACHE.epoch = "stale"
    assert _tags() == {"防災": 5, "t0": 3, "t1": 2}
    assert _tags(fq="tags:t1") == {"防災": 2, "t1": 2}
    assert _tags(q="name:d0") == {"防災": 1, "t0": 1}


def test_merged_segments_keep_each_rows_terms():
    """The cache merges the small segments recent writes add; each row
    version must keep exactly its own terms, time and id (pure numpy, no
    database)."""
    def ids(hashes):
        return hashes.astype("int32")
    rows = {7: [1, 2], 3: [3], 9: [], 1: [4, 5, 6], 12: [2, 2]}
    parts = [facetcache._segment([(r, rows[r], None if r == 9 else r * 10.0, f"id-{r}" * (r % 3 + 1))
                                  for r in group], ids)
             for group in ([7, 3], [9], [1, 12])]
    merged = facetcache._merge(parts)

    def positions(revs):
        pos, hit = merged.find(np.array(revs))
        return pos[hit]
    assert merged.revs.tolist() == [1, 3, 7, 9, 12]
    for rev, terms in rows.items():
        held = positions([rev])
        assert merged.terms_of(held).tolist() == terms
        assert merged.ids[held].tolist() == [(f"id-{rev}" * (rev % 3 + 1)).encode()]
        assert np.isnan(merged.modified[held][0]) if rev == 9 else (
            merged.modified[held].tolist() == [rev * 10.0])
    both = positions([12, 99, 1])
    assert sorted(merged.terms_of(both).tolist()) == [2, 2, 4, 5, 6]


def test_a_web_worker_loads_the_cache_before_its_first_search(org):
    for n in range(3):
        tdpf_factories.Dataset(owner_org=org["id"], name=f"w{n}", tags=[{"name": "防災"}])
    facetcache.CACHE._reset(None)
    facetcache.warm_in_background().join(60)
    assert facetcache.CACHE.loaded_rows == 3
    loaded = facetcache.CACHE.segments[0]
    assert _tags() == {"防災": 3}
    assert facetcache.CACHE.segments[0] is loaded  # used, not loaded again
