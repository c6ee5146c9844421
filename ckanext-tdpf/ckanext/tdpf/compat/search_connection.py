"""Replaces ``pysolr`` in ``ckan.lib.search.common``: every Solr connection
CKAN (or an extension: ckanext-harvest) makes goes to PostgreSQL.

``ckan.lib.search`` reaches Solr only through ``pysolr.Solr``, created in
``common.make_connection``. Pointing that one name at a copy of pysolr
whose ``Solr`` is :class:`~ckanext.tdpf.search.connection.PostgresSolrConnection`
moves every index write and query to PostgreSQL while CKAN keeps building
documents, filters and responses. Only with ``ckanext.tdpf.search.backend
= postgres``.
"""
from __future__ import annotations

import types

import pysolr

from ckan.lib.search import common

REPLACES = "pysolr in ckan.lib.search.common"
WRITTEN_FOR = {"ckan": "2.12.0"}
# without it the postgres backend has no search at all (no Solr runs)
KEEP_ON_OTHER_VERSIONS = True
IF_OTHER_VERSION = ("Kept on: the PostgreSQL search backend cannot work without it; "
                    "check with `ckan tdpf doctor` that searches reach PostgreSQL.")


def _pysolr_facade() -> types.SimpleNamespace:
    from ..search.connection import PostgresSolrConnection

    facade = types.SimpleNamespace(**{k: getattr(pysolr, k) for k in dir(pysolr)
                                      if not k.startswith("__")})
    facade.Solr = PostgresSolrConnection
    return facade


def install(on: bool) -> None:
    from ..search import backend

    postgres = on and backend.configured() == backend.POSTGRES
    if postgres and common.pysolr is pysolr:
        common.pysolr = _pysolr_facade()
    elif not postgres:
        common.pysolr = pysolr


def routed() -> bool:
    """CKAN's connections go to PostgreSQL."""
    return common.pysolr is not pysolr
