"""Files in, tables out: every sheet of a workbook (.xlsx, old .xls with
its code page), every table of every PDF page (pdfplumber) and the one
table of a CSV/TSV (in whatever encoding its bytes are) become
:class:`~.table.Table` objects, each offered as its own result.

Spreadsheets are read by the readability rules' streaming readers (the
same cells the L1-L3 scores judged); formulas arrive as the values Excel
stored with them."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
from typing import Any

from ..files import tables as file_tables
from ..readability import reader
from .table import Table

__all__ = ["FORMATS", "detect_format", "read", "read_text"]

FORMATS = ("csv", "tsv", "xlsx", "xls", "pdf")
MAX_PDF_PAGES = 500


def detect_format(path: str, declared: str | None = None) -> str | None:
    """csv/tsv/xlsx/xls/pdf from the bytes (a PDF, a ZIP workbook, an OLE
    workbook) and else from the name's extension."""
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    ext = (declared or os.path.splitext(path)[1].lstrip(".")).lower()
    if ext not in FORMATS:  # a workbook under another name; no text of unknown kind
        return found if (found := file_tables.sniff(path, "xlsx")) else None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and ext in ("csv", "tsv"):
        return ext  # text with NUL bytes, which the pipeline's sniffing refuses
    return file_tables.sniff(path, ext) or (ext if ext == "pdf" else None)


def read_text(path: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV/TSV and the encoding it was read in: the given one,
    else a BOM's (UTF-8, UTF-16), else UTF-8, cp932, EUC-JP (the first
    every byte decodes in)."""
    used, _clean = reader.decode_check(path, encoding)
    if encoding:
        used = encoding
    with open(path, "rb") as stream:
        raw = stream.read()
    if used == "utf-16" or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        used = "utf-16"
    text = raw.decode(used, errors="replace")
    return text.lstrip("\ufeff"), used


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _csv(path: str, fmt: str, encoding: str | None) -> list[Table]:
    content, used = read_text(path, encoding)
    rows = list(csv.reader(io.StringIO(content, newline=""),
                           delimiter="\t" if fmt == "tsv" else ","))
    cells = [[None if v == "" else v for v in row] for row in rows]
    return [Table(name="", cells=cells, meta={"format": fmt, "encoding": used})]


def _sheets(path: str, fmt: str, encoding: str | None) -> list[Table]:
    out = []
    for sheet in reader.open_sheets(path, fmt, encoding):
        cells: list[list[Any]] = []
        formulas = 0
        for row_no, values, extras in sheet.rows():
            while len(cells) < row_no - 1:
                cells.append([])
            cells.append([_cell(v) for v in values])
            formulas += sum(1 for f, _ in extras or () if f)
        while cells and not any(v is not None for v in cells[-1]):
            cells.pop()
        out.append(Table(
            name=sheet.name.strip(), cells=cells,
            merged=tuple((r1 - 1, c1 - 1, r2 - 1, c2 - 1) for r1, c1, r2, c2 in sheet.merged),
            hidden_rows=frozenset(r - 1 for r in sheet.hidden_rows),
            hidden_cols=frozenset(c - 1 for c in sheet.hidden_cols),
            meta={"format": fmt, "sheet": sheet.name, "formulas": formulas}))
    return out


def _pdf(path: str) -> list[Table]:
    import pdfplumber  # PDF tables only; imported when such a file comes

    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages[:MAX_PDF_PAGES], start=1):
            for index, found in enumerate(page.extract_tables(), start=1):
                cells = [[None if v in (None, "") else v for v in row] for row in found]
                merged = tuple(_pdf_spans(found))
                out.append(Table(name=f"p{number}-{index}", cells=cells, merged=merged,
                                 meta={"format": "pdf", "page": number}))
            page.close()
    return out


def _pdf_spans(rows: list[list[Any]]) -> list[tuple[int, int, int, int]]:
    """pdfplumber writes None in the cells a spanning cell covers (an empty
    cell is ""): a run of Nones after a value in a row is one merged cell."""
    spans = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            end = c
            while end + 1 < len(row) and row[end + 1] is None:
                end += 1
            if end > c and row[c] not in (None, ""):
                spans.append((r, c, r, end))
            c = end + 1
    return spans


def read(path: str, fmt: str | None = None, *, encoding: str | None = None) -> list[Table]:
    """Every table of the file; ``fmt`` as detected when not given.
    ``encoding``: of a CSV/TSV, or of an old .xls without a code page
    (cp932 when not given: Japanese Excel 95 files rarely say theirs)."""
    fmt = fmt or detect_format(path)
    if fmt in ("csv", "tsv"):
        return _csv(path, fmt, encoding)
    if fmt == "xlsx":
        return _sheets(path, fmt, None)
    if fmt == "xls":
        return _sheets(path, fmt, encoding or "cp932")
    if fmt == "pdf":
        return _pdf(path)
    raise ValueError(f"not a table file: {os.path.basename(path)}")
