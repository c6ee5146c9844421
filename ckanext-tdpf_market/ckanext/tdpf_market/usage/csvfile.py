"""CSV downloads of the market reports: UTF-8 with a BOM (so that Excel
reads Japanese), CRLF line ends."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

import flask


def to_bytes(header: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> flask.Response:
    return flask.Response(to_bytes(header, rows), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"'})
