"""What users see: the API's answers and errors, the catalog pages in
Japanese, and the switch back to stock CKAN/Solr."""
from __future__ import annotations

import logging
import re

import pysolr
import pytest

import ckan.lib.search.common as search_common

from ckanext.tdpf.search import backend

pytestmark = pytest.mark.usefixtures("catalog")


def test_api_get_with_japanese_query(app):
    res = app.get("/api/3/action/package_search", query_string={"q": "避難所"})
    assert res.status_code == 200
    body = res.json["result"]
    assert body["count"] == 2
    assert {r["name"] for r in body["results"]} == {"shelter-designated", "shelter-list"}
    assert set(body) >= {"count", "results", "facets", "search_facets", "sort"}


@pytest.mark.parametrize("q", ["title:(避難所", "避難所 AND", "metadata_modified:[昨日 TO *]"])
def test_api_malformed_query_is_409_with_reason(app, q):
    res = app.get("/api/3/action/package_search", query_string={"q": q})
    assert res.status_code == 409
    error = res.json["error"]
    assert error["__type"] == "Search Error"
    assert q in error["message"] or "metadata_modified: '昨日' is not a date" in error["message"]


def test_api_malformed_fq_is_409(app):
    res = app.get("/api/3/action/package_search",
                  query_string={"q": "*:*", "fq": "tags:(防災"})
    assert res.status_code == 409


def _facet_counts(html: str) -> dict[str, int]:
    """Facet entries as the page shows them: label -> count."""
    return {label: int(count) for label, count in re.findall(
        r'<span class="item-label">([^<]+)</span>\s*<span class="hidden separator">'
        r' - </span>\s*<span class="item-count badge">(\d+)</span>', html)}


def test_dataset_search_page_in_japanese_with_facets(app):
    res = app.get("/dataset/", query_string={"q": "避難所"})
    assert res.status_code == 200
    html = res.body
    assert 'lang="ja"' in html
    assert "千代田区 指定緊急避難所一覧" in html and "避難所一覧" in html
    assert "公衆トイレ一覧" not in html
    assert "2 件のデータセットが見つかりました" in html
    facets = _facet_counts(html)
    assert facets["千代田区"] == 1 and facets["東京都"] == 1   # organisations
    assert facets["防災"] == 2 and facets["避難所"] == 1       # tags
    assert "国土交通省" not in facets


def test_dataset_search_page_filtered_by_facet(app):
    res = app.get("/dataset/", query_string={"q": "避難所", "organization": "tokyo"})
    assert res.status_code == 200
    assert "避難所一覧" in res.body
    assert "千代田区 指定緊急避難所一覧" not in res.body


def test_dataset_search_page_bad_query_shows_an_error(app):
    res = app.get("/dataset/", query_string={"q": "title:(避難所"})
    assert res.status_code == 200
    assert "検索でエラーが発生しました" in res.body


def test_home_and_dataset_page(app):
    assert app.get("/").status_code == 200
    res = app.get("/dataset/toilets")
    assert res.status_code == 200
    assert "公衆トイレ一覧" in res.body


def test_organization_page_lists_its_datasets(app):
    res = app.get("/organization/chiyoda")
    assert res.status_code == 200
    assert "ＡＥＤ設置箇所一覧" in res.body or "AED設置箇所一覧" in res.body


def test_solr_option_gives_stock_ckan(ckan_config, monkeypatch):
    import ckan.plugins as p
    monkeypatch.setitem(ckan_config, "ckanext.tdpf.search.backend", "solr")
    plugin = p.get_plugin("tdpf")
    try:
        plugin.update_config(ckan_config)
        assert backend.active() == "solr"
        assert search_common.pysolr is pysolr
    finally:
        monkeypatch.setitem(ckan_config, "ckanext.tdpf.search.backend", "postgres")
        plugin.update_config(ckan_config)
    assert backend.active() == "postgres"


def test_postgres_backend_starts_without_solr_warnings(caplog):
    from ckan.config.environment import update_config
    with caplog.at_level(logging.DEBUG):
        update_config()
    assert backend.active() == "postgres"
    assert not [r for r in caplog.records if "solr" in r.getMessage().lower()
                and r.levelno >= logging.WARNING]


def test_autocomplete_matches_inside_titles_and_names(app):
    res = app.get("/api/3/action/package_autocomplete", query_string={"q": "避難"})
    assert res.status_code == 200
    assert {r["name"] for r in res.json["result"]} == {"shelter-designated", "shelter-list"}
    res = app.get("/api/3/action/package_autocomplete", query_string={"q": "toil"})
    assert [r["name"] for r in res.json["result"]] == ["toilets"]
