"""Japanese words in the DataStore's search (compat.datatables_search_text,
compat.datastore_text_search): the preview's search box (the datatables
view's ajax endpoint) and ``datastore_search`` find rows by a word inside
a cell, which PostgreSQL's full-text search (one lexeme per run of kanji
and kana) does not; ASCII searches keep CKAN's full-text search."""
from __future__ import annotations

import json

import pytest

from ckan.tests.helpers import call_action

from tests.tdpf.preview.conftest import load_file

ANON = {"user": "", "ignore_auth": False}
CSV = ("名称,住所,種別,定員\r\n"
       "市民会館,千代田区九段南1-2-1,Hall,300\r\n"
       "中央図書館　本館,千代田区九段南1-2-2,Library,120\r\n"
       "児童センター,千代田区神田1-1-1,Children's center,40\r\n"
       "ｼﾃｨﾎｰﾙ,千代田区丸の内１－１,Hall,500\r\n").encode()


@pytest.fixture(scope="module")
def table(world, tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "facilities.csv"
    path.write_bytes(CSV)
    resource = world["open"]["resources"][0]
    load_file(resource, path)
    views = call_action("resource_view_list", dict(ANON), id=resource["id"])
    view = next(v for v in views if v["view_type"] == "datatables_view")
    return {"id": resource["id"], "view": view["id"]}


def _names(resource_id: str, **params) -> list[str]:
    found = call_action("datastore_search", dict(ANON), resource_id=resource_id, **params)
    return sorted(r["名称"] for r in found["records"])


@pytest.mark.parametrize(("q", "expected"), [
    ("図書", ["中央図書館　本館"]),  # inside a word: no lexeme of its own
    ("図書館 本館", ["中央図書館　本館"]),
    ("センター", ["児童センター"]),
    ("九段南", ["中央図書館　本館", "市民会館"]),  # any column
    ("会館 1-2-1", ["市民会館"]),  # every word, ASCII ones too
    ("シティ", ["ｼﾃｨﾎｰﾙ"]),  # half-width katakana in the cell
    ("丸の内1-1", ["ｼﾃｨﾎｰﾙ"]),  # full-width digits in the cell
    ("図書館 体育館", []),
    ("100%図書", []),  # % is a character, not a wildcard
])
def test_datastore_search_finds_japanese_words_inside_cells(table, q, expected):
    assert _names(table["id"], q=q) == expected


def test_column_search_and_ascii_full_text(table):
    assert _names(table["id"], q={"住所": "神田"}) == ["児童センター"]
    assert _names(table["id"], q={"名称": "九段"}) == []  # in another column only
    # ASCII words: CKAN's full-text search as before (stemmed, ranked)
    assert _names(table["id"], q="library") == ["中央図書館　本館"]
    assert _names(table["id"], q="halls") == sorted(["ｼﾃｨﾎｰﾙ", "市民会館"])


def _ajax(app, view_id: str, search: str = "", column: str = "") -> dict:
    form = {"draw": "1", "start": "0", "length": "10", "search[value]": search,
            "search[regex]": "false", "columns[0][name]": "_id",
            "columns[0][search][value]": "", "columns[1][name]": "名称",
            "columns[1][search][value]": column}
    response = app.post(f"/datatables/ajax/{view_id}", data=form)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def test_the_preview_search_box_finds_japanese_words(app, table):
    answer = _ajax(app, table["view"], search="図書")
    assert [r["名称"] for r in answer["data"]] == ["中央図書館　本館"]
    assert answer["recordsFiltered"] == 1 and answer["recordsTotal"] == 4
    answer = _ajax(app, table["view"], search="千代田区 神田")
    assert [r["名称"] for r in answer["data"]] == ["児童センター"]
    # a column's own filter box
    answer = _ajax(app, table["view"], column="会館")
    assert [r["名称"] for r in answer["data"]] == ["市民会館"]
    # ASCII as CKAN searches it (prefix)
    answer = _ajax(app, table["view"], search="Libr")
    assert [r["名称"] for r in answer["data"]] == ["中央図書館　本館"]
