"""Each preparation step on a small planted file: what ``propose`` sees
in it, and what the step makes of it (the cells a user would read)."""
from __future__ import annotations

import pytest

from ckanext.tdpf.prepare import Recipe, RecipeError, propose, read
from ckanext.tdpf.prepare.dates import find_date, to_iso
from ckanext.tdpf.prepare.steps import REGISTRY
from ckanext.tdpf.prepare.steps.cells import (
    Choices,
    CleanSpaces,
    Dates,
    Numbers,
    RepairMojibake,
    parse_number,
)
from ckanext.tdpf.prepare.steps.columns import (
    Coordinates,
    MapColumns,
    Municipality,
    Pivot,
    Unpivot,
)
from ckanext.tdpf.prepare.steps.layout import FillGroups, SplitTables, Stack, TrimRows, UnmergeFill
from ckanext.tdpf.prepare.table import Table

from .conftest import side_by_side_workbook


def _table(rows: list[list[object]]) -> Table:
    return Table("", [list(r) for r in rows], header=True)


def _rows(table: Table) -> list[list[str]]:
    return [["" if v is None else str(v) for v in r] for r in table.cells]


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "utf-16", "utf-8-sig"])
def test_encodings_are_read_and_recorded(planted, encoding):
    path = planted("e.csv", [["施設名", "住所"], ["№1 会館", "高松市番町"]]
                   if encoding == "cp932" else [["施設名", "住所"], ["会館", "高松市番町"]],
                   encoding)
    recipe, tables = propose(read(str(path)))
    assert tables[0].cells[0] == ["施設名", "住所"]
    assert tables[0].cells[1][1] == "高松市番町"
    if encoding == "utf-8-sig":
        assert recipe.encoding is None
    else:
        assert recipe.encoding == encoding


def test_mojibake_of_shift_jis_through_latin1_is_repaired(planted, tmp_path):
    rows = [["名称", "所在地"], ["石川県庁", "金沢市鞍月一丁目1番地"], ["県立図書館", "金沢市小立野"]]
    text = "\n".join(",".join(r) for r in rows).encode("cp932").decode("latin-1")
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    tables = read(str(path))
    assert tables[0].cells[1][0] != "石川県庁"
    step = RepairMojibake.propose(tables[0])
    assert step is not None and step.params == {"via": "latin-1", "to": "cp932"}
    assert _rows(step.apply(tables[0])[0]) == rows


def test_metadata_rows_above_the_header_are_dropped(planted):
    path = planted("t.csv", [["#LINK", "", ""], ["#lang", "ja", ""],
                             ["#property", "name", "address"],
                             ["#object_type_xsd", "string", "string"],
                             ["1", "会館", "高松市番町1"], ["2", "公園", "高松市浜ノ町"],
                             ["", "", ""], ["※ 令和5年現在", "", ""]])
    table = read(str(path))[0]
    step = TrimRows.propose(table)
    assert step is not None and step.params["comment"] == "#"
    out = step.apply(table)[0]
    assert _rows(out) == [["#property", "name", "address"], ["1", "会館", "高松市番町1"],
                          ["2", "公園", "高松市浜ノ町"]]
    # the next edition has one more metadata row: found by the header's names
    longer = Table("", [["#title", None, None], *table.cells])
    assert _rows(step.apply(longer)[0])[0] == ["#property", "name", "address"]


def test_a_file_that_is_already_clean_gets_no_step(planted):
    path = planted("ok.csv", [["名称", "人数"], ["会館", "12"], ["公園", "30"]])
    recipe, tables = propose(read(str(path)))
    assert recipe.steps == []
    assert _rows(tables[0]) == [["名称", "人数"], ["会館", "12"], ["公園", "30"]]


def test_merged_cells_are_unmerged_and_filled():
    table = Table("", [["区分", "値"], ["A", 1], [None, 2], ["B", 3]],
                  merged=((1, 0, 2, 0),), header=True)
    step = UnmergeFill.propose(table)
    assert step is not None
    assert _rows(step.apply(table)[0]) == [["区分", "値"], ["A", "1"], ["A", "2"], ["B", "3"]]


def test_workbook_with_two_tables_side_by_side(tmp_path):
    path = side_by_side_workbook(tmp_path / "w.xlsx", {
        "鯖江": {"日本人": 100, "計": 110}, "神明": {"日本人": 200, "計": 220},
        "立待": {"日本人": 300, "計": 330}, "豊": {"日本人": 400, "計": 440}}, "令和8年4月1日")
    recipe, tables = propose(read(str(path)))
    names = [s.name for s in recipe.steps]
    assert names[:2] == ["trim_rows", "split_tables"]
    assert "fill_groups" in names and "as_of_column" in names
    assert len(tables) == 1
    assert _rows(tables[0]) == [
        ["時点", "地区名", "区分", "人口"],
        ["2026-04-01", "鯖江", "日本人", "100"], ["2026-04-01", "鯖江", "計", "110"],
        ["2026-04-01", "神明", "日本人", "200"], ["2026-04-01", "神明", "計", "220"],
        ["2026-04-01", "立待", "日本人", "300"], ["2026-04-01", "立待", "計", "330"],
        ["2026-04-01", "豊", "日本人", "400"], ["2026-04-01", "豊", "計", "440"]]


def test_split_without_stacking_keeps_each_table():
    table = _table([["名称", "数", None, "地区", "面積"], ["A", 1, None, "X", 5],
                    ["B", 2, None, "Y", 6]])
    step = SplitTables.propose(table)
    assert step is not None and step.params == {"stack": False}
    parts = step.apply(table)
    assert [_rows(p)[0] for p in parts] == [["名称", "数"], ["地区", "面積"]]


def test_fill_groups_follows_the_cycle_not_the_row_above():
    table = _table([["地区名", "区分", "人口"], [None, "日本人", 1], ["鯖江", "外国人", 2],
                    [None, "計", 3], [None, "日本人", 4], ["神明", "外国人", 5], [None, "計", 9]])
    step = FillGroups.propose(table)
    assert step is not None and step.params == {"column": "地区名", "cycle": "区分",
                                                 "start": "日本人"}
    out = step.apply(table)[0]
    assert [r[0] for r in out.cells[1:]] == ["鯖江"] * 3 + ["神明"] * 3


def test_stack_same_header_pages():
    a = Table("p1-1", [["町名", "小"], ["茜町", "亀阜"]], header=True)
    b = Table("p2-1", [["町名", "小"], ["今里町", "太田"]], header=True)
    step = Stack.propose_all([a, b])
    assert step is not None
    out = step.apply_all([a, b])
    assert _rows(out[0]) == [["シート", "町名", "小"], ["p1-1", "茜町", "亀阜"],
                             ["p2-1", "今里町", "太田"]]


def test_layout_spaces_and_line_breaks():
    table = _table([["地　区　名", "所在地", "備考"],
                    ["新 番 丁", "高松市　番町 1", " 1階\nロビー  入口 "]])
    step = CleanSpaces.propose(table)
    assert step is not None
    out = step.apply(table)[0]
    assert _rows(out) == [["地区名", "所在地", "備考"], ["新番丁", "高松市　番町 1", "1階ロビー 入口"]]


@pytest.mark.parametrize(("value", "parsed"), [
    ("12人", (12, "人")), ("１，２３４人", (1234, "人")), ("12.5㎡", (12.5, "㎡")), ("▲3", (-3, "")),
    ("30km", (30, "km")), ("12a", None), ("3丁目", None), ("2号", None), ("037201", None)])
def test_number_spellings(value, parsed):
    assert parse_number(value) == parsed


def test_numbers_out_of_text_with_the_unit_to_the_header():
    table = _table([["名称", "定員", "面積", "コード"], ["A", "１２人", "1,234.5", "037201"],
                    ["B", "1,200人", "▲3", "037202"], ["C", "30人", "12", "037203"]])
    step = Numbers.propose(table)
    assert step is not None and step.params == {"columns": {"定員": "人", "面積": ""}}
    out = step.apply(table)[0]
    assert out.cells[0] == ["名称", "定員（人）", "面積", "コード"]
    assert [r[1] for r in out.cells[1:]] == [12, 1200, 30]
    assert [r[2] for r in out.cells[1:]] == [1234.5, -3, 12]
    assert [r[3] for r in out.cells[1:]] == ["037201", "037202", "037203"]


@pytest.mark.parametrize(("value", "iso"), [
    ("令和4年4月1日", "2022-04-01"), ("H28.3.1", "2016-03-01"), ("平成元年1月8日", "1989-01-08"),
    ("S63.1.5", "1988-01-05"), ("２０２２年４月１日", "2022-04-01"), ("2022/4/1", "2022-04-01"),
    ("2022年4月", "2022-04"), ("令和元年", "2019"), ("平成31年4月1日（月）", "2019-04-01"),
    ("2023年2月30日", None), ("H28", None), ("12", None), ("2022-04-01", None)])
def test_date_spellings(value, iso):
    assert to_iso(value) == iso


def test_dates_step_and_date_inside_a_title():
    table = _table([["名称", "開設日"], ["A", "令和4年4月1日"], ["B", "H28.3.1"], ["C", ""]])
    step = Dates.propose(table)
    assert step is not None and step.params == {"columns": ["開設日"]}
    assert [r[1] for r in step.apply(table)[0].cells[1:]] == ["2022-04-01", "2016-03-01", ""]
    assert find_date("高松市小・中学校区一覧表 （平成３０年６月２８日現在）") == "2018-06-28"


def test_choices_written_one_way():
    table = _table([["名称", "AED", "種別"], ["A", "有", "公園"], ["B", "○", "公園 "],
                    ["C", "有", "広場"], ["D", "なし", "ｺｳｴﾝ"], ["E", "×", "公園"]])
    step = Choices.propose(table)
    assert step is not None
    out = step.apply(table)[0]
    assert [r[1] for r in out.cells[1:]] == ["有", "有", "有", "なし", "なし"]
    assert [r[2] for r in out.cells[1:]][:2] == ["公園", "公園"]


def test_map_columns_survives_wording():
    table = _table([["施設名", "住所", "緯度", "経度", "メモ"], ["市役所", "高松市番町", "34.3", "134.0", "x"]])
    step = MapColumns.propose(table, {"standard": "aed"})
    assert step is not None
    out = step.apply(table)[0]
    assert "名称" in out.columns and "施設名" not in out.columns
    assert out.columns[-1] == "メモ"
    assert out.cells[1][out.columns.index("名称")] == "市役所"
    assert out.columns.index("名称") < out.columns.index("緯度")


def test_municipality_columns_filled():
    table = _table([["全国地方公共団体コード", "地方公共団体名", "名称"], ["37201", None, "A"],
                    [None, None, "B"]])
    step = Municipality.propose(table)
    assert step is not None and step.params["code"] == "372013"
    out = step.apply(table)[0]
    assert _rows(out)[1:] == [["372013", "高松市", "A"], ["372013", "高松市", "B"]]


def test_pivot_and_unpivot_are_inverse():
    long = _table([["時点", "地区", "人口"], ["2026-04", "鯖江", 10], ["2026-04", "神明", 20],
                   ["2026-05", "鯖江", 11], ["2026-05", "神明", 21]])
    wide = Pivot({"index": ["時点"], "columns": "地区", "values": "人口"}).apply(long)[0]
    assert _rows(wide) == [["時点", "鯖江", "神明"], ["2026-04", "10", "20"],
                           ["2026-05", "11", "21"]]
    back = Unpivot({"id": ["時点"], "name": "地区", "value": "人口"}).apply(wide)[0]
    assert _rows(back) == _rows(long)


def test_recipe_json_round_trip_and_refusals():
    recipe = Recipe([REGISTRY["trim_rows"]({"skip": 2}), REGISTRY["dates"]({"columns": ["日"]})])
    again = Recipe.from_json(recipe.to_json())
    assert again.to_dict() == recipe.to_dict()
    assert [s.name for s in recipe.without(0).steps] == ["dates"]
    for bad in ("{", '{"steps": [{"step": "nope"}]}', '{"tdpf_recipe": 99, "steps": []}',
                '{"steps": [{"step": "dates", "params": []}]}', "[]"):
        with pytest.raises(RecipeError):
            Recipe.from_json(bad)


def test_coordinates_split_swapped_and_sexagesimal():
    pair = _table([["名称", "location"], ["A", "34.34092056,134.04522972"],
                   ["B", "134.0481, 34.3521"], ["C", ""]])
    step = Coordinates.propose(pair)
    assert step is not None and step.params["pair"] == "location"
    out = step.apply(pair)[0]
    assert out.cells[0] == ["名称", "緯度", "経度"]
    assert out.cells[1][1:] == [34.34092056, 134.04522972]
    assert out.cells[2][1:] == [34.3521, 134.0481]
    dms = _table([["名称", "緯度", "経度"], ["A", "北緯34度20分45秒", "東経134度2分43秒"],
                  ["B", "134.0", "34.5"], ["C", "12.0", "200.0"]])
    step = Coordinates.propose(dms)
    assert step is not None
    out = step.apply(dms)[0]
    assert out.cells[1][1:] == [34.3458333, 134.0452778]
    assert out.cells[2][1:] == [34.5, 134.0]
    assert out.cells[3][1:] == ["12.0", "200.0"]  # outside Japan: a person checks it
