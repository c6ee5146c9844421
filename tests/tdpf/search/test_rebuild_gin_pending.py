"""A rebuild's transactions merge GIN entries in larger batches, and what
they leave in the pending lists is merged when the rebuild ends."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.lib.search as search
from ckan import model

from ckanext.tdpf.search import batch, bulk
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
    merged = []
    monkeypatch.setattr(batch, "merge_pending", lambda: merged.append(_limit()))
    search.rebuild(package_ids=[d["id"] for d in datasets])
    assert seen == ["32MB"] and merged == ["32MB"]
    assert _limit() == default  # committed: back to the server's


def test_merge_pending_keeps_the_transaction_usable(clean_db):
    dataset = next(iter(make_catalog().values()))
    bulk.index_many([dataset["id"]], defer_commit=True, force=False)
    batch.merge_pending()
    model.Session.commit()
    assert model.Session.execute(sa.text(
        "SELECT count(*) FROM tdpf_search_index WHERE id = :id"), {"id": dataset["id"]}).scalar() == 1
