#!/usr/bin/env python
"""Machine-readability check benchmark: seconds per real municipal file,
and peak memory on a large generated CSV.

Each real file (../shared/realdata/municipal-data and excel-pdf: CSV, TSV,
XLSX, XLS) is checked ``--repeat`` times in this process after one warm-up
run of the imports; the best and the median time per file are written to a
CSV. Then a facility list of ``--mb`` MB is written and checked in a child
process that reports its wall time and peak RSS next to the RSS of the
same interpreter after the imports: the difference is what the check holds.
The agency's own checker took 0.5-1.1 s per real municipal file on this
kind of machine; the target is a tenth of that.

    python bench/readability.py                    # real files + a 100 MB CSV
    python bench/readability.py --mb 0             # real files only
    python bench/readability.py --csv var/artifacts/bench-readability.csv
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "ckanext-tdpf"))
REALDATA = os.path.join(os.path.dirname(ROOT), "shared", "realdata")

HEADER = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "所在地_連結表記",
          "緯度", "経度", "電話番号", "定員（人）", "開設日", "備考"]
KINDS = ["市民会館", "図書館", "公民館", "児童センター", "保育園", "体育館", "公園", "出張所"]

CHILD = """
import json, resource, sys, time
from ckanext.tdpf.readability import check_file
from ckanext.tdpf.readability.cells import regions
regions()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
r = check_file(sys.argv[1], "csv")
print(json.dumps({"seconds": time.perf_counter() - t, "base_kb": base,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "levels": r.levels, "failed": r.failed, "rows": r.rows}))
"""


def real_files(repeat: int, out_csv: str | None) -> None:
    from ckanext.tdpf.readability import check_file
    from ckanext.tdpf.readability.report import FORMATS, files

    found = files([os.path.join(REALDATA, "municipal-data"), os.path.join(REALDATA, "excel-pdf")])
    if not found:
        print("no real files (shared/realdata missing)")
        return
    check_file(str(found[0]), FORMATS[found[0].suffix.lower()])   # warm-up: imports, code table
    rows = []
    for path in found:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            check_file(str(path), FORMATS[path.suffix.lower()])
            times.append(time.perf_counter() - started)
        rows.append({"file": os.path.relpath(path, REALDATA), "bytes": path.stat().st_size,
                     "best_s": round(min(times), 4), "median_s": round(statistics.median(times), 4)})
    best = [r["best_s"] for r in rows]
    print(f"{len(rows)} real files: median {statistics.median(best):.4f} s, "
          f"mean {statistics.mean(best):.4f} s, max {max(best):.4f} s per file "
          f"({max(rows, key=lambda r: r['best_s'])['file']})")
    if out_csv:
        os.makedirs(os.path.dirname(out_csv) or ".", exist_ok=True)
        with open(out_csv, "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"per-file times -> {out_csv}")


def big_csv(mb: int, directory: str | None) -> None:
    rnd = random.Random(19)
    fd, path = tempfile.mkstemp(suffix=".csv", dir=directory)
    target = mb * 1024 * 1024
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(HEADER)
        i = 0
        while stream.tell() < target:
            i += 1
            kind = rnd.choice(KINDS)
            writer.writerow(["131083", f"131083{i:08d}", "江東区", f"{kind}{i}", "シセツ",
                             f"東京都江東区東陽{rnd.randint(1, 7)}-{rnd.randint(1, 30)}-{rnd.randint(1, 20)}",
                             f"{35.6 + rnd.random() / 10:.6f}", f"{139.8 + rnd.random() / 10:.6f}",
                             f"03-{rnd.randint(1000, 9999)}-{rnd.randint(1000, 9999)}",
                             str(rnd.randint(10, 500)), "2024-04-01", ""])
    size = os.path.getsize(path)
    try:
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "ckanext-tdpf"))
        out = subprocess.run([sys.executable, "-c", CHILD, path], capture_output=True, text=True,
                             env=env, check=True).stdout
        got = json.loads(out.strip().splitlines()[-1])
    finally:
        os.unlink(path)
    held = (got["peak_kb"] - got["base_kb"]) / 1024
    print(f"{size / 1e6:.0f} MB CSV, {got['rows']} rows: {got['seconds']:.1f} s "
          f"({size / 1e6 / got['seconds']:.1f} MB/s), peak RSS {got['peak_kb'] / 1024:.0f} MB, "
          f"{held:.0f} MB above the imports; levels {got['levels']} failed {got['failed']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mb", type=int, default=100, help="size of the generated CSV (0: none)")
    parser.add_argument("--csv", default=os.path.join(ROOT, "var", "artifacts", "bench-readability.csv"))
    parser.add_argument("--dir", default=None, help="where to write the generated CSV")
    args = parser.parse_args()
    real_files(args.repeat, args.csv)
    if args.mb:
        big_csv(args.mb, args.dir)
    print(f"(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
