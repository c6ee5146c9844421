"""Replaces ``ckan.lib.search.rebuild`` (``ckan search-index rebuild``, and
every caller of the function) with the chunked rebuild of
:mod:`ckanext.tdpf.search.bulk`: the same datasets through CKAN's own
indexing call, a few queries per chunk instead of a dozen per dataset.
Only with ``ckanext.tdpf.search.backend = postgres``.
"""
from __future__ import annotations

from ckan.lib import search

REPLACES = "ckan.lib.search.rebuild"
WRITTEN_FOR = {"ckan": "2.12.0"}
IF_OTHER_VERSION = "CKAN's rebuild indexes one dataset at a time (slower, same rows)."

original = search.rebuild


def install(on: bool) -> None:
    from ..search import backend, bulk

    postgres = on and backend.configured() == backend.POSTGRES
    search.rebuild = bulk.rebuild if postgres else original
