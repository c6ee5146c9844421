#!/usr/bin/env python
"""Personal-data scan benchmark: time and peak memory of the scanner on a
large CSV, in UTF-8 and in cp932.

A realistic facility list (名称, 住所, 電話番号, 郵便番号, 緯度, 経度, URL,
備考 ...) is written row by row until the file reaches the size asked
(default 100 MB); every 10,000th row carries a planted 個人番号 in 備考, so
the scanner has something to find. Each file is then scanned in a child
process (``scanner.scan_path``, exactly what the background job runs) and
that process reports its wall time and peak RSS (``ru_maxrss``), next to
the RSS of the same interpreter after the imports alone: the difference
is what the scan holds, and it must not grow with the file.

    python bench/pii_scan.py                 # 100 MB, UTF-8 and cp932
    python bench/pii_scan.py --mb 20         # a quick check
    python bench/pii_scan.py --json var/bench-pii.json

No database, no CKAN: only the scanner module. Files go to a temporary
directory (or ``--dir``) and are removed afterwards unless ``--keep``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "ckanext-tdpf_trust"))

HEADER = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "住所",
          "方書", "緯度", "経度", "電話番号", "郵便番号", "利用可能曜日", "開始時間",
          "終了時間", "URL", "備考"]
KINDS = ["市民会館", "図書館", "公民館", "児童センター", "保育園", "体育館", "公園", "出張所"]
TOWNS = ["本町", "中央", "東陽", "西新宿", "南砂", "北区赤羽", "豊洲", "大島"]


def _check_digit(first11: str) -> int:
    from ckanext.tdpf_trust.scan.rules import my_number_check_digit
    return my_number_check_digit(first11)


def write_csv(path: str, encoding: str, target_bytes: int, seed: int = 7) -> int:
    """Write rows until the file is ``target_bytes`` long; return the rows."""
    rnd = random.Random(seed)
    rows = 0
    with open(path, "wb") as out:
        size = out.write((",".join(HEADER) + "\r\n").encode(encoding))
        while size < target_bytes:
            rows += 1
            town = rnd.choice(TOWNS)
            note = "バリアフリー対応、駐車場あり。休館日は月曜日（祝日の場合は翌日）。"
            if rows % 10_000 == 0:
                first = f"{rnd.randrange(10**10, 10**11):011d}"
                note += f" 問合せ者番号 {first}{_check_digit(first)}"
            size += out.write((",".join([
                "131083", f"{rows:010d}", "東京都江東区", f"{town}{rnd.choice(KINDS)}{rows}",
                "シセツ", f"東京都江東区{town}{rnd.randint(1, 9)}丁目{rnd.randint(1, 30)}-{rnd.randint(1, 20)}",
                "", f"35.{rnd.randrange(10**6):06d}", f"139.{rnd.randrange(10**6):06d}",
                f"03-{rnd.randint(3000, 6999)}-{rnd.randint(0, 9999):04d}",
                f"135-{rnd.randint(0, 9999):04d}", "月火水木金", "9:00", "17:00",
                f"https://www.city.example.lg.jp/shisetsu/{rows}.html", note]) + "\r\n"
            ).encode(encoding))
    return rows


def _scan_child(path: str) -> None:
    """In the child: imports, baseline RSS, scan, report as JSON."""
    from ckanext.tdpf_trust.scan import scanner

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    report = scanner.scan_path(path)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "seconds": round(elapsed, 2), "baseline_rss_mb": round(baseline / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1), "encoding": report.encoding,
        "rows": report.rows,
        "findings": [(f.rule, f.severity, f.column, f.count) for f in report.findings]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100, help="file size in MB (default 100)")
    parser.add_argument("--encodings", default="utf-8,cp932")
    parser.add_argument("--dir", help="where to write the files (default: a temporary dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--scan-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan_child:
        _scan_child(args.scan_child)
        return

    workdir = args.dir or tempfile.mkdtemp(prefix="tdpf-pii-bench-")
    results = []
    for encoding in args.encodings.split(","):
        path = os.path.join(workdir, f"facilities-{encoding}.csv")
        start = time.perf_counter()
        rows = write_csv(path, encoding, int(args.mb * 1024 * 1024))
        written = time.perf_counter() - start
        child = subprocess.run([sys.executable, __file__, "--scan-child", path],
                               check=True, capture_output=True, text=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        size_mb = os.path.getsize(path) / 1024 / 1024
        result.update(file=os.path.basename(path), size_mb=round(size_mb, 1), rows_written=rows,
                      write_seconds=round(written, 1),
                      mb_per_second=round(size_mb / result["seconds"], 1))
        results.append(result)
        print(f"{result['file']}: {result['size_mb']} MB, {rows:,} rows, "
              f"encoding {result['encoding']}: scanned in {result['seconds']} s "
              f"({result['mb_per_second']} MB/s), peak RSS {result['peak_rss_mb']} MB "
              f"(after imports {result['baseline_rss_mb']} MB)")
        for rule, severity, column, count in result["findings"]:
            print(f"    {severity:8} {rule:10} {column}: {count:,}")
        if not args.keep:
            os.remove(path)
    if not args.keep and not args.dir:
        os.rmdir(workdir)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
