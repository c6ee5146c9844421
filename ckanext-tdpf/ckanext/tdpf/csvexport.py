"""The one CSV writer of the bundle: every CSV download (data rate, market
usage and fee statements, the audit log) is UTF-8 with a BOM, so that Excel
reads Japanese, with CRLF line ends, and no cell of it is a formula.

Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell whose
text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(``=HYPERLINK(...)`` in a reason a user typed). Such text gets a leading
apostrophe, which spreadsheets show as text and do not display.

Numbers are the exception, by type: an ``int``, ``float`` or ``Decimal`` is
written as it is, negative ones too (a fee correction of -1000 stays a
number in its column). Text is treated as text even when it looks like a
number (``"-1000"`` becomes ``'-1000``): callers put amounts and counts in
the row as numbers, never as formatted text.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import flask

__all__ = ["cell", "machine_writer", "to_bytes", "response", "streamed_response"]

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal)

Row = Iterable[Any]


def cell(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: numbers unchanged, text that a
    spreadsheet would run as a formula with a leading ``'`` (a lone "-",
    which some reports write for "none", is no formula)."""
    if isinstance(value, NUMBERS) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and text != "-":
        return "'" + text
    return text


def machine_writer(stream: Any) -> Any:
    """A plain csv writer for CSV that a program reads, never a person's
    download: the DataStore loader's PostgreSQL COPY, where a formula guard
    would change the data (no BOM, no apostrophes)."""
    return csv.writer(stream)


def _text(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [cell(value) for value in row] for row in rows)
    return out.getvalue()


def to_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    """The whole file: BOM, header line, rows."""
    return (BOM + _text([header, *rows])).encode("utf-8")


def _headers(filename: str) -> dict[str, str]:
    # names come from ids and slugs; anything else would break the header
    safe = re.sub(r"[^\w.-]", "_", filename, flags=re.ASCII) or "export.csv"
    return {"Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{safe}"'}


def response(filename: str, header: Row, rows: Iterable[Row]) -> flask.Response:
    """A download of ``filename`` built in memory (reports of bounded size)."""
    return flask.Response(to_bytes(header, rows), headers=_headers(filename))


def streamed_response(filename: str, header: Row,
                      batches: Iterable[Iterable[Row]]) -> flask.Response:
    """A download written batch by batch as the client reads it (exports as
    large as a table), inside the request's context."""
    def generate() -> Iterator[bytes]:
        yield (BOM + _text([header])).encode("utf-8")
        for batch in batches:
            yield _text(batch).encode("utf-8")
    return flask.Response(flask.stream_with_context(generate()), headers=_headers(filename))
