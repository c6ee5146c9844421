"""Standard datasets: detection by header, validation of real and planted
files (pure Python; the real-file tests skip without the shared data)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ckanext.tdpf.files import tables
from ckanext.tdpf.readability import RULES
from ckanext.tdpf.standards import detect, schemas, standards, validate

REALDATA = Path(__file__).resolve().parents[4] / "shared" / "realdata" / "municipal-data"
needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason="shared real data not present")

AED = next(s for s in schemas() if s.name == "aed-current")
GOOD = {"全国地方公共団体コード": "131083", "ID": "131083700001", "地方公共団体名": "江東区",
        "名称": "有明西学園", "名称_カナ": "アリアケニシガクエン", "所在地_連結表記": "東京都江東区有明1-7-13",
        "緯度": "35.637038", "経度": "139.784381", "設置位置": "西玄関", "開始時間": "08:00:00",
        "終了時間": "16:00", "URL": "https://example.jp/aed", "高度の値": "3;5"}


def _write(tmp_path: Path, header: list[str], rows: list[dict[str, str]]) -> str:
    path = tmp_path / "aed.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return str(path)


def _names() -> list[str]:
    return [f["name"] for f in AED.fields]


def test_schemas_ship_with_the_package():
    assert len(standards()) == 14
    assert {"aed", "evacuation_space", "public_toilet", "population"} <= set(standards())
    for schema in schemas():
        assert schema.fields and all({"name", "type"} <= set(f) for f in schema.fields)


def test_detect_survives_wording_differences():
    names = _names()
    assert detect(names) == "aed"
    # renamed and misspelt columns, other order, an extra column
    changed = ["施設名" if n == "名称" else "全国地方公共団体ｺｰﾄﾞ" if n == "全国地方公共団体コード"
               else "設置場所位置" if n == "設置位置" else n for n in reversed(names)] + ["メモ"]
    assert detect(changed) == "aed"
    assert detect(["番号", "施設名", "種別"]) is None
    assert detect([]) is None


def test_a_clean_file_passes(tmp_path):
    assert validate(_write(tmp_path, _names(), [GOOD, GOOD]), "csv", "aed") == []


def test_planted_faults_are_caught_where_they_are(tmp_path):
    names = [n for n in _names() if n != "設置位置"]               # a required column missing
    names[names.index("名称")] = "施設名"                          # a renamed column
    bad = [dict(GOOD), dict(GOOD, 全国地方公共団体コード="131084"),  # wrong check digit
           dict(GOOD, 緯度="139.784381", 経度="35.637038"),       # swapped coordinates
           dict(GOOD, 開始時間="8時"), dict(GOOD, ID="")]
    found = validate(_write(tmp_path, names, bad), "csv", "aed")
    by_rule = {f.rule_id: f for f in found}
    assert by_rule["STD-missing-column"].seen == "設置位置"
    assert by_rule["STD-renamed-column"].seen == "施設名 → 名称"
    code = by_rule["STD-code"]
    assert (code.row, code.cell) == (3, "A3") and "131083" in code.seen
    coords = [f for f in found if f.rule_id == "STD-coordinates"]
    assert {f.row for f in coords} == {4} and any("逆" in f.seen for f in coords)
    assert by_rule["STD-type"].row == 5
    assert by_rule["STD-required-value"].row == 6
    for f in found:
        assert f.level == "STD" and f.title_ja == RULES[f.rule_id].title_ja and f.fix_en


def test_unknown_standard_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown standard"):
        validate(_write(tmp_path, _names(), [GOOD]), "csv", "nothing")


@needs_realdata
def test_koto_aed_in_the_current_format_passes_cleanly():
    path = REALDATA / "koto-ward-via-my-koto" / "koto-aed.csv"
    assert detect(tables.header(str(path), "csv")) == "aed"
    assert validate(str(path), "csv", "aed") == []


@needs_realdata
def test_real_files_detected_and_their_defects_found():
    yaizu = REALDATA / "yaizu-city"
    assert detect(tables.header(str(yaizu / "AED設置箇所一覧" / "222127_aed.csv"), "csv")) == "aed"
    # the preschool list's header has a typo (― for ー in コード)
    preschool = str(yaizu / "子育て施設一覧" / "222127_preschool.csv")
    assert detect(tables.header(preschool, "csv")) == "childcare_facility"
    renamed = [f for f in validate(preschool, "csv", "childcare_facility")
               if f.rule_id == "STD-renamed-column"]
    assert renamed and "コ―ド" in renamed[0].seen
    # Ishikawa's toilet list has a longitude without its decimal point
    toilets = next(REALDATA.rglob("170003_public_toilet.csv"))
    found = validate(str(toilets), "csv", "public_toilet")
    assert [f.seen for f in found if f.rule_id == "STD-coordinates"] == ["経度 13674703.0"]
    # Koto's nursery list writes the ward's code without its check digit
    nursery = validate(str(REALDATA / "koto-ward-via-my-koto" / "koto-nursery.csv"), "csv",
                       "public_facility")
    assert any(f.rule_id == "STD-code" and f.seen.startswith("13108:") for f in nursery)
