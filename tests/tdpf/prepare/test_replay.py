"""A recipe saved on one edition reproduces the same output on the next
edition with changed values (planted workbooks), and, on the real files,
the Sabae workbooks prepared by the bench's recipe equal the city's own
cleaned CSV on every date both have."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ckanext.tdpf.prepare import Recipe, prepare_file

from .conftest import REALDATA, side_by_side_workbook

ROOT = Path(__file__).resolve().parents[3]


def _edition(path: Path, base: int, as_of: str) -> Path:
    return side_by_side_workbook(path, {
        name: {"日本人": base + k * 10, "計": base + k * 10 + 1}
        for k, name in enumerate(("鯖江", "神明", "立待", "豊"))}, as_of)


def _csv(path: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))


def test_recipe_of_one_edition_replays_on_the_next(tmp_path):
    first = prepare_file(str(_edition(tmp_path / "r8-4.xlsx", 100, "令和8年4月1日")),
                         str(tmp_path / "out1"))
    saved = first.recipe.to_json()
    second = prepare_file(str(_edition(tmp_path / "r8-5.xlsx", 500, "令和8年5月1日")),
                          str(tmp_path / "out2"), recipe=Recipe.from_json(saved))
    assert json.loads(second.recipe.to_json()) == json.loads(saved)
    one, two = _csv(first.outputs[0].path), _csv(second.outputs[0].path)
    assert one[0] == two[0] == ["時点", "地区名", "区分", "人口"]
    assert len(one) == len(two) == 9
    assert two[1] == ["2026-05-01", "鯖江", "日本人", "500"]
    assert two[-1] == ["2026-05-01", "豊", "計", "531"]
    # the same shape, other values: only the date and the counts differ
    assert [r[1:3] for r in one] == [r[1:3] for r in two]


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared real data not present")
def test_sabae_workbooks_equal_the_citys_cleaned_csv(tmp_path):
    folder = REALDATA / "excel-pdf" / "sabae-population-xls"
    recipe = Recipe.from_json((ROOT / "bench" / "prepare" / "sabae.recipe.json").read_text(
        encoding="utf-8"))
    city = {r[0]: r for r in _csv(str(folder / "sabae_population.csv"))[1:]}
    header = _csv(str(folder / "sabae_population.csv"))[0]
    compared = 0
    for book in sorted(folder.glob("*.xls*")):
        result = prepare_file(str(book), str(tmp_path / book.stem), recipe=recipe, score=False)
        for out in result.outputs:
            rows = _csv(out.path)
            assert rows[0] == header
            for row in rows[1:]:
                if row[0] in city:
                    assert row == city[row[0]], (book.name, row[0])
                    compared += 1
    assert compared >= 20


@pytest.mark.skipif(not REALDATA.is_dir(), reason="shared real data not present")
def test_real_pdf_tables_come_out_as_csv(tmp_path):
    pdf = REALDATA / "excel-pdf" / "bodik-odpkg-pdf" / "パラメータシート.pdf"
    result = prepare_file(str(pdf), str(tmp_path))
    assert result.format == "pdf" and len(result.outputs) == 1
    rows = _csv(result.outputs[0].path)
    assert rows[0][:4] == ["", "カテゴリ", "項目名", "デフォルト値"] or "項目名" in rows[0]
    assert any("CKAN_URL" in r for r in rows)
    assert result.after["L1"] is not None and result.after["L1"] >= 90
