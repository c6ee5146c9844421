"""How the index stores its large columns (migration 0004_search_lz4) and
what it takes in."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ckan import model
from ckan.tests import factories

from ckanext.tdpf.search import statement

from tests import factories as tdpf_factories


@pytest.mark.usefixtures("clean_db")
def test_large_index_columns_are_compressed_with_lz4():
    """Token positions are decompressed for every candidate of a quoted
    phrase: LZ4 does it about twice as fast as PostgreSQL's default."""
    org = factories.Organization()
    notes = "。".join(f"{n}番目の避難所は公衆無線LANを備えた施設です" for n in range(400))
    ds = tdpf_factories.Dataset(owner_org=org["id"], title="避難所一覧", notes=notes)
    methods = model.Session.execute(sa.text(
        "SELECT pg_column_compression(search_pos), pg_column_compression(search_fields) "
        "FROM tdpf_search_index WHERE id = :id"), {"id": ds["id"]}).one()
    assert tuple(methods) == ("lz4", "lz4")


@pytest.mark.usefixtures("clean_db")
def test_the_end_of_bulk_indexing_leaves_no_pending_gin_entries():
    """Searches scan the GIN pending lists entry by entry: CKAN's commit at
    the end of a rebuild moves them into the indexes."""
    from ckan.lib import search
    org = factories.Organization()
    for n in range(3):
        tdpf_factories.Dataset(owner_org=org["id"], title=f"避難所一覧{n}", notes="公園" * 50)
    search.commit()
    assert statement.merge_gin_pending() == 0  # nothing was left


@pytest.mark.usefixtures("clean_db")
def test_a_very_long_description_is_indexed_whole():
    """SudachiPy takes at most 49,149 bytes at once; a longer description
    (here 27,000 characters, 81 KB) must not stop the dataset from being
    saved, and its last words must be found (by word: phrase positions
    stop at PostgreSQL's 16,383)."""
    from ckan.tests.helpers import call_action
    org = factories.Organization()
    notes = "避難所の一覧です。" * 3000 + "末尾に公衆無線LANの説明"
    tdpf_factories.Dataset(owner_org=org["id"], name="long-notes", title="資料", notes=notes)
    found = call_action("package_search", q="公衆無線 説明")
    assert [d["name"] for d in found["results"]] == ["long-notes"]
