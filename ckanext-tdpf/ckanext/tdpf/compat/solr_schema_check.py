"""Replaces ``ckan.lib.search.check_solr_schema_version``, which CKAN's
start-up runs right after the plugins' update_config: with the PostgreSQL
backend there is no Solr schema to check, and the check's request to
``solr_url`` would stop CKAN from starting. Only with
``ckanext.tdpf.search.backend = postgres``.
"""
from __future__ import annotations

from ckan.lib import search

REPLACES = "ckan.lib.search.check_solr_schema_version"
WRITTEN_FOR = {"ckan": "2.12.0"}
KEEP_ON_OTHER_VERSIONS = True  # CKAN would not start without a Solr
IF_OTHER_VERSION = "Kept on: without it CKAN does not start when no Solr answers."

_original = search.check_solr_schema_version


def _no_schema_check(schema_file=None) -> bool:
    return False


def install(on: bool) -> None:
    from ..search import backend

    postgres = on and backend.configured() == backend.POSTGRES
    search.check_solr_schema_version = _no_schema_check if postgres else _original
