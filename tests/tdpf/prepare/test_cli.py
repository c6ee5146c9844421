"""`ckan tdpf prepare FILE... --out DIR`: every file's results and recipe
written, a summary line per file with L1-L3 before and after; a recipe
replayed; bad options refused with their reason."""
from __future__ import annotations

import csv
import io
import json

from ckanext.tdpf.cli import tdpf

from .conftest import edition, side_by_side_workbook


def _read(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_batch_of_a_csv_and_a_workbook(cli, tmp_path):
    first = tmp_path / "hinanjo-04.csv"
    first.write_bytes(edition("800人", "4"))
    book = side_by_side_workbook(tmp_path / "jinko.xlsx", {
        "鯖江": {"日本人": 1, "計": 2}, "神明": {"日本人": 3, "計": 4}}, "令和8年4月1日")
    out = tmp_path / "out"
    result = cli.invoke(tdpf, ["prepare", str(first), str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line[:1] != " "}
    assert "trim_rows" in lines["hinanjo-04.csv"] and "numbers" in lines["hinanjo-04.csv"]
    assert "split_tables" in lines["jinko.xlsx"]
    assert _read(out / "hinanjo-04.csv")[1] == ["2026-04-01", "中央公園", "高松市番町1", "1400"]
    assert _read(out / "jinko.csv")[0] == ["時点", "地区名", "区分", "人口"]
    recipe = json.loads((out / "hinanjo-04.recipe.json").read_text(encoding="utf-8"))
    assert recipe["tdpf_recipe"] == 1

    second = tmp_path / "hinanjo-05.csv"
    second.write_bytes(edition("750人", "5"))
    again = cli.invoke(tdpf, ["prepare", str(second), "--out", str(out), "--recipe",
                              str(out / "hinanjo-04.recipe.json"), "--json"])
    assert again.exit_code == 0, again.output
    found = json.loads(again.output[again.output.index("{"):])
    assert found["results"][0]["recipe"] == recipe
    assert found["results"][0]["after"]["L1"] >= found["results"][0]["before"]["L1"]
    assert _read(out / "hinanjo-05.csv")[2] == ["2026-05-01", "市民会館", "高松市桜町", "750"]


def test_bad_options_and_files(cli, tmp_path):
    good = tmp_path / "a.csv"
    good.write_bytes(edition("800人", "4"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"steps": [{"step": "nope"}]}', encoding="utf-8")
    refused = cli.invoke(tdpf, ["prepare", str(good), "--out", str(tmp_path), "--recipe",
                                str(bad)])
    assert refused.exit_code != 0 and "unknown step: nope" in refused.output
    refused = cli.invoke(tdpf, ["prepare", str(good), "--out", str(tmp_path), "--standard",
                                "nope"])
    assert refused.exit_code != 0 and "unknown standard" in refused.output
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    mixed = cli.invoke(tdpf, ["prepare", str(good), str(notes), "--out", str(tmp_path / "o")])
    assert mixed.exit_code == 1
    assert "notes.txt" in mixed.output and "not prepared" in mixed.output
    assert (tmp_path / "o" / "a.csv").exists()
