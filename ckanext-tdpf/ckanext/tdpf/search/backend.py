"""Which search backend serves CKAN: PostgreSQL (``ckanext.tdpf.search.backend
= postgres``) or Solr. The switch itself is in the compat layer
(``compat/search_connection.py``, ``solr_schema_check.py``,
``search_rebuild.py``, ``package_dictize.py``): CKAN's search layer keeps
building documents, filters and responses; only its connection changes.
"""
from __future__ import annotations

POSTGRES, SOLR = "postgres", "solr"


def configured() -> str:
    from .. import config

    return config.search_backend()


def active() -> str:
    from ..compat import search_connection

    return POSTGRES if search_connection.routed() else SOLR
