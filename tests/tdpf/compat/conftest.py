from __future__ import annotations

import threading

import pytest

from tests.tdpf.search.test_bulk_index import _varied_catalog


@pytest.fixture
def catalog_ids(clean_db):
    """Datasets of every kind (full schema, groups, vocabulary tags, private,
    draft, deleted, harvested, duplicate, withdrawn, suspended), sorted ids."""
    return _varied_catalog()


def in_other_thread(fn):
    """``fn()``'s answer, called on a thread of its own (as a web server's
    thread of the same process would)."""
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]
