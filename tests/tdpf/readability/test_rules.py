"""Each Digital Agency rule caught on a small planted file of its own, at
the right place; rules that do not apply to a format absent from its
report; a clean file scoring 100 on every level."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from ckanext.tdpf.readability import RULES, Report, check_file

HEADER = ["番号", "施設名", "種別", "電話番号", "定員（人）"]
ROWS = [
    ["1", "中央図書館", "図書館", "03-1111-2222", "120"],
    ["2", "東図書館", "図書館", "03-1111-3333", "80"],
    ["3", "西公民館", "公民館", "03-1111-4444", "60"],
    ["4", "南公民館", "公民館", "03-1111-5555", "45"],
    ["5", "北体育館", "体育館", "03-1111-6666", "300"],
]
EXCEL_ONLY = {"L1-10", "L1-11", "L1-12", "L1-13", "L2-06"}
TEXT_ONLY = {"L1-14", "L1-15", "L1-ENC"}
NOT_JUDGED = {"L1-09", "L3-02", "L3-03", "L3-07", "L3-08"}


def _csv(
    tmp_path: Path,
    rows: list[list[str]],
    name: str = "t.csv",
    encoding: str = "utf-8",
    raw: str | None = None,
) -> str:
    path = tmp_path / name
    text = raw if raw is not None else "".join(",".join(r) + "\r\n" for r in rows)
    path.write_bytes(text.encode(encoding))
    return str(path)


def _xlsx(
    tmp_path: Path, rows: list[list], start_row: int = 1, start_col: int = 1, edit=None
) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "data"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                v = (
                    int(value)
                    if isinstance(value, str) and value.isdigit() and j in (0, 4)
                    else value
                )
                ws.cell(row=start_row + i, column=start_col + j, value=v)
    if edit:
        edit(ws)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return str(path)


def _where(report: Report, rule_id: str) -> list[tuple]:
    return [(f.sheet, f.row, f.column, f.cell) for f in report.findings if f.rule_id == rule_id]


def _cells(report: Report, rule_id: str) -> set[str]:
    return {f.cell for f in report.findings if f.rule_id == rule_id}


def test_clean_files_score_100_and_list_only_their_formats_rules(tmp_path):
    csv_report = check_file(_csv(tmp_path, [HEADER, *ROWS]), "csv")
    assert csv_report.levels == {"L1": 100, "L2": 100, "L3": 100}, csv_report.findings
    assert csv_report.failed == []
    assert not set(csv_report.applicable) & (EXCEL_ONLY | NOT_JUDGED)
    assert {"L1-14", "L1-15", "L1-ENC", "L2-01", "L3-01"} <= set(csv_report.applicable)

    xlsx_report = check_file(_xlsx(tmp_path, [HEADER, *ROWS]), "xlsx")
    assert xlsx_report.levels == {"L1": 100, "L2": 100, "L3": 100}, xlsx_report.findings
    assert not set(xlsx_report.applicable) & (TEXT_ONLY | NOT_JUDGED)
    assert set(xlsx_report.applicable) >= EXCEL_ONLY
    tsv = tmp_path / "t.tsv"
    tsv.write_text("".join("\t".join(r) + "\n" for r in [HEADER, *ROWS]), encoding="utf-8")
    assert check_file(str(tsv), "tsv").levels == {"L1": 100, "L2": 100, "L3": 100}
    # the report survives its JSON form
    again = Report.from_dict(xlsx_report.to_dict())
    assert again.levels == xlsx_report.levels and again.applicable == xlsx_report.applicable


def test_every_finding_names_its_rule_and_fix_in_both_languages(tmp_path):
    rows = [HEADER, *ROWS]
    rows[2] = ["2", "東　図書館", "図書館、分館、書庫", "03-1111-3333", "80人"]
    report = check_file(_csv(tmp_path, rows), "csv")
    assert report.findings
    for f in report.findings:
        rule = RULES[f.rule_id]
        assert (f.title_ja, f.title_en, f.fix_ja, f.fix_en) == (
            rule.title_ja,
            rule.title_en,
            rule.fix_ja,
            rule.fix_en,
        )
        assert f.level == f.rule_id[:2] and f.seen


@pytest.mark.parametrize(
    ("rule_id", "edit", "cells"),
    [
        ("L1-06", lambda rows: rows[1].__setitem__(1, "中央　図書館"), {"B2"}),
        ("L1-07", lambda rows: rows[3].__setitem__(2, "図書館、公民館、体育館"), {"C4"}),
        ("L1-05", lambda rows: rows[0].__setitem__(2, ""), {"C1"}),
        ("L2-01", lambda rows: rows[2].__setitem__(4, "80人"), {"E3"}),
        ("L2-02", lambda rows: rows[3].__setitem__(1, "〃"), {"B4"}),
        ("L2-03", lambda rows: rows[0].__setitem__(2, "施設名"), {"B1", "C1"}),
        ("L3-04", lambda rows: rows[0].__setitem__(4, "定員"), {"E1"}),
    ],
)
def test_cell_rules_on_csv(tmp_path, rule_id, edit, cells):
    rows = [list(r) for r in [HEADER, *ROWS]]
    edit(rows)
    report = check_file(_csv(tmp_path, rows), "csv")
    assert rule_id in report.failed
    assert _cells(report, rule_id) == cells
    level = RULES[rule_id].level
    expected = 0 if RULES[rule_id].severity == "FATAL" else None
    if expected is not None:
        assert report.levels[level] == 0


def test_level_score_deducts_each_failed_rule_once(tmp_path):
    rows = [list(r) for r in [HEADER, *ROWS]]
    rows[1][1] = "中央　図書館"
    rows[2][1] = "東　図書館"  # L1-06 twice: still -10 once
    rows[3][2] = "図書館、公民館、体育館"  # L1-07: -10
    report = check_file(_csv(tmp_path, rows), "csv")
    assert report.failed == ["L1-06", "L1-07"]
    assert report.levels["L1"] == 80
    assert {f.count for f in report.findings if f.rule_id == "L1-06"} == {2}


def test_l1_02_two_tables_and_l1_03_the_blank_row_between(tmp_path):
    rows = [HEADER, *ROWS[:3], [], HEADER, *ROWS[3:]]
    report = check_file(_csv(tmp_path, rows), "csv")
    assert "L1-02" in report.failed and report.levels["L1"] == 0
    assert _cells(report, "L1-02") == {"A1:E4", "A6:E8"}
    assert _cells(report, "L1-03") == {"5:5"}


def test_l1_08_platform_dependent_characters_fail_only_in_shift_jis(tmp_path):
    rows = [list(r) for r in [HEADER, *ROWS]]
    rows[2][1] = "第①図書館"
    sjis = check_file(_csv(tmp_path, rows, "sjis.csv", encoding="cp932"), "csv", encoding="utf-8")
    assert sjis.encoding == "cp932"  # the bytes decide, not the encoding passed in
    assert "L1-ENC" not in sjis.failed
    assert "L1-08" in sjis.failed and _cells(sjis, "L1-08") == {"B3"}
    utf8 = check_file(_csv(tmp_path, rows, "utf8.csv"), "csv")
    assert "L1-08" in utf8.applicable and "L1-08" not in utf8.failed


def test_l1_14_line_break_inside_a_value(tmp_path):
    raw = ",".join(HEADER) + "\r\n" + "".join(",".join(r) + "\r\n" for r in ROWS[:2])
    raw += '3,"西\n公民館",公民館,03-1111-4444,60\r\n'
    report = check_file(_csv(tmp_path, [], raw=raw), "csv")
    assert "L1-14" in report.failed and report.levels["L1"] == 0
    assert _where(report, "L1-14")[0][1] == 4


def test_l1_15_unquoted_quote_and_short_record(tmp_path):
    raw = ",".join(HEADER) + "\n" + '1,中央"図書館,図書館,03-1111-2222,120\n2,東図書館,図書館\n'
    report = check_file(_csv(tmp_path, [], raw=raw), "csv")
    assert "L1-15" in report.failed and report.levels["L1"] == 0
    assert {"B2", "3:3"} <= _cells(report, "L1-15")


def test_l1_enc_mojibake_is_reported_without_changing_the_score(tmp_path):
    text = "".join(",".join(r) + "\r\n" for r in [HEADER, *ROWS])
    broken = text.encode("cp932").decode("latin-1")  # Shift_JIS bytes read as Latin-1
    report = check_file(_csv(tmp_path, [], raw=broken), "csv")
    assert "L1-ENC" in report.failed
    assert "Latin-1" in next(f.seen for f in report.findings if f.rule_id == "L1-ENC")


def test_l1_04_note_below_the_table_and_l3_01_table_not_on_row_1(tmp_path):
    rows = [HEADER, *ROWS, [], ["※2024年4月1日現在"]]
    report = check_file(_xlsx(tmp_path, rows), "xlsx")
    assert report.failed == ["L1-04"] and _cells(report, "L1-04") == {"A8"}
    assert report.levels["L1"] == 95

    report = check_file(_xlsx(tmp_path, [HEADER, *ROWS], start_row=3), "xlsx")
    assert "L3-01" in report.failed and report.levels["L3"] == 0
    assert _cells(report, "L3-01") == {"A1:A2"}


def test_l2_04_variant_spelling_and_l2_05_other_details(tmp_path):
    kinds = (
        ["図書館"] * 12 + ["公民館"] * 10 + ["公民館（分館）"] + ["その他"] * 4 + ["その他（倉庫）"]
    )
    rows = [HEADER] + [
        [str(i + 1), f"施設{i + 1}", kind, "03-1111-2222", "10"] for i, kind in enumerate(kinds)
    ]
    report = check_file(_csv(tmp_path, rows), "csv")
    assert {"L2-04", "L2-05"} <= set(report.failed)
    assert "C24" in _cells(report, "L2-04")  # 公民館（分館） ≈ 公民館
    assert _cells(report, "L2-05") == {"C29"}  # その他（倉庫）
    assert report.levels["L2"] == 100 - 40 - 30


def test_l3_05_japanese_era_dates_and_l3_06_short_place_names(tmp_path):
    rows = [[*HEADER, "開設日", "市区町村"]] + [[*r, "2020-04-01", "江東区"] for r in ROWS]
    rows[3][5] = "令和3年4月1日"
    rows[4][6] = "江東"
    report = check_file(_csv(tmp_path, rows), "csv")
    assert _cells(report, "L3-05") == {"F4"}
    # G5: 江東 for 江東区; G2: names without a local government code column
    assert _cells(report, "L3-06") == {"G2", "G5"}


def test_l3_09_years_as_columns(tmp_path):
    rows = [["地区", "2020年", "2021年", "2022年", "2023年"]] + [
        [f"第{i}地区", "10", "11", "12", "13"] for i in range(1, 5)
    ]
    report = check_file(_csv(tmp_path, rows), "csv")
    assert "L3-09" in report.failed and _cells(report, "L3-09") == {"B1"}


def _bold_header(ws):
    for cell in ws[1]:
        cell.font = Font(bold=True)


@pytest.mark.parametrize(
    ("rule_id", "edit", "cells"),
    [
        ("L1-10", lambda ws: _chart(ws), {"B3"}),
        ("L1-11", lambda ws: setattr(ws["B3"], "font", Font(color="FFFF0000")), {"B2:B6"}),
        ("L1-12", lambda ws: ws.merge_cells("C3:C4"), {"C3:C4"}),
        ("L1-13", lambda ws: setattr(ws.row_dimensions[4], "hidden", True), {"4:4"}),
        ("L2-06", lambda ws: ws.__setitem__("E4", "=E2+E3"), {"E4"}),
    ],
)
def test_excel_rules(tmp_path, rule_id, edit, cells):
    report = check_file(_xlsx(tmp_path, [HEADER, *ROWS], edit=edit), "xlsx")
    assert rule_id in report.failed, report.failed
    assert _cells(report, rule_id) == cells
    assert {f.sheet for f in report.findings if f.rule_id == rule_id} == {"data"}


def test_l1_12_merged_header_cells_pass_merged_data_cells_are_fatal(tmp_path):
    rows = [
        ["施設", None, "定員（人）"],
        ["施設名", "種別", "定員（人）"],
        ["中央図書館", "図書館", 120],
        ["東図書館", "図書館", 80],
        ["西公民館", "公民館", 60],
    ]

    def merge_header(ws):
        ws.merge_cells("A1:B1")
        _bold_header(ws)

    report = check_file(_xlsx(tmp_path, rows, edit=merge_header), "xlsx")
    assert "L1-12" in report.applicable and "L1-12" not in report.failed
    report = check_file(_xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("B3:B4")), "xlsx")
    assert "L1-12" in report.failed and report.levels["L1"] == 0


def test_l1_03_blank_row_between_a_bold_header_and_the_data(tmp_path):
    report = check_file(_xlsx(tmp_path, [HEADER, [], *ROWS], edit=_bold_header), "xlsx")
    assert _cells(report, "L1-03") == {"2:2"}


def _chart(ws):
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=1, max_row=6), titles_from_data=True)
    ws.add_chart(chart, "B3")
