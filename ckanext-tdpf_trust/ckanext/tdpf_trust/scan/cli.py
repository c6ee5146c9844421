"""`ckan tdpf scan ...`: scan local files the way the background job does
(to measure the rules on real data, or to check a file before upload)."""
from __future__ import annotations

import os
import sys

import click


@click.group(short_help="Personal-data scan")
def scan():
    """The personal-data scanner."""


def _files(paths: tuple[str, ...]):
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.lower().endswith((".csv", ".tsv", ".xlsx", ".json", ".geojson")):
                        yield os.path.join(root, name)
        else:
            yield path


@scan.command("files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--all-findings", is_flag=True, help="also list information-only findings")
def files(paths, all_findings):
    """Scan files (directories: every CSV/TSV/XLSX/JSON below them) and
    print their findings; exit status 1 when any finding blocks."""
    from .scanner import scan_path

    scanned = blocked = errors = 0
    for path in _files(paths):
        report = scan_path(path)
        if report is None:
            continue
        scanned += 1
        errors += bool(report.notes)
        blocking = report.blocking
        blocked += bool(blocking)
        click.echo(f"{path}: {report.encoding}, {report.rows} rows, "
                   f"{len(blocking)} blocking, {len(report.findings) - len(blocking)} info"
                   + (f" ({'; '.join(report.notes)})" if report.notes else ""))
        for f in report.findings:
            if f.severity == "blocking" or all_findings:
                where = f"{f.sheet} / {f.column}" if f.sheet else f.column
                click.echo(f"    {f.severity} {f.rule} [{f.reason}] {where}: {f.count} "
                           f"rows {f.rows} e.g. {', '.join(f.samples)}")
    rate = blocked / scanned if scanned else 0.0
    click.echo(f"{scanned} files scanned, {blocked} with blocking findings ({rate:.1%}), "
               f"{errors} unreadable")
    sys.exit(1 if blocked else 0)


commands = [scan]
