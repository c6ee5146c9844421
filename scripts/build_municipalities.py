"""Regenerate ckanext/tdpf/vocab/municipalities.json from a public code list.

The 全国地方公共団体コード and names are public facts (JIS X 0402). We build
our own compact table from code4fukui/localgovjp's CSVs (in
``../shared/realdata/localgov-codes/`` on the team's machines):

    python scripts/build_municipalities.py ../shared/realdata/localgov-codes/code4fukui-localgovjp

Every code is re-checked against its check digit before it is written.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ckanext-tdpf"))
from ckanext.tdpf.vocab.municipality import check_digit  # noqa: E402

OUT = ROOT / "ckanext-tdpf/ckanext/tdpf/vocab/municipalities.json"


def _rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


def main(src: str) -> None:
    folder = Path(src)
    table: dict[str, dict[str, str]] = {}
    for row in _rows(folder / "prefjp-utf8.csv"):
        code = row["lgcode"].zfill(6)
        table[code] = {"name": row["pref"], "pref": row["pref"],
                       "en": row["pref_en"]}
    for row in _rows(folder / "localgovjp-utf8.csv"):
        code = row["lgcode"].zfill(6)
        table[code] = {"name": row["city"].replace(" ", ""), "pref": row["pref"]}
    bad = [c for c in table if check_digit(c[:5]) != c[5]]
    if bad:
        sys.exit(f"codes with a wrong check digit in the source: {bad}")
    OUT.write_text(json.dumps(dict(sorted(table.items())), ensure_ascii=False,
                              separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(table)} codes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
