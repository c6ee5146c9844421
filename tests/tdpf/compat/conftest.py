from __future__ import annotations

import pytest

from tests.tdpf.search.test_bulk_index import _varied_catalog


@pytest.fixture
def catalog_ids(clean_db):
    """Datasets of every kind (full schema, groups, vocabulary tags, private,
    draft, deleted, harvested, duplicate, withdrawn, suspended), sorted ids."""
    return _varied_catalog()
