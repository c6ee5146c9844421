"""Switches CKAN's search layer between Solr and PostgreSQL.

``ckan.lib.search`` reaches Solr only through ``pysolr.Solr``, created in
``ckan.lib.search.common.make_connection`` (also used directly by
extensions such as ckanext-harvest). Pointing that one name at
:class:`PostgresSolrConnection` moves every index write and query to
PostgreSQL while CKAN keeps building documents, filters and responses.
The start-up Solr schema check is skipped for the same reason. A whole
rebuild runs in chunks (bulk.py), and package_dictize answers a chunk's
datasets from the few queries that chunk made (dictize.py).
"""
from __future__ import annotations

import types

import pysolr

import ckan.lib.search as search
import ckan.lib.search.common as common

from . import bulk, dictize
from .connection import PostgresSolrConnection

POSTGRES, SOLR = "postgres", "solr"

_original_check = search.check_solr_schema_version


def _pysolr_facade() -> types.SimpleNamespace:
    facade = types.SimpleNamespace(**{k: getattr(pysolr, k) for k in dir(pysolr)
                                      if not k.startswith("__")})
    facade.Solr = PostgresSolrConnection
    return facade


def _no_schema_check(schema_file=None) -> bool:
    return False


def install(backend: str) -> None:
    """Route CKAN's search to ``backend`` (idempotent; ``solr`` restores
    stock CKAN)."""
    if backend == POSTGRES:
        common.pysolr = _pysolr_facade()
        search.check_solr_schema_version = _no_schema_check
        search.rebuild = bulk.rebuild
    else:
        common.pysolr = pysolr
        search.check_solr_schema_version = _original_check
        search.rebuild = bulk.ckan_rebuild
    dictize.install(backend == POSTGRES)


def active() -> str:
    return POSTGRES if common.pysolr is not pysolr else SOLR
