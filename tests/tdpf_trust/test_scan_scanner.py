"""The personal-data scanner on its own (no CKAN): planted 個人番号, names and
birth dates are caught in every encoding and in Excel; office phone numbers
of facility lists are only information; real municipal open data gives no
blocking finding; no raw value leaves the scanner."""
from __future__ import annotations

import datetime
import io
import json
import pathlib

import pytest

from ckan.cli.cli import ckan as ckan_cli

from ckanext.tdpf_trust.scan import rules, scanner

REALDATA = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata" / "municipal-data"

# 123456789018 is the textbook valid 個人番号 (check digit 8, computed by hand
# from 施行令第八条); the others are made valid with the scanner's own
# function, which the first assertion below pins to the hand computation.
PEOPLE = [
    ("山田 太郎", "ヤマダ タロウ", "1980-04-01", "東京都新宿区西新宿2丁目8-1", "090-1234-5678",
     "taro.yamada@gmail.com", "123456789018"),
    ("佐藤 花子", "サトウ ハナコ", "昭和55年12月3日", "東京都江東区東陽4丁目11-28", "080-2345-6789",
     "hanako@example.jp", None),
    ("鈴木一郎", "スズキ イチロウ", "2001/7/15", "静岡県焼津市本町2-16-32", "03-1234-5678",
     "ichiro@yahoo.co.jp", None),
]
HEADER = ["氏名", "フリガナ", "生年月日", "住所", "電話番号", "メールアドレス", "個人番号"]


def _my_number(seed: int) -> str:
    first = f"{seed:011d}"
    return first + str(rules.my_number_check_digit(first))


def _people_rows():
    rows = [HEADER]
    for i, person in enumerate(PEOPLE):
        rows.append([*person[:6], person[6] or _my_number(52_000_000_000 + i * 7919)])
    return rows


def _csv(rows, encoding="utf-8", delimiter=",") -> bytes:
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    return text.encode(encoding)


def _xlsx(rows) -> bytes:
    """A workbook: the rows on sheet 名簿, and a second sheet where birth
    dates are real Excel dates and 個人番号 are numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名簿"
    for row in rows:
        sheet.append(row)
    typed = book.create_sheet("会員")
    typed.append(["会員名", "生年月日", "マイナンバー"])
    typed.append(["田中 一郎", datetime.date(1990, 5, 6), 123456789018])
    typed.append(["高橋 直子", datetime.datetime(1988, 1, 2), float(_my_number(52_000_000_001))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _by_rule(report):
    return {f.rule: f for f in report.findings}


def test_check_digit_and_masking():
    assert rules.my_number_check_digit("12345678901") == 8
    assert rules.is_my_number("1234 5678 9018") and rules.is_my_number("123456789018")
    assert not rules.is_my_number("123456789012") and not rules.is_my_number("12345678901")
    assert rules.header_kind("発生年月日") is None  # an accident date, not a birth date
    assert rules.header_kind("生年月日") == "birth_date"
    assert rules.looks_like_person_name("池田　花子") and not rules.looks_like_person_name("市民会館")
    assert not rules.looks_like_person_name("株式会社山田") and rules.looks_like_person_name("山田太郎")
    for value, rule in [("123456789018", "my_number"), ("090-1234-5678", "phone"),
                        ("山田 太郎", "person_name"), ("taro@gmail.com", "email")]:
        masked = rules.mask(value, rule)
        assert masked != value and value not in masked and "太郎" not in masked
    assert rules.mask("taro@gmail.com", "email") == "***@gmail.com"


@pytest.mark.parametrize("kind", ["utf-8", "utf-8-sig", "cp932", "euc_jp", "tsv", "xlsx"])
def test_planted_personal_data_is_caught_in_every_encoding(kind):
    rows = _people_rows()
    if kind == "xlsx":
        data, fmt = _xlsx(rows), "xlsx"
    elif kind == "tsv":
        data, fmt = _csv(rows, delimiter="\t"), "tsv"
    else:
        data, fmt = _csv(rows, kind), "csv"
    report = scanner.scan_bytes(data, fmt)
    assert report.encoding == {"tsv": "utf-8"}.get(kind, kind)
    found = {f.rule: f for f in report.findings if f.sheet != "会員"}
    assert {f.severity for f in report.findings} == {"blocking"}
    assert set(found) == {"person_name", "birth_date", "my_number", "address", "phone",
                          "email"}
    assert found["my_number"].count == 3 and found["my_number"].rows == [2, 3, 4]
    names = [(f.column, f.count) for f in report.findings
             if f.rule == "person_name" and f.sheet != "会員"]
    assert names == [("氏名", 3), ("フリガナ", 3)]
    assert found["birth_date"].count == 3 and found["phone"].reason == "person_table"
    if kind == "xlsx":
        typed = {(f.rule, f.count) for f in report.findings if f.sheet == "会員"}
        assert typed == {("person_name", 2), ("birth_date", 2), ("my_number", 2)}
    stored = json.dumps([f.as_dict() for f in report.findings], ensure_ascii=False)
    for person in PEOPLE:  # nothing raw is kept
        for value in person:
            assert not value or value not in stored


def test_facility_list_contact_data_is_information_only():
    rows = [["名称", "住所", "電話番号", "郵便番号", "メールアドレス"],
            ["市民会館", "三重県鈴鹿市神戸1-18-18", "059-382-0654", "513-0801", "kaikan@city.example.lg.jp"],
            ["中央図書館", "三重県鈴鹿市神戸2-1", "(059)382-0347", "513-0802", "tosho@city.example.lg.jp"]]
    report = scanner.scan_bytes(_csv(rows), "csv")
    assert report.blocking == []
    assert {f.rule for f in report.findings} == {"phone", "postal", "email"}
    assert {f.reason for f in report.findings} == {"facility"}

    # the same contacts without any facility: mobile numbers and free mail are people's
    rows = [["連絡先", "メール", "メモ"], ["090-1111-2222", "a@gmail.com", "x"],
            ["080-3333-4444", "b@docomo.ne.jp", "y"]]
    found = _by_rule(scanner.scan_bytes(_csv(rows), "csv"))
    assert found["phone"].severity == found["email"].severity == "blocking"
    assert (found["phone"].reason, found["email"].reason) == ("mobile", "personal_mail")


def test_twelve_digit_codes_are_not_my_numbers_unless_they_all_check():
    # timestamps and IDs: about one in ten passes the check digit by chance
    rows = [["記録ID", "値"]] + [[f"2023{n:08d}", "1"] for n in range(100)]
    report = scanner.scan_bytes(_csv(rows), "csv")
    assert report.blocking == []
    # one planted in a free-text column is caught
    rows = [["名称", "備考"], ["相談窓口", "本人確認 1234 5678 9018"], ["受付", "なし"]]
    found = _by_rule(scanner.scan_bytes(_csv(rows), "csv"))
    assert found["my_number"].severity == "blocking" and found["my_number"].rows == [2]


def test_layouts_json_and_size_cap():
    # metadata rows above the header (Takamatsu style), a person list below
    rows = [["#lang", "ja", ""], ["#license", "CC BY", ""], ["氏名", "生年月日", "備考"],
            ["山田 太郎", "1980-04-01", ""], ["佐藤 花子", "1975-01-02", ""]]
    found = _by_rule(scanner.scan_bytes(_csv(rows, "utf-8-sig"), "csv"))
    assert found["person_name"].rows == [4, 5] and found["birth_date"].column == "生年月日"

    people = [{"name": "山田 太郎", "birthday": "1980-04-01", "tel": "090-1234-5678"},
              {"name": "佐藤 花子", "birthday": "1975-01-02", "tel": "080-2345-6789"}]
    report = scanner.scan_bytes(json.dumps({"members": people}, ensure_ascii=False).encode(),
                                None, name="x.json")
    assert report.format == "json"
    assert {f.rule for f in report.blocking} == {"person_name", "birth_date", "phone"}
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None,
         "properties": {"名称": "市民会館", "電話番号": "059-382-0654"}}]}
    report = scanner.scan_bytes(json.dumps(geo, ensure_ascii=False).encode(), "geojson")
    assert report.blocking == [] and [f.rule for f in report.findings] == ["phone"]

    # arrays are streamed: many small elements pass any size cap, one huge one does not
    big = json.dumps({"members": people * 5000}).encode()
    report = scanner.scan_bytes(big, "json", json_max_bytes=1000)
    assert len(big) > 500_000 and report.rows == 10_000 and not report.notes
    assert {(f.rule, f.sheet, f.count) for f in report.blocking} == {
        ("person_name", "members", 10_000), ("birth_date", "members", 10_000),
        ("phone", "members", 10_000)}
    huge = json.dumps([{"memo": "x" * 5000}]).encode()
    report = scanner.scan_bytes(huge, "json", json_max_bytes=1000)
    assert [(f.rule, f.severity) for f in report.findings] == [("too_large", "blocking")]
    # a CSV written as JSON arrays, header first
    rows = json.dumps([HEADER[:3], list(PEOPLE[0][:3]), list(PEOPLE[1][:3])], ensure_ascii=False)
    found = {f.rule for f in scanner.scan_bytes(rows.encode(), "json").blocking}
    assert found == {"person_name", "birth_date"}
    assert scanner.scan_bytes(b"%PDF-1.4", "pdf") is None
    # what cannot be read is not passed as clean
    for data, fmt in [(b"hello", "xlsx"), (b"{not json", "json")]:
        report = scanner.scan_bytes(data, fmt)
        assert report.notes and [(f.rule, f.severity) for f in report.findings] == [
            ("unreadable", "blocking")]


def test_shift_jis_through_latin1_mojibake_is_repaired():
    rows = [HEADER[:3], list(PEOPLE[0][:3]), list(PEOPLE[1][:3])]
    mojibake = _csv(rows, "cp932").decode("latin-1").encode("utf-8")
    report = scanner.scan_bytes(mojibake, "csv")
    assert report.encoding == "latin1-mojibake"
    assert {f.rule for f in report.blocking} == {"person_name", "birth_date"}


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared real data not present")
def test_real_municipal_open_data_has_no_blocking_findings(cli):
    """Every CSV/XLSX of the municipal sample (public facility lists: AED,
    shelters, toilets, libraries, nurseries...) scans without error; their
    office phone numbers and postal codes are information, not blocking."""
    files = sorted([*REALDATA.rglob("*.csv"), *REALDATA.rglob("*.xlsx")])
    assert len(files) >= 45
    reports = {f.name: scanner.scan_path(str(f)) for f in files}
    assert all(r is not None and not r.notes for r in reports.values())
    assert sum(len(r.blocking) for r in reports.values()) == 0
    info = [f for r in reports.values() for f in r.findings]
    assert sum(f.rule == "phone" for f in info) >= 20  # the phones were seen
    assert reports["170003_aed.csv"].encoding == "latin1-mojibake"
    assert reports["yohairyosya.csv"].encoding == "cp932"

    # the same measure from the command line, JSON files too (exit 0: nothing blocks)
    scanned = len(files) + len(list(REALDATA.rglob("*.json")))
    result = cli.invoke(ckan_cli, ["tdpf", "scan", "files", str(REALDATA)])
    assert result.exit_code == 0, result.output
    assert f"{scanned} files scanned, 0 with blocking findings (0.0%), 0 unreadable" \
        in result.output
