#!/usr/bin/env python
"""Data preparation on every real file: L1/L2/L3 before and after the
automatic steps, the steps proposed, seconds per file; the peak memory of
the largest file (in a child process, against the same interpreter after
its imports); and the Sabae workbooks prepared by
bench/prepare/sabae.recipe.json compared cell for cell with the city's
own cleaned sabae_population.csv.

    python bench/prepare.py                # everything, a Markdown table on stdout
    python bench/prepare.py --no-memory    # without the child process
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ckanext-tdpf"))
REALDATA = ROOT.parent / "shared" / "realdata"
FOLDERS = [REALDATA / "municipal-data", REALDATA / "excel-pdf"]
SUFFIXES = {".csv", ".tsv", ".xlsx", ".xls", ".pdf"}
SABAE = REALDATA / "excel-pdf" / "sabae-population-xls"

# VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across exec
CHILD = """
import sys, time
def hwm():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
sys.path.insert(0, sys.argv[1])
from ckanext.tdpf.prepare import prepare_file
from ckanext.tdpf.prepare import sources, steps  # noqa: F401
import pdfplumber, openpyxl, xlrd  # noqa: F401 - the readers' imports are no file's cost
base = hwm()
t = time.perf_counter()
prepare_file(sys.argv[2], sys.argv[3])
print(time.perf_counter() - t, base, hwm())
"""


def _levels(levels: dict) -> str:
    return "/".join("-" if levels.get(k) is None else str(levels[k]) for k in ("L1", "L2", "L3"))


def files() -> list[Path]:
    return sorted(p for f in FOLDERS if f.is_dir() for p in f.rglob("*")
                  if p.suffix.lower() in SUFFIXES and p.is_file())


def per_file(out: str) -> list[dict]:
    from ckanext.tdpf.prepare import prepare_file
    rows = []
    for path in files():
        started = time.perf_counter()
        try:
            result = prepare_file(str(path), os.path.join(out, path.stem))
        except (ValueError, OSError) as exc:
            rows.append({"file": path, "error": str(exc)})
            continue
        rows.append({"file": path, "format": result.format, "before": result.before,
                     "after": result.after, "tables": len(result.outputs),
                     "steps": [s.name for s in result.recipe.steps],
                     "failed": sorted({f for o in result.outputs for f in o.failed}),
                     "seconds": time.perf_counter() - started})
    return rows


def memory(path: Path, out: str) -> tuple[float, float, float]:
    """(seconds, MB held beyond the interpreter's imports, peak MB) for one file."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "ckanext-tdpf"), str(path),
                           out], capture_output=True, text=True, check=True)
    seconds, base, peak = done.stdout.split()
    return float(seconds), (int(peak) - int(base)) / 1024, int(peak) / 1024


def sabae(out: str) -> dict:
    """Our CSV of the three workbooks against the city's, by date."""
    from ckanext.tdpf.prepare import Recipe, prepare_file
    recipe = Recipe.from_json((ROOT / "bench" / "prepare" / "sabae.recipe.json").read_text(
        encoding="utf-8"))
    city = {r["date"]: r for r in csv.DictReader(
        io.StringIO((SABAE / "sabae_population.csv").read_text(encoding="utf-8-sig")))}
    compared = same = 0
    differences: list[str] = []
    missing: list[str] = []
    for book in sorted(SABAE.glob("*.xls*")):
        result = prepare_file(str(book), os.path.join(out, "sabae", book.stem), recipe=recipe,
                              score=False)
        for output in result.outputs:
            text = Path(output.path).read_text(encoding="utf-8-sig")
            for row in csv.DictReader(io.StringIO(text)):
                theirs = city.get(row["date"])
                if theirs is None:
                    missing.append(row["date"])
                    continue
                for key, value in theirs.items():
                    compared += 1
                    if (row.get(key) or "") == value:
                        same += 1
                    else:
                        differences.append(f"{book.name} {row['date']} {key}: ours "
                                           f"{row.get(key)!r}, city {value!r}")
    return {"compared": compared, "same": same, "differences": differences,
            "not_in_city_csv": sorted(set(missing))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args(argv)
    if not REALDATA.is_dir():
        print("no ../shared/realdata here", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="tdpf-bench-prepare-") as out:
        rows = per_file(out)
        print("| file | format | L1/L2/L3 before | after | tables | s | steps | still failing |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            name = r["file"].relative_to(REALDATA)
            if "error" in r:
                print(f"| {name} | | | not prepared: {r['error']} | | | | |")
                continue
            print(f"| {name} | {r['format']} | {_levels(r['before'])} | {_levels(r['after'])} "
                  f"| {r['tables']} | {r['seconds']:.2f} | {', '.join(r['steps']) or '-'} "
                  f"| {' '.join(r['failed']) or '-'} |")
        total = sum(r.get("seconds", 0) for r in rows)
        print(f"\n{len(rows)} files in {total:.1f} s")
        if not args.no_memory:  # the largest file of each format
            by_format: dict[str, Path] = {}
            for path in files():
                kind = path.suffix.lower()
                if kind not in by_format or path.stat().st_size > by_format[kind].stat().st_size:
                    by_format[kind] = path
            for path in by_format.values():
                seconds, mb, peak_mb = memory(path, os.path.join(out, "memory"))
                print(f"largest {path.suffix}: {path.relative_to(REALDATA)} "
                      f"({path.stat().st_size / 2**20:.2f} MB): {seconds:.2f} s, "
                      f"{mb:.1f} MB peak beyond the imports, {peak_mb:.0f} MB peak RSS")
            print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
                  f" MB peak RSS)")
        found = sabae(out)
        print(f"\nSabae: {found['same']} of {found['compared']} cells the same as the city's "
              f"sabae_population.csv; dates not in it: {', '.join(found['not_in_city_csv'])}")
        for line in found["differences"]:
            print(f"  {line}")
        print(json.dumps({"differences": len(found["differences"])}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
