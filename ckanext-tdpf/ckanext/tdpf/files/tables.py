"""What the pipeline needs to know of a file before analysing it: which
tabular format its bytes are (whatever its resource declares), and its
header row. Reads only the first bytes or the first row."""
from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile

__all__ = ["declared_format", "header", "sniff", "text_encoding"]

_DECLARED = {"csv": "csv", "text/csv": "csv", "tsv": "tsv", "text/tab-separated-values": "tsv",
             "xlsx": "xlsx", "xls": "xls", "excel": "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
             "application/vnd.ms-excel": "xls"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD = 64 * 1024


def declared_format(resource: dict) -> str | None:
    """csv/tsv/xlsx/xls from the resource's format field or, without one,
    its URL's extension; None: the pipeline does not take this resource."""
    fmt = (resource.get("format") or "").strip().lower().lstrip(".")
    if fmt:
        return _DECLARED.get(fmt)
    path = (resource.get("url") or "").split("?", 1)[0].split("#", 1)[0].lower()
    ext = os.path.splitext(path)[1].lstrip(".")
    return _DECLARED.get(ext)


def text_encoding(sample: bytes) -> str | None:
    """utf-8-sig, utf-8 or cp932/euc_jp when the sample decodes as one of
    them; None when it is no text in those (binary, or another encoding)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp932", "euc_jp"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


def sniff(path: str, declared: str) -> str | None:
    """The tabular format of the file's bytes: the declared one when they
    agree with it, a spreadsheet declared as the other spreadsheet format
    as what it is; None when the bytes are no table (an HTML error page,
    a PDF, an image, a ZIP of other files)."""
    with open(path, "rb") as stream:
        head = stream.read(_HEAD)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        return "xlsx" if "xl/workbook.xml" in names else None
    if head.startswith(_OLE):
        return "xls"
    if declared in ("xlsx", "xls") or not head.strip():
        return None
    lowered = head.lstrip()[:512].lower()
    if b"\x00" in head or lowered.startswith((b"<!doctype", b"<html", b"<?xml", b"%pdf", b"{")):
        return None
    return declared if text_encoding(head) else None


def header(path: str, fmt: str, encoding: str | None = None) -> list[str]:
    """The first row (names of the columns), stripped; [] when unreadable."""
    try:
        if fmt in ("csv", "tsv"):
            with open(path, "rb") as stream:
                head = stream.read(_HEAD)
            enc = encoding or text_encoding(head) or "utf-8"
            text = head.decode(enc, errors="replace").splitlines()
            row = next(csv.reader(io.StringIO(text[0] if text else ""),
                                  delimiter="\t" if fmt == "tsv" else ","), [])
            return [c.strip() for c in row]
        if fmt == "xlsx":
            import openpyxl
            # a stream: openpyxl refuses a path without an .xlsx suffix (uploads)
            with open(path, "rb") as stream:
                book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
                try:
                    first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
                finally:
                    book.close()
            return ["" if v is None else str(v).strip() for v in first]
    except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile):
        return []
    return []
