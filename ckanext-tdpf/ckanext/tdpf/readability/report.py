"""Print each file's L1/L2/L3 scores and failed rules as a table.

    python -m ckanext.tdpf.readability.report <files or folders> [--markdown] [--csv]

Folders are walked for .csv/.tsv/.xlsx/.xls files; the format comes from
the extension."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from .. import csvexport
from .check import check_file

__all__ = ["files", "main", "rows"]

FORMATS = {".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".xls": "xls"}


def files(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(x for x in p.rglob("*") if x.suffix.lower() in FORMATS))
        elif p.suffix.lower() in FORMATS:
            found.append(p)
    return found


def _level(value: int | None) -> str:
    return "-" if value is None else str(value)


def rows(paths: Iterable[Path], root: Path | None = None) -> list[dict[str, str]]:
    out = []
    for path in paths:
        started = time.perf_counter()
        report = check_file(str(path), FORMATS[path.suffix.lower()])
        seconds = time.perf_counter() - started
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        out.append(
            {
                "file": name,
                "L1": _level(report.levels.get("L1")),
                "L2": _level(report.levels.get("L2")),
                "L3": _level(report.levels.get("L3")),
                "failed": " ".join(report.failed),
                "encoding": report.encoding or "",
                "tables": str(report.tables),
                "seconds": f"{seconds:.3f}",
                "error": report.error or "",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="L1/L2/L3 scores and failed rules of each file")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--csv", action="store_true", help="CSV instead of a Markdown table")
    args = parser.parse_args(argv)
    found = files(args.paths)
    root = Path(args.paths[0]) if len(args.paths) == 1 and Path(args.paths[0]).is_dir() else None
    table = rows(found, root)
    columns = ["file", "L1", "L2", "L3", "failed", "encoding", "tables", "seconds", "error"]
    if args.csv:
        # the bundle's writer: people open this in Excel
        sys.stdout.flush()
        sys.stdout.buffer.write(csvexport.to_bytes(columns, [[row.get(c, "") for c in columns]
                                                             for row in table]))
        return 0
    sys.stdout.write("| " + " | ".join(columns) + " |\n")
    sys.stdout.write("|" + "---|" * len(columns) + "\n")
    for row in table:
        sys.stdout.write("| " + " | ".join(row[c] for c in columns) + " |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
