"""The rows of a table file, streamed: CSV/TSV in UTF-8 (with or without
BOM), cp932 or EUC-JP, and the first non-empty sheet of an XLSX/XLS.
Every value comes out as a string ("" for empty cells), one row at a time,
so memory stays flat whatever the file's size."""
from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator

from ..files import tables

__all__ = ["rows"]

_HEAD = 64 * 1024


def _text(path: str, fmt: str, encoding: str | None) -> Iterator[list[str]]:
    if not encoding:
        with open(path, "rb") as stream:
            encoding = tables.text_encoding(stream.read(_HEAD)) or "utf-8"
    if encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig"):
        encoding = "utf-8-sig"  # a BOM is never part of the first column's name
    # errors="replace": a stray byte shows as U+FFFD rather than failing the load
    with open(path, encoding=encoding, errors="replace", newline="") as stream:
        yield from csv.reader(stream, delimiter="\t" if fmt == "tsv" else ",")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _xlsx(path: str) -> Iterator[list[str]]:
    import openpyxl
    # a stream, not the path: openpyxl refuses a path without an .xlsx
    # suffix, which every uploaded file in CKAN's storage is
    stream = open(path, "rb")  # noqa: SIM115 - closed with the book below
    book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            found = False
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell(v) for v in row]
                if any(cells) or found:
                    found = True
                    yield cells
            if found:
                return
    finally:
        book.close()
        stream.close()


def _xls(path: str) -> Iterator[list[str]]:
    import xlrd
    book = xlrd.open_workbook(path, on_demand=True)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows == 0:
                continue
            for r in range(sheet.nrows):
                cells = []
                for cell in sheet.row(r):
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                    cells.append(_cell(value))
                yield cells
            return
    finally:
        book.release_resources()


def rows(path: str, fmt: str, encoding: str | None = None) -> Iterator[list[str]]:
    """The file's rows, the header first (as written in the file)."""
    if fmt in ("csv", "tsv"):
        return _text(path, fmt, encoding)
    if fmt == "xlsx":
        return _xlsx(path)
    if fmt == "xls":
        return _xls(path)
    raise ValueError(f"not a table format: {fmt}")
