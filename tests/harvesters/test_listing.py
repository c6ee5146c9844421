"""Listing a CKAN source while it changes (issue 18 #1): records deleted or
added at the source between and during the pages of our listing never make
us skip, or withdraw, another dataset."""
from __future__ import annotations

import uuid

import pytest

from .conftest import harvest, harvested


def _during(remote, *, page: int, ids_only: bool = False, action):
    """Run ``action`` once, before the ``page``-th page of a listing
    (``ids_only``: of the id listing, ``fl=id``) is answered."""
    seen = {"n": 0}

    def hook(_n, args):
        if bool(args.get("fl")) != ids_only:
            return
        seen["n"] += 1
        if seen["n"] == page:
            action()
    remote.on_search = hook


def test_first_harvest_exact_while_the_source_deletes_and_inserts(remote, make_source):
    source = make_source(remote.url, page_size=5)
    ids = sorted(remote.datasets)
    early = str(uuid.UUID(int=5))  # sorts before every listed id: behind the cursor

    def change(n, args):
        if n == 2:
            remote.delete(ids[0])  # on page 1, already read: offset paging skipped ids[5]
        if n == 3:
            remote.add(500, dataset_id=early)
    remote.on_search = change
    stats = harvest(source)
    assert stats["errors"] == []
    got = harvested(source)
    live = set(ids[1:]) | {early}
    assert live <= set(got), f"missed: {live - set(got)}"
    remote.on_search = None
    harvest(source)  # the next run withdraws what is gone, only that
    assert set(harvested(source)) == live
    assert set(harvested(source, "deleted")) == {ids[0]}


@pytest.mark.parametrize("keyset", [True, False], ids=["keyset", "offset-only"])
def test_deletion_during_the_id_listing_withdraws_no_live_dataset(remote, make_source, keyset):
    """Paged by id where the source allows ``fq=id:[x TO *]``, else by offset:
    an id listing that changed while read (a deletion on an earlier page
    skips a live id) withdraws nothing that a second reading still lists."""
    source = make_source(remote.url, page_size=5)
    harvest(source)
    remote.faults.no_keyset = not keyset
    ids = sorted(remote.datasets)
    _during(remote, page=2, ids_only=True, action=lambda: remote.delete(ids[0]))
    stats = harvest(source)
    assert stats["errors"] == []
    assert set(harvested(source)) >= set(ids[1:])
    remote.on_search = None
    harvest(source)
    assert set(harvested(source)) == set(ids[1:])
    assert set(harvested(source, "deleted")) == {ids[0]}
