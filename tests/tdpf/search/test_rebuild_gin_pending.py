"""A rebuild's transactions merge GIN entries in larger batches (what they
leave is merged by the search index's commit, tested in test_storage)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.lib.search as search
from ckan import model

from ckanext.tdpf.search import batch

from tests.tdpf.ui.conftest import make_catalog


def _limit() -> str:
    return model.Session.execute(sa.text("SHOW gin_pending_list_limit")).scalar()


def test_rebuild_raises_the_pending_list_limit_for_its_own_transaction(clean_db, monkeypatch):
    datasets = list(make_catalog().values())
    default = _limit()
    seen = []
    upsert = batch.statement.upsert_rows
    monkeypatch.setattr(batch.statement, "upsert_rows",
                        lambda *a: (seen.append(_limit()), upsert(*a))[1])
    search.rebuild(package_ids=[d["id"] for d in datasets])
    assert seen == ["32MB"]
    assert _limit() == default  # committed: back to the server's
    search.commit()
    assert model.Session.execute(sa.text("SELECT count(*) FROM tdpf_search_index")).scalar() \
        == len(datasets)
