"""Small planted files for the preparation steps: written in the test's
temporary folder in the shapes real municipal files come in."""
from __future__ import annotations

from pathlib import Path

import pytest

from ckan.tests import factories

from tests import factories as tdpf_factories
from tests.factories import WARRANTY

REALDATA = Path(__file__).resolve().parents[4] / "shared" / "realdata"


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def planted(tmp_path: Path):
    def make(name: str, rows: list[list[str]], encoding: str = "utf-8") -> Path:
        return write_csv(tmp_path / name, rows, encoding)
    return make


def side_by_side_workbook(path: Path, values: dict[str, dict[str, int]], as_of: str) -> Path:
    """A Sabae-style sheet: a merged title, the date above the header, two
    tables side by side (district, kind, count) with the district written
    once per group, a note below."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = as_of
    sheet["A1"] = "地　区　別　人　口"
    sheet.merge_cells("A1:H1")
    sheet["G2"] = f"{as_of}現在"
    header = ["地区名", "区分", "人口"]
    for offset in (0, 4):
        for i, h in enumerate(header):
            sheet.cell(row=4, column=offset + i + 1, value=h)
    districts = list(values)
    half = (len(districts) + 1) // 2
    for k, district in enumerate(districts):
        offset = 0 if k < half else 4
        top = 5 + (k % half) * 2
        sheet.cell(row=top, column=offset + 1, value=district)
        for j, kind in enumerate(("日本人", "計")):
            sheet.cell(row=top + j, column=offset + 2, value=kind)
            sheet.cell(row=top + j, column=offset + 3, value=values[district][kind])
    sheet.cell(row=6 + half * 2, column=1, value="※ 外国人を含みます。")
    book.save(path)
    return path


def planted_csv(rows: list[list[str]]) -> bytes:
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("cp932")


def edition(capacity: str, month: str) -> bytes:
    return planted_csv([["#title", "高松市 避難所一覧", ""], ["#updated", f"令和8年{month}月1日", ""],
                 ["名称", "所在地", "収容人数"], ["中央公園", "高松市番町1", f'"1,{month}00人"'],
                 ["市民会館", "高松市桜町", capacity]])


@pytest.fixture
def site(clean_db, create_with_upload):
    operator = factories.Sysadmin()
    provider = factories.UserWithToken()
    reader, outsider, lonely = (factories.User() for _ in range(3))
    org = factories.Organization(users=[{"name": provider["name"], "capacity": "editor"},
                                        {"name": reader["name"], "capacity": "member"}])
    factories.Organization(users=[{"name": outsider["name"], "capacity": "editor"}])
    ds = tdpf_factories.Dataset(owner_org=org["id"], name="hinanjo", private=False)

    def upload(data: bytes, name: str) -> dict:
        return create_with_upload(
            data, name, package_id=ds["id"], context={"user": provider["name"]}, name=name,
            format="CSV", tdpf_warranty_attestation=dict(WARRANTY, personal_data_kind="非個人情報"))
    return {"operator": operator, "provider": provider, "reader": reader,
            "outsider": outsider, "lonely": lonely, "upload": upload}


def ctx(user: dict | None) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}
