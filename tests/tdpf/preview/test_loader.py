"""The DataStore loader on real municipal files (a cp932 one, a UTF-8
one with BOM) and on planted ones: the rows and columns developers get
from datastore_search, types inferred conservatively."""
from __future__ import annotations

import csv

import pytest

from ckan.tests.helpers import call_action

from tests.tdpf.preview.conftest import BOM, CP932, load_file

ANON = {"user": "", "ignore_auth": False}


def _search(resource_id: str, **params) -> dict:
    return call_action("datastore_search", dict(ANON), resource_id=resource_id, **params)


@pytest.mark.skipif(not CP932.exists(), reason="real municipal data not present")
def test_real_cp932_and_bom_files_load_with_their_rows_and_columns(world):
    resource = world["open"]["resources"][0]
    result = load_file(resource, CP932)
    with open(CP932, encoding="cp932", newline="") as f:
        expected = list(csv.reader(f))
    assert result["rows"] == len(expected) - 1 == 9
    found = _search(resource["id"], limit=100)
    assert [f["id"] for f in found["fields"]][1:] == expected[0]  # after _id
    types = {f["id"]: f["type"] for f in found["fields"]}
    # coordinates are numbers; the ID column (a code) stays text
    assert types["緯度"] == types["経度"] == "numeric" and types["ID"] == "text"
    assert found["total"] == 9
    first = found["records"][0]
    assert first["農園名"] == expected[1][2] and str(first["緯度"]) == expected[1][5]
    # the resource page gets its table and its map
    views = {v["view_type"] for v in call_action("resource_view_list", dict(ANON),
                                                  id=resource["id"])}
    assert {"datatables_view", "tdpf_map_view"} <= views

    # a new version replaces the table: the BOM is not part of the first name
    result = load_file(resource, BOM)
    with open(BOM, encoding="utf-8-sig", newline="") as f:
        expected = list(csv.reader(f))
    found = _search(resource["id"], limit=100)
    names = [f["id"] for f in found["fields"]][1:]
    assert names == expected[0] and names[0] == "都道府県コード又は市区町村コード"
    assert result["rows"] == found["total"] == len(expected) - 1
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types["都道府県コード又は市区町村コード"] == "text"  # a code, not a number
    assert {r["名称"] for r in found["records"]} == {row[4] for row in expected[1:]}
    # searchable as the datatables view searches (full text)
    hit = _search(resource["id"], q=expected[1][4])
    assert hit["total"] >= 1


def test_planted_file_names_types_and_chunks(world, tmp_path, monkeypatch):
    """Duplicate/blank/underscore names made valid; leading zeros keep a
    column text; more rows than one COPY chunk; the row limit marks the
    load truncated."""
    from ckanext.tdpf.preview import loader
    monkeypatch.setattr(loader, "_CHUNK", 7)
    path = tmp_path / "planted.csv"
    lines = ["名称,名称,,_秘密,件数,割合,郵便番号,備考"]
    lines += [f"施設{i},別名{i},x,s,{i},{i}.5,0{i:06d},\"改行\nあり\"" for i in range(30)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    resource = world["open"]["resources"][0]
    monkeypatch.setitem(__import__("ckan.common").common.config,
                        "ckanext.tdpf.preview.max_rows", 25)
    result = load_file(resource, path)
    assert result["rows"] == 25 and result["truncated"] is True
    found = _search(resource["id"], limit=100, sort="_id")
    assert [(f["id"], f["type"]) for f in found["fields"]][1:] == [
        ("名称", "text"), ("名称_2", "text"), ("column_3", "text"), ("秘密", "text"),
        ("件数", "int8"), ("割合", "numeric"), ("郵便番号", "text"), ("備考", "text")]
    assert found["total"] == 25
    assert found["records"][3]["郵便番号"] == "0000003" and found["records"][3]["備考"] == "改行\nあり"


def test_xlsx_first_sheet_loads(world, tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([])  # a blank first row: the header is the first non-empty row
    sheet.append(["施設名", "緯度", "経度"])
    sheet.append(["本庁舎", 35.6895, 139.6917])
    book.create_sheet("その他").append(["無視", "される"])
    # named as CKAN stores an upload: no suffix (openpyxl refuses such a path)
    path = tmp_path / "3f2a9c"
    book.save(path)
    resource = world["open"]["resources"][0]
    assert load_file(resource, path, "xlsx")["rows"] == 1
    from ckanext.tdpf.files.tables import header
    assert header(str(path), "xlsx") == ["", "", ""]  # its blank first row, read
    found = _search(resource["id"])
    assert [f["id"] for f in found["fields"]][1:] == ["施設名", "緯度", "経度"]
    assert found["records"][0]["施設名"] == "本庁舎"


def test_a_new_version_with_the_same_columns_only_replaces_the_rows(world, tmp_path):
    """TRUNCATE and COPY: the table keeps its data dictionary and views, the
    resource is not updated again; other columns make a new table."""
    from ckan import model
    resource = world["open"]["resources"][0]
    first, second, other = (tmp_path / n for n in ("1.csv", "2.csv", "3.csv"))
    first.write_text("名称,定員\n市民会館,300\n図書館,120\n", encoding="utf-8")
    second.write_text("名称,定員\n体育館,500\n", encoding="utf-8")
    other.write_text("名称,住所\n公民館,千代田区\n", encoding="utf-8")
    load_file(resource, first)
    call_action("datastore_create", {"ignore_auth": True}, resource_id=resource["id"],
                force=True, fields=[{"id": "名称", "type": "text", "info": {"label": "施設名"}},
                                    {"id": "定員", "type": "int8"}])
    views = call_action("resource_view_list", dict(ANON), id=resource["id"])
    current = call_action("resource_show", {"ignore_auth": True}, id=resource["id"])
    modified = model.Resource.get(resource["id"]).metadata_modified  # type: ignore[union-attr]

    assert load_file(current, second)["rows"] == 1
    found = _search(resource["id"])
    assert [(r["_id"], r["名称"], r["定員"]) for r in found["records"]] == [(1, "体育館", 500)]
    assert found["fields"][1].get("info", {}).get("label") == "施設名"  # the dictionary kept
    assert call_action("resource_view_list", dict(ANON), id=resource["id"]) == views
    assert model.Resource.get(resource["id"]).metadata_modified == modified  # type: ignore[union-attr]

    assert load_file(current, other)["rows"] == 1  # other columns: a new table
    found = _search(resource["id"])
    assert [f["id"] for f in found["fields"]][1:] == ["名称", "住所"]
    assert [r["名称"] for r in found["records"]] == ["公民館"]
