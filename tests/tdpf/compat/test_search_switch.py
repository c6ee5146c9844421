"""compat/search_connection.py, solr_schema_check.py, search_rebuild.py: with
the PostgreSQL backend CKAN's own search calls reach PostgreSQL, CKAN starts
without a Solr and its rebuild is the chunked one; with ``solr`` each is
CKAN's again. (That the chunked rebuild writes CKAN's rows:
tests/tdpf/search/test_bulk_index.py.)"""
from __future__ import annotations

import pysolr
import pytest

import ckan.lib.search as search
from ckan import model
from ckan.lib.search import common

from ckanext.tdpf.compat import search_connection, search_rebuild, solr_schema_check
from ckanext.tdpf.search import backend, bulk
from ckanext.tdpf.search.connection import PostgresSolrConnection


def _install(monkeypatch, name: str) -> None:
    monkeypatch.setattr(backend, "configured", lambda: name)
    for module in (search_connection, solr_schema_check, search_rebuild):
        module.install(True)


@pytest.fixture
def restored(monkeypatch):
    yield
    monkeypatch.undo()
    for module in (search_connection, solr_schema_check, search_rebuild):
        module.install(True)


def test_postgres_routes_ckans_search_and_solr_gives_it_back(clean_db, monkeypatch, restored):
    from ckan.tests import factories

    from tests import factories as tdpf_factories

    tdpf_factories.Dataset(name="kita-park", title="北区の公園",
                           owner_org=factories.Organization()["id"])
    assert common.make_connection().__class__ is PostgresSolrConnection
    assert search.check_solr_schema_version() is False  # no request to solr_url
    assert search.rebuild is bulk.rebuild
    found = search.query_for(model.Package).run({"q": "公園", "fl": "id name"})
    assert [r["name"] for r in found["results"]] == ["kita-park"]
    assert backend.active() == backend.POSTGRES

    _install(monkeypatch, backend.SOLR)
    assert common.pysolr is pysolr and backend.active() == backend.SOLR
    assert search.check_solr_schema_version is solr_schema_check._original
    assert search.rebuild is search_rebuild.original
